"""Importing a filled template: what it changes, what conflicts, what is wrong (nothing is written here).

A cell counts only if the person touched it: its value differs from what the template showed,
which the history gives from the version in the template's stamp (spreadsheets.template). An untouched
cell is never written, so a template downloaded before other people's saves does not revert them.
A touched cell whose record someone else saved since the download is a conflict, listed apart;
the person then downloads again, or overwrites or skips those cells explicitly. A written record
keeps what the file does not carry: its indicator values, and its note or result when that cell
was not touched. An empty result cell keeps the result; an emptied note cell removes the note.

Writing is `services.imports.import_excel` (rights, the month rules, one transaction).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.assessments import AssessmentEdit, current_records, is_period
from data_access.models import Assessment, Commune, Criterion
from data_access.queries import periods_with_data
from domain.actor import Actor
from domain.months import Month
from domain.user_text import NOTE_LIMIT, TextError, clean_user_text
from spreadsheets.reader import ReadError, excerpt, read_template
from spreadsheets.template import (
    MET_TEXT,
    NOTE_PREFIX,
    SHEET,
    STAMP_FORMAT,
    STAMP_MARK,
    STAMP_SHEET,
    criteria_of,
    this_month,
)

__all__ = ["MET_TEXT", "SHEET", "STAMP_SHEET", "Change", "FileError", "ParsedUpload", "edits_from", "parse_upload"]

MET_WORDS = {"đạt", "x", "đ", "1", "có", "true", "yes"}
NOT_MET_WORDS = {"chưa đạt", "cđ", "-", "0", "không", "false", "no", "chưa"}
TC_HEADER = re.compile(r"^TC\s*(\d+)\b", re.IGNORECASE)
NOTE_HEADER = re.compile(rf"^{NOTE_PREFIX}\s*TC\s*(\d+)\b", re.IGNORECASE)
Resolution = Literal["none", "overwrite", "skip"]


@dataclass(frozen=True)
class FileError:
    code: str
    params: dict = field(default_factory=dict)


def _error(key: str, /, **params: object) -> FileError:
    return FileError(key, {k: excerpt(v) if isinstance(v, str) else v for k, v in params.items()})


@dataclass(frozen=True)
class Change:
    """One commune × criterion the file changes: what is saved now → what the file makes of it."""

    commune_code: str
    commune_name: str
    criterion_number: int
    criterion_id: int
    old_met: bool | None
    new_met: bool | None
    old_note: str | None
    new_note: str | None
    base_version: int  # the version the template showed
    current_version: int  # the version saved now (differs from base_version: a conflict)
    values: dict = field(default_factory=dict)  # the record's indicator values, kept
    shown_met: bool | None = None  # what the template showed (for a conflict)
    shown_note: str | None = None
    saved_by: str | None = None
    saved_at: datetime | None = None

    @property
    def old(self) -> bool | None:
        return self.old_met

    @property
    def new(self) -> bool | None:
        return self.new_met


@dataclass
class ParsedUpload:
    period: str | None = None
    district: str | None = None
    latest: str | None = None  # the latest month with data
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Change] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)

    @property
    def past(self) -> bool:
        """A month before the latest with data: writing needs an explicit confirmation."""
        return bool(self.period and self.latest and self.period < self.latest)


def _cell_value(raw: object) -> bool | None | str:
    """True / False for the accepted marks, None for empty, the text itself when not allowed."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and len(raw) > 50:
        return raw  # no mark is that long (and a huge cell is not copied again)
    text = str(raw).strip().lower()
    if isinstance(raw, float) and raw.is_integer():
        text = str(int(raw))
    if text in MET_WORDS:
        return True
    if text in NOT_MET_WORDS:
        return False
    return str(raw)


