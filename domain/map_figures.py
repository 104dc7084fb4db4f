"""What the map shows for each unit in one month: criteria met, band, unmet criteria, change
against an earlier month, and the state of one criterion.

Pure pandas. The figures come from one of two shapes, with the same result: `status`, one row per
(commune_code, period 'YYYY-MM', criterion_key) with `criterion_number`, `set_id` and a bool
`met`; or `counts`, one row per commune-month (the summary's: set_id, criteria_met, criteria_total,
met_mask, assessed_mask, bit n-1 for criterion number n) with the `criteria` table that names each
set's criteria (what the page reads: a month of the whole country is 9,000 rows, not 171,000).
Only assessed communes appear in either. `units` lists every unit drawn on the map (code,
assessed), so wards and towns get a row too.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from domain.bands import band_key, edges_in_force
from domain.months import Month
from geo.colours import NO_DATA_KEY, NOT_ASSESSED_KEY, change_key

MODES = ("count", "criterion", "change")
GAINED, LOST, SAME = "gained", "lost", "same"
MET, NOT_MET = "met", "not_met"

FIGURE_COLUMNS = [
    "code", "assessed", "has_data", "criteria_met", "criteria_total", "band", "unmet",
    "compare_met", "change", "change_kind", "criterion_status",
]

# Kept as Python objects: ints and None (never NaN floats), strings and None.
_OBJECT_COLUMNS = ("criteria_met", "criteria_total", "compare_met", "change", "change_kind")


def shift_period(period: str, months: int) -> str:
    """'2013-12' shifted by -12 months is '2012-12'."""
    return str(Month.parse(period).plus(months))


def default_compare(periods: Sequence[str], period: str, months_back: int = 12) -> str | None:
    """The month to compare with: `months_back` before `period` if it has data, else the first month."""
    if not periods:
        return None
    wanted = shift_period(period, -months_back)
    return wanted if wanted in periods else sorted(periods)[0]


def set_in_force(status: pd.DataFrame, period: str) -> str | None:
    """The criteria set most communes were assessed under in `period` (None without data): the set
    of most criterion rows (ties: the first by id), from criterion rows or from counts."""
    month = status[status["period"] == period]
    if month.empty:
        return None
    if "criteria_total" in month.columns:  # a commune-month's rows are its criteria_total
        return str(month.groupby("set_id")["criteria_total"].sum().idxmax())
    return str(month["set_id"].mode().iloc[0])


def resolve_criterion(value: str | None, criteria: pd.DataFrame) -> str | None:
    """A criterion key from a URL value that is either a key ("security") or a number ("19").

    `criteria` holds the set in force (columns key, number). Unknown values give None.
    """
    if value is None:
        return None
    text = str(value).strip()
    if text in set(criteria["key"]):
        return text
    if text.isdigit():
        hit = criteria.loc[criteria["number"].astype(int) == int(text), "key"]
        if len(hit):
            return str(hit.iloc[0])
    return None


def _per_commune(rows: pd.DataFrame,
                 set_sizes: Mapping[str, int] | None) -> dict[str, tuple[int, int, tuple]]:
    """commune -> (criteria met, criteria total, unmet keys in criterion-number order).

    Plain Python over the month's rows (about 2,300 for the province): faster than a pandas
    groupby with per-commune lookups, and this runs on every change of a filter.
    """
    out: dict[str, list] = {}
    cols = ("commune_code", "criterion_number", "criterion_key", "met", "set_id")
    ordered = sorted(zip(*(rows[c].tolist() for c in cols)))
    for code, _, key, met, set_id in ordered:
        entry = out.setdefault(code, [0, 0, [], set_id])
        entry[1] += 1
        if met:
            entry[0] += 1
        else:
            entry[2].append(key)
    return {c: (m, int(set_sizes.get(s, n)) if set_sizes else n, tuple(u)) for c, (m, n, u, s) in out.items()}


def bit_numbers(mask: int) -> list[int]:
    """The criterion numbers of a mask's bits (bit n-1 for number n), in order."""
    out = []
    while mask:
        low = mask & -mask  # the lowest bit set
        out.append(low.bit_length())
        mask ^= low
    return out


def _keys_by_number(criteria: pd.DataFrame) -> dict[str, dict[int, str]]:
    """set id -> criterion number -> key."""
    out: dict[str, dict[int, str]] = {}
    for set_id, number, key in zip(criteria["set_id"].tolist(), criteria["number"].tolist(), criteria["key"].tolist()):
        out.setdefault(set_id, {})[int(number)] = key
    return out


def _per_commune_counts(rows: pd.DataFrame, keys: Mapping[str, Mapping[int, str]],
                        set_sizes: Mapping[str, int] | None, unmet: bool = True) -> dict[str, tuple[int, int, tuple]]:
    """What `_per_commune` gives, from counts: the unmet criteria are the assessed bits not met
    (left empty without `unmet`: the compare month needs only its counts)."""
    cols = ("commune_code", "set_id", "criteria_met", "criteria_total", "met_mask", "assessed_mask")
    out = {}
    for code, set_id, met, n, met_mask, assessed_mask in zip(*(rows[c].tolist() for c in cols)):
        names = keys.get(set_id, {})
        keys_unmet = tuple(names.get(b, str(b)) for b in bit_numbers(assessed_mask & ~met_mask)) if unmet else ()
        out[code] = (int(met), int(set_sizes.get(set_id, n)) if set_sizes else int(n), keys_unmet)
    return out


