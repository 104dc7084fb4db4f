"""Deadlines and reporting periods in words, Vietnamese first: "quý IV/2013", "tháng 7/2013",
"15/06/2013", and each task's deadline as one label."""
from __future__ import annotations

from datetime import date
from typing import Any

from domain.months import Month
from domain.tasks.deadlines import (  # noqa: F401  (period labels live with the periods; re-exported here)
    _MONTHS_EN,
    _as_deadline,
    _to_date,
    half_year_label_en,
    half_year_label_vi,
    month_label_en,
    month_label_vi,
    quarter_label_en,
    quarter_label_vi,
    roman,
)


def format_date_vi(d: date) -> str:
    """``format_date_vi(date(2013, 6, 15)) -> "15/06/2013"``."""
    return _to_date(d).strftime("%d/%m/%Y")


def format_date_en(d: date) -> str:
    """``format_date_en(date(2013, 6, 15)) -> "15 June 2013"``."""
    d = _to_date(d)
    return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"


_RHYTHM_LABELS = {
    "weekly": ("hàng tuần", "weekly"),
    "monthly": ("hàng tháng", "monthly"),
    "quarterly": ("hàng quý", "quarterly"),
    "quarterly+half-year+year": ("hàng quý, 6 tháng, năm", "quarterly, half-yearly and yearly"),
}


def deadline_label(task_or_deadline: Any, lang: str = "vi") -> str:
    """A short label for a deadline: "15/06/2013", "tháng 7/2013", "quý IV/2013", "năm 2013",
    "sau khi có sự kiện", "hàng tháng", "thường xuyên" (English: "15 June 2013", "July 2013",
    "Q4 2013", "2013", "after an event", "monthly", "ongoing")."""
    d = _as_deadline(task_or_deadline)
    en = lang == "en"
    if d.kind == "date":
        day = date.fromisoformat(d.value)  # type: ignore[arg-type]
        return format_date_en(day) if en else format_date_vi(day)
    if d.kind == "month":
        return Month.parse(d.value).label(lang, long=True, full_name=True)  # type: ignore[arg-type]
    if d.kind == "quarter":
        year, quarter = d.value.split("-Q")  # type: ignore[union-attr]
        return quarter_label_en(int(year), int(quarter)) if en else quarter_label_vi(int(year), int(quarter))
    if d.kind == "year":
        return d.value if en else f"năm {d.value}"  # type: ignore[return-value]
    if d.kind == "after_event":
        return "after an event" if en else "sau khi có sự kiện"
    if d.kind == "recurring":
        vi, eng = _RHYTHM_LABELS[d.recurrence.rhythm]  # type: ignore[union-attr]
        return eng if en else vi
    return "ongoing" if en else "thường xuyên"
