"""Who may write: the acting account is re-read from the database at every write.

The actor a page holds is only a claim (it lives in a browser session and may be stale); the
rights that count are the account's rights now. The command line acts as the server's operator:
it has its own actor, accepted only from the command line.
"""
from __future__ import annotations

import getpass
from typing import Literal

from sqlalchemy.orm import Session

from accounts.auth import actor_for
from accounts.permissions import PermissionDenied
from data_access.models import Commune, District
from domain.actor import Actor
from domain.authors import OPERATOR_PREFIX

Origin = Literal["page", "cli"]
OPERATOR_ROLE = "operator"


def command_line_actor() -> Actor:
    """The operator at the server's console (audited under the system user's name)."""
    try:
        who = getpass.getuser()
    except Exception:  # no user name in a container: still audited as the command line
        who = "?"
    return Actor(f"{OPERATOR_PREFIX}{who}", OPERATOR_ROLE)


def authorise(*, session: Session, actor: Actor, origin: Origin, admin: bool = False,
              district: str | None = None, province: bool = False) -> Actor:
    """The actor with its current rights, or PermissionDenied. `district`: the district of the
    commune written (an editor limited to a district writes only there); `province`: a
    province-wide record (tasks, reports, meetings), which a district's editor may not write."""
    if origin not in ("page", "cli"):
        raise PermissionDenied("perm.forged")
    if actor.role == OPERATOR_ROLE:
        if origin != "cli" or not actor.username.startswith(OPERATOR_PREFIX):
            raise PermissionDenied("perm.forged")
        return actor
    if not actor.username or actor.role == "anonymous":
        raise PermissionDenied("perm.login_required")
    current = actor_for(session=session, username=actor.username)
    if current.role == "anonymous":
        raise PermissionDenied("perm.account_disabled")
    if (current.role, current.district_code) != (actor.role, actor.district_code):
        raise PermissionDenied("perm.account_changed")
    if admin and not current.is_admin:
        raise PermissionDenied("perm.admin_only")
    if not current.can_write:
        raise PermissionDenied("perm.read_only")
    if district is not None:
        require_district(session=session, actor=current, district=district)
    if province and current.district_limit:
        raise PermissionDenied("perm.province_only", district=_district_name(session, current.district_limit))
    return current


def _district_name(session: Session, code: str) -> str:
    row = session.get(District, code)
    return row.name if row is not None else code


def require_district(*, session: Session, actor: Actor, district: str, commune: str | None = None) -> None:
    """An editor limited to a district writes only there (the rule: `Actor.district_limit`)."""
    if not actor.may_write_in(district):
        row = session.get(Commune, commune) if commune else None
        name = row.name if row is not None else commune
        raise PermissionDenied("perm.other_district", commune=name or "",
                               district=_district_name(session, actor.district_code or ""))
