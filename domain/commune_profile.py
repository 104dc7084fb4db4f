"""One commune's record: its criteria in a month, when it reached the standard, its history, and
its indicator values against the thresholds.

Pure pandas, same `status` convention as domain.map_figures (only this commune's rows are read).
"""
from __future__ import annotations

import pandas as pd

from domain.evaluation import IndicatorRule, evaluate_indicator

MET, NOT_MET, NO_DATA = "met", "not_met", "no_data"


def criteria_in_month(status: pd.DataFrame, criteria: pd.DataFrame, *, code: str, period: str) -> pd.DataFrame:
    """Every criterion of the set (`criteria`: key, number, …) with this commune's state in `period`.

    Adds a column `state`: met / not_met / no_data (no row recorded for that criterion).
    """
    rows = status[(status["commune_code"] == code) & (status["period"] == period)]
    met = dict(zip(rows["criterion_key"], rows["met"].astype(bool)))
    out = criteria.sort_values("number").reset_index(drop=True).copy()
    out["state"] = [NO_DATA if k not in met else MET if met[k] else NOT_MET for k in out["key"]]
    return out


def standard_months(counts: pd.DataFrame, code: str, period: str) -> tuple[str | None, str | None]:
    """(first month ever at the standard, month since which it has stayed there) up to `period`.

    `counts` has commune_code, period, criteria_met, criteria_total. The second value is None
    when the commune is not at the standard in `period`.
    """
    rows = counts[(counts["commune_code"] == code) & (counts["period"] <= period)].sort_values("period")
    at = (rows["criteria_met"] >= rows["criteria_total"]).tolist()
    months = rows["period"].tolist()
    first = next((m for m, ok in zip(months, at) if ok), None)
    if not months or months[-1] != period or not at[-1]:
        return first, None
    since = period
    for m, ok in zip(reversed(months), reversed(at)):
        if not ok:
            break
        since = m
    return first, since


def history_matrix(status: pd.DataFrame, code: str, *, period: str, order: list[str]) -> pd.DataFrame:
    """Criteria (rows, in `order`) × months up to `period` (columns): 1.0 met, 0.0 not, NaN none."""
    rows = status[(status["commune_code"] == code) & (status["period"] <= period)]
    table = rows.pivot_table(index="criterion_key", columns="period", values="met", aggfunc="last")
    table = table.astype(float).reindex(index=order)
    return table.reindex(columns=sorted(table.columns))


def indicators_with_values(indicators: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """The set's indicators with this commune's value (None if none) and whether it meets the
    threshold (`meets`: True / False / None when the value or the threshold does not decide).

    `indicators`: id, code, comparison, threshold, verified, …; `values`: indicator_id, value.
    The evaluation is domain.evaluation's, the one the data entry uses.
    """
    by_id = dict(zip(values["indicator_id"], values["value"])) if len(values) else {}
    out = indicators.reset_index(drop=True).copy()
    out["value"] = pd.Series([by_id.get(i) for i in out["id"]], dtype=object)
    results = [
        evaluate_indicator(IndicatorRule(int(i), str(c), str(cmp), None if pd.isna(t) else float(t), bool(v)),
                           out.at[row, "value"])
        for row, (i, c, cmp, t, v) in enumerate(zip(out["id"], out["code"], out["comparison"],
                                                     out["threshold"], out["verified"]))
    ]
    out["meets"] = pd.Series([r.achieved for r in results], dtype=object)
    return out


def rank_in_group(ranking: pd.DataFrame, code: str) -> tuple[int, int, bool] | None:
    """(rank, communes ranked, shared with another) from domain.ranking.pilot_ranking, or None."""
    row = ranking[ranking["commune_code"] == code]
    if row.empty:
        return None
    rank = int(row["rank"].iloc[0])
    return rank, len(ranking), int((ranking["rank"] == rank).sum()) > 1
