"""Freezing a meeting's figures ("Chốt số liệu")."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from data_access import audit
from data_access.assessments import is_period
from data_access.meeting_models import Meeting
from data_access.meetings import MeetingError
from data_access.meta import bump_data_version
from domain.actor import Actor
from domain.user_text import NAME_LIMIT, TextError, clean_user_text
from services.guard import Origin, authorise


def freeze(*, session: Session, actor: Actor, name: str, meeting_date: date, period: str,
           asof: datetime | None = None, origin: Origin = "page") -> Meeting:
    """Record a meeting whose figures are those recorded up to `asof` (default: now)."""
    actor = authorise(session=session, actor=actor, origin=origin, province=True)
    try:
        name = clean_user_text(name, limit=NAME_LIMIT, field="name") or ""
    except TextError as exc:
        raise MeetingError("meeting.name_too_long") from exc
    if not name:
        raise MeetingError("meeting.name_needed")
    if not is_period(period):
        raise MeetingError("meeting.bad_period")
    now = datetime.now().replace(microsecond=0)
    asof = (asof or now).replace(second=0, microsecond=0)
    if asof > now:
        raise MeetingError("meeting.asof_future")
    row = Meeting(name=name, meeting_date=meeting_date, asof=asof, period=period,
                  created_by=actor.username, created_at=now)
    session.add(row)
    session.flush()
    audit.record(session=session, actor=actor, action="freeze", table="meeting", key=str(row.id), old=None,
                 new={"name": row.name, "meeting_date": meeting_date, "asof": asof, "period": period},
                 at=now, origin=origin)
    bump_data_version(session=session)
    return row
