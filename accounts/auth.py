"""Accounts: argon2 password hashes, roles, district scope, and a growing lock after failed logins.

There is no default account: `python -m data_access user add NAME --role admin` creates the first one.
Accounts are changed only through `services.accounts` (rights re-checked, audited).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import case, or_, select, update
from sqlalchemy.orm import Session

from data_access.models import AppUser
from domain.actor import ANONYMOUS, Actor
from domain.errors import CodedError

ROLES = ("viewer", "editor", "admin")
FREE_ATTEMPTS = 3  # failures before the account locks; each further failure doubles the lock
MAX_LOCK = timedelta(minutes=60)
_hasher = PasswordHasher()


class AuthError(CodedError):
    """A login or account problem, with a message for the person (code + parameters)."""


def validate_password(password: str) -> None:
    if len(password) < 8:
        raise AuthError("auth.password_short", min=8)


USER_COLUMNS = ["username", "display_name", "role", "district_code", "active", "failed_logins", "locked_until",
                "created_at"]


def accounts(*, session: Session) -> pd.DataFrame:
    """Every account (never the hash), for the administration page."""
    rows = session.execute(select(*(getattr(AppUser, c) for c in USER_COLUMNS)).order_by(AppUser.username)).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=USER_COLUMNS)


def hash_password(password: str) -> str:
    validate_password(password)
    return _hasher.hash(password)


def get_user(*, session: Session, username: str) -> AppUser:
    user = session.scalar(select(AppUser).where(AppUser.username == username.strip()))
    if user is None:
        raise AuthError("auth.no_user", username=username)
    return user


def lock_duration(failed_logins: int) -> timedelta:
    """No lock for the first failures, then 1, 2, 4 … minutes, at most an hour."""
    if failed_logins < FREE_ATTEMPTS:
        return timedelta(0)
    return min(timedelta(minutes=2 ** (failed_logins - FREE_ATTEMPTS)), MAX_LOCK)


def _failure_lock(now: datetime):
    """The new lock for the count after this failure, computed in SQL from the stored count, so
    parallel failures never lose one (every duration the rule can give is a bound value)."""
    saturated = FREE_ATTEMPTS + 7  # 2**6 minutes already exceeds MAX_LOCK
    whens = {n: (now + lock_duration(n) if lock_duration(n) else None) for n in range(1, saturated)}
    return case(whens, value=AppUser.failed_logins + 1, else_=now + MAX_LOCK)


def _minutes_left(locked_until: datetime, now: datetime) -> int:
    return max(1, int((locked_until - now).total_seconds() // 60) + 1)


def record_failure(*, session: Session, username: str,
                   now: datetime | None = None) -> tuple[int, datetime | None]:
    """Count one failed login and set the lock, in one UPDATE (no read-modify-write), committed at
    once: the failure must count although the login fails. Returns (count, locked_until)."""
    now = now or datetime.now()
    row = session.execute(
        update(AppUser).where(AppUser.username == username)
        .values(failed_logins=AppUser.failed_logins + 1, locked_until=_failure_lock(now))
        .returning(AppUser.failed_logins, AppUser.locked_until),
        execution_options={"synchronize_session": False}).first()
    session.commit()
    return (row[0], row[1]) if row else (0, None)


def authenticate(*, session: Session, username: str, password: str, now: datetime | None = None) -> Actor:
    """The actor for a correct password; AuthError otherwise (the same message for an unknown user
    and a wrong password, so names cannot be probed).

    Every wrong password counts, also while the account is locked (the lock then grows). A correct
    password logs in only if, at the moment of the reset (one conditional UPDATE), the account is
    active and not locked: a lock set by a parallel failure after our read still holds."""
    now = now or datetime.now()
    username = username.strip()
    user = session.execute(select(AppUser.password_hash, AppUser.locked_until)
                           .where(AppUser.username == username)).first()
    if user is None:
        _verify(_dummy_hash(), password)  # the same work as for a real account
        raise AuthError("auth.failed")
    locked_before = user.locked_until if user.locked_until and user.locked_until > now else None
    if not _verify(user.password_hash, password):
        record_failure(session=session, username=username, now=now)
        if locked_before:
            raise AuthError("auth.locked", count=_minutes_left(locked_before, now))
        raise AuthError("auth.failed")
    if locked_before:
        raise AuthError("auth.locked", count=_minutes_left(locked_before, now))
    row = session.execute(
        update(AppUser)
        .where(AppUser.username == username, AppUser.active.is_(True),
               or_(AppUser.locked_until.is_(None), AppUser.locked_until <= now))
        .values(failed_logins=0, locked_until=None)
        .returning(AppUser.username, AppUser.role, AppUser.district_code),
        execution_options={"synchronize_session": False}).first()
    if row is None:  # disabled, or locked by a failure that came in meanwhile
        current = session.execute(select(AppUser.active, AppUser.locked_until)
                                  .where(AppUser.username == username)).first()
        if current is not None and current.locked_until and current.locked_until > now:
            raise AuthError("auth.locked", count=_minutes_left(current.locked_until, now))
        raise AuthError("auth.disabled" if current is not None else "auth.failed")
    if _hasher.check_needs_rehash(user.password_hash):
        session.execute(update(AppUser).where(AppUser.username == username)
                        .values(password_hash=_hasher.hash(password)),
                        execution_options={"synchronize_session": False})
    return Actor(row.username, row.role, row.district_code)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked for unknown names, so the time taken does not tell which names exist."""
    return _hasher.hash("not-a-password")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def actor_for(*, session: Session, username: str) -> Actor:
    """The current rights of an account (re-read at every write: a disabled user loses them at once)."""
    user = session.scalar(select(AppUser).where(AppUser.username == username))
    if user is None or not user.active:
        return ANONYMOUS
    return Actor(user.username, user.role, user.district_code)
