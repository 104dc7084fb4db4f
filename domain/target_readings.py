"""Which targets a page judges by, and what each is counted from.

A sentence of the programme may be read two ways: a communes_min_criteria target "at least n" or
"in a band" (`target_readings`), the 4/13 sentence over all communes or over the 17 pilots
(`alternatives`); the chosen readings are what /progress and the briefing show (`chosen_targets`).
The page and the national bench read the database's aggregated counts once for every group and
criterion the targets name (`aggregate_request`) and cut each target's rows from them (`rows_reader`).
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import replace

import pandas as pd

from domain.targets import Target

SECURITY_GROUPS = ("all", "pilot34", "pilot17")  # the groups of /progress's security chart


def target_readings(target: Target, band_max: int | None = None,
                    targets: Iterable[Target] = ()) -> dict[str, Target]:
    """Both readings of a communes_min_criteria target: {"at_least": ..., "band": ...}.

    The band's upper end is `band_max`, else the target's own, else one below the next higher
    min_criteria among `targets` with the same deadline and group ("15" stops at 16 when there
    is a "17" target). Without any of these only "at_least" is returned; so too for a target of
    a reading other than "all communes" (see `alternatives`).
    """
    readings = {"at_least": replace(target, band_max=None)}
    if target.metric != "communes_min_criteria" or target.reading_key not in (None, "all"):
        return readings  # in the pilots' reading 4 + 13 = 17 settles it: all 17 at 15 or more
    targets = [o for o in targets if o.reading_key in (None, "all")]
    floor = target.min_criteria
    assert floor is not None  # Target.__post_init__ requires it for this metric
    top = band_max if band_max is not None else target.band_max
    if top is None:
        higher = [o.min_criteria for o in targets if o.metric == "communes_min_criteria"
                  and o.deadline == target.deadline and o.group == target.group
                  and o.min_criteria is not None and o.min_criteria > floor]
        top = min(higher) - 1 if higher else None
    if top is not None and top >= floor:
        readings["band"] = replace(target, band_max=top, key=f"{target.key}__band")
    return readings


def alternatives(target: Target, targets: Iterable[Target]) -> list[Target]:
    """The other readings of the same part of the same sentence (the 4/13 sentence read over all
    communes or over the 17 pilots), in the order given; empty for a target read one way."""
    if not target.reading_group:
        return []
    return [o for o in targets if o.reading_group == target.reading_group and o.key != target.key
            and o.reading_part == target.reading_part and o.reading_key != target.reading_key]


def chosen_targets(targets: Iterable[Target]) -> list[Target]:
    """The targets of the chosen readings: one card each on /progress, one row in the briefing."""
    return [t for t in targets if t.chosen]


def aggregate_request(targets: Iterable[Target], groups: Collection[str],
                      criterion_key: str | None = None) -> tuple[set[str], set[str]]:
    """(groups, criterion keys) to aggregate for these targets: every group a target or the security
    chart names (a pilot group only if the database has it), and the criteria of the share targets
    (and `criterion_key`)."""
    targets = list(targets)
    wanted = {t.group for t in targets} | {g for g in SECURITY_GROUPS if g == "all" or g in groups}
    keys = {t.criterion_key for t in targets if t.metric == "criterion_share"} | {criterion_key}
    return wanted, {k for k in keys if k is not None}


def rows_reader(counts: pd.DataFrame, shares: pd.DataFrame) -> Callable[[Target], pd.DataFrame]:
    """What a target is counted from, every month: the rows of its group in the commune counts, or
    in its criterion's counts for a criterion's share; each part cut once per reader."""
    parts: dict[tuple, pd.DataFrame] = {}

    def rows(target: Target) -> pd.DataFrame:
        key = (target.criterion_key if target.metric == "criterion_share" else None, target.group)
        if key not in parts:
            frame = counts if key[0] is None else shares[shares["criterion_key"] == key[0]]
            parts[key] = frame[frame["group"] == target.group]
        return parts[key]
    return rows
