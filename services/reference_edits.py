"""Administration of reference data: members of the pilot groups, corrections of provisional
thresholds. Admins only; audited."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.meta import bump_data_version
from data_access.models import Commune, Indicator, ProgrammeTarget, UnitGroup, UnitGroupMember
from domain.actor import Actor
from domain.errors import CodedError
from domain.user_text import NAME_LIMIT, TextError, clean_user_text
from services.guard import Origin, authorise


class ReferenceEditError(CodedError, ValueError):
    """A refused change of reference data; `code` and `params` make the message."""


def set_group_members(*, session: Session, actor: Actor, group_key: str, codes: list[str],
                      origin: Origin = "page") -> int:
    """Replace a group's members with `codes` (assessed communes). Returns how many changed."""
    actor = authorise(session=session, actor=actor, origin=origin, admin=True)
    if session.get(UnitGroup, group_key) is None:
        raise ReferenceEditError("ref.unknown_group", group=group_key)
    valid = set(session.scalars(select(Commune.code).where(Commune.assessed, Commune.code.in_(codes))))
    unknown = sorted(set(codes) - valid)
    if unknown:
        raise ReferenceEditError("ref.not_assessed", codes=", ".join(unknown))
    before = set(session.scalars(select(UnitGroupMember.commune_code).where(UnitGroupMember.group_key == group_key)))
    after = set(codes)
    if before == after:
        return 0
    session.execute(delete(UnitGroupMember).where(UnitGroupMember.group_key == group_key,
                                                  UnitGroupMember.commune_code.in_(before - after)))
    session.add_all(UnitGroupMember(group_key=group_key, commune_code=c, is_sample=False) for c in after - before)
    audit.record(session=session, actor=actor, action="members", table="unit_group", key=group_key, old=sorted(before),
                 new=sorted(after), origin=origin)
    bump_data_version(session=session)
    return len(before ^ after)


def correct_threshold(*, session: Session, actor: Actor, indicator_id: int, threshold: float | None, source: str,
                      now: datetime | None = None, origin: Origin = "page") -> None:
    """Set an indicator's threshold from a checked source; it is then shown as verified."""
    actor = authorise(session=session, actor=actor, origin=origin, admin=True)
    try:
        source = clean_user_text(source, limit=NAME_LIMIT, field="source") or ""
    except TextError as exc:
        raise ReferenceEditError("ref.source_too_long", limit=NAME_LIMIT) from exc
    if not source:
        raise ReferenceEditError("ref.source_needed")
    ind = session.get(Indicator, indicator_id)
    if ind is None:
        raise ReferenceEditError("ref.unknown_indicator", indicator=indicator_id)
    old = {"threshold": ind.threshold, "verified": ind.verified, "source": ind.source}
    ind.threshold, ind.verified, ind.source = threshold, True, source
    audit.record(session=session, actor=actor, action="threshold", table="indicator",
                 key=f"{ind.criterion.set_id}/{ind.code}", old=old,
                 new={"threshold": threshold, "verified": True, "source": source}, at=now, origin=origin)
    bump_data_version(session=session)


def choose_target_reading(*, session: Session, actor: Actor, reading_group: str, reading_key: str,
                          origin: Origin = "page") -> bool:
    """Make `reading_key` the reading of a target sentence that the pages and the report judge by;
    the other reading is still shown beside it. Returns False when it was already chosen."""
    actor = authorise(session=session, actor=actor, origin=origin, admin=True)
    rows = list(session.scalars(select(ProgrammeTarget).where(ProgrammeTarget.reading_group == reading_group)))
    if not rows:
        raise ReferenceEditError("ref.unknown_reading_group", group=reading_group)
    if reading_key not in {r.reading_key for r in rows}:
        raise ReferenceEditError("ref.unknown_reading", group=reading_group, reading=reading_key)
    before = sorted({r.reading_key for r in rows if r.reading_chosen}, key=lambda k: k or "")
    if before == [reading_key]:
        return False
    for r in rows:
        r.reading_chosen = r.reading_key == reading_key
    audit.record(session=session, actor=actor, action="target_reading", table="programme_target", key=reading_group,
                 old={"reading": before[0] if len(before) == 1 else before}, new={"reading": reading_key}, origin=origin)
    bump_data_version(session=session)
    return True
