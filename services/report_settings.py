"""Who issues the periodic report, under which symbol, who signs it and who receives it.

By default the Coordination Office issues it to the Steering Committee's standing members and
the People's Committee (the 2013 work programme §II.2: "Văn phòng Điều phối tỉnh … báo cáo định kỳ … cho TT.Ban Chỉ
đạo tỉnh, UBND tỉnh"). An office that has the Committee sign changes the settings on /admin; they
live in app_meta (one JSON value), so no migration is needed. Admins only; audited.
"""
from __future__ import annotations

import json
from dataclasses import asdict, fields, replace
from typing import Any

from sqlalchemy.orm import Session

from data_access import audit
from data_access.meta import bump_data_version, get_meta, set_meta
from domain.actor import Actor
from domain.user_text import NAME_LIMIT, TextError, clean_user_text
from reports.text import HEADING, DocumentHeading
from services.guard import Origin, authorise
from services.reference_edits import ReferenceEditError

META_KEY = "report_heading"
LINES = ("issuer", "recipients")  # fields of several lines (one per line)
REQUIRED = ("parent_agency", "issuer", "issuer_name", "symbol", "place", "signer_title", "recipients")


def report_heading(*, session: Session) -> DocumentHeading:
    """The heading in force: the defaults, overridden by what an admin saved (unknown keys ignored)."""
    raw = get_meta(session=session, key=META_KEY)
    if not raw:
        return HEADING
    try:
        saved = json.loads(raw)
    except ValueError:
        return HEADING
    known = {f.name for f in fields(DocumentHeading)}
    # text or tuple of lines by field: too mixed for a precise type, replace() checks the names
    values: dict[str, Any] = {k: (tuple(v) if k in LINES else str(v)) for k, v in saved.items() if k in known}
    return replace(HEADING, **values)


def _clean(name: str, value: object) -> str | tuple[str, ...]:
    try:
        if name in LINES:
            items = value if isinstance(value, (list, tuple)) else str(value or "").splitlines()
            lines = tuple(line for line in (clean_user_text(str(i), limit=NAME_LIMIT, field=name) or ""
                                            for i in items) if line.strip())
            return tuple(line.strip().lstrip("-+• ").rstrip(";.").strip() for line in lines)
        return (clean_user_text(str(value or ""), limit=NAME_LIMIT, field=name) or "").strip()
    except TextError as exc:
        raise ReferenceEditError("report.setting_too_long", limit=NAME_LIMIT) from exc


def set_report_heading(*, session: Session, actor: Actor, origin: Origin = "page", **values: object) -> bool:
    """Save the given fields of the heading (the others keep their value). Returns False when
    nothing changed. Refused: an unknown field, an empty required field, a text too long."""
    actor = authorise(session=session, actor=actor, origin=origin, admin=True)
    known = {f.name for f in fields(DocumentHeading)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ReferenceEditError("report.unknown_setting", name=", ".join(unknown))
    cleaned: dict[str, Any] = {k: _clean(k, v) for k, v in values.items()}
    empty = [k for k in REQUIRED if k in cleaned and not cleaned[k]]
    if empty:
        raise ReferenceEditError(f"report.needed.{empty[0]}")
    before = report_heading(session=session)
    after = replace(before, **cleaned)
    if after == before:
        return False
    old, new = asdict(before), asdict(after)
    set_meta(session=session, key=META_KEY, value=json.dumps(new, ensure_ascii=False, sort_keys=True))
    audit.record(session=session, actor=actor, action="report_heading", table="app_meta", key=META_KEY,
                 old={k: old[k] for k in new if old[k] != new[k]}, new={k: new[k] for k in new if old[k] != new[k]},
                 origin=origin)
    bump_data_version(session=session)
    return True


def reset_report_heading(*, session: Session, actor: Actor, origin: Origin = "page") -> bool:
    """Back to the defaults (the Coordination Office's heading)."""
    return set_report_heading(session=session, actor=actor, origin=origin, **asdict(HEADING))
