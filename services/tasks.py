"""Task status updates, report receipts and the dates of awaited events, entered by people."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.meta import bump_data_version
from data_access.tasks.models import AwaitedEvent, ReportReceipt
from data_access.tasks.writes import TaskRuleError, _record_event_date, _record_receipt, _record_status
from domain.actor import Actor
from domain.user_text import TextError, clean_user_text
from services.guard import Origin, authorise


def _text(value: str | None, field: str) -> str | None:
    try:
        return clean_user_text(value, field=field)
    except TextError as exc:
        raise TaskRuleError(["text_too_long"]) from exc


def update_task_status(*, session: Session, actor: Actor, task_id: str, status: str, done_date: date | None,
                       reason: str | None, note: str | None, origin: Origin = "page") -> None:
    """Raises PermissionDenied, or TaskRuleError (e.g. a late task not done without a reason)."""
    actor = authorise(session=session, actor=actor, origin=origin, province=True)
    row = _record_status(session, task_id, status, by=actor.username, done_date=done_date,
                         reason=_text(reason, "reason"), note=_text(note, "note"), bump=False)
    audit.record(session=session, actor=actor, action="status", table="task_status_update", key=task_id, old=None,
                 new={"status": status, "done_date": done_date, "reason": row.reason, "note": row.note},
                 at=row.recorded_at, origin=origin)
    bump_data_version(session=session)


def record_report(*, session: Session, actor: Actor, obligation_key: str, agency_key: str, period_end: date,
                  received_on: date, note: str | None = None, origin: Origin = "page") -> None:
    """A report received. A second entry for the same agency and period corrects the first (the
    audit keeps the old date): there is one receipt per period."""
    actor = authorise(session=session, actor=actor, origin=origin, province=True)
    note = _text(note, "note")
    existing = session.scalar(select(ReportReceipt).where(
        ReportReceipt.obligation_key == obligation_key, ReportReceipt.agency_key == agency_key,
        ReportReceipt.period_end == period_end))
    key = f"{obligation_key}/{agency_key}/{period_end}"
    if existing is not None:
        if existing.received_on == received_on and (existing.note or None) == note:
            return
        if received_on > date.today():
            raise TaskRuleError(["received_in_future"])
        old = {"received_on": existing.received_on, "note": existing.note}
        existing.received_on, existing.note = received_on, note
        existing.recorded_at, existing.recorded_by = datetime.now().replace(microsecond=0), actor.username
        existing.is_sample = False
        audit.record(session=session, actor=actor, action="receipt", table="report_receipt", key=key, old=old,
                     new={"received_on": received_on, "due_date": existing.due_date, "note": note},
                     at=existing.recorded_at, origin=origin)
        bump_data_version(session=session)
        return
    row = _record_receipt(session, obligation_key, agency_key, period_end, received_on, by=actor.username,
                          note=note, bump=False)
    audit.record(session=session, actor=actor, action="receipt", table="report_receipt", key=key, old=None,
                 new={"received_on": received_on, "due_date": row.due_date, "note": note}, at=row.recorded_at,
                 origin=origin)
    bump_data_version(session=session)


def record_event_date(*, session: Session, actor: Actor, event_key: str, occurred_on: date,
                      origin: Origin = "page") -> None:
    """The awaited event happened (e.g. a circular was issued): its tasks get their due date."""
    actor = authorise(session=session, actor=actor, origin=origin, province=True)
    event = session.get(AwaitedEvent, event_key)
    old = None if event is None else event.occurred_on
    row = _record_event_date(session, event_key, occurred_on, by=actor.username,
                             at=datetime.now().replace(microsecond=0), bump=False)
    audit.record(session=session, actor=actor, action="event_date", table="awaited_event", key=event_key, old={"occurred_on": old},
                 new={"occurred_on": occurred_on}, at=row.recorded_at, origin=origin)
    bump_data_version(session=session)
