"""Excel template and import: nothing lost, nothing silently reverted, only the month the template
was made for. Both backends. The command line, a district's editor and a backup round trip are in
test_excel_import_cli.py.

Each "replay" test repeats a failure reported in issue 14 ("Data lost or misplaced by the Excel
import") and asserts what it gets now."""
import io

import pytest
from sqlalchemy import select

from data_access.assessments import AssessmentEdit, current_records
from data_access.db import session_scope
from data_access.models import Indicator
from i18n import translate
from services.assessments import save_assessments
from spreadsheets.template import HEADER_ROW, SHEET, STAMP_SHEET, TemplateError, build_template
from tests.data import excel_support
from tests.data.excel_support import (
    ADMIN,
    AN_PHU,
    NOTES,
    OTHER,
    PAST,
    PERIOD,
    audit_count,
    crit_ids,
    flip,
    parse,
    record,
    row_of,
    run_import,
    template,
    to_bytes,
    write_tests,
)

read_db, db = excel_support.read_db, excel_support.db  # the fixtures


def test_template_holds_results_notes_and_the_versions_it_shows(read_db):
    wb = template(read_db)
    ws = wb[SHEET]
    assert ws["B2"].value == PERIOD
    assert [ws.cell(HEADER_ROW, c).value for c in (1, 2, 3, 4)] == ["Mã xã", "Tên xã", "Huyện", "TC1 - Quy hoạch"]
    assert ws.cell(HEADER_ROW, 22).value == "TC19 - ANTT"
    assert [ws.cell(HEADER_ROW, NOTES + k).value for k in (1, 19)] == ["Ghi chú TC1", "Ghi chú TC19"]
    assert ws.max_row - HEADER_ROW == 119
    assert ws.data_validations.dataValidation[0].formula1 == '"Đạt,Chưa đạt"'
    r = row_of(ws, "30346")
    rec = record(read_db, "30346", 19)
    assert ws.cell(r, 22).value == ("Đạt" if rec.met else "Chưa đạt")
    stamp = wb[STAMP_SHEET]
    assert stamp.sheet_state == "veryHidden"
    assert stamp["B2"].value == PERIOD and stamp.cell(5, 20).value == "TC19"
    stamp_row = next(r for r in range(6, stamp.max_row + 1) if stamp.cell(r, 1).value == "30346")
    assert stamp.cell(stamp_row, 20).value == rec.version == 1
    parsed = parse(read_db, to_bytes(wb))
    assert (parsed.errors, parsed.changes, parsed.conflicts) == ([], [], [])


@write_tests
def test_unchanged_template_changes_nothing_and_writes_no_audit_entry(db):
    content = to_bytes(template(db))
    before = audit_count(db)
    result = run_import(db, content)
    assert (result.status, result.written) == ("nothing", 0)
    assert audit_count(db) == before


@write_tests
def test_replay_import_keeps_notes_and_indicator_values(db):
    """Replay: importing wiped the note and indicator values of every record it changed, and a
    file with only notes said "no changes"."""
    ids = crit_ids(db)
    with session_scope(db) as s:
        indicator = s.scalar(select(Indicator.id).where(Indicator.criterion_id == ids[11]))
        old = current_records(session=s, period=PERIOD, commune_codes=["30346"])[("30346", ids[11])]
        save_assessments(session=s, actor=ADMIN, edits=[AssessmentEdit("30346", ids[11], PERIOD, old.met,
                                                               "Số liệu của phòng LĐTBXH", {indicator: 5.5},
                                                               old.version)])
    wb = template(db)
    ws = wb[SHEET]
    r = row_of(ws, "30346")
    assert ws.cell(r, NOTES + 11).value == "Số liệu của phòng LĐTBXH"  # the note is written
    new_met = flip(ws, r, 3 + 11)  # the result changes, the note cell is left alone
    ws.cell(r, NOTES + 5).value = "Đang rà soát lại"  # a note only, on another criterion
    parsed = parse(db, to_bytes(wb))
    assert parsed.errors == [] and parsed.conflicts == []
    assert sorted((c.criterion_number, c.new_met, c.new_note) for c in parsed.changes) == [
        (5, record(db, "30346", 5).met, "Đang rà soát lại"), (11, new_met, "Số liệu của phòng LĐTBXH")]
    assert run_import(db, to_bytes(wb)).written == 2
    rec11, rec5 = record(db, "30346", 11), record(db, "30346", 5)
    assert (rec11.met, rec11.note, rec11.values) == (new_met, "Số liệu của phòng LĐTBXH", {indicator: 5.5})
    assert (rec5.note, rec5.version) == ("Đang rà soát lại", 2)
    wb2 = template(db)  # an emptied note cell removes the note (and the preview says so)
    wb2[SHEET].cell(r, NOTES + 11).value = None
    [change] = parse(db, to_bytes(wb2)).changes
    assert (change.old_note, change.new_note, change.values) == ("Số liệu của phòng LĐTBXH", None, {indicator: 5.5})


