"""Saving monthly assessments: one transaction with optimistic locking.

If another save has added a newer version of a record since the person opened it, nothing is
written and `Conflict` lists both versions, so the person chooses.
"""
from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from data_access import audit, summary
from data_access.assessments import AssessmentEdit, Conflict, InvalidEdit, Record, current_records, is_period
from data_access.criteria import criteria_by_period
from data_access.meta import bump_data_version
from data_access.models import Assessment, Commune, Criterion, Indicator, IndicatorValue
from domain.actor import Actor
from domain.evaluation import IndicatorRule, evaluate_criterion, needs_note
from domain.user_text import TextError, clean_user_text
from services.guard import Origin, authorise, require_district


def _unchanged(edit: AssessmentEdit, rec: Record | None) -> bool:
    if rec is None:
        return edit.met is None and not edit.note and not any(v is not None for v in edit.values.values())
    same_values = {k: v for k, v in edit.values.items() if v is not None} == {
        k: v for k, v in rec.values.items() if v is not None}
    return edit.met == rec.met and (edit.note or None) == (rec.note or None) and same_values


def _cleaned(session: Session, edits: list[AssessmentEdit]) -> list[AssessmentEdit]:
    out = []
    for edit in edits:
        try:
            note = clean_user_text(edit.note)
        except TextError as exc:
            commune = session.get(Commune, edit.commune_code)
            raise InvalidEdit("edit.note_too_long", commune=commune.name if commune else edit.commune_code,
                              criterion=edit.criterion_id, **exc.params) from exc
        out.append(dataclasses.replace(edit, note=note))
    return out


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
        if not is_period(edit.period):
            raise InvalidEdit("edit.bad_period", period=edit.period)
        commune = communes.get(edit.commune_code)
        if commune is None:
            raise InvalidEdit("edit.unknown_commune", commune=edit.commune_code)
        if not commune.assessed:
            raise InvalidEdit("edit.not_assessed", commune=edit.commune_code)
        require_district(session=session, actor=actor, district=commune.district_code, commune=commune.code)
        if edit.period not in in_force:
            in_force[edit.period] = set(criteria_by_period(session=session, periods=[edit.period]).get(edit.period, {}).values())
        if edit.criterion_id not in in_force[edit.period]:
            raise InvalidEdit("edit.criterion_not_in_force", criterion=edit.criterion_id, period=edit.period)
        if edit.values:
            allowed = set(session.scalars(select(Indicator.id).where(Indicator.criterion_id == edit.criterion_id)))
            if not set(edit.values) <= allowed:
                raise InvalidEdit("edit.bad_indicator", criterion=edit.criterion_id)


def _rules(session: Session, criterion_ids: set[int]) -> dict[int, list[IndicatorRule]]:
    rules: dict[int, list[IndicatorRule]] = {}
    for i in session.scalars(select(Indicator).where(Indicator.criterion_id.in_(criterion_ids))
                             .order_by(Indicator.position)):
        rules.setdefault(i.criterion_id, []).append(
            IndicatorRule(i.id, i.code, i.comparison, i.threshold, i.verified))
    return rules


def _check_overrides(session: Session, to_write: list[tuple[AssessmentEdit, Record | None]]) -> None:
    """A result chosen against what the indicator values say needs a note, whichever way the edit
    came (form, grid, Excel, command line). Only edits that change the result or the values are
    held to it, so an old record can still be re-saved as it is."""
    rules = _rules(session, {e.criterion_id for e, _ in to_write})
    for edit, rec in to_write:
        if rec is not None and rec.met == edit.met and {k: v for k, v in rec.values.items() if v is not None} == {
                k: v for k, v in edit.values.items() if v is not None}:
            continue
        evaluated = evaluate_criterion(rules.get(edit.criterion_id, []), edit.values)
        if needs_note(edit.met, evaluated, edit.note):
            commune = session.get(Commune, edit.commune_code)
            criterion = session.get(Criterion, edit.criterion_id)
            number = criterion.number if criterion is not None else edit.criterion_id
            raise InvalidEdit("edit.override_needs_note", commune=commune.name if commune else edit.commune_code,
                              criterion=number)


def _new_version(actor: Actor, edit: AssessmentEdit, rec: Record | None, key: str, now: datetime, origin: Origin,
                 action: str) -> list[object]:
    """The rows of one record's new version: the assessment, its indicator values and the audit entry
    (the values point at the assessment object, which gets its id when the save flushes)."""
    row = Assessment(commune_code=edit.commune_code, criterion_id=edit.criterion_id, period=edit.period,
                     version=(rec.version if rec else 0) + 1, met=edit.met, note=edit.note or None,
                     recorded_at=now, recorded_by=actor.username, is_sample=False)
    values = [IndicatorValue(assessment=row, indicator_id=indicator_id, value=float(value))
              for indicator_id, value in edit.values.items() if value is not None]
    entry = audit.entry(
        actor=actor, action=action, table="assessment", key=f"{edit.commune_code}/{edit.period}/{key}",
        old=None if rec is None else {"version": rec.version, "met": rec.met, "note": rec.note, "values": rec.values},
        new={"version": row.version, "met": edit.met, "note": edit.note or None,
         "values": {k: v for k, v in edit.values.items() if v is not None}},
        at=now, origin=origin,
    )
    return [row, *values, entry]


def save_assessments(*, session: Session, actor: Actor, edits: list[AssessmentEdit], origin: Origin = "page",
                     now: datetime | None = None, action: str = "save") -> int:
    """Save the edits that change something; return how many records got a new version.

    Raises PermissionDenied, InvalidEdit or Conflict, and then writes nothing (the caller's
    transaction is rolled back by session_scope). `action` names the audit entry ("save" from a
    form, "import" from an Excel file)."""
    now = now or datetime.now()
    actor = authorise(session=session, actor=actor, origin=origin)
    if not edits:
        return 0
    edits = _cleaned(session, edits)
    _validate(session, actor, edits)
    by_period: dict[str, list[AssessmentEdit]] = {}
    for edit in edits:
        by_period.setdefault(edit.period, []).append(edit)
    conflicts, to_write = [], []
    for period, group in by_period.items():
        current = current_records(session=session, period=period, commune_codes=sorted({e.commune_code for e in group}))
        for edit in group:
            rec = current.get((edit.commune_code, edit.criterion_id))
            if (rec.version if rec else 0) != edit.base_version:
                conflicts.append((edit, rec))
            elif not _unchanged(edit, rec):
                to_write.append((edit, rec))
    if conflicts:
        raise Conflict(conflicts)
    _check_overrides(session, to_write)
    keys = {c.id: c.key for c in session.scalars(select(Criterion).where(
        Criterion.id.in_({e.criterion_id for e, _ in to_write})))}
    # Every new version, its values and audit entries in one flush: one batched INSERT per table
    # instead of a round trip per record (a commune's 19 criteria on PostgreSQL, bench/bench_save.py).
    session.add_all([obj for edit, rec in to_write
                     for obj in _new_version(actor, edit, rec, keys[edit.criterion_id], now, origin, action)])
    try:
        session.flush()
    except (IntegrityError, OperationalError) as exc:
        # Another save took the same version number first (the unique key refused ours), or
        # SQLite refused to write from a snapshot that another save has made stale.
        raise Conflict([(e, r) for e, r in to_write]) from exc
    if to_write:
        summary.refresh(session=session, communes={e.commune_code for e, _ in to_write},
                        periods={e.period for e, _ in to_write})
        bump_data_version(session=session)
    return len(to_write)
