"""The periodic report as a Word document (python-docx), laid out as TT 01/2011/TT-BNV asks
(the format of administrative documents): A4 portrait, margins 20/20/30/15 mm, Times New
Roman, the heading table (agency left, Quốc hiệu right, number and date line), "BÁO CÁO" and its
trích yếu, a justified 14 pt body with headings I./1., tables with a repeated header row, the
signature block beside "Nơi nhận:", page numbers at the top centre from page 2.

The words and the outline come from reports.text, the tables from
reports.tables: this module only lays them out.
"""
from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reports.model import ReportContent
from reports.tables import Group, Table, cell_text
from reports.text import (
    HEADING,
    Bullets,
    DocumentHeading,
    Heading,
    Para,
    TableBlock,
    date_line,
    intro,
    outline,
    title_lines,
)
from reports.words import Words

FONT = "Times New Roman"
BODY_PT, TABLE_PT = 14, 12
TEXT_WIDTH_CM = 16.5  # A4 210 mm less 30 + 15 mm margins
CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY
# Elements that follow w:pBdr in a paragraph's properties (the schema fixes their order).
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
               "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
               "w:rPr", "w:sectPr", "w:pPrChange")


def report_docx(content: ReportContent, heading: DocumentHeading = HEADING, lang: str = "vi") -> bytes:
    """The document in `lang` (Vietnamese by default)."""
    w = Words(lang)
    doc = Document()
    _page_setup(doc)
    _heading_table(doc, content, heading, w)
    _title(doc, content, w)
    _para(doc, intro(content, heading, w), indent=True)
    for block in outline(content, heading, w):
        if isinstance(block, Heading):
            p = _para(doc, block.text, bold=True, indent=True, before=6)
            p.paragraph_format.keep_with_next = True
            _outline_level(p, block.level - 1)
        elif isinstance(block, Para):
            _para(doc, block.text, italic=block.italic, indent=block.indent)
        elif isinstance(block, Bullets):
            for i, item in enumerate(block.items, start=1):
                _para(doc, f"+ {item}{'.' if i == len(block.items) else ';'}", indent=True)
        elif isinstance(block, TableBlock):
            _table(doc, block.table, w)
    _signature(doc, heading, w)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# Page, fonts, paragraphs
# --------------------------------------------------------------------------------------------


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.header_distance = Cm(1)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_before, normal.paragraph_format.space_after = Pt(0), Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    # Page numbers: top centre, none on the first page.
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    p._p.append(field)


def _para(container, text: str = "", bold=False, italic=False, size: float | None = None, align=JUSTIFY,
          indent=False, before: float = 0, after: float | None = None, color: RGBColor | None = None):
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
    return p


def _tight(p, size: float) -> None:
    """A paragraph inside a table: no spacing, single lines."""
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    for run in p.runs:
        run.font.size = Pt(size)


def _rule(container, indent_cm: float, size: float = 4) -> None:
    """A short solid line under a heading line, drawn as the bottom border of an empty paragraph."""
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(indent_cm)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(size)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    borders.append(bottom)
    p._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)


def _outline_level(p, level: int) -> None:
    """Headings appear in the navigator and in a table of contents without a coloured heading style."""
    p._p.get_or_add_pPr().get_or_add_outlineLvl().set(qn("w:val"), str(level))


# --------------------------------------------------------------------------------------------
# Heading, title, signature
# --------------------------------------------------------------------------------------------


def _new_table(doc, rows: int, widths: list[float], margin_cm: float = 0.1):
    """A table of fixed column widths (cm) and narrow cell margins, centred on the page."""
    table = doc.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, w in enumerate(widths):
        table.columns[i].width = Cm(w)
    for tr in table._tbl.tr_lst:  # per cell through the XML: python-docx's column.cells is quadratic
        for tc, w in zip(tr.tc_lst, widths):
            tc.width = Cm(w)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        node = OxmlElement(f"w:{side}")
        node.set(qn("w:w"), str(int(margin_cm * 567)))
        node.set(qn("w:type"), "dxa")
        margins.append(node)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
    return table


def _borderless(rows: int, doc, widths: tuple[float, ...]):
    return _new_table(doc, rows, list(widths), margin_cm=0.05)


def _cell_lines(cell, lines: list[tuple[str, dict]]) -> None:
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    for text, style in lines:
        p = _para(cell, text, align=CENTER, **style)
        _tight(p, style.get("size", BODY_PT))


