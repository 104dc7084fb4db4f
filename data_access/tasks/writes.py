"""Row writers for what happens to the programme: a task's status, a report received, an
inspection visit, the date of an awaited event. Each checks the programme's rules; none checks
rights or audits: people write through `services.tasks`, which does both. Only the services and
the sample loader call these (hence the leading underscore).

Status is append-only: `_record_status` adds a row, never changes one. A task past its due date
and not done cannot be recorded without a reason ("nguyên nhân", the 2013 work programme §II.2).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from data_access.meta import bump_data_version
from data_access.tasks.models import (
    AwaitedEvent,
    InspectionVisit,
    ProgrammeTask,
    ReportingObligation,
    ReportReceipt,
    TaskStatusUpdate,
)
from data_access.tasks.queries import TASK_COLUMNS, events
from domain.tasks import deadlines as dl
from domain.tasks import reporting_calendar as rc
from domain.tasks.board import deadline_of, status_problems


class TaskRuleError(ValueError):
    """A write the programme's rules refuse; `problems` names each rule broken."""

    def __init__(self, problems: list[str]):
        super().__init__(", ".join(problems))
        self.problems = problems


def task_due_date(*, session: Session, task_id: str, moment: datetime) -> date | None:
    task = session.get(ProgrammeTask, task_id)
    if task is None:
        raise KeyError(f"unknown task {task_id!r}")
    row = {c: getattr(task, c) for c in TASK_COLUMNS}
    if row["deadline_kind"] == "recurring":
        return None
    return dl.due_date(deadline_of(row), events=events(session=session, moment=moment))


def _record_status(session: Session, task_id: str, status: str, *, by: str, at: datetime | None = None,
                  done_date: date | None = None, reason: str | None = None, note: str | None = None,
                  is_sample: bool = False, bump: bool = True) -> TaskStatusUpdate:
    at = at or datetime.now().replace(microsecond=0)
    problems = status_problems(status, done_date=done_date, reason=reason, due=task_due_date(session=session, task_id=task_id, moment=at), on=at.date())
    if not (by or "").strip():
        problems.append("author_required")
    if problems:
        raise TaskRuleError(problems)
    row = TaskStatusUpdate(task_id=task_id, status=status, done_date=done_date, reason=(reason or "").strip() or None,
                           note=note, recorded_at=at, recorded_by=by, is_sample=is_sample)
    session.add(row)
    if bump:
        bump_data_version(session=session)
    return row


def period_ending(*, session: Session, obligation_key: str, period_end: date) -> rc.DuePeriod:
    """The obligation's period that ends on `period_end` (periods are named by their last day)."""
    ob = session.get(ReportingObligation, obligation_key)
    if ob is None:
        raise KeyError(f"unknown obligation {obligation_key!r}")
    rec = dl.Recurrence(ob.rhythm, day=ob.due_day, weekday=ob.due_weekday)
    for p in rc.due_periods(rec, period_end - timedelta(days=200), period_end + timedelta(days=200)):
        if p.end == period_end:
            return p
    raise TaskRuleError(["not_a_period_end"])


def _record_receipt(session: Session, obligation_key: str, agency_key: str, period_end: date, received_on: date,
                   *, by: str, at: datetime | None = None, note: str | None = None, is_sample: bool = False,
                   bump: bool = True) -> ReportReceipt:
    """A report for the period ending on `period_end` received on `received_on`."""
    at = at or datetime.now().replace(microsecond=0)
    period = period_ending(session=session, obligation_key=obligation_key, period_end=period_end)
    if received_on > at.date():
        raise TaskRuleError(["received_in_future"])
    row = ReportReceipt(obligation_key=obligation_key, agency_key=agency_key, period_start=period.start,
                        period_end=period.end, due_date=period.due, received_on=received_on, note=note,
                        recorded_at=at, recorded_by=by, is_sample=is_sample)
    session.add(row)
    if bump:
        bump_data_version(session=session)
    return row


def _record_visit(session: Session, visit_date: date, who: str, commune_code: str, findings: str, *, by: str,
                 at: datetime | None = None, is_sample: bool = False, bump: bool = True) -> InspectionVisit:
    at = at or datetime.now().replace(microsecond=0)
    row = InspectionVisit(visit_date=visit_date, who=who, commune_code=commune_code, findings=findings,
                          recorded_at=at, recorded_by=by, is_sample=is_sample)
    session.add(row)
    if bump:
        bump_data_version(session=session)
    return row


def _record_event_date(session: Session, event_key: str, occurred_on: date, *, by: str, at: datetime | None = None,
                      is_sample: bool = False, bump: bool = True) -> AwaitedEvent:
    """The awaited event happened: the tasks waiting for it get their due date."""
    event = session.get(AwaitedEvent, event_key)
    if event is None:
        raise KeyError(f"unknown event {event_key!r}")
    event.occurred_on = occurred_on
    event.recorded_at = at or datetime.now().replace(microsecond=0)
    event.recorded_by = by
    event.is_sample = is_sample
    if bump:
        bump_data_version(session=session)
    return event
