"""Task status updates and report receipts entered by people: the acting account's rights are
checked and every write is audited (task_writes holds the programme's own rules)."""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from data_access import audit
from data_access.auth import Actor, actor_for
from data_access.permissions import require_writer
from data_access.task_writes import record_receipt, record_status


def _rights(session: Session, actor: Actor) -> Actor:
    actor = actor_for(session, actor.username) if actor.username else actor
    require_writer(actor)
    return actor


def update_task_status(session: Session, actor: Actor, task_id: str, status: str, done_date: date | None,
                       reason: str | None, note: str | None) -> None:
    """Raises PermissionDenied, or TaskRuleError (e.g. a late task not done without a reason)."""
    actor = _rights(session, actor)
    row = record_status(session, task_id, status, by=actor.username, done_date=done_date, reason=reason, note=note)
    audit.record(session, actor, "status", "task_status_update", task_id, None,
                 {"status": status, "done_date": done_date, "reason": row.reason, "note": note}, at=row.recorded_at)


def record_report(session: Session, actor: Actor, obligation_key: str, agency_key: str, period_end: date,
                  received_on: date, note: str | None = None) -> None:
    actor = _rights(session, actor)
    row = record_receipt(session, obligation_key, agency_key, period_end, received_on, by=actor.username, note=note)
    audit.record(session, actor, "receipt", "report_receipt", f"{obligation_key}/{agency_key}/{period_end}", None,
                 {"received_on": received_on, "due_date": row.due_date}, at=row.recorded_at)
