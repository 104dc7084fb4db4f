"""Administration writes, each checked for the admin role and audited: accounts, members of the
pilot groups, corrections of provisional thresholds."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from data_access import audit, auth
from data_access.auth import Actor
from data_access.meta import bump_data_version
from data_access.models import AppUser, Commune, Indicator, UnitGroup, UnitGroupMember
from data_access.permissions import require_admin

USER_COLUMNS = ["username", "display_name", "role", "district_code", "active", "failed_logins", "locked_until",
                "created_at"]


def users(session: Session) -> pd.DataFrame:
    rows = session.execute(select(*(getattr(AppUser, c) for c in USER_COLUMNS)).order_by(AppUser.username)).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=USER_COLUMNS)


def add_user(session: Session, actor: Actor, username: str, password: str, role: str,
             district_code: str | None) -> None:
    require_admin(actor)
    auth.add_user(session, username, password, role, district_code)
    audit.record(session, actor, "add", "app_user", username, None,
                 {"role": role, "district_code": district_code or None})


def set_active(session: Session, actor: Actor, username: str, active: bool) -> None:
    require_admin(actor)
    user = auth.get_user(session, username)
    audit.record(session, actor, "enable" if active else "disable", "app_user", username,
                 {"active": user.active}, {"active": active})
    user.active = active


def reset_password(session: Session, actor: Actor, username: str, password: str) -> None:
    require_admin(actor)
    auth.set_password(session, username, password)
    audit.record(session, actor, "passwd", "app_user", username, None, None)  # never the hash


def set_group_members(session: Session, actor: Actor, group_key: str, codes: list[str]) -> int:
    """Replace a group's members with `codes` (assessed communes). Returns how many changed."""
    require_admin(actor)
    if session.get(UnitGroup, group_key) is None:
        raise ValueError(f"unknown group {group_key}")
    valid = set(session.scalars(select(Commune.code).where(Commune.assessed, Commune.code.in_(codes))))
    unknown = sorted(set(codes) - valid)
    if unknown:
        raise ValueError("not assessed communes: " + ", ".join(unknown))
    before = set(session.scalars(select(UnitGroupMember.commune_code).where(UnitGroupMember.group_key == group_key)))
    after = set(codes)
    if before == after:
        return 0
    session.execute(delete(UnitGroupMember).where(UnitGroupMember.group_key == group_key,
                                                  UnitGroupMember.commune_code.in_(before - after)))
    session.add_all(UnitGroupMember(group_key=group_key, commune_code=c, is_sample=False) for c in after - before)
    audit.record(session, actor, "members", "unit_group", group_key, sorted(before), sorted(after))
    bump_data_version(session)
    return len(before ^ after)


def correct_threshold(session: Session, actor: Actor, indicator_id: int, threshold: float | None, source: str,
                      now: datetime | None = None) -> None:
    """Set an indicator's threshold from a checked source; it is then shown as verified."""
    require_admin(actor)
    if not source.strip():
        raise ValueError("a source is required")
    ind = session.get(Indicator, indicator_id)
    if ind is None:
        raise ValueError(f"unknown indicator {indicator_id}")
    old = {"threshold": ind.threshold, "verified": ind.verified, "source": ind.source}
    ind.threshold, ind.verified, ind.source = threshold, True, source.strip()
    audit.record(session, actor, "threshold", "indicator", f"{ind.criterion.set_id}/{ind.code}", old,
                 {"threshold": threshold, "verified": True, "source": source.strip()}, at=now)
    bump_data_version(session)
