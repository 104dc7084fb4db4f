"""One-month tables: communes by band of criteria met, coverage of each criterion, pilot ranking,
the province's targets counted district by district.

Same input conventions as `domain.targets` (status rows per commune, period and criterion).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import pandas as pd

from domain.bands import make_bands
from domain.targets import (
    Target,
    check_period,
    commune_condition,
    commune_counts,
    criterion_sort_key,
    group_rows,
    make_value,
)

BAND_COLUMNS = ["key", "label", "lower", "upper", "communes", "percent"]
RANKING_COLUMNS = ["rank", "commune_code", "criteria_met", "criteria_total", "change", "arrow", "missing"]


def band_distribution(status: pd.DataFrame, period: str, *, edges: Sequence[int] | None = None,
                      criteria_total: Mapping[str, int] | None = None) -> pd.DataFrame:
    """Communes per band of criteria met in `period`, bands from `domain.bands` (N from the data).

    `key` is the band's key, `label` its label (a Phrase the UI translates). A commune meeting
    every criterion of its set is counted in the last band only.
    """
    check_period(period)
    cc = commune_counts(status[status["period"] == period], criteria_total)
    if cc.empty:
        return pd.DataFrame(columns=BAND_COLUMNS)
    n_total = int(cc["total"].max())
    full = cc["met"] >= cc["total"]
    rows = []
    for band in make_bands(n_total, edges):
        inside = full if band.low == n_total else ~full & cc["met"].between(band.low, band.high)
        n = int(inside.sum())
        rows.append((band.key, band.label, band.low, band.high, n, n * 100 / len(cc)))
    return pd.DataFrame(rows, columns=BAND_COLUMNS)


def criterion_coverage(status: pd.DataFrame, groups: Mapping[str, Iterable[str]], *, period: str,
                       criterion_order: Sequence[str] | None = None) -> pd.DataFrame:
    """Per criterion: communes meeting it, % of all assessed communes and % of each group.

    Columns: criterion_key, communes_met, communes_assessed, pct_all, then pct_<group> for every
    group (e.g. pct_pilot34, pct_pilot17); NaN for a group without data. Shares are over the
    communes with data in `period`; a commune without a row for a criterion does not meet it.
    """
    check_period(period)
    rows = status[status["period"] == period]
    keys = _order(rows["criterion_key"].unique(), criterion_order)
    met = rows[rows["met"].astype(bool)]
    out = pd.DataFrame({"criterion_key": keys})
    n_all = rows["commune_code"].nunique()
    hits = met.groupby("criterion_key")["commune_code"].nunique()
    out["communes_met"] = out["criterion_key"].map(hits).fillna(0).astype(int)
    out["communes_assessed"] = n_all
    out["pct_all"] = out["communes_met"] * 100 / n_all if n_all else float("nan")
    for name in groups:
        if name == "all":
            continue
        g_rows = group_rows(rows, groups, name)
        n = g_rows["commune_code"].nunique()
        g_hits = met[met["commune_code"].isin(set(groups[name]))].groupby("criterion_key")["commune_code"].nunique()
        share = out["criterion_key"].map(g_hits).fillna(0) * 100 / n if n else float("nan")
        out[f"pct_{name}"] = share
    return out


def _order(keys: Iterable[str], criterion_order: Sequence[str] | None) -> list[str]:
    """Keys in the given criterion order (unknown keys last), else numeric-aware order."""
    keys = list(keys)
    if criterion_order is None:
        return sorted(keys, key=criterion_sort_key)
    pos = {k: i for i, k in enumerate(criterion_order)}
    return sorted(keys, key=lambda k: (pos.get(k, len(pos)), criterion_sort_key(k)))


def pilot_ranking(status: pd.DataFrame, group_members: Iterable[str], *, period: str,
                  previous_period: str | None = None, criteria_total: Mapping[str, int] | None = None,
                  criterion_order: Sequence[str] | None = None) -> pd.DataFrame:
    """Ranking of the group's communes with data in `period` by criteria met.

    Competition ranking (ties share a rank: 1, 2, 2, 4), ordered by criteria met descending, then
    commune code. `change` is criteria met minus that in `previous_period` (None without data
    then); `arrow` is ▲, ▼ or = (empty without data); `missing` lists the unmet criteria keys.
    Members without data in `period` are left out (they cannot be ranked).
    """
    check_period(period)
    members = set(group_members)
    rows = status[status["commune_code"].isin(members)]
    now = commune_counts(rows[rows["period"] == period], criteria_total)
    if now.empty:
        return pd.DataFrame(columns=RANKING_COLUMNS)
    now = now.sort_values(["met", "commune_code"], ascending=[False, True], ignore_index=True)
    before: dict[str, int] = {}
    if previous_period is not None:
        prev = commune_counts(rows[rows["period"] == check_period(previous_period)], criteria_total)
        before = dict(zip(prev["commune_code"], prev["met"].astype(int)))
    unmet = rows[(rows["period"] == period) & ~rows["met"].astype(bool)]
    missing = {c: _order(keys, criterion_order) for c, keys in unmet.groupby("commune_code")["criterion_key"]}
    changes = [int(m) - before[c] if c in before else None for c, m in zip(now["commune_code"], now["met"])]
    arrows = ["" if d is None else "▲" if d > 0 else "▼" if d < 0 else "=" for d in changes]
    return pd.DataFrame({
        "rank": now["met"].rank(method="min", ascending=False).astype(int),
        "commune_code": now["commune_code"],
        "criteria_met": now["met"].astype(int),
        "criteria_total": now["total"].astype(int),
        "change": pd.Series(changes, dtype=object),  # object keeps ints and None apart from NaN
        "arrow": arrows,
        "missing": [missing.get(c, []) for c in now["commune_code"]],
    })


def district_comparison(targets: Sequence[Target], status: pd.DataFrame, *, communes: pd.DataFrame, period: str,
                        criteria_total: Mapping[str, int] | None = None) -> pd.DataFrame:
    """Each province-wide target's figure counted within each district in `period`.

    `communes` has code, district_code, district_name. One row per district with data (by
    district code), then the province (district_code ""): communes with data, average criteria
    met, and per target a column named by its key holding the count, or the share for percent
    targets. Targets of a group other than "all" are left out: a district holds too few pilots
    for their share to mean much. Each commune's result is worked out once and summed per district
    (the whole country has some 700 districts).
    """
    check_period(period)
    month = status[status["period"] == period]
    names = dict(zip(communes["district_code"], communes["district_name"]))
    chosen = [replace(t, group="all") for t in targets if t.group == "all"]
    cc = commune_counts(month, criteria_total)
    per = pd.DataFrame({"district_code": cc["commune_code"].map(dict(zip(communes["code"], communes["district_code"]))),
                        "met": cc["met"].astype(float)})
    for t in chosen:  # 1 where the commune counts towards the target
        if t.metric == "criterion_share":
            hit = month.loc[(month["criterion_key"] == t.criterion_key) & month["met"].astype(bool), "commune_code"]
            per[t.key] = cc["commune_code"].isin(set(hit)).astype(int).to_numpy()
        else:
            per[t.key] = commune_condition(t, cc["met"], cc["total"]).astype(int).to_numpy()
    sums = per.drop(columns="met").groupby("district_code", sort=True).sum()
    sizes = per.groupby("district_code", sort=True)["met"].agg(["size", "mean"])
    scopes = [(code, int(sizes.at[code, "size"]), float(sizes.at[code, "mean"]), sums.loc[code]) for code in sums.index]
    scopes.append(("", len(per), float(per["met"].mean()) if len(per) else float("nan"), per.drop(columns=["met", "district_code"]).sum()))
    rows = []
    for code, n, average, hits in scopes:
        row = {"district_code": code, "district_name": names.get(code, ""), "communes": n, "average_met": average}
        for t in chosen:
            row[t.key] = make_value(t, int(hits[t.key]), n).value
        rows.append(row)
    return pd.DataFrame(rows, columns=["district_code", "district_name", "communes", "average_met",
                                       *[t.key for t in chosen]])
