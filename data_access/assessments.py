"""Saving monthly assessments: permissions, optimistic locking, audit, one transaction.

A save names the version each record had when the person opened it (`base_version`). If another
save has added a newer version since, nothing is written and `Conflict` lists both versions, so the
person chooses. History is append-only: a save adds version n+1; nothing is overwritten.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from data_access import audit
from data_access.auth import Actor, actor_for
from data_access.meta import bump_data_version
from data_access.models import Assessment, Commune, Criterion, Indicator, IndicatorValue
from data_access.permissions import require_commune, require_writer
from data_access.sample import criteria_by_period

PERIOD = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class AssessmentEdit:
    commune_code: str
    criterion_id: int
    period: str
    met: bool | None
    note: str | None = None
    values: dict[int, float | None] = field(default_factory=dict)  # indicator id -> value
    base_version: int = 0  # 0: the person saw no record


@dataclass(frozen=True)
class Record:
    """The latest recorded version of one commune × criterion × month."""

    commune_code: str
    criterion_id: int
    period: str
    version: int
    met: bool | None
    note: str | None
    values: dict[int, float | None]
    recorded_at: datetime | None
    recorded_by: str | None


class Conflict(Exception):
    """Someone saved the same records since they were opened: (the edit, what is saved now)."""

    def __init__(self, pairs: list[tuple[AssessmentEdit, Record]]):
        super().__init__(f"{len(pairs)} record(s) changed since they were opened")
        self.pairs = pairs


class InvalidEdit(Exception):
    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


def current_records(session: Session, period: str, commune_codes: list[str]) -> dict[tuple[str, int], Record]:
    """The latest version per (commune, criterion) for a month, with indicator values."""
    rows = session.execute(
        select(Assessment).where(Assessment.period == period, Assessment.commune_code.in_(commune_codes))
        .order_by(Assessment.version)
    ).scalars().all()
    latest: dict[tuple[str, int], Assessment] = {}
    for row in rows:
        latest[(row.commune_code, row.criterion_id)] = row
    ids = [a.id for a in latest.values()]
    values: dict[int, dict[int, float | None]] = {}
    if ids:
        for v in session.scalars(select(IndicatorValue).where(IndicatorValue.assessment_id.in_(ids))):
            values.setdefault(v.assessment_id, {})[v.indicator_id] = v.value
    return {
        key: Record(a.commune_code, a.criterion_id, a.period, a.version, a.met, a.note, values.get(a.id, {}),
                    a.recorded_at, a.recorded_by)
        for key, a in latest.items()
    }


def _unchanged(edit: AssessmentEdit, rec: Record | None) -> bool:
    if rec is None:
        return edit.met is None and not edit.note and not any(v is not None for v in edit.values.values())
    same_values = {k: v for k, v in edit.values.items() if v is not None} == {
        k: v for k, v in rec.values.items() if v is not None}
    return edit.met == rec.met and (edit.note or None) == (rec.note or None) and same_values


def _validate(session: Session, actor: Actor, edits: list[AssessmentEdit]) -> None:
    communes = {c.code: c for c in session.scalars(select(Commune).where(
        Commune.code.in_({e.commune_code for e in edits})))}
    in_force: dict[str, set[int]] = {}
    seen: set[tuple[str, int, str]] = set()
    for edit in edits:
        key = (edit.commune_code, edit.criterion_id, edit.period)
        if key in seen:
            raise InvalidEdit("edit.duplicate", commune=edit.commune_code, criterion=edit.criterion_id)
        seen.add(key)
        if not PERIOD.match(edit.period or ""):
            raise InvalidEdit("edit.bad_period", period=edit.period)
        commune = communes.get(edit.commune_code)
        if commune is None:
            raise InvalidEdit("edit.unknown_commune", commune=edit.commune_code)
        if not commune.assessed:
            raise InvalidEdit("edit.not_assessed", commune=edit.commune_code)
        require_commune(actor, commune.code, commune.district_code)
        if edit.period not in in_force:
            in_force[edit.period] = set(criteria_by_period(session, [edit.period]).get(edit.period, {}).values())
        if edit.criterion_id not in in_force[edit.period]:
            raise InvalidEdit("edit.criterion_not_in_force", criterion=edit.criterion_id, period=edit.period)
        if edit.values:
            allowed = set(session.scalars(select(Indicator.id).where(Indicator.criterion_id == edit.criterion_id)))
            if not set(edit.values) <= allowed:
                raise InvalidEdit("edit.bad_indicator", criterion=edit.criterion_id)


def _append_version(session: Session, actor: Actor, edit: AssessmentEdit, rec: Record | None, key: str,
                    now: datetime) -> None:
    row = Assessment(commune_code=edit.commune_code, criterion_id=edit.criterion_id, period=edit.period,
                     version=(rec.version if rec else 0) + 1, met=edit.met, note=edit.note or None,
                     recorded_at=now, recorded_by=actor.username, is_sample=False)
    session.add(row)
    session.flush()
    for indicator_id, value in edit.values.items():
        if value is not None:
            session.add(IndicatorValue(assessment_id=row.id, indicator_id=indicator_id, value=float(value)))
    audit.record(
        session, actor, "save", "assessment", f"{edit.commune_code}/{edit.period}/{key}",
        None if rec is None else {"version": rec.version, "met": rec.met, "note": rec.note, "values": rec.values},
        {"version": row.version, "met": edit.met, "note": edit.note or None,
         "values": {k: v for k, v in edit.values.items() if v is not None}},
        at=now,
    )


def save_assessments(session: Session, actor: Actor, edits: list[AssessmentEdit], now: datetime | None = None) -> int:
    """Save the edits that change something; return how many records got a new version.

    Raises PermissionDenied, InvalidEdit or Conflict, and then writes nothing (the caller's
    transaction is rolled back by session_scope)."""
    now = now or datetime.now()
    actor = actor_for(session, actor.username) if actor.username else actor  # current rights, not cached ones
    require_writer(actor)
    if not edits:
        return 0
    _validate(session, actor, edits)
    by_period: dict[str, list[AssessmentEdit]] = {}
    for edit in edits:
        by_period.setdefault(edit.period, []).append(edit)
    conflicts, to_write = [], []
    for period, group in by_period.items():
        current = current_records(session, period, sorted({e.commune_code for e in group}))
        for edit in group:
            rec = current.get((edit.commune_code, edit.criterion_id))
            if (rec.version if rec else 0) != edit.base_version:
                conflicts.append((edit, rec))
            elif not _unchanged(edit, rec):
                to_write.append((edit, rec))
    if conflicts:
        raise Conflict(conflicts)
    keys = {c.id: c.key for c in session.scalars(select(Criterion).where(
        Criterion.id.in_({e.criterion_id for e, _ in to_write})))}
    try:
        for edit, rec in to_write:
            _append_version(session, actor, edit, rec, keys[edit.criterion_id], now)
        session.flush()
    except (IntegrityError, OperationalError) as exc:
        # Another save took the same version number first (the unique key refused ours), or
        # SQLite refused to write from a snapshot that another save has made stale.
        raise Conflict([(e, r) for e, r in to_write]) from exc
    if to_write:
        bump_data_version(session)
    return len(to_write)
