"""Which criteria set is in force: the rule every reader and writer of assessments follows.

A set is in force on a day when its dates cover it (`in_force_from` ≤ day ≤ `in_force_until`, an
open end meaning still in force). A month is judged by its last day, so a set that takes effect
mid-month applies to that whole month (QĐ 342/QĐ-TTg took effect on 20/02/2013: February 2013 is
assessed against it). The database side is `data_access.criteria.criteria_by_period`.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol, TypeVar

from domain.months import Month


class Dated(Protocol):
    in_force_from: date | None
    in_force_until: date | None


S = TypeVar("S", bound=Dated)


def month_end(period: str) -> date:
    """'2013-02' -> 2013-02-28. A malformed month raises ValueError (MonthError)."""
    return Month.parse(period).last_day


def covers(in_force_from: date | None, in_force_until: date | None, day: date) -> bool:
    """The set with these dates is in force on `day`."""
    return in_force_from is not None and in_force_from <= day and (in_force_until is None or day <= in_force_until)


def in_force(sets: Iterable[S], period: str) -> S | None:
    """The first of `sets` in force at the end of the month `period` (None: no set covers it)."""
    end = month_end(period)
    return next((s for s in sets if covers(s.in_force_from, s.in_force_until, end)), None)
