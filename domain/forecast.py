"""Forecast of a target's figure at its deadline, by linear extrapolation of recent progress.

Commune-count targets: each commune's criteria met is extrapolated at its own pace (least-squares
slope over the trailing window), floored to whole criteria and capped to [0, N], then the target
is counted on the projected figures. The range: in the slow case no commune goes faster than the
group's 25th-percentile pace, in the fast case none slower than the 75th. Criterion-share
targets extrapolate the share series itself (clamped to [0, 100]), the range from the 25th/75th
percentile of its month-to-month changes. Deterministic: no random numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from domain.phrase import Period, Phrase
from domain.targets import (
    Target, check_period, commune_condition, commune_counts, group_rows, metric_series, month_index,
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
    span = Phrase("forecast.span", {"months": len(periods), "first": Period(periods[0]), "last": Period(periods[-1])},
                  n=len(periods))
    return Phrase(f"forecast.method.{kind}", {"span": span, "slow": f"{q[0]:g}", "fast": f"{q[1]:g}"})


def forecast_target(target: Target, status: pd.DataFrame, groups, as_of_period: str, window: int = 12,
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
        series = metric_series(flat, rows[rows["period"] <= dl], {}, criteria_total)
        if series.empty:
            return Forecast(None, None, None, Phrase("forecast.method.no_data_by_deadline"), dl, as_of_period, True)
        at = str(series.index[-1])
        return Forecast(float(series.iloc[-1]), None, None, Phrase("forecast.method.actual", {"period": Period(at)}),
                        dl, as_of_period, True)
    periods = sorted(rows["period"].unique())[-window:]
    if not periods:
        return Forecast(None, None, None, Phrase("forecast.method.no_data"), dl, as_of_period)
    rows = rows[rows["period"].isin(periods)]
    h_end = month_index(dl)
    if target.metric == "criterion_share":
        return _forecast_share(flat, rows, periods, h_end, criteria_total, quantiles, as_of_period)
    return _forecast_communes(target, rows, periods, h_end, criteria_total, quantiles, as_of_period)


def _forecast_share(target, rows, periods, h_end, criteria_total, q, as_of) -> Forecast:
    # The share (not communes) is extrapolated: a criterion is met or not, there is no per-commune pace.
    s = metric_series(target, rows, {}, criteria_total)
    cap = 100.0 if target.by_percent else float(rows["commune_code"].nunique())  # a count of communes
    x = pd.Series([month_index(p) for p in s.index], dtype=float)
    y = pd.Series(s.to_numpy(float))
    slope = float(_slopes(x, y, pd.Series(0, index=x.index)).iloc[0])
    steps = (y.diff() / x.diff()).dropna()
    lo_rate = min(slope, float(np.percentile(steps, q[0]))) if len(steps) else slope
    hi_rate = max(slope, float(np.percentile(steps, q[1]))) if len(steps) else slope
    h = h_end - month_index(str(s.index[-1]))
    proj = [float(np.clip(y.iloc[-1] + r * h, 0.0, cap)) for r in (slope, lo_rate, hi_rate)]
    return Forecast(round(proj[0], 9), round(min(proj), 9), round(max(proj), 9), _method("share", periods, q),
                    target.deadline_period, as_of)


def _forecast_communes(target, rows, periods, h_end, criteria_total, q, as_of) -> Forecast:
    cc = commune_counts(rows, criteria_total)
    cc["m"] = [month_index(p) for p in cc["period"]]
    rate = _slopes(cc["m"], cc["met"], cc["commune_code"])
    last = cc.sort_values("period").groupby("commune_code").tail(1).set_index("commune_code")
    rate = rate.reindex(last.index)
    horizon = h_end - last["m"]
    lo_q, hi_q = np.percentile(rate.to_numpy(), q)

    def value(r: pd.Series) -> float:
        # whole criteria only: a commune reaches k when its trend line gets to k (epsilon: float slopes)
        proj = np.floor(last["met"] + r * horizon + 1e-9).clip(lower=0, upper=last["total"])
        count = int(commune_condition(target, proj, last["total"]).sum())
        return count * 100 / len(last) if target.by_percent else float(count)

    expected = value(rate)
    slow, fast = value(rate.clip(upper=lo_q)), value(rate.clip(lower=hi_q))
    # a band target (15–16 only) is not monotone in pace, so the range must include the expectation
    return Forecast(expected, min(slow, fast, expected), max(slow, fast, expected), _method("communes", periods, q),
                    target.deadline_period, as_of)
