"""Logins kept across reloads (table user_session): the browser keeps a random token, the
database only its SHA-256 hash, so a copy of the database opens no session.

A login ends after IDLE without use, after ABSOLUTE at most, when its owner logs out, and when the
account is disabled, its role or password changes (services.accounts) or a backup is restored
(services.backups). Every lookup re-reads the account, so the rights restored are the current ones.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from data_access.models import AppUser, UserSession
from domain.actor import Actor

IDLE = timedelta(hours=8)
ABSOLUTE = timedelta(days=7)
TOUCH_EVERY = timedelta(minutes=5)  # last_seen_at is written at most this often


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Login:
    """An open login, as a page needs it: who, and until when the browser should keep the cookie."""

    actor: Actor
    expires_at: datetime

    def max_age(self, now: datetime) -> int:
        """Seconds the cookie should live (the absolute limit; the idle limit is checked here)."""
        return max(0, int((self.expires_at - now).total_seconds()))


def create(*, session: Session, actor: Actor, now: datetime | None = None) -> tuple[str, Login]:
    """A new login for an authenticated actor: the raw token (for the cookie only) and the login."""
    now = now or datetime.now()
    token = secrets.token_urlsafe(32)
    expires = now + ABSOLUTE
    session.add(UserSession(token_hash=hash_token(token), username=actor.username, created_at=now,
                            last_seen_at=now, expires_at=expires, revoked_at=None))
    session.flush()
    return token, Login(actor, expires)


def lookup(*, session: Session, token: str | None, now: datetime | None = None) -> Login | None:
    """The login of this token with the account's current rights, or None (unknown, revoked,
    expired, idle too long, account disabled or gone). Records the use (see touch)."""
    if not token:
        return None
    now = now or datetime.now()
    row = session.execute(
        select(AppUser.username, AppUser.role, AppUser.district_code, UserSession.expires_at)
        .join(AppUser, AppUser.username == UserSession.username)
        .where(UserSession.token_hash == hash_token(token), UserSession.revoked_at.is_(None),
               UserSession.expires_at > now, UserSession.last_seen_at > now - IDLE,
               AppUser.active.is_(True))
    ).first()
    if row is None:
        return None
    touch(session=session, token=token, now=now)
    return Login(Actor(row.username, row.role, row.district_code), row.expires_at)


def touch(*, session: Session, token: str, now: datetime | None = None) -> bool:
    """Record that the login is in use (keeps it from idling out). Writes only when the last record
    is older than TOUCH_EVERY, in one conditional UPDATE. True when a row was written."""
    now = now or datetime.now()
    result = session.execute(
        update(UserSession)
        .where(UserSession.token_hash == hash_token(token), UserSession.revoked_at.is_(None),
               UserSession.last_seen_at < now - TOUCH_EVERY)
        .values(last_seen_at=now), execution_options={"synchronize_session": False})
    return bool(result.rowcount)


def revoke(*, session: Session, token: str | None, now: datetime | None = None) -> bool:
    """End one login (logout). True when an open login was ended."""
    if not token:
        return False
    result = session.execute(
        update(UserSession)
        .where(UserSession.token_hash == hash_token(token), UserSession.revoked_at.is_(None))
        .values(revoked_at=now or datetime.now()), execution_options={"synchronize_session": False})
    return bool(result.rowcount)


def revoke_all(*, session: Session, username: str, now: datetime | None = None) -> int:
    """End every open login of an account (disabled, password changed). Returns how many."""
    result = session.execute(
        update(UserSession).where(UserSession.username == username, UserSession.revoked_at.is_(None))
        .values(revoked_at=now or datetime.now()), execution_options={"synchronize_session": False})
    return result.rowcount or 0
