"""Programme targets: the commune figures they count and how far the province is from them.

Pure pandas (no Streamlit, no SQL). `status` has one row per (commune_code, period 'YYYY-MM',
criterion_key) with a bool column `met`; only assessed communes appear. `criteria_total` maps a
period to the number of criteria in the set in force; without it, a commune-month's total is its
number of rows. The figures may also come already aggregated by the database (the page's way),
with a `group` column naming the group of communes each row counts: communes per (month, criteria
met, criteria total) for the commune-count metrics (AGGREGATE_COLUMNS), communes assessed on and
meeting a criterion per month for its share (SHARE_COLUMNS). One-month tables (bands, criterion
coverage, pilot ranking) are in `domain.ranking`; forecasts in `domain.forecast`; a target's
readings, the ones chosen, and which aggregated rows each counts from in `domain.target_readings`.
"""
from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from domain.months import Month

if TYPE_CHECKING:
    from domain.forecast import Forecast

METRICS = ("communes_min_criteria", "communes_below_criteria", "criterion_share", "communes_standard")
COMPARISONS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}
STATUS_COLUMNS = ("commune_code", "period", "criterion_key", "met")
COUNT_COLUMNS = ("commune_code", "period", "criteria_met", "criteria_total")
AGGREGATE_COLUMNS = ("group", "period", "criteria_met", "criteria_total", "communes")
SHARE_COLUMNS = ("group", "period", "criterion_key", "met", "assessed")
_INT_FIELDS = ("min_criteria", "target_count", "denominator", "band_max")


def _clean(value: Any) -> Any:
    """None for the missing values a DataFrame row carries (NaN, NaT, pd.NA)."""
    try:
        return None if value is None or pd.isna(value) else value
    except (TypeError, ValueError):  # list-like values are never missing markers
        return value


@dataclass(frozen=True)
class Target:
    """One programme target, mirroring a row of the targets table.

    A `band_max` makes a communes_min_criteria target count min_criteria..band_max only (the
    "15–16 only" reading of "13 xã đạt 15 tiêu chí"); `target_readings` gives both readings.
    The figure compared is target_count when set, else target_percent (share of the group's
    communes with data).
    """

    key: str
    wording_vi: str
    wording_en: str
    metric: str
    min_criteria: int | None
    criterion_key: str | None
    group: str
    comparison: str
    target_count: int | None
    target_percent: float | None
    denominator: int | None
    deadline: date
    band_max: int | None = None
    text_as_written: str | None = None  # the seed's words exactly ("Phần đầu …"); wording_vi is corrected
    reading_group: str | None = None  # targets of one sentence read two ways share this key
    reading_key: str | None = None  # "all" | "pilots17": which reading of the sentence this target is
    reading_part: str | None = None  # pairs the parts of the readings ("min17" with "min17")
    chosen: bool = True  # the reading an admin chose (targets without readings are always chosen)

    def __post_init__(self) -> None:
        if self.metric not in METRICS:
            raise ValueError(f"unknown metric {self.metric!r}")
        if self.comparison not in COMPARISONS:
            raise ValueError(f"unknown comparison {self.comparison!r}")
        if self.target_count is None and self.target_percent is None:
            raise ValueError(f"target {self.key!r} has neither target_count nor target_percent")
        if self.metric in ("communes_min_criteria", "communes_below_criteria") and self.min_criteria is None:
            raise ValueError(f"target {self.key!r} needs min_criteria")
        if self.metric == "criterion_share" and not self.criterion_key:
            raise ValueError(f"target {self.key!r} needs criterion_key")

    @classmethod
    def from_mapping(cls, row: Mapping[str, Any]) -> Target:
        """Build from a database row or YAML entry; extra keys are ignored, `group_key` is accepted."""
        data = dict(row)
        if "group" not in data and "group_key" in data:
            data["group"] = data["group_key"]
        if isinstance(data.get("deadline"), str):
            data["deadline"] = date.fromisoformat(data["deadline"])
        if isinstance(data.get("deadline"), datetime):  # also pd.Timestamp
            data["deadline"] = data["deadline"].date()
        if "chosen" not in data and "reading_chosen" in data:
            data["chosen"] = data["reading_chosen"]
        if "reading_key" not in data and "reading" in data:  # the targets file says `reading`
            data["reading_key"] = data["reading"]
        names = {f.name for f in fields(cls)}
        kwargs = {n: _clean(data.get(n)) for n in names}
        for n in _INT_FIELDS:  # a DataFrame stores optional integers as floats (17.0)
            if kwargs[n] is not None:
                kwargs[n] = int(kwargs[n])
        if kwargs["target_percent"] is not None:
            kwargs["target_percent"] = float(kwargs["target_percent"])
        kwargs["group"] = kwargs["group"] or "all"
        kwargs["chosen"] = True if kwargs["chosen"] is None else bool(kwargs["chosen"])
        return cls(**kwargs)

    @property
    def deadline_period(self) -> str:
        return str(Month.of(self.deadline))

    @property
    def by_percent(self) -> bool:
        """True when the target is a share in percent rather than a number of communes."""
        return self.target_count is None

    @property
    def target_value(self) -> float:
        return float(self.target_percent if self.by_percent else self.target_count)  # type: ignore[arg-type]