@write_tests
def test_replay_stale_template_reverts_nothing_and_lists_conflicts(db):
    """Replay: a template downloaded before other people's saves silently reverted them ("Đã lưu 6
    thay đổi"). Now untouched cells are never written, and touched cells they saved are conflicts."""
    stale = template(db)
    ws = stale[SHEET]
    theirs = ["30346", "30349", "30352"]
    ids = crit_ids(db)
    with session_scope(db) as s:  # someone else saves 6 records after the download
        cur = current_records(session=s, period=PERIOD, commune_codes=theirs)
        save_assessments(session=s, actor=OTHER, edits=[
            AssessmentEdit(code, ids[2], PERIOD, not cur[(code, ids[2])].met, None, {}, cur[(code, ids[2])].version)
            for code in theirs] + [
            AssessmentEdit(code, ids[3], PERIOD, cur[(code, ids[3])].met, "theo biên bản", {},
                           cur[(code, ids[3])].version) for code in theirs])
    saved = {(code, n): (record(db, code, n).met, record(db, code, n).note) for code in theirs for n in (2, 3)}
    before = audit_count(db)
    result = run_import(db, to_bytes(stale))  # the stale template, untouched
    assert (result.status, result.written) == ("nothing", 0) and audit_count(db) == before
    assert {(code, n): (record(db, code, n).met, record(db, code, n).note) for code in theirs for n in (2, 3)} == saved
    my_met = flip(ws, row_of(ws, "30346"), 3 + 3)  # they changed the note: a conflict
    ws.cell(row_of(ws, "30349"), NOTES + 2).value = "ghi chú của tôi"  # they changed the result: a conflict
    flip(ws, row_of(ws, "30352"), 3 + 2)  # the same as they saved: nothing to do
    mine = flip(ws, row_of(ws, "30346"), 3 + 7)  # nobody else touched TC7: a change
    content = to_bytes(stale)
    parsed = parse(db, content)
    assert [(c.commune_code, c.criterion_number) for c in parsed.changes] == [("30346", 7)]
    assert sorted((c.commune_code, c.criterion_number, c.saved_by) for c in parsed.conflicts) == [
        ("30346", 3, "other"), ("30349", 2, "other")]
    result = run_import(db, content)
    assert (result.status, result.written) == ("conflicts", 0)
    assert audit_count(db) == before and record(db, "30346", 7).met != mine
    assert run_import(db, content, conflicts="skip").written == 1
    assert record(db, "30346", 7).met == mine and record(db, "30346", 3).met == saved[("30346", 3)][0]
    assert run_import(db, content, conflicts="overwrite").written == 2
    assert (record(db, "30346", 3).met, record(db, "30346", 3).note) == (my_met, "theo biên bản")
    assert (record(db, "30349", 2).met, record(db, "30349", 2).note) == (saved[("30349", 2)][0], "ghi chú của tôi")
    assert record(db, "30352", 2).version == 2


@write_tests
def test_replay_any_month_was_accepted(db):
    """Replay: B2 = 2099-12 wrote 2,261 records; B2 = 2011-01 overwrote history unconfirmed."""
    wb = template(db)
    ws = wb[SHEET]
    flip(ws, row_of(ws, "30346"), 4)
    ws["B2"] = "2099-12"
    parsed = parse(db, to_bytes(wb))
    assert [(e.code, e.params) for e in parsed.errors] == [("file.period_mismatch", {"value": "2099-12",
                                                                                      "period": PERIOD})]
    wb[STAMP_SHEET]["B2"] = "2099-12"  # the stamp forged as well
    assert [e.code for e in parse(db, to_bytes(wb)).errors] == ["file.future_period"]
    assert run_import(db, to_bytes(wb)).written == 0
    with session_scope(db) as s, pytest.raises(TemplateError) as refused:
        build_template(session=s, period="2099-12")
    assert refused.value.code == "file.future_period"
    past = template(db, period=PAST)  # a month before the latest with data
    pws = past[SHEET]
    flip(pws, row_of(pws, "30346"), 4)
    flip(pws, row_of(pws, "30349"), 4)
    before = audit_count(db)
    result = run_import(db, to_bytes(past))
    assert (result.status, result.written, result.parsed.latest) == ("past", 0, PERIOD)
    assert audit_count(db) == before
    assert run_import(db, to_bytes(past), allow_past=True).written == 2
    assert record(db, "30346", 1, PAST).version == 2


