"""The print layout the report's Excel annex and the pilot ranking workbook share: the header rows
stay on screen and repeat on every printed page, landscape A4, as wide as one page."""
from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet


def landscape_with_header(ws: Worksheet, first_header_row: int, last_header_row: int) -> None:
    ws.freeze_panes = ws.cell(last_header_row + 1, 1)
    ws.print_title_rows = f"{first_header_row}:{last_header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
