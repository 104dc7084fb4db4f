"""What a target card says, as catalogue keys and raw values (the UI translates and formats).

A card states two separate facts so that neither contradicts the numbers beside it:
- the situation in the month shown ("34 xã, vượt 21"; "0 xã dưới 5 tiêu chí — đạt"), judged on
  that month's figure;
- the verdict at the target's deadline ("đạt" / "chưa đạt", with the figure of the deadline month
  when the month shown is later, or "chưa đến hạn" with what the forecast says).
A forecast is one number when its range collapses (never "khoảng 7–7"), a range that differs at
its ends, or the reason there is none (deadline passed, no data).

Values are typed (domain/phrase.py) so the UI can format them. A number is Communes where both
languages write the noun right after it; the noun is then not in the phrase's own text.
"""
from __future__ import annotations

from typing import Any

from domain.months import Month
from domain.phrase import Communes, Percent, Phrase  # noqa: F401  (the types of its values)
from domain.targets import TargetEvaluation, limit_count, meets


def _kind(ev: TargetEvaluation) -> str:
    t = ev.target
    if t.by_percent:
        return "share"
    return "below" if t.metric == "communes_below_criteria" else "count"


def _figure(ev: TargetEvaluation, count: int, n: int, share: float | None) -> dict[str, Any]:
    t = ev.target
    values: dict[str, Any] = {"count": int(count) if t.by_percent else Communes(count)}
    if t.by_percent:
        values.update(percent=Percent(share or 0.0), n=Communes(n))
    if t.metric == "communes_below_criteria":
        assert t.min_criteria is not None  # Target.__post_init__ requires it for this metric
        values["min"] = int(t.min_criteria)
    return values


def situation(ev: TargetEvaluation) -> Phrase:
    """The month shown: the figure and how far it is above or below the target's line, in communes."""
    t, mv = ev.target, ev.value
    if mv.value is None:
        return Phrase("target.now.no_data", {"period": Month.parse(ev.period)})
    kind = _kind(ev)
    values = _figure(ev, mv.count, mv.n_communes, mv.share)
    limit = limit_count(t, mv.n_communes)
    upper = t.comparison in ("<=", "<")  # "no commune below 5": fewer is better
    margin_of = Communes if kind == "share" else int  # "vượt 3 xã" after a share, "vượt 3" after "34 xã"
    if meets(t, mv.value, n=mv.n_communes, count=mv.count):
        margin = 0 if upper or t.comparison == "==" else mv.count - limit
        if margin > 0:
            return Phrase(f"target.now.{kind}.above", {**values, "over": margin_of(margin)})
        return Phrase(f"target.now.{kind}.met", values)
    if upper:
        return Phrase(f"target.now.{kind}.too_many", {**values, "excess": margin_of(mv.count - limit)})
    return Phrase(f"target.now.{kind}.short", {**values, "short": margin_of(abs(limit - mv.count))})


def verdict(ev: TargetEvaluation) -> Phrase:
    """The verdict at the deadline: met / not met (with the deadline month's figure when the month
    shown is later), or not yet due with the forecast's reading. `values["date"]` is the deadline."""
    t = ev.target
    base = {"date": t.deadline}
    if ev.status in ("met", "not_met"):
        dv, at = ev.deadline_value, ev.deadline_data_period or t.deadline_period
        if dv is None or ev.period == at:
            return Phrase(f"target.by.{ev.status}", base)
        figure = Phrase(f"target.at.{_kind(ev)}", {"period": Month.parse(at), **_figure(ev, dv.count, dv.n_communes,
                                                                                    dv.share)})
        return Phrase(f"target.by.{ev.status}_at", {**base, "at": figure})
    if ev.status in ("on_track", "off_track"):
        return Phrase(f"target.by.{ev.status}", base)
    if ev.period >= t.deadline_period:
        return Phrase("target.by.no_data", base)
    return Phrase("target.by.not_due", base)


def _rounded(ev: TargetEvaluation, value: float) -> Any:
    return Percent(round(value, 2)) if ev.target.by_percent else Communes(round(value))


def forecast(ev: TargetEvaluation) -> Phrase:
    """The forecast at the deadline: a number, a range whose ends differ, or why there is none."""
    t, fc = ev.target, ev.forecast
    kind = "share" if t.by_percent else "count"
    if ev.period == t.deadline_period:  # the month of the verdict itself: nothing left to forecast
        return Phrase("target.fc.at_deadline", {"date": t.deadline})
    if ev.period > t.deadline_period or (fc is not None and fc.is_actual):
        return Phrase("target.fc.passed", {"date": t.deadline})
    if fc is None or fc.expected is None or ev.value.value is None:
        return Phrase("target.fc.no_data", {"period": Month.parse(ev.period)})
    values = {"period": Month.parse(fc.deadline_period or t.deadline_period), "expected": _rounded(ev, fc.expected)}
    low = _rounded(ev, fc.low) if fc.low is not None else values["expected"]
    high = _rounded(ev, fc.high) if fc.high is not None else values["expected"]
    if low == high:
        return Phrase(f"target.fc.{kind}", values)
    if kind == "count":  # "khoảng 4–7 xã": the noun follows the upper end only
        low = int(low)
    return Phrase(f"target.fc.{kind}_range", {**values, "low": low, "high": high})