@pytest.mark.parametrize("code,accepted", [(30310.7, False), ("30310.7", False), ("3031O", False),
                                            (30310.0, True), (30310, True), ("30310", True), (" 30310 ", True)])
def test_replay_codes_are_exact_text_or_whole_numbers(read_db, code, accepted):
    """Replay: a code 30310.7 was applied to commune 30310."""
    wb = template(read_db)
    ws = wb[SHEET]
    r = row_of(ws, "30310")
    ws.cell(r, 1).value = code
    flip(ws, r, 4)
    parsed = parse(read_db, to_bytes(wb))
    if accepted:
        assert parsed.errors == [] and [c.commune_code for c in parsed.changes] == ["30310"]
    else:
        assert [(e.code, e.params["row"]) for e in parsed.errors] == [("row.bad_code", r)]
        assert parsed.changes == []
        assert translate("row.bad_code", "vi", **parsed.errors[0].params).startswith(f"Dòng {r}: mã xã “{code}”")


@pytest.mark.parametrize("damage,code", [
    ("not_xlsx", "file.not_xlsx"),
    ("zip_not_xlsx", "file.wrong_type"),
    ("too_big", "file.too_big"),
    ("wrong_sheet", "file.no_sheet"),
    ("no_stamp", "file.no_stamp"),
    ("wrong_columns", "file.bad_columns"),
    ("bad_period", "file.bad_period"),
    ("unknown_code", "row.unknown_code"),
    ("phuong", "row.not_assessed"),
    ("other_district", "row.other_district"),
    ("bad_value", "row.bad_value"),
    ("duplicate", "row.duplicate"),
    ("note_too_long", "row.note_too_long"),
])
def test_each_bad_file_gives_errors_by_row_and_applies_nothing(read_db, damage, code):
    db = read_db
    wb = template(db)
    ws = wb[SHEET]
    actor = ADMIN
    r = row_of(ws, "30346")
    flip(ws, r, 4)  # one real change as well
    content = None
    if damage == "not_xlsx":
        content = "Mã xã;TC1\n30346;Đạt\n".encode()
    elif damage == "zip_not_xlsx":
        import zipfile
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("hello.txt", "xin chào")
        content = buf.getvalue()
    elif damage == "too_big":
        content = to_bytes(wb) + b"\0" * (3 * 1024 * 1024)
    elif damage == "wrong_sheet":
        ws.title = "Sheet1"
    elif damage == "no_stamp":
        del wb[STAMP_SHEET]
    elif damage == "wrong_columns":
        ws.cell(HEADER_ROW, 5).value = "TC42 - không có"
    elif damage == "bad_period":
        ws["B2"] = "12/2013"
    elif damage == "unknown_code":
        ws.cell(r + 1, 1).value = "99999"
    elif damage == "phuong":
        ws.cell(r + 1, 1).value = "30280"
    elif damage == "other_district":
        actor = AN_PHU
        flip(ws, row_of(ws, "30310"), 4)
    elif damage == "bad_value":
        ws.cell(r + 1, 6).value = "gần đạt " * 1000
    elif damage == "duplicate":
        ws.cell(r + 1, 1).value = "30346"
    elif damage == "note_too_long":
        ws.cell(r, NOTES + 2).value = "ghi chú " * 400
    parsed = parse(db, content if content is not None else to_bytes(wb), actor)
    assert [e.code for e in parsed.errors][:1] == [code]
    assert parsed.changes == [] and parsed.conflicts == []
    text = translate(parsed.errors[0].code, "vi", **parsed.errors[0].params)
    assert "{" not in text and len(text) < 300  # quoted cells are cut to an excerpt
    if code.startswith("row."):
        assert text.startswith("Dòng ")
