"""Accounts: add, change role or district, reset a password, disable, enable. Admins only (or the
operator at the command line); every change audited, never with the password or its hash."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.auth import ROLES, AuthError, get_user, hash_password
from accounts.login_sessions import revoke_all
from data_access import audit
from data_access.meta import bump_data_version
from data_access.models import AppUser, District
from domain.actor import Actor
from domain.user_text import NAME_LIMIT, TextError, clean_user_text
from services.guard import Origin, authorise


def _check_role(session: Session, role: str, district_code: str | None) -> None:
    if role not in ROLES:
        raise AuthError("auth.bad_role", role=role)
    if district_code and session.get(District, district_code) is None:
        raise AuthError("auth.bad_district", district=district_code)


def add_user(*, session: Session, actor: Actor, username: str, password: str, role: str,
             district_code: str | None = None, display_name: str | None = None, origin: Origin = "page",
             now: datetime | None = None) -> AppUser:
    actor = authorise(session=session, actor=actor, origin=origin, admin=True)
    try:
        username = clean_user_text(username, limit=80, field="username") or ""
        display_name = clean_user_text(display_name, limit=NAME_LIMIT, field="display_name")
    except TextError as exc:
        raise AuthError("auth.name_too_long") from exc
    if not username:
        raise AuthError("auth.username_empty")
    _check_role(session, role, district_code)
    if session.scalar(select(AppUser).where(AppUser.username == username)) is not None:
        raise AuthError("auth.user_exists", username=username)
    now = now or datetime.now()
    user = AppUser(username=username, display_name=display_name, password_hash=hash_password(password), role=role,
                   district_code=district_code or None, active=True, failed_logins=0, created_at=now)
    session.add(user)
    session.flush()
    audit.record(session=session, actor=actor, action="add", table="app_user", key=username, old=None,
                 new={"role": role, "district_code": district_code or None, "display_name": display_name},
                 at=now, origin=origin)
    bump_data_version(session=session)
    return user


def set_role(*, session: Session, actor: Actor, username: str, role: str, district_code: str | None,
             origin: Origin = "page") -> None:
    """A new role or district takes effect at once: the account's open logins end."""
    actor = authorise(session=session, actor=actor, origin=origin, admin=True)
    _check_role(session, role, district_code)
    user = get_user(session=session, username=username)
    old = {"role": user.role, "district_code": user.district_code}
    new = {"role": role, "district_code": district_code or None}
    if old == new:
        return
    user.role, user.district_code = role, district_code or None
    revoke_all(session=session, username=user.username)
    audit.record(session=session, actor=actor, action="role", table="app_user", key=user.username, old=old, new=new,
                 origin=origin)
    bump_data_version(session=session)


def reset_password(*, session: Session, actor: Actor, username: str, password: str,
                   origin: Origin = "page") -> None:
    actor = authorise(session=session, actor=actor, origin=origin, admin=True)
    user = get_user(session=session, username=username)
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None
    revoke_all(session=session, username=user.username)
    audit.record(session=session, actor=actor, action="passwd", table="app_user", key=user.username, old=None,
                 new=None, origin=origin)  # never the hash
    bump_data_version(session=session)


def set_active(*, session: Session, actor: Actor, username: str, active: bool, origin: Origin = "page") -> None:
    actor = authorise(session=session, actor=actor, origin=origin, admin=True)
    user = get_user(session=session, username=username)
    if user.active == active:
        return
    audit.record(session=session, actor=actor, action="enable" if active else "disable", table="app_user", key=user.username,
                 old={"active": user.active}, new={"active": active}, origin=origin)
    user.active = active
    if not active:
        revoke_all(session=session, username=user.username)
    bump_data_version(session=session)