def _code(raw: object) -> str | None:
    """A commune code: exact digits as text, or a whole number (Excel may store 30310 as 30310.0)."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int):
        return str(raw).zfill(5) if raw > 0 else None
    if isinstance(raw, float):
        return str(int(raw)).zfill(5) if raw.is_integer() and raw > 0 else None
    text = str(raw).strip()
    return text if text.isascii() and text.isdigit() and len(text) <= 8 else None


def _note(raw: object) -> str | None:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str) and len(raw) > 4 * NOTE_LIMIT:  # refused before cleaning copies it
        raise TextError("text.too_long", field="note", length=len(raw), limit=NOTE_LIMIT)
    return clean_user_text(None if raw is None else str(raw))


def _same_note(text: str | None) -> str | None:
    """A stored note as the file would bring it back (old notes may predate the cleaning rules)."""
    try:
        return clean_user_text(text, limit=10**9)
    except TextError:
        return text


def _period_text(raw: object) -> str:
    if isinstance(raw, (datetime, date)):
        return str(Month.of(raw))
    return "" if raw is None else str(raw).strip()


def _read_stamp(rows: list[tuple]) -> tuple[str, str | None, list[int], dict[str, list[int]]] | None:
    """(period, district, criterion numbers, versions by commune) or None when it is not ours."""
    try:
        if rows[0][1] != STAMP_MARK or int(rows[0][2]) != STAMP_FORMAT:
            return None
        period, district = str(rows[1][1] or ""), str(rows[2][1] or "") or None
        numbers = []
        for text in rows[4][1:]:
            if text is None:
                break
            numbers.append(int(str(text).removeprefix("TC")))
        versions = {}
        for row in rows[5:]:
            if row[0] is None:
                continue
            versions[str(row[0])] = [int(v or 0) for v in row[1:1 + len(numbers)]]
    except (IndexError, TypeError, ValueError):
        return None
    return period, district, numbers, versions


def _columns(header: tuple, criteria: dict[int, Criterion]) -> tuple[dict[int, int], dict[int, int], list[str]]:
    """Result and note columns (number → index) and what is wrong with the header."""
    results, notes, problems = {}, {}, []
    text = [str(h).strip() if h is not None else "" for h in header]
    for idx, value in enumerate(text):
        m = NOTE_HEADER.match(value)
        target = notes if m else results
        m = m or TC_HEADER.match(value)
        if m:
            number = int(m.group(1))
            if number in target:
                problems.append(f"TC{number} hai lần")
            target[number] = idx
    if not text or text[0].lower() != "mã xã":
        problems.append("cột A phải là “Mã xã”")
    unknown = sorted((set(results) | set(notes)) - set(criteria))
    if unknown:
        problems.append("tiêu chí không có trong bộ tiêu chí: " + ", ".join(f"TC{n}" for n in unknown))
    if not results:
        problems.append("không có cột tiêu chí TC1 … TC{}".format(max(criteria) if criteria else ""))
    return results, notes, problems


def _history(session: Session, period: str, codes: list[str]) -> dict[tuple[str, int, int], tuple]:
    rows = session.execute(select(Assessment.commune_code, Assessment.criterion_id, Assessment.version,
                                  Assessment.met, Assessment.note)
                           .where(Assessment.period == period, Assessment.commune_code.in_(codes)))
    return {(c, k, v): (met, note) for c, k, v, met, note in rows}


def parse_upload(*, session: Session, actor: Actor, content: bytes, today: date | None = None) -> ParsedUpload:
    """Validate a filled template and compute exactly what it would change (nothing is written)."""
    result = ParsedUpload()
    n_communes = session.scalar(select(func.count()).select_from(Commune).where(Commune.assessed)) or 0
    n_criteria = session.scalar(select(func.count()).select_from(Criterion)) or 0
    try:
        raw = read_template(content, max_communes=n_communes, max_criteria=n_criteria)
    except ReadError as exc:
        result.errors.append(FileError(exc.code, exc.params))
        return result
    stamp = _read_stamp(raw.stamp)
    if stamp is None:
        result.errors.append(_error("file.bad_stamp"))
        return result
    made_for, result.district, stamp_numbers, versions = stamp
    period = _period_text(raw.period_cell)
    if not is_period(period):
        result.errors.append(_error("file.bad_period", value=period))
    elif period != made_for:
        result.errors.append(_error("file.period_mismatch", value=period, period=made_for))
    elif period > this_month(today):
        result.errors.append(_error("file.future_period", period=period))
    if result.errors:
        return result
    result.period = period
    history_periods = periods_with_data(session=session)
    result.latest = history_periods[-1] if history_periods else None
    criteria = {c.number: c for c in criteria_of(session=session, period=period)}
    results, notes, problems = _columns(raw.header, criteria)
    if not set(stamp_numbers) <= set(criteria):
        result.errors.append(_error("file.bad_stamp"))
        return result
    if problems:
        result.errors.append(FileError("file.bad_columns", {"detail": excerpt("; ".join(problems), 200)}))
        return result
    if not raw.rows:
        result.errors.append(_error("file.empty"))
        return result
    codes = {c for c in (_code(r[0]) for _, r in raw.rows) if c}
    communes = {c.code: c for c in session.scalars(select(Commune).where(Commune.code.in_(codes)))}
    current = current_records(session=session, period=period, commune_codes=sorted(communes))
    history = _history(session, period, sorted(communes))
    first_row: dict[str, int] = {}
    for row_no, row in raw.rows:
        code = _code(row[0])
        if code is None:
            result.errors.append(_error("row.bad_code", row=row_no, code="" if row[0] is None else str(row[0])))
            continue
        commune = communes.get(code)
        if commune is None:
            result.errors.append(_error("row.unknown_code", row=row_no, code=code))
            continue
        if not commune.assessed:
            result.errors.append(_error("row.not_assessed", row=row_no, code=code))
            continue
        if code not in versions:
            result.errors.append(_error("row.not_in_template", row=row_no, code=code))
            continue
        if code in first_row:
            result.errors.append(_error("row.duplicate", row=row_no, code=code, first=first_row[code]))
            continue
        first_row[code] = row_no
        touched_row = False
        for number, base in zip(stamp_numbers, versions[code]):
            crit = criteria[number]
            met = _cell_value(row[results[number]]) if number in results else None
            if isinstance(met, str):
                result.errors.append(_error("row.bad_value", row=row_no, column=f"TC{number}", value=met))
                continue
            try:
                note = _note(row[notes[number]]) if number in notes else None
            except TextError as exc:
                result.errors.append(_error("row.note_too_long", row=row_no, column=f"{NOTE_PREFIX} TC{number}",
                                            **exc.params))
                continue
            rec = current.get((code, crit.id))
            cur_met, cur_note, cur_version = (rec.met, rec.note, rec.version) if rec else (None, None, 0)
            shown = history.get((code, crit.id, base), (None, None) if base == 0 else (cur_met, cur_note))
            touched_met = met is not None and met != shown[0]
            touched_note = number in notes and note != _same_note(shown[1])
            if not (touched_met or touched_note):
                continue
            new_met = met if touched_met else cur_met
            new_note = note if touched_note else cur_note
            if new_met == cur_met and _same_note(cur_note) == new_note:
                continue  # already so
            touched_row = True
            change = Change(code, commune.name, number, crit.id, cur_met, new_met, cur_note, new_note, base,
                            cur_version, dict(rec.values) if rec else {}, shown[0], shown[1],
                            rec.recorded_by if rec else None, rec.recorded_at if rec else None)
            (result.changes if cur_version == base else result.conflicts).append(change)
        if touched_row and not actor.may_write_in(commune.district_code):
            result.errors.append(_error("row.other_district", row=row_no, code=code))
    if result.errors:
        result.changes, result.conflicts = [], []
    return result


def edits_from(parsed: ParsedUpload, conflicts: Resolution = "none") -> list[AssessmentEdit]:
    """The changes as edits that keep each record's indicator values and name the version they
    start from; with "overwrite", the conflicting cells too (over the version saved now)."""
    chosen = parsed.changes + (parsed.conflicts if conflicts == "overwrite" else [])
    return [AssessmentEdit(c.commune_code, c.criterion_id, parsed.period, c.new_met, c.new_note, dict(c.values),
                           c.current_version) for c in chosen]