@dataclass(frozen=True)
class MetricValue:
    """A target's figure in one period; `value` is what is compared with the target."""

    count: int  # communes satisfying the target's condition
    n_communes: int  # communes of the group with data in the period
    share: float | None  # count / n_communes, percent
    denominator: int | None  # the seed's own denominator (e.g. 120), when the target has one
    share_of_denominator: float | None  # count / denominator, percent
    value: float | None  # count, or share for percent targets; None without data


@dataclass(frozen=True)
class TargetEvaluation:
    """Where a target stands in `period`; value and gap are at `period`, status as described in `evaluate`."""

    target: Target
    period: str
    value: MetricValue
    target_value: float
    gap: float | None  # communes (count targets) or percentage points (percent targets); 0 when met
    gap_communes: int | None  # communes still to move, also for percent targets
    status: str  # met | not_met | on_track | off_track | no_data
    deadline_value: MetricValue | None = None
    forecast: Forecast | None = None
    deadline_passed: bool = False
    deadline_data_period: str | None = None  # the month deadline_value was read from (<= the deadline)


def check_period(period: str) -> str:
    """`period` itself when it is a month 'YYYY-MM'; else MonthError (a ValueError)."""
    Month.parse(period)
    return period


def criterion_sort_key(key: str) -> tuple:
    """Numeric keys in numeric order ('2' before '10'), then the rest alphabetically."""
    return (0, int(key), "") if str(key).isdigit() else (1, 0, str(key))


def _aggregated(status: pd.DataFrame) -> bool:
    return "communes" in status.columns or "assessed" in status.columns


def group_rows(status: pd.DataFrame, groups: Mapping[str, Iterable[str]], group: str) -> pd.DataFrame:
    """Rows of the group's communes; "all" means every assessed commune. `status` is criterion rows
    (STATUS_COLUMNS) or, for the commune-count metrics, counts per commune-month (COUNT_COLUMNS), or
    aggregates (AGGREGATE_COLUMNS, SHARE_COLUMNS): then the rows counted for the group, without the
    `group` column (aggregates without it are one group's already)."""
    if _aggregated(status):
        needed = set(AGGREGATE_COLUMNS if "communes" in status.columns else SHARE_COLUMNS) - {"group"}
    else:
        needed = set(COUNT_COLUMNS if "criteria_met" in status.columns else STATUS_COLUMNS)
    missing = set(needed) - set(status.columns)
    if missing:
        raise ValueError(f"status lacks columns {sorted(missing)}")
    if group != "all" and group not in groups:
        raise ValueError(f"unknown group {group!r}")
    if _aggregated(status):
        if "group" in status.columns:
            mine = (status["group"] == group).to_numpy(dtype=bool)
            keep = [i for i, c in enumerate(status.columns) if c != "group"]  # by position: label lookups cost
            return status.iloc[:, keep] if mine.all() else status.iloc[mine, keep]  # one group's rows: no copy
        if group == "all":
            return status
        raise ValueError("aggregated counts without a group column are one group's: they cannot be split")
    if group == "all" and "all" not in groups:
        return status
    return status[status["commune_code"].isin(set(groups[group]))]


def commune_counts(status: pd.DataFrame, criteria_total: Mapping[str, int] | None = None) -> pd.DataFrame:
    """One row per (commune_code, period) with `met` (criteria met) and `total` (criteria in force),
    from criterion rows or from counts already made (the summary table's)."""
    if "criteria_met" in status.columns:
        out = status[["commune_code", "period"]].assign(met=status["criteria_met"], rows=status["criteria_total"])
        out = out.sort_values(["commune_code", "period"], ignore_index=True)
    else:
        df = status.assign(met=status["met"].astype(bool))
        out = df.groupby(["commune_code", "period"], sort=True)["met"].agg(met="sum", rows="size").reset_index()
    total = out["rows"]
    if criteria_total:
        total = out["period"].map(dict(criteria_total)).fillna(total)
    return out.assign(met=out["met"].astype(int), total=total.astype(int)).drop(columns="rows")