def _criterion_counts(rows: pd.DataFrame, keys: Mapping[str, Mapping[int, str]], criterion: str) -> dict[str, str]:
    """commune -> met / not_met for one criterion (by key, whatever its number in the commune's set)."""
    numbers = {set_id: n for set_id, by_number in keys.items() for n, k in by_number.items() if k == criterion}
    out = {}
    cols = ("commune_code", "set_id", "met_mask", "assessed_mask")
    for code, set_id, met_mask, assessed_mask in zip(*(rows[c].tolist() for c in cols)):
        n = numbers.get(set_id)
        if n is not None and assessed_mask >> (n - 1) & 1:
            out[code] = MET if met_mask >> (n - 1) & 1 else NOT_MET
    return out


def change_kind(change: int | None) -> str | None:
    if change is None:
        return None
    return GAINED if change > 0 else LOST if change < 0 else SAME


def month_figures(status: pd.DataFrame, units: pd.DataFrame, period: str, *, compare: str | None = None,
                  criterion: str | None = None, edges: Sequence[int] | None = None,
                  set_sizes: Mapping[str, int] | None = None) -> pd.DataFrame:
    """One row per unit of `units` (same order), columns FIGURE_COLUMNS.

    - band: the key of its band (domain.bands: "lt5", "5-9", …, "standard"), "no_data" for an assessed
      commune without data in `period`, "not_assessed" for wards and towns.
    - unmet: tuple of criterion keys not met (empty when all are met or without data).
    - change: criteria met in `period` minus those in `compare` (None when either is missing);
      change_kind: gained / lost / same / None.
    - criterion_status: met / not_met / no_data / not_assessed for `criterion` (no_data when no
      criterion is given).
    """
    now = _per_commune(status[status["period"] == period], set_sizes)
    then = _per_commune(status[status["period"] == compare], set_sizes) if compare is not None else {}
    crit = {}
    if criterion is not None:
        rows = status[(status["period"] == period) & (status["criterion_key"] == criterion)]
        crit = {c: (MET if m else NOT_MET)
                for c, m in zip(rows["commune_code"].tolist(), rows["met"].tolist())}
    return _figures(units, now, then, crit, edges)


def month_figures_from_counts(counts: pd.DataFrame, criteria: pd.DataFrame, units: pd.DataFrame, *, period: str,
                              compare: str | None = None, criterion: str | None = None,
                              edges: Sequence[int] | None = None,
                              set_sizes: Mapping[str, int] | None = None) -> pd.DataFrame:
    """`month_figures` from the counts of `period` and `compare` (COUNT_COLUMNS of
    data_access.queries) and the criteria table (set_id, number, key): the same frame."""
    keys = _keys_by_number(criteria)
    month = counts[counts["period"] == period]
    now = _per_commune_counts(month, keys, set_sizes)
    then = {} if compare is None else _per_commune_counts(counts[counts["period"] == compare], keys, set_sizes,
                                                          unmet=False)
    crit = _criterion_counts(month, keys, criterion) if criterion is not None else {}
    return _figures(units, now, then, crit, edges)


def _figures(units: pd.DataFrame, now: Mapping[str, tuple], then: Mapping[str, tuple], crit: Mapping[str, str],
             edges: Sequence[int] | None) -> pd.DataFrame:
    edges = edges_in_force(edges)
    columns: dict[str, list] = {c: [] for c in FIGURE_COLUMNS}
    add = [columns[c].append for c in FIGURE_COLUMNS]  # one list per column (the whole country: 11,163 units)
    bands: dict[tuple[int, int], str] = {}
    for code, assessed in zip(units["code"].astype(str).tolist(), units["assessed"].astype(bool).tolist()):
        met, total, unmet = now.get(code, (None, None, ())) if assessed else (None, None, ())
        before = then[code][0] if assessed and code in then else None
        change = met - before if met is not None and before is not None else None
        if not assessed:
            band, crit_status = NOT_ASSESSED_KEY, NOT_ASSESSED_KEY
        else:
            if met is None:
                band = NO_DATA_KEY
            elif (met, total) in bands:
                band = bands[met, total]
            else:
                band = bands[met, total] = band_key(min(met, total), total, edges)
            crit_status = crit.get(code, NO_DATA_KEY)
        for append, value in zip(add, (code, assessed, met is not None, met, total, band, unmet, before, change,
                                       change_kind(change), crit_status)):
            append(value)
    return pd.DataFrame({c: pd.Series(v, dtype=object if c in _OBJECT_COLUMNS else None)
                         for c, v in columns.items()}, columns=FIGURE_COLUMNS)


def colour_keys(figures: pd.DataFrame, mode: str) -> list[str]:
    """The legend key of each unit in a mode: band, criterion status, or change step."""
    if mode == "count":
        return figures["band"].tolist()
    if mode == "criterion":
        return figures["criterion_status"].tolist()
    if mode == "change":  # graduated: lost3 (≥3 lost) … same … gained3 (≥3 gained)
        return [NOT_ASSESSED_KEY if not a else (NO_DATA_KEY if c is None else change_key(c))
                for a, c in zip(figures["assessed"], figures["change"])]
    raise ValueError(f"unknown mode {mode!r}")


def key_counts(keys: Sequence[str]) -> dict[str, int]:
    """How many units carry each legend key (for the legend's counts)."""
    return pd.Series(list(keys), dtype=object).value_counts().to_dict()
