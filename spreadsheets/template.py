"""The monthly Excel template districts fill in, and the hidden stamp that makes its import safe.

Visible sheet "Đánh giá": B2 the month, row 4 the headers, one row per
commune: Mã xã, Tên xã, Huyện, then one result column per criterion (TC1 … TCn, "Đạt" / "Chưa
đạt" from a drop-down), then one note column per criterion (Ghi chú TC1 … Ghi chú TCn). Notes are
per commune × criterion in the database, so the template carries them the same way: nothing is
merged into one cell and nothing is lost on the way back.

Very hidden sheet "_phien_ban" (the stamp): the month and district the template was made for and,
per commune × criterion, the version of the record it shows (0: none). On import the history (kept,
append-only) gives what the template showed, so a cell the person did not touch is never written,
and a touched cell that someone else saved since is a conflict instead of a silent revert.
"""
from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.assessments import current_records, is_period
from data_access.criteria import criteria_by_period
from data_access.models import Commune, Criterion, District
from domain.months import Month

SHEET = "Đánh giá"
STAMP_SHEET = "_phien_ban"
STAMP_MARK = "ntm-an-giang/mau-danh-gia"
STAMP_FORMAT = 2
STAMP_HEADER_ROW = 5  # "code", "TC1", "TC2" …; one row per commune below
HEADER_ROW = 4
FIXED_COLUMNS = 3  # Mã xã, Tên xã, Huyện
NOTE_PREFIX = "Ghi chú"
MET_TEXT = {True: "Đạt", False: "Chưa đạt"}


class TemplateError(Exception):
    """A template that cannot be made (a month in the future, an unknown district)."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


def this_month(today: date | None = None) -> str:
    return str(Month.of(today or date.today()))


def criteria_of(*, session: Session, period: str) -> list[Criterion]:
    """The criteria in force for the month, by number."""
    ids = criteria_by_period(session=session, periods=[period]).get(period, {})
    return sorted(session.scalars(select(Criterion).where(Criterion.id.in_(ids.values()))), key=lambda c: c.number)


def result_header(c: Criterion) -> str:
    return f"TC{c.number} - {c.short_name_vi or c.name_vi}"


def note_header(c: Criterion) -> str:
    return f"{NOTE_PREFIX} TC{c.number}"


def check_period(period: str, today: date | None = None) -> None:
    if not is_period(period):
        raise TemplateError("edit.bad_period", period=period)
    if period > this_month(today):
        raise TemplateError("file.future_period", period=period)


def build_template(*, session: Session, period: str, district_code: str | None = None,
                   today: date | None = None) -> bytes:
    """The month's template with the current results, notes and record versions (the page's
    download and `python -m data_access template` both call this)."""
    check_period(period, today)
    if district_code and session.get(District, district_code) is None:
        raise TemplateError("auth.bad_district", district=district_code)
    criteria = criteria_of(session=session, period=period)
    stmt = select(Commune, District.name).join(District).where(Commune.assessed).order_by(Commune.code)
    if district_code:
        stmt = stmt.where(Commune.district_code == district_code)
    communes = session.execute(stmt).all()
    current = current_records(session=session, period=period, commune_codes=[c.code for c, _ in communes])
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = f"Đánh giá mức độ đạt tiêu chí nông thôn mới — {Month.parse(period).label('vi', long=True)}"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"], ws["B2"] = "Kỳ (YYYY-MM):", period
    ws["C2"] = ("Kết quả: Đạt / Chưa đạt, để trống = giữ nguyên. Ghi chú: sửa hoặc xóa trực tiếp. "
                "Không sửa cột Mã xã, ô B2 và dòng tiêu đề; không xóa trang ẩn của mẫu.")
    headers = ["Mã xã", "Tên xã", "Huyện"] + [result_header(c) for c in criteria] + [note_header(c) for c in criteria]
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(HEADER_ROW, col, text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBDD" if col <= FIXED_COLUMNS + len(criteria) else "EEEEEE")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    choice = DataValidation(type="list", formula1='"Đạt,Chưa đạt"', allow_blank=True)
    ws.add_data_validation(choice)
    stamp = wb.create_sheet(STAMP_SHEET)
    stamp.sheet_state = "veryHidden"
    stamp.append(["mark", STAMP_MARK, STAMP_FORMAT])
    stamp.append(["period", period])
    stamp.append(["district", district_code or ""])
    stamp.append(["made_at", datetime.now().isoformat(timespec="seconds")])
    stamp.append(["code"] + [f"TC{c.number}" for c in criteria])
    n = len(criteria)
    for r, (commune, district_name) in enumerate(communes, start=HEADER_ROW + 1):
        ws.cell(r, 1, commune.code)
        ws.cell(r, 2, commune.name)
        ws.cell(r, 3, district_name)
        versions = []
        for k, crit in enumerate(criteria):
            rec = current.get((commune.code, crit.id))
            versions.append(rec.version if rec else 0)
            if rec is not None and rec.met is not None:
                ws.cell(r, FIXED_COLUMNS + 1 + k, MET_TEXT[rec.met])
            if rec is not None and rec.note:
                ws.cell(r, FIXED_COLUMNS + 1 + n + k, rec.note)
        stamp.append([commune.code] + versions)
        if criteria:
            choice.add(f"D{r}:{get_column_letter(FIXED_COLUMNS + n)}{r}")
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width, ws.column_dimensions["C"].width = 9, 18, 14
    for k in range(n):
        ws.column_dimensions[get_column_letter(FIXED_COLUMNS + 1 + k)].width = 11
        ws.column_dimensions[get_column_letter(FIXED_COLUMNS + 1 + n + k)].width = 28
    ws.row_dimensions[HEADER_ROW].height = 45
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, FIXED_COLUMNS + 1)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
