"""Uploads that try to hurt the server: each file is written here by hand (zipfile + XML), and each
gets a short message in vi and en, never a traceback; memory stays under 300 MB (measured in a
separate process). Both backends.

Replays issue 14's "A single upload can take the server down": the 223 KB file whose sheet claims
A1:XFD1048576 with 40,000 rows, malformed sheet XML (external entity, entity expansion, truncated),
and the small file with a 60 MB cell whose message echoed the whole cell."""
import io
import json
import subprocess
import sys
import zipfile
from xml.etree.ElementTree import ParseError

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from config import ROOT
from data_access.db import session_scope
from i18n import translate
from spreadsheets.excel_import import parse_upload
from spreadsheets.reader import MAX_UNPACKED
from spreadsheets.template import STAMP_MARK
from tests.data.test_excel_import import ADMIN, read_db  # noqa: F401  (the shared read-only databases)

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
DOCTYPE_XXE = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
DOCTYPE_LAUGHS = ("<!DOCTYPE worksheet [<!ENTITY lol \"lol\">"
                  + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                            for i in range(1, 10)) + "]>\n")


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def cell(ref: str, value) -> str:
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, tuple):  # ("raw", xml) inside <is><t>…</t></is>, e.g. an entity reference
        return f'<c r="{ref}" t="inlineStr"><is><t>{value[1]}</t></is></c>'
    if isinstance(value, list):  # [index] into sharedStrings.xml
        return f'<c r="{ref}" t="s"><v>{value[0]}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{esc(value)}</t></is></c>'


def sheet_xml(rows: dict[int, list], dimension="A1:E5", prolog="", extra_rows="") -> str:
    body = "".join(f'<row r="{n}">' + "".join(cell(f"{chr(65 + k)}{n}", v) for k, v in enumerate(values)
                                                if v is not None) + "</row>"
                   for n, values in sorted(rows.items()))
    return (XML_HEAD + prolog + f'<worksheet xmlns="{MAIN_NS}"><dimension ref="{dimension}"/>'
            f"<sheetData>{body}{extra_rows}</sheetData></worksheet>")


def stamp_xml(period="2013-12") -> str:
    return sheet_xml({1: ["mark", STAMP_MARK, 2], 2: ["period", period], 3: ["district", ""], 4: ["made_at", "x"],
                      5: ["code", "TC1"], 6: ["30346", 1]})


def main_rows(value="Đạt", note=None) -> dict[int, list]:
    return {2: ["Kỳ (YYYY-MM):", "2013-12"], 4: ["Mã xã", "Tên xã", "Huyện", "TC1 - Quy hoạch", "Ghi chú TC1"],
            5: ["30346", "x", "y", value, note]}


