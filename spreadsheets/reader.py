"""Reading an uploaded template without letting the file decide how much work the server does.

Every check that needs no parsing comes first: the file's size, the zip's declared unpacked size
(Python's zipfile never inflates a member past its declared size, so the sum is a real bound), the
number of parts, the content type of the workbook, and a byte scan of every part for a DOCTYPE or
ENTITY declaration (an Excel file never has one; refusing them stops external entities and entity
expansion whatever parser openpyxl picks) and for a non-UTF-8 encoding (which would hide such a
declaration from the scan). Only then openpyxl reads, in read-only (streaming) mode, exactly the
rows and columns the template can have: the sheet's declared dimension is never used. Any error on
the way, including lazily parsed XML, becomes a `ReadError` with a short excerpt, never a traceback.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from openpyxl import load_workbook

from spreadsheets.template import FIXED_COLUMNS, HEADER_ROW, SHEET, STAMP_HEADER_ROW, STAMP_SHEET

MAX_BYTES = 2 * 1024 * 1024  # the upload itself
MAX_UNPACKED = 10 * 1024 * 1024  # all parts together, as declared in the zip (a template: ~0.3 MB)
MAX_PARTS = 200
ROW_MARGIN = 20  # blank or extra rows tolerated after the communes
COLUMN_MARGIN = 5
EXCERPT = 40
TAGS_PER_CELL = 12  # elements allowed in a part read whole, per cell the template can have
WORKBOOK_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",  # a template saved as .xlsm: only values are read
}
_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """A cell or name quoted in a message: at most `limit` characters, then "…"."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


class ReadError(Exception):
    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = {k: excerpt(v) if isinstance(v, str) else v for k, v in params.items()}


@dataclass
class RawTemplate:
    """What an upload holds, bounded: the stamp's rows, B2, the header row and the non-empty data rows."""

    stamp: list[tuple] = field(default_factory=list)
    period_cell: object = None
    header: tuple = ()
    rows: list[tuple[int, tuple]] = field(default_factory=list)  # (row number in the sheet, values)


def _check_zip(content: bytes, max_tags: int) -> None:
    if len(content) > MAX_BYTES:
        raise ReadError("file.too_big", size=len(content) // 1024, limit=MAX_BYTES // 1024)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ReadError("file.not_xlsx") from None
    if len(infos) > MAX_PARTS:
        raise ReadError("file.too_many_parts", count=len(infos), limit=MAX_PARTS)
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED:
        raise ReadError("file.unpacked_too_big", size=unpacked // (1024 * 1024), limit=MAX_UNPACKED // (1024 * 1024))
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        raise ReadError("file.wrong_type", type="—")
    for info in infos:
        _scan_part(archive, info, max_tags)
    _check_content_type(archive.read("[Content_Types].xml"))


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_tags: int) -> None:
    """Stream one part through: DTD or entity declarations and non-UTF-8 XML are refused, and so is
    a part with more elements than a template can need. The cost is CPU more than memory: openpyxl
    reads shared strings and styles whole, and each row whole before cutting it to the columns
    asked for (half a million tiny strings, or 25 rows 16,384 cells wide, take 20–45 s)."""
    if info.flag_bits & 0x1:
        raise ReadError("file.not_xlsx")  # encrypted member
    try:
        with archive.open(info) as part:
            head = part.read(256)
            if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:4]:
                raise ReadError("file.encoding", part=info.filename)
            declared = _ENCODING.match(head.lstrip(b"\xef\xbb\xbf"))
            if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
                raise ReadError("file.encoding", part=info.filename)
            tail = b""
            chunk = head
            tags = 0
            while chunk:
                if _DECLARATION.search(tail + chunk):
                    raise ReadError("file.dtd", part=info.filename)
                tags += chunk.count(b"<")
                if tags > max_tags:
                    raise ReadError("file.too_complex", part=info.filename, limit=max_tags)
                tail = (tail + chunk)[-16:]
                chunk = part.read(1024 * 1024)
    except ReadError:
        raise
    except Exception as exc:  # CRC error, truncated deflate stream, a member longer than it says …
        raise ReadError("file.damaged", part=info.filename, detail=f"{type(exc).__name__}: {exc}") from None


def _check_content_type(xml: bytes) -> None:
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise ReadError("file.damaged", part="[Content_Types].xml", detail=str(exc)) from None
    types = [el.get("ContentType", "") for el in root if el.tag.endswith("Override")]
    if not any(t in WORKBOOK_TYPES for t in types):
        found = next((t for t in types if t.endswith(".main+xml")), types[0] if types else "—")
        raise ReadError("file.wrong_type", type=found)


def _bounded_rows(ws, max_row: int, max_col: int):
    """Rows 1 … max_row, max_col wide, whatever the sheet claims; stops there."""
    for number, row in enumerate(ws.iter_rows(min_row=1, max_row=max_row, max_col=max_col, values_only=True),
                                 start=1):
        if number > max_row:
            break
        yield number, row


def _blank(row: tuple) -> bool:
    return not any(v is not None and not (isinstance(v, str) and (not v or v.isspace())) for v in row)


def read_template(content: bytes, *, max_communes: int, max_criteria: int) -> RawTemplate:
    """The template's content, reading at most the rows and columns it can have
    (`max_communes` + a margin rows, the fixed columns and two per criterion + a margin)."""
    width = FIXED_COLUMNS + 2 * max_criteria + COLUMN_MARGIN
    last = HEADER_ROW + max_communes + ROW_MARGIN
    _check_zip(content, max_tags=TAGS_PER_CELL * width * (last + 1))
    raw = RawTemplate()
    part = "xl/workbook.xml"
    wb = None
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
        if SHEET not in wb.sheetnames:
            raise ReadError("file.no_sheet", sheet=SHEET)
        if STAMP_SHEET not in wb.sheetnames:
            raise ReadError("file.no_stamp")
        part = STAMP_SHEET
        stamp_last = STAMP_HEADER_ROW + max_communes
        for number, row in _bounded_rows(wb[STAMP_SHEET], stamp_last + 1, 1 + max_criteria + COLUMN_MARGIN):
            if number > stamp_last and not _blank(row):
                raise ReadError("file.bad_stamp")
            raw.stamp.append(row)
        part = SHEET
        for number, row in _bounded_rows(wb[SHEET], last + 1, width):
            if number == 2:
                raw.period_cell = row[1]
            elif number == HEADER_ROW:
                raw.header = row
            elif number > HEADER_ROW and not _blank(row):
                if number > last:
                    raise ReadError("file.too_many_rows", limit=max_communes + ROW_MARGIN)
                raw.rows.append((number, row))
    except ReadError:
        raise
    except Exception as exc:  # ParseError from lazily parsed XML, KeyError for a missing part, …
        raise ReadError("file.damaged", part=part, detail=f"{type(exc).__name__}: {exc}") from None
    finally:
        if wb is not None:
            wb.close()
    return raw
