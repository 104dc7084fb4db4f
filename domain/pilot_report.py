"""The monthly pilot ranking as the office sends it to districts (the 2013 work programme §II.2, "to compare and strive").

Turns `domain.ranking.pilot_ranking` into rows with commune and district names and the short names
of the criteria still missing, so the table on the page and the Excel file hold the same figures.
Pure Python (no Streamlit, no SQL).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from domain.ranking import pilot_ranking
from domain.targets import criterion_sort_key


@dataclass(frozen=True)
class RankingRow:
    rank: int
    commune_code: str
    commune_name: str
    district_name: str
    criteria_met: int
    criteria_total: int
    change: int | None  # criteria met minus last month's; None when last month has no data
    arrow: str  # ▲, ▼, = or "" (no data last month)
    missing: tuple[str, ...]  # short names of the criteria not met, in criterion order

    @property
    def change_text(self) -> str:
        """'▲ +2', '▼ -1', '= 0', or '' without last month's figure."""
        return "" if self.change is None else f"{self.arrow} {self.change:+d}" if self.change else "= 0"


@dataclass(frozen=True)
class PilotReport:
    period: str
    previous_period: str | None
    group: str
    rows: tuple[RankingRow, ...]
    sample: bool  # the figures are sample data: the file must say so


def criterion_names(criteria: pd.DataFrame, set_ids: Iterable[str], column: str) -> dict[str, str]:
    """Criterion key -> name from `column` (e.g. short_name_vi), taken from the sets in `set_ids`
    first (the sets in force in the month), then from any set; empty names fall back to the key."""
    wanted = set(set_ids)
    ordered = criteria.assign(_in_force=criteria["set_id"].isin(wanted)).sort_values("_in_force")
    names = {}
    for key, name in zip(ordered["key"], ordered[column]):  # later rows (sets in force) win
        if isinstance(name, str) and name.strip():
            names[key] = name
    return names


def criterion_order(status: pd.DataFrame, period: str) -> list[str]:
    """Criterion keys of `period` by criterion number (keys only when numbers are absent)."""
    month = status[status["period"] == period]
    if "criterion_number" not in month.columns:
        return sorted(month["criterion_key"].unique(), key=criterion_sort_key)
    numbers = month.groupby("criterion_key")["criterion_number"].min()
    return sorted(numbers.index, key=lambda k: (numbers[k], criterion_sort_key(k)))


def pilot_report(status: pd.DataFrame, communes: pd.DataFrame, *, members: Iterable[str], group: str,
                 period: str, previous_period: str | None, short_names: Mapping[str, str],
                 sample: bool = False, criteria_total: Mapping[str, int] | None = None) -> PilotReport:
    """The group's communes with data in `period`, ranked by criteria met (ties share a rank).

    `communes` has code, name, district_name.
    """
    ranking = pilot_ranking(status, members, period=period, previous_period=previous_period, criteria_total=criteria_total,
                            criterion_order=criterion_order(status, period))
    names = dict(zip(communes["code"], communes["name"]))
    districts = dict(zip(communes["code"], communes["district_name"]))
    rows = tuple(
        RankingRow(
            rank=int(r.rank), commune_code=r.commune_code,
            commune_name=str(names.get(r.commune_code, r.commune_code)),
            district_name=str(districts.get(r.commune_code, "")),
            criteria_met=int(r.criteria_met), criteria_total=int(r.criteria_total),
            change=None if r.change is None else int(r.change), arrow=r.arrow,
            missing=tuple(short_names.get(k, k) for k in r.missing),
        )
        for r in ranking.itertuples(index=False)
    )
    return PilotReport(period, previous_period, group, rows, sample)