def commune_condition(target: Target, met: pd.Series, total: pd.Series) -> pd.Series:
    """Whether each commune satisfies a commune-count target, given its criteria met and total."""
    if target.metric == "communes_min_criteria":
        ok = met >= target.min_criteria
        return ok & (met <= target.band_max) if target.band_max is not None else ok
    if target.metric == "communes_below_criteria":
        return met < target.min_criteria
    if target.metric == "communes_standard":
        return met >= total
    raise ValueError(f"{target.metric} is not a commune-count metric")


def counts_by_period(target: Target, rows: pd.DataFrame, criteria_total=None) -> pd.DataFrame:
    """Per period with data (sorted): `count` satisfying the target and `n` communes with data."""
    if "assessed" in rows.columns:  # communes assessed on / meeting each criterion (SHARE_COLUMNS)
        if target.metric != "criterion_share":
            raise ValueError(f"{target.metric} is counted from commune counts, not from a criterion's")
        rows = rows[rows["criterion_key"] == target.criterion_key]
    if rows.empty:
        return pd.DataFrame({"period": pd.Series(dtype=str), "count": 0, "n": 0}).iloc[0:0]
    if "assessed" in rows.columns:
        return _sum_by_period(rows["period"], rows["assessed"].to_numpy(), rows["met"].to_numpy())
    if "communes" in rows.columns:  # communes per (month, criteria met, criteria total): AGGREGATE_COLUMNS
        if target.metric == "criterion_share":
            raise ValueError("a criterion share is counted from criterion rows or its own counts")
        total = rows["criteria_total"]
        if criteria_total:
            total = rows["period"].map(dict(criteria_total)).fillna(total)
        hit = commune_condition(target, rows["criteria_met"].to_numpy(), total.to_numpy().astype(int))
        communes = rows["communes"].to_numpy()
        return _sum_by_period(rows["period"], communes, communes * hit)
    if target.metric == "criterion_share":
        n = rows.groupby("period")["commune_code"].nunique()
        if "criterion_key" not in rows.columns:
            raise ValueError("a criterion share is counted from criterion rows, not from commune counts")
        hit = rows[(rows["criterion_key"] == target.criterion_key) & rows["met"].astype(bool)]
        count = hit.groupby("period")["commune_code"].nunique()
    else:
        n = rows.groupby("period")["commune_code"].nunique()
        cc = commune_counts(rows, criteria_total)
        count = cc[commune_condition(target, cc["met"], cc["total"])].groupby("period").size()
    out = pd.DataFrame({"n": n}).join(count.rename("count")).fillna({"count": 0})
    return out.astype(int).reset_index().sort_values("period", ignore_index=True)


def _sum_by_period(periods: pd.Series, n, count) -> pd.DataFrame:
    """counts_by_period of aggregated rows: the sums per period, in plain numpy (a page evaluates
    some 30 targets and readings; pandas' groupby and join cost milliseconds each)."""
    codes, months = pd.factorize(periods, sort=True)
    sums = [np.bincount(codes, weights=w, minlength=len(months)).round().astype(int) for w in (n, count)]
    return pd.DataFrame({"period": months, "n": sums[0], "count": sums[1]})


def make_value(target: Target, count: int, n: int) -> MetricValue:
    share = count * 100 / n if n else None  # count*100/n, not count/n*100: 7/10*100 is 70.00000000000001
    den = target.denominator
    value = (share if target.by_percent else count) if n else None
    return MetricValue(int(count), int(n), share, den, count * 100 / den if den else None, value)


def meets(target: Target, value: float | None, *, n: int | None = None, count: int | None = None) -> bool:
    """Whether a value satisfies the target; with count and n, percent targets compare exactly."""
    if value is None:
        return False
    op = COMPARISONS[target.comparison]
    if target.by_percent and count is not None and n:
        return op(Fraction(count * 100, n), Fraction(str(target.target_percent)))
    return op(round(float(value), 9), target.target_value)


