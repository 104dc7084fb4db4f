"""Evaluate a criterion from its indicator values against the thresholds of the set in force.

A criterion is met when every indicator is achieved. An indicator with no known threshold, or a
judged one ("achieved": Đạt/Chưa đạt decided by the responsible agency), cannot be decided from a
number; then the criterion's status comes from the person's own choice.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

COMPARISONS = {
    ">=": lambda v, t: v >= t,
    ">": lambda v, t: v > t,
    "<=": lambda v, t: v <= t,
    "<": lambda v, t: v < t,
    "==": lambda v, t: v == t,
}


@dataclass(frozen=True)
class IndicatorRule:
    indicator_id: int
    code: str
    comparison: str  # one of COMPARISONS, or "achieved"
    threshold: float | None
    verified: bool


@dataclass(frozen=True)
class IndicatorResult:
    code: str
    value: float | None
    achieved: bool | None  # None: cannot be decided from the value
    rule_text: str  # e.g. "≥ 70" (the threshold that decided)
    provisional: bool


@dataclass(frozen=True)
class CriterionResult:
    met: bool | None  # None: the values do not decide
    indicators: tuple[IndicatorResult, ...]
    deciding: str | None  # the indicator code that decided (the first one not achieved, else the last)


def rule_text(rule: IndicatorRule) -> str:
    if rule.comparison not in COMPARISONS or rule.threshold is None:
        return ""
    symbol = {">=": "≥", "<=": "≤", "==": "="}.get(rule.comparison, rule.comparison)
    value = int(rule.threshold) if float(rule.threshold).is_integer() else rule.threshold
    return f"{symbol} {value}"


def evaluate_indicator(rule: IndicatorRule, value: float | None) -> IndicatorResult:
    threshold = rule.threshold
    undecidable = rule.comparison not in COMPARISONS or threshold is None
    if value is None or (isinstance(value, float) and math.isnan(value)) or undecidable or threshold is None:
        achieved = None
    else:
        achieved = bool(COMPARISONS[rule.comparison](float(value), float(threshold)))
    return IndicatorResult(rule.code, value, achieved, rule_text(rule), not rule.verified)


def evaluate_criterion(rules: list[IndicatorRule], values: dict[int, float | None]) -> CriterionResult:
    """Met when all indicators are achieved; not met as soon as one decided indicator fails.

    With some indicators undecided and none failing, the values do not decide (met is None)."""
    results = tuple(evaluate_indicator(r, values.get(r.indicator_id)) for r in rules)
    failing = [r for r in results if r.achieved is False]
    if failing:
        return CriterionResult(False, results, failing[0].code)
    if results and all(r.achieved is True for r in results):
        return CriterionResult(True, results, results[-1].code)
    return CriterionResult(None, results, None)


def needs_note(chosen_met: bool | None, evaluated: CriterionResult, note: str | None) -> bool:
    """A manual choice against what the values say is an override: it must come with a note."""
    overriding = evaluated.met is not None and chosen_met is not None and chosen_met != evaluated.met
    return overriding and not (note and note.strip())
