"""Forecast of a target's figure at its deadline, by linear extrapolation of recent progress.

Commune-count targets: each commune's criteria met is extrapolated at its own pace (least-squares
slope over the trailing window), floored to whole criteria and capped to [0, N], then the target
is counted on the projected figures. The range: in the slow case no commune goes faster than the
group's 25th-percentile pace, in the fast case none slower than the 75th. Criterion-share
targets extrapolate the share series itself (clamped to [0, 100]), the range from the 25th/75th
percentile of its month-to-month changes. Deterministic: no random numbers.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from domain.months import Month
from domain.phrase import Phrase
from domain.targets import (
    Target,
    check_period,
    commune_condition,
    commune_counts,
    group_rows,
    metric_series,
)


@dataclass(frozen=True)
class Forecast:
    """Expected value at the deadline (count, or share for percent targets) and its range;
    `method` says how it was made (a catalogue key and its values: forecast.method.*)."""

    expected: float | None
    low: float | None
    high: float | None
    method: Phrase
    deadline_period: str = ""
    as_of_period: str = ""
    is_actual: bool = False  # deadline already passed: the actual value at the deadline, no range


def window_periods(periods, as_of_period: str, window: int = 12) -> list[str]:
    """The months a forecast as of `as_of_period` reads: the last `window` months with data up to
    it (`periods`: the months the target's group has data in, in any order, repeats allowed)."""
    return sorted({p for p in periods if p <= as_of_period})[-window:]


def forecast_aggregated(target: Target, rows: pd.DataFrame, *, groups, as_of_period: str,
                        read_paces: Callable[[list[str], str], pd.DataFrame],
                        read_counts: Callable[[list[str]], pd.DataFrame], criteria: pd.DataFrame,
                        window: int = 12, quantiles: tuple[float, float] = (25, 75)) -> Forecast:
    """`forecast_target` for a target counted from aggregates (targets.AGGREGATE_COLUMNS or
    SHARE_COLUMNS, the page's way), reading only what the forecast needs: a share in percent
    extrapolates its own series, which the aggregates hold; a commune-count target needs each
    commune's pace: `read_paces(months, group)` gives its sums over the window's months (PACE_COLUMNS);
    a share counted in communes, the criterion's rows of those months (`read_counts(months)`)."""
    check_period(as_of_period)
    months = window_periods(group_rows(rows, groups, target.group)["period"], as_of_period, window)
    plain = target.metric == "criterion_share" and target.by_percent
    if plain or not months or as_of_period >= target.deadline_period:
        return forecast_target(target, rows, groups=groups, as_of_period=as_of_period, window=window, quantiles=quantiles)
    if target.metric == "criterion_share":
        return forecast_target(target, forecast_rows(target, read_counts(months), criteria), groups=groups, as_of_period=as_of_period,
                               window=window, quantiles=quantiles)
    return forecast_from_paces(target, read_paces(months, target.group), periods=months, as_of_period=as_of_period, quantiles=quantiles)


def forecast_rows(target: Target, counts: pd.DataFrame, criteria: pd.DataFrame) -> pd.DataFrame:
    """What `forecast_target` reads for `target`, from the summary's counts of the window's months
    (data_access.queries.counts): the counts themselves for a commune-count target; for a
    criterion's share, that criterion's rows (commune, month, met) rebuilt from the masks, one per
    commune assessed on it (its number may differ from set to set)."""
    if target.metric != "criterion_share":
        return counts
    numbers = {s: int(n) for s, n, k in zip(criteria["set_id"], criteria["number"], criteria["key"])
               if k == target.criterion_key}
    bit = counts["set_id"].map(numbers)
    known = bit.notna()
    counts, shift = counts[known], bit[known].astype(int).to_numpy() - 1
    assessed = (counts["assessed_mask"].to_numpy() >> shift) & 1 == 1
    met = (counts["met_mask"].to_numpy() >> shift) & 1 == 1
    return pd.DataFrame({"commune_code": counts["commune_code"].to_numpy()[assessed],
                         "period": counts["period"].to_numpy()[assessed],
                         "criterion_key": target.criterion_key, "met": met[assessed]})


def _slopes(x: pd.Series, y: pd.Series, key: pd.Series) -> pd.Series:
    """Least-squares slope of y on x per key; 0 where there are fewer than two distinct x."""
    df = pd.DataFrame({"k": key.to_numpy(), "x": x.to_numpy(float), "y": y.to_numpy(float)})
    g = df.groupby("k")
    dx = df["x"] - g["x"].transform("mean")
    dy = df["y"] - g["y"].transform("mean")
    sums = pd.DataFrame({"k": df["k"], "xy": dx * dy, "xx": dx * dx}).groupby("k")[["xy", "xx"]].sum()
    return (sums["xy"] / sums["xx"].where(sums["xx"] > 0)).fillna(0.0)


def _method(kind: str, periods: list[str], q: tuple[float, float]) -> Phrase:
    """forecast.method.share / .communes: the window of months and the percentiles of the range."""
    span = Phrase("forecast.span", {"months": len(periods), "first": Month.parse(periods[0]), "last": Month.parse(periods[-1])},
                  n=len(periods))
    return Phrase(f"forecast.method.{kind}", {"span": span, "slow": f"{q[0]:g}", "fast": f"{q[1]:g}"})


def forecast_target(target: Target, status: pd.DataFrame, *, groups, as_of_period: str, window: int = 12,
                    criteria_total=None, quantiles: tuple[float, float] = (25, 75)) -> Forecast:
    """Forecast of `target` at its deadline month from the data up to `as_of_period`.

    `window` is the number of most recent months *with data* used for the pace; months without
    data are skipped, and paces are per calendar month. With one month of data the pace is 0.
    """
    check_period(as_of_period)
    dl = target.deadline_period
    rows = group_rows(status, groups, target.group)
    rows = rows[rows["period"] <= as_of_period]  # what was known at as_of_period
    flat = replace(target, group="all")  # rows are already the group's: count them all from here on
    if as_of_period >= dl:
        series = metric_series(flat, rows[rows["period"] <= dl], groups={}, criteria_total=criteria_total)
        if series.empty:
            return Forecast(None, None, None, Phrase("forecast.method.no_data_by_deadline"), dl, as_of_period, True)
        at = str(series.index[-1])
        return Forecast(float(series.iloc[-1]), None, None, Phrase("forecast.method.actual", {"period": Month.parse(at)}),
                        dl, as_of_period, True)
    periods = sorted(rows["period"].unique())[-window:]
    if not periods:
        return Forecast(None, None, None, Phrase("forecast.method.no_data"), dl, as_of_period)
    rows = rows[rows["period"].isin(periods)]
    h_end = Month.parse(dl).index
    if target.metric == "criterion_share":
        return _forecast_share(flat, rows, periods, h_end, criteria_total, quantiles, as_of_period)
    return _forecast_communes(target, rows, periods, h_end, criteria_total, quantiles, as_of_period)


def _forecast_share(target, rows, periods, h_end, criteria_total, q, as_of) -> Forecast:
    # The share (not communes) is extrapolated: a criterion is met or not, there is no per-commune pace.
    s = metric_series(target, rows, groups={}, criteria_total=criteria_total)
    cap = 100.0 if target.by_percent else float(rows["commune_code"].nunique())  # a count of communes
    x = pd.Series([Month.parse(p).index for p in s.index], dtype=float)
    y = pd.Series(s.to_numpy(float))
    slope = float(_slopes(x, y, pd.Series(0, index=x.index)).iloc[0])
    steps = (y.diff() / x.diff()).dropna()
    lo_rate = min(slope, float(np.percentile(steps, q[0]))) if len(steps) else slope
    hi_rate = max(slope, float(np.percentile(steps, q[1]))) if len(steps) else slope
    h = h_end - Month.parse(str(s.index[-1])).index
    proj = [float(np.clip(y.iloc[-1] + r * h, 0.0, cap)) for r in (slope, lo_rate, hi_rate)]
    return Forecast(round(proj[0], 9), round(min(proj), 9), round(max(proj), 9), _method("share", periods, q),
                    target.deadline_period, as_of)


PACE_COLUMNS = ("commune_code", "n", "sx", "sy", "sxy", "sxx", "last_x", "last_met", "last_total")


def paces(cc: pd.DataFrame, periods: list[str]) -> pd.DataFrame:
    """Per commune (sorted), the integer sums its least-squares pace is made of (PACE_COLUMNS): months
    `n`, x = months since the window's first (`periods[0]`), y = criteria met; and its last month.
    `cc` is commune_counts of the window's months; data_access.queries.paces sums the same in SQL."""
    m0 = Month.parse(periods[0])
    x = cc["period"].map({p: Month.parse(p) - m0 for p in periods}).astype("int64")
    y = cc["met"].astype("int64")
    df = pd.DataFrame({"commune_code": cc["commune_code"], "x": x, "y": y, "xy": x * y, "xx": x * x,
                       "total": cc["total"].astype("int64")})
    sums = df.groupby("commune_code", sort=True).agg(n=("x", "size"), sx=("x", "sum"), sy=("y", "sum"),
                                                      sxy=("xy", "sum"), sxx=("xx", "sum"))
    last = df.sort_values(["commune_code", "x"]).drop_duplicates("commune_code", keep="last").set_index("commune_code")
    out = sums.assign(last_x=last["x"], last_met=last["y"], last_total=last["total"])
    return out.reset_index()[list(PACE_COLUMNS)]


def forecast_from_paces(target: Target, pace: pd.DataFrame, *, periods: list[str], as_of_period: str,
                        quantiles: tuple[float, float] = (25, 75)) -> Forecast:
    """A commune-count target's forecast from each commune's pace sums over the window's months
    `periods` (PACE_COLUMNS, sorted by commune; the group's communes with data in them)."""
    n, sx, sy, sxy, sxx = (pace[c].to_numpy("int64") for c in ("n", "sx", "sy", "sxy", "sxx"))
    num, den = n * sxy - sx * sy, n * sxx - sx * sx  # exact integers: n times the centred sums
    rate = pd.Series(np.divide(num, den, out=np.zeros(len(pace)), where=den > 0))  # 0 without two months
    met, total = pace["last_met"].reset_index(drop=True), pace["last_total"].reset_index(drop=True)
    horizon = (Month.parse(target.deadline_period) - Month.parse(periods[0])) - pace["last_x"].reset_index(drop=True)
    lo_q, hi_q = np.percentile(rate.to_numpy(), quantiles)

    def value(r: pd.Series) -> float:
        # whole criteria only: a commune reaches k when its trend line gets to k (epsilon: float slopes)
        proj = np.floor(met + r * horizon + 1e-9).clip(lower=0, upper=total)
        count = int(commune_condition(target, proj, total).sum())
        return count * 100 / len(pace) if target.by_percent else float(count)

    expected = value(rate)
    slow, fast = value(rate.clip(upper=lo_q)), value(rate.clip(lower=hi_q))
    # a band target (15–16 only) is not monotone in pace, so the range must include the expectation
    return Forecast(expected, min(slow, fast, expected), max(slow, fast, expected), _method("communes", periods, quantiles),
                    target.deadline_period, as_of_period)


def _forecast_communes(target, rows, periods, h_end, criteria_total, q, as_of) -> Forecast:
    return forecast_from_paces(target, paces(commune_counts(rows, criteria_total), periods), periods=periods, as_of_period=as_of, quantiles=q)
