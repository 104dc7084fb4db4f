"""Where we stand in a month: headline figures, distribution over bands, figures per district.

Works on the `status` frame (commune_code, period, criterion_key, criterion_number, set_id, met)
and a communes frame (code, name, district_code, district_name, assessed).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from domain.bands import STANDARD, Band, make_bands


def commune_counts(status: pd.DataFrame) -> pd.DataFrame:
    """Criteria met and criteria assessed per commune-month."""
    if status.empty:
        return pd.DataFrame(columns=["commune_code", "period", "criteria_met", "criteria_total"])
    grouped = status.groupby(["commune_code", "period"], sort=True)["met"]
    out = grouped.agg(criteria_met="sum", criteria_total="count").reset_index()
    out["criteria_met"] = out["criteria_met"].astype(int)
    out["criteria_total"] = out["criteria_total"].astype(int)
    return out


def scope_codes(communes: pd.DataFrame, groups: dict[str, frozenset[str]], *, district: str | None,
                group: str | None) -> list[str]:
    """Assessed communes within the chosen district and group ('all' or None: no restriction)."""
    sel = communes[communes["assessed"]]
    if district:
        sel = sel[sel["district_code"] == district]
    if group and group != "all":
        sel = sel[sel["code"].isin(groups.get(group, frozenset()))]
    return sel["code"].tolist()


def previous_period(periods: list[str], period: str) -> str | None:
    earlier = [p for p in periods if p < period]
    return earlier[-1] if earlier else None


@dataclass(frozen=True)
class Headline:
    period: str
    communes: int  # communes in scope with data this month
    criteria_total: int  # criteria in the set in force (the most common total)
    standard: int  # communes meeting every criterion
    standard_share: float  # percent of `communes`
    average_met: float
    previous_period: str | None
    standard_change: int | None
    average_change: float | None


def among(values: pd.Series, codes: list[str]) -> pd.Series:
    """`values.isin(codes)`, through a hash index: pandas' isin on a string column converts every
    code to a pyarrow scalar first (100 ms for the whole country's 11,000 codes, 8 ms this way)."""
    return pd.Series(pd.Index(codes).drop_duplicates().get_indexer(values) >= 0, index=values.index)


def _month(counts: pd.DataFrame, codes: list[str], period: str | None) -> pd.DataFrame:
    if period is None:
        return counts.iloc[0:0]
    month = counts[counts["period"] == period]
    return month[among(month["commune_code"], codes)]


def headline(counts: pd.DataFrame, codes: list[str], *, period: str, prev: str | None) -> Headline:
    now = _month(counts, codes, period)
    before = _month(counts, codes, prev)
    n = len(now)
    standard = int((now["criteria_met"] == now["criteria_total"]).sum())
    average = float(now["criteria_met"].mean()) if n else 0.0
    total = int(now["criteria_total"].mode().iloc[0]) if n else 0
    std_change: int | None = None
    avg_change: float | None = None
    if len(before):
        std_change = standard - int((before["criteria_met"] == before["criteria_total"]).sum())
        avg_change = average - float(before["criteria_met"].mean())
    return Headline(period, n, total, standard, 100.0 * standard / n if n else 0.0, average, prev,
                    std_change, avg_change)


def distribution(counts: pd.DataFrame, codes: list[str], *, period: str, prev: str | None,
                 edges: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Communes per band this month and last month (bands of the set in force this month); `band`
    is the band's key, `label` its label (a Phrase the UI translates)."""
    now = _month(counts, codes, period)
    before = _month(counts, codes, prev)
    total = int(now["criteria_total"].mode().iloc[0]) if len(now) else 19
    rows = []
    for band in make_bands(total, edges):
        def count(frame: pd.DataFrame, band: Band = band) -> int:
            met = frame["criteria_met"]
            if band.key == STANDARD:
                return int((met == frame["criteria_total"]).sum())
            return int(((met >= band.low) & (met <= band.high) & (met < frame["criteria_total"])).sum())
        n_now = count(now)
        rows.append({
            "band": band.key, "label": band.label, "low": band.low,
            "high": band.high, "communes": n_now, "share": 100.0 * n_now / len(now) if len(now) else 0.0,
            "previous": count(before) if len(before) else None,
        })
    out = pd.DataFrame(rows)
    out["change"] = [None if p is None else c - p for c, p in zip(out["communes"], out["previous"])]
    return out


def monthly_totals(counts: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Per month, over `codes`: communes with data, communes at the standard, criteria met summed,
    the largest number assessed (the trend chart's figures; data_access.queries.monthly_totals
    counts the same in the database)."""
    sel = counts[among(counts["commune_code"], codes)]
    by = sel.assign(standard=sel["criteria_met"] == sel["criteria_total"]).groupby("period", sort=True).agg(
        communes=("commune_code", "count"), standard=("standard", "sum"), criteria_met=("criteria_met", "sum"),
        criteria_max=("criteria_total", "max"))
    return by.reset_index().astype({c: "int64" for c in ("communes", "standard", "criteria_met", "criteria_max")})


def by_district(counts: pd.DataFrame, communes: pd.DataFrame, *, codes: list[str], period: str,
                prev: str | None, with_total: bool = True) -> pd.DataFrame:
    """One row per district: communes assessed, at the standard, average criteria met, change;
    then a total row for the whole scope (district_code "")."""
    info = communes.set_index("code")
    now = _month(counts, codes, period).copy()
    before = _month(counts, codes, prev)
    now["district_code"] = now["commune_code"].map(info["district_code"])
    now["standard"] = now["criteria_met"] == now["criteria_total"]
    table = now.groupby("district_code").agg(
        communes=("commune_code", "count"),
        standard=("standard", "sum"),
        average_met=("criteria_met", "mean"),
        min_met=("criteria_met", "min"),
        max_met=("criteria_met", "max"),
    )
    if len(before):
        b = before.assign(district_code=before["commune_code"].map(info["district_code"]))
        table["average_change"] = table["average_met"] - b.groupby("district_code")["criteria_met"].mean()
    else:
        table["average_change"] = float("nan")
    names = communes.drop_duplicates("district_code").set_index("district_code")["district_name"]
    table.insert(0, "district_name", names.reindex(table.index))
    table["standard"] = table["standard"].astype(int)
    table = table.reset_index().sort_values("district_code", ignore_index=True)
    if with_total and len(now):
        total = {
            "district_code": "", "district_name": None, "communes": len(now), "standard": int(now["standard"].sum()),
            "average_met": float(now["criteria_met"].mean()), "min_met": int(now["criteria_met"].min()),
            "max_met": int(now["criteria_met"].max()),
            "average_change": float(now["criteria_met"].mean() - before["criteria_met"].mean())
            if len(before) else float("nan"),
        }
        table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    return table
