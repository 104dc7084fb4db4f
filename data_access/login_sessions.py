"""Logins kept across reloads (table user_session): the browser keeps a random token, the
database only its SHA-256 hash, so a copy of the database opens no session."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from data_access.models import UserSession


def revoke_all(session: Session, username: str, now: datetime | None = None) -> int:
    """End every open login of an account (disabled, password changed). Returns how many."""
    result = session.execute(
        update(UserSession).where(UserSession.username == username, UserSession.revoked_at.is_(None))
        .values(revoked_at=now or datetime.now()), execution_options={"synchronize_session": False})
    return result.rowcount or 0
