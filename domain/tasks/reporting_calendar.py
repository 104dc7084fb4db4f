"""The reporting calendar: when a recurring obligation (a monthly report, a quarterly report, a
weekly inspection) falls due, the period each occurrence covers, and whether a report came on time.

A deadline of a task is `domain.tasks.deadlines`; the rhythms a recurrence may have are written there
(`Recurrence`). A date is "due" through the whole of its day: a report due on 20/06 is on time when
received on 20/06 and late from 21/06.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from domain.months import Month
from domain.phrase import Phrase
from domain.tasks.deadlines import (
    Recurrence,
    _as_recurrence,
    _clipped,
    _to_date,
    quarter_end,
    quarter_of,
    quarter_start,
)


@dataclass(frozen=True)
class DuePeriod:
    """One occurrence of a recurring obligation: the period it covers and its due date."""

    kind: str  # week | month | quarter | half-year | year
    start: date
    end: date
    due: date

    @property
    def label(self) -> Phrase:
        """How the period is named, as a catalogue key and its values ("quý IV/2013", "Q4 2013")."""
        year = str(self.end.year)
        if self.kind == "week":
            iso = self.start.isocalendar()
            return Phrase("due.week", {"week": str(iso.week), "year": str(iso.year)})
        if self.kind == "month":
            return Phrase(f"due.month.{self.end.month}", {"year": year})
        if self.kind == "quarter":
            return Phrase(f"due.quarter.{quarter_of(self.end)}", {"year": year})
        return Phrase("due.half_year" if self.kind == "half-year" else "due.year", {"year": year})



def _period_for(rec: Recurrence, year: int, index: int) -> DuePeriod:
    """index: ISO week (weekly), month 1–12 (monthly) or quarter 1–4 (quarterly rhythms)."""
    if rec.rhythm == "weekly":
        start = date.fromisocalendar(year, index, 1)
        end = start + timedelta(days=6)
        due = start + timedelta(days=rec.weekday)
        return DuePeriod("week", start, end, due)
    if rec.rhythm == "monthly":
        month = Month(year, index)
        due = month.last_day if rec.day is None else _clipped(year, index, rec.day)
        return DuePeriod("month", month.first_day, month.last_day, due)
    q_end = quarter_end(year, index)
    due = q_end if rec.day is None else _clipped(year, q_end.month, rec.day)
    if rec.rhythm == "quarterly+half-year+year" and index == 2:
        return DuePeriod("half-year", date(year, 1, 1), q_end, due)
    if rec.rhythm == "quarterly+half-year+year" and index == 4:
        return DuePeriod("year", date(year, 1, 1), q_end, due)
    return DuePeriod("quarter", quarter_start(year, index), q_end, due)


def _periods_around(rec: Recurrence, start: date, end: date):
    """Every period whose due date could fall in [start, end], in order."""
    if rec.rhythm == "weekly":
        monday = start - timedelta(days=start.weekday()) - timedelta(days=7)
        while monday <= end + timedelta(days=7):
            iso = monday.isocalendar()
            yield _period_for(rec, iso.year, iso.week)
            monday += timedelta(days=7)
        return
    for year in range(start.year - 1, end.year + 2):
        for index in (range(1, 13) if rec.rhythm == "monthly" else range(1, 5)):
            yield _period_for(rec, year, index)


def due_periods(recurrence: Any, start: date, end: date) -> list[DuePeriod]:
    """The occurrences whose due date lies in [start, end] (both included), in order."""
    rec = _as_recurrence(recurrence)
    start, end = _to_date(start), _to_date(end)
    if end < start:
        return []
    return [p for p in _periods_around(rec, start, end) if start <= p.due <= end]


def due_dates(recurrence: Any, start: date, end: date) -> list[date]:
    """The due dates in [start, end] (both included), in order."""
    return [p.due for p in due_periods(recurrence, start, end)]


def report_due_dates(obligation: Any, start: date, end: date) -> list[date]:
    """The due dates of a reporting obligation (anything with a ``.recurrence``, or a
    :class:`Recurrence`) in [start, end], both included."""
    return due_dates(_as_recurrence(obligation), start, end)


def next_due(recurrence: Any, on_or_after: date) -> date:
    """The first due date on or after ``on_or_after``."""
    rec = _as_recurrence(recurrence)
    day = _to_date(on_or_after)
    span = 8 if rec.rhythm == "weekly" else 32 if rec.rhythm == "monthly" else 93
    return due_dates(rec, day, day + timedelta(days=span))[0]


def timeliness(due: date, received: date | None, as_of: date) -> str:
    """How a report due on ``due`` stands on ``as_of``.

    - ``on_time``: received on or before the due date (received on the 20th for the 20th);
    - ``late``: received after the due date (the 21st);
    - ``missing``: not received and ``as_of`` is after the due date;
    - ``not_due``: not received and the due date has not passed (on the due date itself too).

    A receipt dated after ``as_of`` is ignored: on that day it had not yet arrived (this keeps
    "as of" views consistent).
    """
    due, received, as_of = _to_date(due), _to_date(received), _to_date(as_of)
    if received is not None and received <= as_of:
        return "on_time" if received <= due else "late"
    return "missing" if as_of > due else "not_due"
