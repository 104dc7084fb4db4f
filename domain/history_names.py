"""What the audit sentences (`domain.history_text`) name things by: criteria as in force in the
entry's month, indicators by id and by code, people, communes, districts, groups, agencies, events;
anything missing is shown by its code."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from domain.criteria_sets import covers, month_end
from domain.localized import localized


@dataclass(frozen=True)
class CriterionName:
    number: int
    name: str


@dataclass(frozen=True)
class IndicatorName:
    code: str
    text: str
    unit: str
    comparison: str
    threshold: float | None
    verified: bool = True


@dataclass
class Names:
    """What the sentences name things by; anything missing is shown by its code."""
    criterion: Callable[[str, str], CriterionName | None] = lambda period, key: None  # (YYYY-MM, key)
    indicators: Mapping[str, IndicatorName] = field(default_factory=dict)  # by id, as text
    indicators_by_code: Mapping[str, IndicatorName] = field(default_factory=dict)  # "set_id/code"
    people: Mapping[str, str] = field(default_factory=dict)  # username -> display name
    communes: Mapping[str, str] = field(default_factory=dict)
    districts: Mapping[str, str] = field(default_factory=dict)
    groups: Mapping[str, str] = field(default_factory=dict)
    agencies: Mapping[str, str] = field(default_factory=dict)
    events: Mapping[str, str] = field(default_factory=dict)


# --- names from the reference tables --------------------------------------------------------------

def criterion_lookup(criteria_sets, criteria, lang: str) -> Callable[[str, str], CriterionName | None]:
    """(period, key) -> the criterion of that key in the national set in force at the month's end.
    `criteria_sets` and `criteria` are the frames of data_access.queries."""
    sets = criteria_sets[criteria_sets["scope"] == "national"].sort_values("in_force_from")
    by_set: dict[str, dict[str, CriterionName]] = {}
    for r in criteria.itertuples(index=False):
        name = localized(r, "name", lang)
        by_set.setdefault(r.set_id, {})[r.key] = CriterionName(int(r.number), name)
    spans = [(s.id, _day(s.in_force_from), _day(s.in_force_until)) for s in sets.itertuples(index=False)]

    def lookup(period: str, key: str) -> CriterionName | None:
        try:
            end = month_end(period)
        except ValueError:
            return None
        for set_id, start, until in spans:
            if covers(start, until, end):
                found = by_set.get(set_id, {}).get(key)
                if found:
                    return found
        return None
    return lookup


def _day(value: Any) -> date | None:
    """A date from a date, a datetime or pandas' Timestamp; None for None or NaT."""
    if value is None or value != value:
        return None
    return value.date() if isinstance(value, datetime) else value


def indicator_names(indicators, lang: str) -> tuple[dict[str, IndicatorName], dict[str, IndicatorName]]:
    """By id (as text, the JSON key of an assessment's values) and by "set_id/code"."""
    by_id, by_code = {}, {}
    for r in indicators.itertuples(index=False):
        text = localized(r, "text", lang)
        threshold = None if r.threshold is None or r.threshold != r.threshold else float(r.threshold)
        name = IndicatorName(str(r.code), text, str(r.unit), str(r.comparison), threshold, bool(r.verified))
        by_id[str(int(r.id))] = name
        by_code[f"{r.set_id}/{r.code}"] = name
    return by_id, by_code
