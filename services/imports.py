"""Importing a filled Excel template: checked and applied in one transaction.

The file is parsed again inside the write transaction (the preview's parse only shows), so what is
written is checked against the records as they are at that moment. Nothing is written while the
file has errors, while conflicts are not resolved ("overwrite" or "skip" them, or download the
template again), or while a past month is not confirmed. The writing itself is
`save_assessments(action="import")`: rights, optimistic locking, audit, data-version stamp.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy.orm import Session

from domain.actor import Actor
from services.assessments import save_assessments
from services.guard import Origin, authorise
from spreadsheets.excel_import import ParsedUpload, Resolution, edits_from, parse_upload

Status = Literal["errors", "conflicts", "past", "nothing", "written"]


@dataclass
class ImportResult:
    parsed: ParsedUpload
    status: Status
    written: int = 0


def import_excel(*, session: Session, actor: Actor, content: bytes, conflicts: Resolution = "none",
                 allow_past: bool = False, origin: Origin = "page", today: date | None = None) -> ImportResult:
    """Apply a filled template; `status` says why nothing was written when `written` is 0.
    Raises PermissionDenied, InvalidEdit or Conflict (a save raced this one) and writes nothing."""
    actor = authorise(session=session, actor=actor, origin=origin)
    parsed = parse_upload(session=session, actor=actor, content=content, today=today)
    if parsed.errors:
        return ImportResult(parsed, "errors")
    if parsed.conflicts and conflicts not in ("overwrite", "skip"):
        return ImportResult(parsed, "conflicts")
    edits = edits_from(parsed, conflicts)
    if not edits:
        return ImportResult(parsed, "nothing")
    if parsed.past and not allow_past:
        return ImportResult(parsed, "past")
    written = save_assessments(session=session, actor=actor, edits=edits, origin=origin, action="import")
    return ImportResult(parsed, "written" if written else "nothing", written)
