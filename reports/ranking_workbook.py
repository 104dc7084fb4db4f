"""The pilot ranking as an Excel file formatted to send to districts (openpyxl).

Layout follows TT 01/2011/TT-BNV (the format of administrative documents): Times New Roman, the issuing office on
top, a bold centred title naming the month, a bold header row, one row per commune, landscape A4
fitted to the page width. The change against last month is a number (so the file sorts and sums)
shown as ▲ +1 / ▼ -1 / = 0 by its number format. All wording comes from the caller (the page's
catalogue), so the file speaks the page's language.
"""
from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from domain.pilot_report import PilotReport
from reports.xlsx_layout import landscape_with_header

FONT = "Times New Roman"
CHANGE_FORMAT = '"▲ "+0;"▼ "-0;"= "0'
WIDTHS = (7, 10, 24, 18, 12, 12, 16, 70)  # rank, code, commune, district, met, total, change, missing
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass(frozen=True)
class ExcelText:
    sheet: str
    agency: str  # the issuing office, in capitals
    title: str  # names the month, e.g. "… – THÁNG 12/2013"
    subtitle: str
    sample_note: str  # written only when the report holds sample data
    headers: tuple[str, ...]  # eight column headings, in the order of WIDTHS
    nothing_missing: str  # the missing-criteria cell of a commune at the standard
    footer: str  # source and date of export


def header_row(report: PilotReport) -> int:
    """Row number of the column headings (one more when the sample note is written)."""
    return 6 if report.sample else 5


def ranking_workbook(report: PilotReport, text: ExcelText) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = text.sheet[:31]
    last_col = get_column_letter(len(WIDTHS))

    def line(row: int, value: str, **font) -> None:
        ws.merge_cells(f"A{row}:{last_col}{row}")
        cell = ws.cell(row, 1, value)
        cell.font = Font(name=FONT, **{"size": 12, **font})
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    line(1, text.agency, bold=True)
    line(3, text.title, bold=True, size=14)
    ws.row_dimensions[3].height = 36
    line(4, text.subtitle, italic=True)
    if report.sample:
        line(5, text.sample_note, italic=True, bold=True, color="C00000")
    head = header_row(report)
    for col, (title, width) in enumerate(zip(text.headers, WIDTHS), start=1):
        cell = ws.cell(head, col, title)
        cell.font = Font(name=FONT, size=12, bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[head].height = 34

    for i, r in enumerate(report.rows, start=head + 1):
        values = (r.rank, r.commune_code, r.commune_name, r.district_name, r.criteria_met, r.criteria_total,
                  r.change, ", ".join(r.missing) or text.nothing_missing)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(i, col, value)
            cell.font = Font(name=FONT, size=12)
            cell.border = BOX
            left = col in (3, 4, 8)
            cell.alignment = Alignment(horizontal="left" if left else "center", vertical="center",
                                       wrap_text=left)
        ws.cell(i, 7).number_format = CHANGE_FORMAT
        ws.cell(i, 2).number_format = "@"  # commune codes keep their leading zeros

    foot = head + len(report.rows) + 2
    ws.cell(foot, 1, text.footer).font = Font(name=FONT, size=11, italic=True)
    landscape_with_header(ws, head, head)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
