"""The periodic report's Excel annex (openpyxl): a cover sheet, then every table of
reports.tables on its own sheet, in full — every row and the columns the Word document
leaves out (codes, the tasks' full wording, exact figures).

Numbers stay numbers and dates stay dates, shown through Excel number formats (percentages as
percent numbers, 14.29, under a header ending "(%)"), so the office can sort, filter and sum. Times New Roman, a bold
header row repeated on every printed page, landscape A4 fitted to the page width, as in
reports.ranking_workbook.
"""
from __future__ import annotations

import math
from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from reports.model import ReportContent
from reports.tables import Column, Group, Table, cell_text, report_tables
from reports.text import HEADING, DocumentHeading, title
from reports.words import VI, Words
from reports.xlsx_layout import landscape_with_header

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
FIRST_HEADER_ROW = 5  # rows 1–4: agency, title, subtitle, sample note (or empty)
LINE_PT = 16  # height of one line of 12 pt text
CHARS_PER_CM = 4.4  # Excel column width units per centimetre of the Word column


def _width(col: Column) -> float:
    return max(9.0, col.width * CHARS_PER_CM)


def _lines(text: object, width: float) -> int:
    """Lines a wrapped cell needs: Excel and LibreOffice do not grow rows that openpyxl wrote."""
    if text is None:
        return 1
    return sum(max(1, math.ceil(len(part) * 0.85 / max(width - 1, 1))) for part in str(text).split("\n"))


def report_xlsx(content: ReportContent, heading: DocumentHeading = HEADING, lang: str = "vi") -> bytes:
    """The annex in `lang` (Vietnamese by default)."""
    w = Words(lang)
    wb = Workbook()
    tables = report_tables(content, w)
    _cover(wb.active, content, heading, tables, w)
    for t in tables:
        _sheet(wb.create_sheet(t.sheet[:31]), t, content, heading, w)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def subtitle(c: ReportContent, w: Words = VI) -> str:
    whole = title(c, w)
    return w.t("report.doc.annex.subtitle", title=f"{whole[0].lower()}{whole[1:]}", day=cell_text(c.period.end, "date", w))


def _cover(ws, c: ReportContent, h: DocumentHeading, tables: list[Table], w: Words) -> None:
    ws.title = w.t("report.doc.annex.cover")
    lines = [(h.parent_agency, {"bold": False}), (" ".join(h.issuer), {"bold": True}), ("", {}),
             (w.t("report.doc.annex.title"), {"bold": True, "size": 14}), (subtitle(c, w), {"italic": True}), ("", {})]
    if c.sample:
        lines.append((w.t("report.doc.annex.sample"), {"bold": True, "italic": True, "color": "C00000"}))
    for row, (text, font) in enumerate(lines, start=1):
        cell = ws.cell(row, 1, text)
        cell.font = Font(name=FONT, **{"size": 12, **font})
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = LINE_PT * _lines(text, 100) + 2
    row = len(lines) + 2
    ws.cell(row, 1, w.t("report.doc.annex.tables")).font = Font(name=FONT, size=12, bold=True)
    for t in tables:
        row += 1
        cell = ws.cell(row, 1, w.t("report.doc.annex.table_link", title=t.title, sheet=t.sheet[:31]))
        cell.hyperlink = f"#'{t.sheet[:31]}'!A1"
        cell.font = Font(name=FONT, size=12, color="1F4E79", underline="single")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = LINE_PT * _lines(cell.value, 100) + 2
    ws.column_dimensions["A"].width = 100
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _fmt(col: Column, value) -> tuple[object, str | None]:
    """The cell value Excel stores and its number format."""
    if value is None or value == "":
        return (None if value is None else ""), None
    if col.kind == "pct":  # a percent number under a header that says "(%)": one unit per column
        return value, "0.00"
    if col.kind in ("num", "signed"):
        decimals = ".00" if isinstance(value, float) else ""
        return value, (f"+#,##0{decimals};-#,##0{decimals};0{decimals}" if col.kind == "signed" else f"#,##0{decimals}")
    if col.kind == "date" and isinstance(value, date):
        return value, "dd/mm/yyyy"
    return value, "@"


