"""Deadlines of the work-programme tasks (a recurring one's calendar: domain.tasks.reporting_calendar).

Pure Python (no Streamlit, no SQL). The 2013 work programme words its deadlines in a few ways;
each becomes a :class:`Deadline` of one kind:

==============  ==========================================  =======================================
kind            seed phrasing (examples)                    due date
==============  ==========================================  =======================================
``date``        "chậm nhất đến ngày 15/6/2013"              that day
``month``       "trong tháng 7/2013", "dự kiến trong        the month's last day
                tháng 9/2013"
``quarter``     "trong quý IV/2013"                         the quarter's last day
``year``        "trong năm 2013", "đến cuối năm 2013"       31 December
``after_event`` "sau khi có Thông tư sửa đổi…"              ``None`` until the event's date is
                                                            recorded; then that date + a working
                                                            period (``DEFAULT_GRACE_DAYS`` = 30
                                                            days, per task ``grace_days``), shown
                                                            as tentative: the text sets no date
``recurring``   "hàng tháng (vào ngày 20)", "một tuần 1     the next due date on or after a given
                xã", "hàng quý, 6 tháng, năm"               day (see :class:`Recurrence`)
``ongoing``     (no deadline, "thường xuyên")               ``None``
==============  ==========================================  =======================================

The rule for years (one rule, every task): a year is a deadline only when a time word introduces it
("trong năm 2013", "đến cuối năm 2013", "phải hoàn thành trong năm 2014"). A year that names a plan
or the period the work covers ("kế hoạch … năm 2013", "lao động nông thôn năm 2013") is not a
deadline, and the §2 preamble's "Trong năm 2013" is the programme's horizon, not each task's
deadline: a task without its own deadline phrase is ``ongoing`` (no due date, never overdue).
See ``domain.tasks.deadline_phrases.YEAR_RULE``.

``after_event``: the seed only says the work is finished and issued "after" the awaited document
appears ("chờ văn bản"); it gives no delay. Until an editor records the document's date the task
has no due date and is never overdue. Once it is recorded the board uses the date + 30 days (the
office's working period, settable per task with ``grace_days``) and marks the date tentative, since
the text does not fix it. "dự kiến" deadlines (``tentative``) are shown and reported as such.

A date is "due" through the whole of its day: something due on 20/06 is on time when received
on 20/06 and late from 21/06.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, overload

from domain.months import Month

DEADLINE_KINDS = ("date", "month", "quarter", "year", "after_event", "recurring", "ongoing")
FIXED_KINDS = ("date", "month", "quarter", "year")
RHYTHMS = ("weekly", "monthly", "quarterly", "quarterly+half-year+year")
DEFAULT_GRACE_DAYS = 30
#: Task statuses that close a task: it can no longer be overdue. Anything else (including None)
#: counts as open. Compared case-insensitively.
CLOSED_STATUSES = frozenset({"done", "cancelled"})
TIMELINESS_VALUES = ("on_time", "late", "missing", "not_due")

_ROMAN = ("I", "II", "III", "IV")
_ROMAN_TO_INT = {r: i for i, r in enumerate(_ROMAN, 1)}
_VALUE_PATTERNS = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^(\d{4})-(\d{2})$"),
    "quarter": re.compile(r"^(\d{4})-Q([1-4])$"),
    "year": re.compile(r"^(\d{4})$"),
}


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recurrence:
    """A rhythm and the rule that fixes each due date.

    - ``weekly``: due on ``weekday`` (0 = Monday … 6 = Sunday, default Sunday) of every week.
    - ``monthly``: due on ``day`` of every month, or on the month's last day if ``day`` is None.
    - ``quarterly`` and ``quarterly+half-year+year``: due on ``day`` of the quarter's last month
      (15 → 15/3, 15/6, 15/9, 15/12), or on the quarter's last day if ``day`` is None. In
      ``quarterly+half-year+year`` the Q2 item is the half-year one and the Q4 item the yearly one.

    A ``day`` past a month's end (31 in June) falls on that month's last day.
    """

    rhythm: str
    day: int | None = None
    weekday: int = 6

    def __post_init__(self) -> None:
        if self.rhythm not in RHYTHMS:
            raise ValueError(f"unknown rhythm {self.rhythm!r}; expected one of {', '.join(RHYTHMS)}")
        if self.day is not None and not (isinstance(self.day, int) and 1 <= self.day <= 31):
            raise ValueError(f"due day must be 1–31 or None, not {self.day!r}")
        if not (isinstance(self.weekday, int) and 0 <= self.weekday <= 6):
            raise ValueError(f"weekday must be 0 (Monday) … 6 (Sunday), not {self.weekday!r}")
        if self.rhythm == "weekly" and self.day is not None:
            raise ValueError("a weekly rhythm takes a weekday, not a day of the month")


@dataclass(frozen=True)
class Deadline:
    """A task's deadline: its kind, its normalised value and the seed's wording.

    ``value``: "YYYY-MM-DD" (date), "YYYY-MM" (month), "YYYY-Qn" (quarter), "YYYY" (year), None
    otherwise. ``event_key`` (after_event) names the awaited event; ``recurrence`` (recurring) its
    rhythm; ``grace_days`` (after_event) overrides the default grace period.
    """

    kind: str
    value: str | None = None
    text: str = ""
    event_key: str | None = None
    recurrence: Recurrence | None = None
    grace_days: int | None = None
    tentative: bool = False

    def __post_init__(self) -> None:
        if self.kind not in DEADLINE_KINDS:
            raise ValueError(f"unknown deadline kind {self.kind!r}; "
                             f"expected one of {', '.join(DEADLINE_KINDS)}")
        if self.kind in FIXED_KINDS:
            if not isinstance(self.value, str) or not _VALUE_PATTERNS[self.kind].match(self.value):
                raise ValueError(f"deadline of kind {self.kind!r} needs a value like "
                                 f"{_example_value(self.kind)!r}, not {self.value!r}")
            value_due_date(self.kind, self.value)  # raises on impossible dates (2013-02-30, month 13)
        elif self.value is not None:
            raise ValueError(f"deadline of kind {self.kind!r} takes no value (got {self.value!r})")
        if self.kind == "after_event" and not self.event_key:
            raise ValueError("an after_event deadline needs an event key")
        if self.kind != "after_event" and self.event_key is not None:
            raise ValueError(f"only after_event deadlines name an event (kind {self.kind!r})")
        if self.kind == "recurring" and self.recurrence is None:
            raise ValueError("a recurring deadline needs a recurrence")
        if self.kind != "recurring" and self.recurrence is not None:
            raise ValueError(f"only recurring deadlines have a recurrence (kind {self.kind!r})")
        if self.grace_days is not None and (not isinstance(self.grace_days, int) or self.grace_days < 0):
            raise ValueError(f"grace_days must be a non-negative integer, not {self.grace_days!r}")


def _example_value(kind: str) -> str:
    return {"date": "2013-06-15", "month": "2013-07", "quarter": "2013-Q4", "year": "2013"}[kind]


# --------------------------------------------------------------------------------------------
# Calendar arithmetic
# --------------------------------------------------------------------------------------------


def last_day_of_month(year: int, month: int) -> date:
    """``last_day_of_month(2013, 2) -> date(2013, 2, 28)``."""
    return Month(year, month).last_day


def quarter_of(d: date) -> int:
    """1–4."""
    return Month.of(d).quarter


def quarter_start(year: int, quarter: int) -> date:
    _check_quarter(quarter)
    return date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> date:
    """``quarter_end(2013, 4) -> date(2013, 12, 31)``."""
    _check_quarter(quarter)
    return last_day_of_month(year, 3 * quarter)


def _check_quarter(quarter: int) -> None:
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1–4, not {quarter!r}")


def _clipped(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, Month(year, month).last_day.day))


@overload
def _to_date(value: None) -> None: ...
@overload
def _to_date(value: date | str) -> date: ...
@overload
def _to_date(value: Any) -> date | None: ...
def _to_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value.strip())
    raise TypeError(f"expected a date, not {value!r}")


# --------------------------------------------------------------------------------------------
# Due dates
# --------------------------------------------------------------------------------------------


def value_due_date(kind: str, value: str) -> date:
    """The due date of a fixed deadline: the date itself, or the last day of its month, quarter
    or year. ``value_due_date("quarter", "2013-Q4") -> date(2013, 12, 31)``."""
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "month":
        return Month.parse(value).last_day
    if kind == "quarter":
        m = _VALUE_PATTERNS["quarter"].match(value)
        if not m:
            raise ValueError(f"bad quarter value {value!r}")
        return quarter_end(int(m.group(1)), int(m.group(2)))
    if kind == "year":
        if not _VALUE_PATTERNS["year"].match(value):
            raise ValueError(f"bad year value {value!r}")
        return date(int(value), 12, 31)
    raise ValueError(f"deadline kind {kind!r} has no fixed due date")


def _as_deadline(obj: Any) -> Deadline:
    if isinstance(obj, Deadline):
        return obj
    deadline = getattr(obj, "deadline", None)
    if isinstance(deadline, Deadline):
        return deadline
    raise TypeError(f"expected a Deadline or an object with a .deadline, not {type(obj).__name__}")


def _as_recurrence(obj: Any) -> Recurrence:
    if isinstance(obj, Recurrence):
        return obj
    for attr in ("recurrence",):
        rec = getattr(obj, attr, None)
        if isinstance(rec, Recurrence):
            return rec
    deadline = getattr(obj, "deadline", None)
    if isinstance(deadline, Deadline) and deadline.recurrence is not None:
        return deadline.recurrence
    raise TypeError(f"expected a Recurrence or an object with a .recurrence, not {type(obj).__name__}")


def due_date(
    task_or_deadline: Any,
    *,
    events: Mapping[str, Any] | None = None,
    on_or_after: date | None = None,
    grace_days: int | None = None,
) -> date | None:
    """The date a task (or a :class:`Deadline`) is due.

    - date / month / quarter / year: fixed (see :func:`value_due_date`);
    - after_event: ``events[event_key] + grace`` where grace is ``grace_days`` if given, else the
      deadline's own ``grace_days``, else :data:`DEFAULT_GRACE_DAYS`; None while the event is
      missing from ``events`` or mapped to None;
    - recurring: the next due date on or after ``on_or_after`` (None if that is not given);
    - ongoing: None.
    """
    d = _as_deadline(task_or_deadline)
    if d.kind in FIXED_KINDS:
        return value_due_date(d.kind, d.value)  # type: ignore[arg-type]
    if d.kind == "after_event":
        event_date = _to_date((events or {}).get(d.event_key))  # type: ignore[arg-type]
        if event_date is None:
            return None
        grace = grace_days if grace_days is not None else d.grace_days
        return event_date + timedelta(days=DEFAULT_GRACE_DAYS if grace is None else grace)
    if d.kind == "recurring":
        if on_or_after is None:
            return None
        from domain.tasks.reporting_calendar import next_due  # it builds on this module's types
        return next_due(d.recurrence, on_or_after)
    return None


def is_overdue(
    task: Any,
    status: str | None,
    as_of: date,
    *,
    events: Mapping[str, Any] | None = None,
    grace_days: int | None = None,
) -> bool:
    """True when the task is still open (``status`` not in :data:`CLOSED_STATUSES`) and its due
    date is before ``as_of`` (on the due date itself it is not yet overdue).

    Tasks without a due date (ongoing, an after_event whose event has no date yet) are never
    overdue. Recurring tasks are never overdue as a whole: each occurrence is judged with
    :func:`domain.tasks.reporting_calendar.timeliness` instead.
    """
    if status is not None and str(status).strip().lower() in CLOSED_STATUSES:
        return False
    d = _as_deadline(task)
    if d.kind == "recurring":
        return False
    due = due_date(d, events=events, grace_days=grace_days)
    return due is not None and _to_date(as_of) > due


def roman(quarter: int) -> str:
    _check_quarter(quarter)
    return _ROMAN[quarter - 1]