def xlsx(sheet: str | bytes, *, stamp: str | None = None, strings: str | None = None,
         workbook_type=WORKBOOK_TYPE, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal workbook by hand: [Content_Types].xml, rels, xl/workbook.xml, two sheets
    ("Đánh giá" and the very hidden stamp), optionally xl/sharedStrings.xml."""
    overrides = (f'<Override PartName="/xl/workbook.xml" ContentType="{workbook_type}"/>'
                 f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}"/>'
                 f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{SHEET_TYPE}"/>'
                 + (f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>' if strings else ""))
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + overrides + "</Types>",
        "_rels/.rels": XML_HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": XML_HEAD + f'<workbook xmlns="{MAIN_NS}" xmlns:r="{rel}"><sheets>'
        '<sheet name="Đánh giá" sheetId="1" r:id="rId1"/>'
        '<sheet name="_phien_ban" sheetId="2" state="veryHidden" r:id="rId2"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": XML_HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
        f'2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/worksheet" Target="worksheets/sheet2.xml"/>'
        + (f'<Relationship Id="rId3" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>' if strings else "")
        + "</Relationships>",
        "xl/worksheets/sheet1.xml": sheet,
        "xl/worksheets/sheet2.xml": stamp if stamp is not None else stamp_xml(),
    }
    if strings:
        parts["xl/sharedStrings.xml"] = strings
    parts.update(extra or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in parts.items():
            z.writestr(name, data.encode() if isinstance(data, str) else data)
    return buf.getvalue()


def strings_xml(*texts: str, prolog="") -> str:
    return (XML_HEAD + prolog + f'<sst xmlns="{MAIN_NS}" count="{len(texts)}" uniqueCount="{len(texts)}">'
            + "".join(f"<si><t>{t}</t></si>" for t in texts) + "</sst>")


def refused(engine, content) -> tuple[str, str, str]:
    """(code, vi message, en message) of the first error; asserts nothing would be written."""
    with session_scope(engine) as s:
        parsed = parse_upload(session=s, actor=ADMIN, content=content)
    assert parsed.errors and parsed.changes == [] and parsed.conflicts == []
    err = parsed.errors[0]
    vi, en = translate(err.code, "vi", **err.params), translate(err.code, "en", **err.params)
    assert "{" not in vi + en and len(vi) < 400 and len(en) < 400
    return err.code, vi, en


def many_rows(count: int) -> bytes:
    """A sheet that claims A1:XFD1048576 and holds `count` rows after the header."""
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>30346</t></is></c><c r="D{n}" t="inlineStr">'
                   f"<is><t>Đạt</t></is></c></row>" for n in range(6, 6 + count))
    return xlsx(sheet_xml(main_rows(), dimension="A1:XFD1048576", extra_rows=rows))


def forty_thousand_rows() -> bytes:
    """The 223 KB replay."""
    return many_rows(40_000)


def wide_rows() -> bytes:
    """25 rows of 16,384 cells each: openpyxl parses a row whole before cutting it (17 s of CPU)."""
    cells = "".join(f'<c r="{get_column_letter(k)}5"><v>1</v></c>' for k in range(5, 16_385))
    return xlsx(sheet_xml(main_rows(), extra_rows="".join(f'<row r="{n}">{cells}</row>' for n in range(6, 31))))


def sixty_mb_cell() -> bytes:
    return xlsx(sheet_xml(main_rows(value=[0])), strings=strings_xml("A" * (60 * 1024 * 1024)))


def biggest_cell(note: bool) -> bytes:
    """One cell as big as the unpacked limit allows, of non-ASCII text (the costliest kind)."""
    text = "gần đạt " * ((MAX_UNPACKED - 16 * 1024) // len("gần đạt ".encode()))
    return xlsx(sheet_xml(main_rows(value="Đạt" if note else [0], note=[0] if note else None)),
                strings=strings_xml(text))


def test_the_hand_made_workbook_is_read_like_a_template(read_db):
    """The builder makes files the import accepts, so each refusal below is due to its hostility."""
    with session_scope(read_db) as s:
        parsed = parse_upload(session=s, actor=ADMIN, content=xlsx(sheet_xml(main_rows(value="Chưa đạt", note="mới"))))
    assert parsed.errors == []
    assert [(c.commune_code, c.criterion_number, c.new_note) for c in parsed.changes] == [("30346", 1, "mới")]


def test_replay_forty_thousand_rows_claiming_the_whole_sheet(read_db):
    content = forty_thousand_rows()
    assert len(content) < 400_000
    code, vi, en = refused(read_db, content)
    assert code == "file.too_complex"
    assert vi.startswith("Phần “xl/worksheets/sheet1.xml” của tệp có quá nhiều phần tử (tối đa ")
    assert vi.endswith(") so với một mẫu; tệp bị từ chối trước khi đọc.")
    assert en.startswith("Part “xl/worksheets/sheet1.xml” of the file has too many elements")
    assert refused(read_db, wide_rows())[0] == "file.too_complex"


def test_rows_are_read_up_to_the_communes_plus_a_margin_whatever_the_sheet_claims(read_db):
    """Fewer elements than the limit but more rows than communes: the streaming read stops at
    119 communes + 20 rows, without using the declared dimension A1:XFD1048576."""
    code, vi, en = refused(read_db, many_rows(1_000))
    assert vi == "Tệp có nhiều dòng hơn mẫu (tối đa 139 dòng dữ liệu); không có gì được ghi."
    assert en.startswith("The file has more rows than the template (at most 139")
    with session_scope(read_db) as s:  # 139 rows of the same commune: read, then refused row by row
        parsed = parse_upload(session=s, actor=ADMIN, content=many_rows(139 - 1))
    assert {e.code for e in parsed.errors} == {"row.duplicate"} and len(parsed.errors) == 138


def test_replay_sixty_mb_cell_is_refused_with_a_short_message(read_db):
    content = sixty_mb_cell()
    assert len(content) < 200_000
    code, vi, _ = refused(read_db, content)
    assert (code, vi) == ("file.unpacked_too_big", "Tệp giải nén ra 60 MB (tối đa 10 MB); tệp bị từ chối trước khi đọc.")


def test_a_huge_cell_under_the_limit_is_quoted_as_an_excerpt(read_db):
    code, vi, en = refused(read_db, biggest_cell(note=False))
    assert code == "row.bad_value"
    assert vi == "Dòng 5, cột TC1: giá trị “gần đạt gần đạt gần đạt gần đạt gần đạt …” không hợp lệ (Đạt / Chưa đạt / để trống)."
    assert "“gần đạt gần đạt gần đạt gần đạt gần đạt …”" in en


@pytest.mark.parametrize("where", ["sheet", "shared_strings"])
@pytest.mark.parametrize("trick", ["external_entity", "billion_laughs"])
def test_replay_entity_tricks_are_refused_before_parsing(read_db, where, trick):
    prolog = DOCTYPE_XXE if trick == "external_entity" else DOCTYPE_LAUGHS.replace("worksheet", "sst")
    reference = "&xxe;" if trick == "external_entity" else "&lol9;"
    if where == "sheet":
        content = xlsx(sheet_xml(main_rows(value=("raw", reference)),
                                 prolog=prolog.replace("sst", "worksheet")))
        part = "xl/worksheets/sheet1.xml"
    else:
        content = xlsx(sheet_xml(main_rows(value=[0])), strings=strings_xml(reference, prolog=prolog))
        part = "xl/sharedStrings.xml"
    code, vi, en = refused(read_db, content)
    assert code == "file.dtd"
    assert vi == f"Phần “{part}” của tệp có khai báo DOCTYPE/ENTITY, điều mà tệp Excel không bao giờ có; tệp bị từ chối."
    assert en.startswith(f"Part “{part}” of the file declares a DOCTYPE/ENTITY")


def test_what_openpyxl_alone_does_with_entities():
    """Why the byte scan is needed: openpyxl expands an internal entity in sharedStrings.xml into
    the cell's text, and an external entity in the sheet raises ParseError only while the rows are
    iterated (lazily, after load_workbook returned) — the reported traceback."""
    internal = '<!DOCTYPE sst [<!ENTITY note "chèn vào">]>\n'
    wb = load_workbook(io.BytesIO(xlsx(sheet_xml(main_rows(value=[0])), strings=strings_xml("&note;", prolog=internal))),
                       read_only=True)
    assert wb["Đánh giá"]["D5"].value == "chèn vào"
    wb.close()
    wb = load_workbook(io.BytesIO(xlsx(sheet_xml(main_rows(value=("raw", "&xxe;")), prolog=DOCTYPE_XXE))),
                       read_only=True)
    with pytest.raises(ParseError):
        list(wb["Đánh giá"].iter_rows(values_only=True))
    wb.close()


def patched_sizes(content: bytes, member: str, size: int) -> bytes:
    """The zip with `member`'s declared unpacked size replaced (local header and central directory)."""
    data = bytearray(content)
    name = member.encode()
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(sig, start)) != -1:
            name_at = start + (30 if sig == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[start + offset:start + offset + 4] = size.to_bytes(4, "little")
            start += 4
    return bytes(data)


@pytest.mark.parametrize("damage,code,part", [
    ("truncated_sheet_xml", "file.damaged", "Đánh giá"),
    ("truncated_stamp_xml", "file.damaged", "_phien_ban"),
    ("truncated_zip", "file.not_xlsx", None),
    ("corrupt_deflate", "file.damaged", "xl/worksheets/sheet1.xml"),
    ("lying_unpacked_size", "file.damaged", "xl/worksheets/sheet1.xml"),
    ("word_document", "file.wrong_type", None),
    ("no_content_types", "file.wrong_type", None),
    ("utf16_sheet", "file.encoding", "xl/worksheets/sheet1.xml"),
    ("too_many_parts", "file.too_many_parts", None),
    ("workbook_without_sheets", "file.no_sheet", None),
])
def test_damaged_files_get_a_message_not_a_traceback(read_db, damage, code, part):
    good_sheet = sheet_xml(main_rows(value="Chưa đạt"))
    if damage == "truncated_sheet_xml":
        content = xlsx(good_sheet[: good_sheet.index("<row r=\"5\">") + 30])
    elif damage == "truncated_stamp_xml":
        content = xlsx(good_sheet, stamp=stamp_xml()[:300])
    elif damage == "truncated_zip":
        whole = xlsx(good_sheet)
        content = whole[: len(whole) // 2]
    elif damage == "corrupt_deflate":
        big = sheet_xml(main_rows(value="Chưa đạt"), extra_rows="<!-- " + "filler " * 20000 + "-->")
        whole = bytearray(xlsx(big))
        at = whole.find(b"xl/worksheets/sheet1.xml") + 200
        whole[at:at + 64] = bytes(64)
        content = bytes(whole)
    elif damage == "lying_unpacked_size":  # a zip bomb that claims to be small
        bomb = sheet_xml(main_rows(), extra_rows="<!-- " + "A" * (50 * 1024 * 1024) + " -->")
        content = patched_sizes(xlsx(bomb), "xl/worksheets/sheet1.xml", 4096)
    elif damage == "word_document":
        content = xlsx(good_sheet, workbook_type="application/vnd.openxmlformats-officedocument."
                                                 "wordprocessingml.document.main+xml")
    elif damage == "no_content_types":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z, zipfile.ZipFile(io.BytesIO(xlsx(good_sheet))) as src:
            for info in src.infolist():
                if info.filename != "[Content_Types].xml":
                    z.writestr(info.filename, src.read(info))
        content = buf.getvalue()
    elif damage == "utf16_sheet":
        content = xlsx((DOCTYPE_XXE + good_sheet.replace(XML_HEAD, "")).encode("utf-16"))
    elif damage == "too_many_parts":
        content = xlsx(good_sheet, extra={f"xl/media/x{i}.xml": b"<a/>" for i in range(300)})
    else:
        content = xlsx(good_sheet, extra={"xl/workbook.xml": f'<workbook xmlns="{MAIN_NS}"/>'.encode()})
    got, vi, en = refused(read_db, content)
    assert got == code, vi
    if part:
        assert f"“{part}”" in vi and f"“{part}”" in en


MEASURE = """
import json, sys, time
from sqlalchemy import create_engine
from domain.actor import Actor
from data_access.db import session_scope
from spreadsheets.excel_import import parse_upload
engine = create_engine(sys.argv[1])
content = open(sys.argv[2], "rb").read()
start = time.monotonic()
with session_scope(engine) as s:
    parsed = parse_upload(session=s, actor=Actor("admin", "admin"), content=content)
# VmHWM: the peak resident size of this program (ru_maxrss would include the parent's, kept across exec)
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"codes": [e.code for e in parsed.errors], "seconds": time.monotonic() - start,
                  "peak_mb": peak_kb / 1024}))
"""


@pytest.mark.parametrize("build,code", [
    (forty_thousand_rows, "file.too_complex"),
    (lambda: many_rows(1_000), "file.too_many_rows"),
    (sixty_mb_cell, "file.unpacked_too_big"),
    (lambda: biggest_cell(note=False), "row.bad_value"),
    (lambda: biggest_cell(note=True), "row.note_too_long"),
    (lambda: xlsx(sheet_xml(main_rows(value=[0])), strings=strings_xml(*["ab"] * ((MAX_UNPACKED - 16 * 1024) // 18))),
     "file.too_complex"),
    (lambda: xlsx(sheet_xml(main_rows(value=[0])), strings=strings_xml(*["ab"] * 40_000)), "row.bad_value"),
])
def test_memory_stays_under_300_mb(read_db, tmp_path, build, code):
    """Peak RSS of a fresh process that parses the file against the database (the process's
    own baseline — Python, SQLAlchemy, openpyxl — included)."""
    path = tmp_path / "upload.xlsx"
    path.write_bytes(build())
    assert path.stat().st_size < 2 * 1024 * 1024
    out = subprocess.run([sys.executable, "-c", MEASURE, read_db.url.render_as_string(hide_password=False), str(path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["codes"][:1] == [code]
    assert result["peak_mb"] < 300 and result["seconds"] < 15, result
    print(build.__name__, result)


def test_command_line_prints_a_message_for_a_hostile_file(read_db, tmp_path):
    path = tmp_path / "xxe.xlsx"
    path.write_bytes(xlsx(sheet_xml(main_rows(value=("raw", "&xxe;")), prolog=DOCTYPE_XXE)))
    url = read_db.url.render_as_string(hide_password=False)
    out = subprocess.run([sys.executable, "-m", "data_access", "--database-url", url, "--lang", "en", "import",
                          str(path), "--user", "admin"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.splitlines() == [
        "Part “xl/worksheets/sheet1.xml” of the file declares a DOCTYPE/ENTITY, which Excel files never do; "
        "the file was refused.", "1 error; nothing was written to the database."]