def _line(ws, row: int, last: int, text: str, **font) -> None:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    cell = ws.cell(row, 1, text)
    cell.font = Font(name=FONT, **{"size": 12, **font})
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _box(cell, bold=False, italic=False, fill=None, align="center", wrap=True) -> None:
    cell.font = Font(name=FONT, size=12, bold=bold, italic=italic)
    cell.border = BOX
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap)
    if fill is not None:
        cell.fill = fill


def _sheet(ws, t: Table, c: ReportContent, h: DocumentHeading, w: Words) -> None:
    index = t.columns_for("excel")
    cols = [t.columns[i] for i in index]
    last = len(cols)
    _line(ws, 1, last, f"{h.parent_agency} – {' '.join(h.issuer)}", bold=True)
    _line(ws, 2, last, t.title, bold=True, size=14)
    ws.row_dimensions[2].height = 36
    _line(ws, 3, last, subtitle(c, w), italic=True)
    ws.row_dimensions[3].height = 32
    if c.sample:
        _line(ws, 4, last, w.t("report.doc.annex.sample"), italic=True, bold=True, color="C00000")
    row = _headers(ws, cols)
    for values in t.rows:
        if isinstance(values, Group):
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
            _box(ws.cell(row, 1, values.text), bold=True, italic=True, fill=GROUP_FILL, align="left")
            for k in range(2, last + 1):
                ws.cell(row, k).border = BOX
            ws.row_dimensions[row].height = LINE_PT * _lines(values.text, sum(map(_width, cols))) + 4
        else:
            _values(ws, row, cols, [values[i] for i in index])
        row += 1
    if t.total:
        _values(ws, row, cols, [t.total[i] for i in index], bold=True)
        row += 1
    if t.note:
        ws.cell(row + 1, 1, t.note).font = Font(name=FONT, size=11, italic=True)
    for k, col in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(k)].width = _width(col)
    head_end = FIRST_HEADER_ROW + (1 if any(col.group for col in cols) else 0)
    landscape_with_header(ws, FIRST_HEADER_ROW, head_end)


def header_text(col: Column) -> str:
    """The annex's header: a percent column says so ("Tỷ lệ … (%)")."""
    return f"{col.header} (%)" if col.kind == "pct" and "%" not in col.header else col.header


def _headers(ws, cols: list[Column]) -> int:
    """Header row(s) from FIRST_HEADER_ROW; returns the first data row."""
    grouped = any(col.group for col in cols)
    top = FIRST_HEADER_ROW
    for k, col in enumerate(cols, start=1):
        if not grouped:
            _box(ws.cell(top, k, header_text(col)), bold=True, fill=HEAD_FILL)
            continue
        if not col.group:
            ws.merge_cells(start_row=top, start_column=k, end_row=top + 1, end_column=k)
            _box(ws.cell(top, k, header_text(col)), bold=True, fill=HEAD_FILL)
            _box(ws.cell(top + 1, k), fill=HEAD_FILL)
            continue
        first = k == 1 or cols[k - 2].group != col.group
        if first:
            span = 1
            while k - 1 + span < len(cols) and cols[k - 1 + span].group == col.group:
                span += 1
            ws.merge_cells(start_row=top, start_column=k, end_row=top, end_column=k + span - 1)
            _box(ws.cell(top, k, col.group), bold=True, fill=HEAD_FILL)
        else:
            _box(ws.cell(top, k), fill=HEAD_FILL)
        _box(ws.cell(top + 1, k, header_text(col)), bold=True, fill=HEAD_FILL)
    lines = max(_lines(header_text(col), _width(col)) for col in cols)
    for r in range(top, top + (2 if grouped else 1)):
        ws.row_dimensions[r].height = LINE_PT * (lines if not grouped or r > top else 2) + 4
    return top + (2 if grouped else 1)


def _values(ws, row: int, cols: list[Column], values: list, bold: bool = False) -> None:
    texts = [cell_text(v, col.kind) if v not in (None, "") else "" for col, v in zip(cols, values)]
    ws.row_dimensions[row].height = LINE_PT * max(_lines(t, _width(c)) for t, c in zip(texts, cols)) + 4
    for k, (col, value) in enumerate(zip(cols, values), start=1):
        stored, number_format = _fmt(col, value)
        cell = ws.cell(row, k, stored)
        wide_text = col.kind == "text" and col.width >= 2.5
        _box(cell, bold=bold, align="left" if wide_text else "center")
        if number_format:
            cell.number_format = number_format
