"""Each task's deadline as one label, given as a catalogue key and its values (the page translates
it): "15/06/2013", "tháng 7/2013", "quý IV/2013", "năm 2013", "hàng tháng" …

A date is the date itself in both languages (15/06/2013, the form of the province's documents and
of every page); a month, quarter or year is named as the reporting periods are (`DuePeriod.label`).
"""
from __future__ import annotations

from datetime import date
from typing import Any

from domain.months import Month
from domain.phrase import Phrase
from domain.tasks.deadlines import (  # noqa: F401  (period labels live with the periods; re-exported here)
    _as_deadline,
    roman,
)

_RHYTHM_KEYS = {
    "weekly": "due.rhythm.weekly",
    "monthly": "due.rhythm.monthly",
    "quarterly": "due.rhythm.quarterly",
    "quarterly+half-year+year": "due.rhythm.quarterly_half_year_year",
}


def deadline_label(task_or_deadline: Any) -> Phrase:
    """A short label for a deadline: "15/06/2013" (a date, in both languages), "tháng 7/2013" /
    "July 2013", "quý IV/2013" / "Q4 2013", "năm 2013" / "2013", "sau khi có sự kiện" / "after an
    event", "hàng tháng" / "monthly", "thường xuyên" / "ongoing"."""
    d = _as_deadline(task_or_deadline)
    if d.kind == "date":
        return Phrase("due.date", {"day": date.fromisoformat(d.value)})  # type: ignore[arg-type]
    if d.kind == "month":
        month = Month.parse(d.value)  # type: ignore[arg-type]
        return Phrase(f"due.month.{month.month}", {"year": str(month.year)})
    if d.kind == "quarter":
        year, quarter = d.value.split("-Q")  # type: ignore[union-attr]
        return Phrase(f"due.quarter.{int(quarter)}", {"year": year})
    if d.kind == "year":
        return Phrase("due.year", {"year": d.value})
    if d.kind == "after_event":
        return Phrase("due.after_event")
    if d.kind == "recurring":
        return Phrase(_RHYTHM_KEYS[d.recurrence.rhythm])  # type: ignore[union-attr]
    return Phrase("due.ongoing")
