"""Accounts: argon2 password hashes, roles, district scope, and a growing lock after failed logins.

There is no default account: `python -m data_access user add NAME --role admin` creates the first one.
Accounts are changed only through `services.accounts` (rights re-checked, audited).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import AppUser

ROLES = ("viewer", "editor", "admin")
FREE_ATTEMPTS = 3  # failures before the account locks; each further failure doubles the lock
MAX_LOCK = timedelta(minutes=60)
_hasher = PasswordHasher()


@dataclass(frozen=True)
class Actor:
    """Who is acting. Every write in data_access takes one."""

    username: str
    role: str  # anonymous | viewer | editor | admin
    district_code: str | None = None  # an editor limited to one district

    @property
    def can_write(self) -> bool:
        return self.role in ("editor", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


ANONYMOUS = Actor("", "anonymous")


class AuthError(Exception):
    """A login or account problem, with a message for the person (code + parameters)."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


def validate_password(password: str) -> None:
    if len(password) < 8:
        raise AuthError("auth.password_short", min=8)


USER_COLUMNS = ["username", "display_name", "role", "district_code", "active", "failed_logins", "locked_until",
                "created_at"]


def accounts(session: Session) -> pd.DataFrame:
    """Every account (never the hash), for the administration page."""
    rows = session.execute(select(*(getattr(AppUser, c) for c in USER_COLUMNS)).order_by(AppUser.username)).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=USER_COLUMNS)


def hash_password(password: str) -> str:
    validate_password(password)
    return _hasher.hash(password)


def get_user(session: Session, username: str) -> AppUser:
    user = session.scalar(select(AppUser).where(AppUser.username == username.strip()))
    if user is None:
        raise AuthError("auth.no_user", username=username)
    return user


def lock_duration(failed_logins: int) -> timedelta:
    """No lock for the first failures, then 1, 2, 4 … minutes, at most an hour."""
    if failed_logins < FREE_ATTEMPTS:
        return timedelta(0)
    return min(timedelta(minutes=2 ** (failed_logins - FREE_ATTEMPTS)), MAX_LOCK)


def authenticate(session: Session, username: str, password: str, now: datetime | None = None) -> Actor:
    """The actor for a correct password; AuthError otherwise (the same message for an unknown user
    and a wrong password, so names cannot be probed)."""
    now = now or datetime.now()
    user = session.scalar(select(AppUser).where(AppUser.username == username.strip()))
    if user is None:
        raise AuthError("auth.failed")
    if user.locked_until and user.locked_until > now:
        raise AuthError("auth.locked", minutes=max(1, int((user.locked_until - now).total_seconds() // 60) + 1))
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        lock = lock_duration(user.failed_logins)
        user.locked_until = now + lock if lock else None
        session.commit()  # the failure must count even though the caller's transaction fails
        raise AuthError("auth.failed")
    if not user.active:
        raise AuthError("auth.disabled")
    user.failed_logins = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return Actor(user.username, user.role, user.district_code)


def actor_for(session: Session, username: str) -> Actor:
    """The current rights of an account (re-read at every write: a disabled user loses them at once)."""
    user = session.scalar(select(AppUser).where(AppUser.username == username))
    if user is None or not user.active:
        return ANONYMOUS
    return Actor(user.username, user.role, user.district_code)