def metric_value(target: Target, status, *, groups, period: str, criteria_total=None) -> MetricValue:
    """The target's figure in `period` over the group's communes with data."""
    check_period(period)
    rows = group_rows(status, groups, target.group)
    t = counts_by_period(target, rows[rows["period"] == period], criteria_total)
    return make_value(target, int(t["count"].sum()), int(t["n"].sum()))


def metric_series(target: Target, status, *, groups, criteria_total=None) -> pd.Series:
    """The target's value (count, or share for percent targets) for every period with data."""
    t = counts_by_period(target, group_rows(status, groups, target.group), criteria_total)
    values = t["count"] * 100 / t["n"] if target.by_percent else t["count"]
    return pd.Series(values.to_numpy(), index=pd.Index(t["period"], name="period"), name=target.key)


def limit_count(target: Target, n: int) -> int:
    """The last number of communes that still meets the target (the first one for >=, the last for
    <=), with `n` communes of the group with data: 13 for ">= 13", 0 for "<= 0", 84 for "> 70%" of 119."""
    op = target.comparison
    if target.by_percent:
        need = Fraction(str(target.target_percent)) * n / 100  # the percentage as communes
        return {">=": math.ceil(need), ">": math.floor(need) + 1, "<=": math.floor(need),
                "<": math.ceil(need) - 1, "==": round(need)}[op]
    t = target.target_count
    assert t is not None  # not by_percent: the count is the target
    return {">=": t, ">": t + 1, "<=": t, "<": t - 1, "==": t}[op]


def _gaps(target: Target, mv: MetricValue) -> tuple[float, int]:
    """(gap in the target's unit, gap in communes); both 0 when the target is met."""
    c, n = mv.count, mv.n_communes
    if meets(target, mv.value, n=n, count=c):
        return 0.0, 0
    communes = abs(c - limit_count(target, n))  # not met, so the count is on the wrong side of the limit
    if not target.by_percent:
        return float(communes), communes
    # a strict ">" exactly at the line is 0 points short but still one commune short
    assert target.target_percent is not None and mv.share is not None  # by_percent, and not met with data
    return round(abs(target.target_percent - mv.share), 9), communes


def evaluate(target: Target, status, *, groups, period: str, today_period: str | None = None,
             criteria_total=None, window: int = 12,
             forecaster: Callable[[Target, str], Forecast] | None = None) -> TargetEvaluation:
    """Value, gap and status of a target in `period`.

    Status: "no_data" when the group has no rows in `period`; from the deadline month on,
    "met"/"not_met" judged on the value at the deadline (latest data not after the deadline month);
    before it, "on_track"/"off_track" from the forecast at the deadline. `today_period` (default
    `period`) only sets `deadline_passed`, so a view of an old month keeps that month's projection.
    The forecast is `forecaster(target, period)` when given (aggregated `status` has no commune's
    own pace: the page reads the months the forecast needs, and caches it), else made from `status`.
    """
    from domain.forecast import forecast_target  # local import: forecast builds on this module

    check_period(period)
    today = check_period(today_period) if today_period else period
    dl = target.deadline_period
    t = counts_by_period(target, group_rows(status, groups, target.group), criteria_total)
    now = t[t["period"] == period]
    passed = today >= dl
    if now.empty:
        return TargetEvaluation(target, period, make_value(target, 0, 0), target.target_value,
                                None, None, "no_data", deadline_passed=passed)
    mv = make_value(target, int(now["count"].iloc[0]), int(now["n"].iloc[0]))
    gap, gap_communes = _gaps(target, mv)
    if period >= dl:
        before = t[t["period"] <= dl]
        at = before.iloc[-1] if not before.empty else now.iloc[0]  # no data by the deadline: judge on now
        dv = make_value(target, int(at["count"]), int(at["n"]))
        state = "met" if meets(target, dv.value, n=dv.n_communes, count=dv.count) else "not_met"
        return TargetEvaluation(target, period, mv, target.target_value, gap, gap_communes, state,
                                deadline_value=dv, deadline_passed=passed, deadline_data_period=str(at["period"]))
    if forecaster is not None:
        fc = forecaster(target, period)
    else:
        fc = forecast_target(target, status, groups=groups, as_of_period=period, window=window, criteria_total=criteria_total)
    state = "on_track" if meets(target, fc.expected) else "off_track"
    return TargetEvaluation(target, period, mv, target.target_value, gap, gap_communes, state,
                            forecast=fc, deadline_passed=passed)
