"""Excel in and out for monthly assessments: a template, validation, a preview of changes, apply.

The template is the communes × criteria table districts exchange (vn_admin_documents.md §2.C):
B2 holds the period, row 4 the headers (Mã xã, Tên xã, Huyện, TC1 … TCn, Ghi chú), one row per
commune below, cells "Đạt" / "Chưa đạt" from a drop-down list. An upload is checked as a whole:
any error and nothing is applied.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.assessments import PERIOD, AssessmentEdit, current_records
from data_access.auth import Actor
from data_access.models import Commune, Criterion, District
from data_access.sample import criteria_by_period

SHEET = "Đánh giá"
HEADER_ROW = 4
MAX_BYTES = 2 * 1024 * 1024
MET_WORDS = {"đạt", "x", "đ", "1", "có", "true", "yes"}
NOT_MET_WORDS = {"chưa đạt", "cđ", "-", "0", "không", "false", "no", "chưa"}
TC_HEADER = re.compile(r"^TC\s*(\d+)\b", re.IGNORECASE)


@dataclass(frozen=True)
class FileError:
    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    commune_code: str
    commune_name: str
    criterion_number: int
    criterion_id: int
    old: bool | None
    new: bool
    base_version: int


@dataclass
class ParsedUpload:
    period: str | None = None
    changes: list[Change] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)


def _criteria(session: Session, period: str) -> list[Criterion]:
    ids = criteria_by_period(session, [period]).get(period, {})
    return sorted(session.scalars(select(Criterion).where(Criterion.id.in_(ids.values()))), key=lambda c: c.number)


def build_template(session: Session, period: str, district_code: str | None = None) -> bytes:
    """The month's template with the current values, one row per assessed commune."""
    criteria = _criteria(session, period)
    stmt = select(Commune, District.name).join(District).where(Commune.assessed).order_by(Commune.code)
    if district_code:
        stmt = stmt.where(Commune.district_code == district_code)
    communes = session.execute(stmt).all()
    current = current_records(session, period, [c.code for c, _ in communes])
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = f"Đánh giá mức độ đạt tiêu chí nông thôn mới — tháng {int(period[5:])}/{period[:4]}"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"], ws["B2"] = "Kỳ (YYYY-MM):", period
    ws["C2"] = "Ghi: Đạt / Chưa đạt; để trống = giữ nguyên. Không sửa cột Mã xã và dòng tiêu đề."
    headers = ["Mã xã", "Tên xã", "Huyện"] + [f"TC{c.number} - {c.short_name_vi or c.name_vi}" for c in criteria]
    headers.append("Ghi chú")
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(HEADER_ROW, col, text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBDD")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    choice = DataValidation(type="list", formula1='"Đạt,Chưa đạt"', allow_blank=True)
    ws.add_data_validation(choice)
    for r, (commune, district_name) in enumerate(communes, start=HEADER_ROW + 1):
        ws.cell(r, 1, commune.code)
        ws.cell(r, 2, commune.name)
        ws.cell(r, 3, district_name)
        for k, crit in enumerate(criteria, start=4):
            rec = current.get((commune.code, crit.id))
            if rec is not None and rec.met is not None:
                ws.cell(r, k, "Đạt" if rec.met else "Chưa đạt")
        if criteria:
            choice.add(f"D{r}:{get_column_letter(3 + len(criteria))}{r}")
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width, ws.column_dimensions["C"].width = 9, 18, 14
    for k in range(4, 4 + len(criteria)):
        ws.column_dimensions[get_column_letter(k)].width = 11
    ws.row_dimensions[HEADER_ROW].height = 45
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 4)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _cell_value(raw: object) -> bool | None | str:
    """True / False for the accepted marks, None for empty, the text itself when not allowed."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text.endswith(".0"):
        text = text[:-2]
    if text in MET_WORDS:
        return True
    if text in NOT_MET_WORDS:
        return False
    return str(raw)


def _open_sheet(content: bytes, result: ParsedUpload):
    if len(content) > MAX_BYTES:
        result.errors.append(FileError("file.too_big", {"size": len(content) // 1024, "limit": MAX_BYTES // 1024}))
        return None
    if not zipfile.is_zipfile(io.BytesIO(content)):
        result.errors.append(FileError("file.not_xlsx"))
        return None
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        result.errors.append(FileError("file.not_xlsx"))
        return None
    if SHEET not in wb.sheetnames:
        result.errors.append(FileError("file.no_sheet", {"sheet": SHEET}))
        return None
    return list(wb[SHEET].iter_rows(values_only=True))


def parse_upload(session: Session, actor: Actor, content: bytes) -> ParsedUpload:
    """Validate a filled template and compute exactly what it would change (nothing is written)."""
    result = ParsedUpload()
    rows = _open_sheet(content, result)
    if rows is None:
        return result
    period = str(rows[1][1]).strip() if len(rows) > 1 and len(rows[1]) > 1 and rows[1][1] is not None else ""
    if not PERIOD.match(period):
        result.errors.append(FileError("file.bad_period", {"value": period}))
        return result
    result.period = period
    criteria = {c.number: c for c in _criteria(session, period)}
    header = [str(h).strip() if h is not None else "" for h in (rows[HEADER_ROW - 1] if len(rows) >= HEADER_ROW else [])]
    columns = {}
    for idx, text in enumerate(header):
        m = TC_HEADER.match(text)
        if m:
            columns[idx] = int(m.group(1))
    problems = []
    if not header or header[0].lower() != "mã xã":
        problems.append("cột A phải là “Mã xã”")
    unknown = sorted(set(columns.values()) - set(criteria))
    if unknown:
        problems.append("tiêu chí không có trong bộ tiêu chí: " + ", ".join(f"TC{n}" for n in unknown))
    if len(set(columns.values())) != len(columns):
        problems.append("một tiêu chí xuất hiện hai lần")
    if not columns:
        problems.append("không có cột tiêu chí TC1 … TC{}".format(max(criteria) if criteria else ""))
    if problems:
        result.errors.append(FileError("file.bad_columns", {"detail": "; ".join(problems)}))
        return result
    data_rows = [(n, r) for n, r in enumerate(rows[HEADER_ROW:], start=HEADER_ROW + 1)
                 if r and any(v is not None and str(v).strip() for v in r)]
    if not data_rows:
        result.errors.append(FileError("file.empty"))
        return result
    codes = {str(r[0]).strip().split(".")[0].zfill(5) for _, r in data_rows if r[0] is not None}
    communes = {c.code: c for c in session.scalars(select(Commune).where(Commune.code.in_(codes)))}
    current = current_records(session, period, sorted(communes))
    first_row: dict[str, int] = {}
    for row_no, row in data_rows:
        code = str(row[0]).strip().split(".")[0].zfill(5) if row[0] is not None else ""
        commune = communes.get(code)
        if commune is None:
            result.errors.append(FileError("row.unknown_code", {"row": row_no, "code": code or "(trống)"}))
            continue
        if not commune.assessed:
            result.errors.append(FileError("row.not_assessed", {"row": row_no, "code": code}))
            continue
        if actor.role == "editor" and actor.district_code and commune.district_code != actor.district_code:
            result.errors.append(FileError("row.other_district", {"row": row_no, "code": code}))
            continue
        if code in first_row:
            result.errors.append(FileError("row.duplicate", {"row": row_no, "code": code, "first": first_row[code]}))
            continue
        first_row[code] = row_no
        for idx, number in columns.items():
            value = _cell_value(row[idx] if idx < len(row) else None)
            if isinstance(value, str):
                result.errors.append(FileError("row.bad_value", {"row": row_no, "column": header[idx], "value": value}))
                continue
            crit = criteria[number]
            rec = current.get((code, crit.id))
            if value is not None and (rec is None or rec.met != value):
                result.changes.append(Change(code, commune.name, number, crit.id, None if rec is None else rec.met,
                                             value, rec.version if rec else 0))
    if result.errors:
        result.changes = []
    return result


def edits_from(parsed: ParsedUpload) -> list[AssessmentEdit]:
    """The changes as edits that keep each record's note and name the version they start from."""
    return [AssessmentEdit(c.commune_code, c.criterion_id, parsed.period, c.new, None, {}, c.base_version)
            for c in parsed.changes]