def _heading_table(doc, c: ReportContent, h: DocumentHeading, w: Words) -> None:
    table = _borderless(2, doc, (7.6, 9.6))  # a little wider than the text, as offices lay it out
    _cell_lines(table.cell(0, 0), [(h.parent_agency, {"size": 12})] + [(line, {"bold": True, "size": 12})
                                                                        for line in h.issuer])
    _rule(table.cell(0, 0), 2.2)
    _cell_lines(table.cell(0, 1), [(w.t("report.doc.nation"), {"bold": True, "size": 12}),
                                   (w.t("report.doc.motto"), {"bold": True, "size": 13})])
    _rule(table.cell(0, 1), 1.75)
    _cell_lines(table.cell(1, 0), [("", {"size": 6}), (w.t("report.doc.number", symbol=h.symbol), {"size": 13})])
    _cell_lines(table.cell(1, 1), [("", {"size": 6}), (date_line(c, h, w), {"italic": True, "size": 14})])


def _title(doc, c: ReportContent, w: Words) -> None:
    _para(doc, w.t("report.doc.kind"), bold=True, size=14, align=CENTER, before=18, after=0)
    p = _para(doc, "", align=CENTER, after=0)
    lines = title_lines(c, w)
    for i, line in enumerate(lines):
        run = p.add_run(line)
        run.bold, run.font.size = True, Pt(14)
        if i < len(lines) - 1:
            run.add_break()
    _rule(doc, 6.0)
    if c.sample:
        _para(doc, w.t("report.doc.sample"), italic=True, size=12, align=CENTER, before=6, color=RGBColor(0xC0, 0, 0))
    _para(doc, "", after=6)


def _signature(doc, h: DocumentHeading, w: Words) -> None:
    _para(doc, "", after=0)
    table = _borderless(1, doc, (8.0, 8.5))
    _no_split(table.rows[0])
    left = table.cell(0, 0)
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    _tight(_para(left, w.t("report.doc.recipients"), bold=True, italic=True, size=12, align=LEFT), 12)
    for i, name in enumerate(h.recipients):
        _tight(_para(left, f"- {name}{'.' if i == len(h.recipients) - 1 else ';'}", size=11, align=LEFT), 11)
    title = [(line, {"bold": True, "size": 14}) for line in (h.signer_authority, h.signer_title) if line]
    _cell_lines(table.cell(0, 1), [*title, *[("", {"size": 14})] * 4, (h.signer_name, {"bold": True, "size": 14})])


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def _row_flag(row, tag: str) -> None:
    node = OxmlElement(tag)
    node.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(node)


def _no_split(row) -> None:
    _row_flag(row, "w:cantSplit")


def _write(cell, text: str, align=CENTER, bold=False, italic=False) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    _tight(p, TABLE_PT)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _align(col):
    """Wide text columns read from the left; numbers, dates and short labels are centred."""
    return LEFT if col.kind == "text" and col.width >= 2.5 else CENTER


def _table(doc, t: Table, w: Words) -> None:
    cols = [t.columns[i] for i in t.columns_for("word")]
    index = t.columns_for("word")
    grouped = any(c.group for c in cols)
    rows = list(t.word_rows if t.word_rows is not None else t.rows)
    caption = _para(doc, t.title, bold=True, size=13, align=CENTER, before=6, after=4)
    caption.paragraph_format.keep_with_next = True
    head_rows = 2 if grouped else 1
    scale = min(1.0, TEXT_WIDTH_CM / sum(c.width for c in cols))
    table = _new_table(doc, head_rows + len(rows) + (1 if t.total else 0), [c.width * scale for c in cols])
    table.style = "Table Grid"
    _header(table, cols, grouped)
    body = list(rows) + ([t.total] if t.total else [])
    for r, (row, values) in enumerate(zip(table.rows[head_rows:], body)):
        _no_split(row)
        cells = row.cells  # once per row: python-docx's table.cell() rebuilds the whole grid each call
        if isinstance(values, Group):
            _write(cells[0].merge(cells[-1]), values.text, align=LEFT, bold=True, italic=True)
            continue
        total = t.total is not None and r == len(body) - 1
        for i, (cell, col, k) in enumerate(zip(cells, cols, index)):
            text = "" if values[k] == "" else cell_text(values[k], col.kind, w)
            _write(cell, text, align=_align(col) if i == 0 or not total else CENTER, bold=total)
    if t.note:
        _para(doc, t.note, italic=True, size=12, before=3)
    else:
        _para(doc, "", after=0)


def _header(table, cols, grouped: bool) -> None:
    for r in range(2 if grouped else 1):
        _no_split(table.rows[r])
        _row_flag(table.rows[r], "w:tblHeader")
    if not grouped:
        for i, col in enumerate(cols):
            _write(table.cell(0, i), col.header, bold=True)
        return
    i = 0
    while i < len(cols):
        group = cols[i].group
        if not group:
            _write(table.cell(0, i).merge(table.cell(1, i)), cols[i].header, bold=True)
            i += 1
            continue
        j = i
        while j + 1 < len(cols) and cols[j + 1].group == group:
            j += 1
        _write(table.cell(0, i).merge(table.cell(0, j)), group, bold=True)
        for k in range(i, j + 1):
            _write(table.cell(1, k), cols[k].header, bold=True)
        i = j + 1
