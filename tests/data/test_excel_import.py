"""Excel template, validation of bad files, preview, apply; the same through the command line;
backup and restore round trip. Both backends."""
import io
import subprocess
import sys
from datetime import datetime

import pytest
from openpyxl import Workbook, load_workbook

from data_access import auth, backup
from data_access.assessments import current_records
from services.assessments import save_assessments
from data_access.bootstrap import ensure_database
from data_access.db import session_scope
from data_access.excel_io import HEADER_ROW, SHEET, build_template, edits_from, parse_upload
from data_access.messages import message
from data_access.sample import criteria_by_period
from data_access.permissions import PermissionDenied
from services import backups
from tests.conftest import BACKENDS, ROOT
from tests.support import make_user

PERIOD = "2013-12"
ADMIN = auth.Actor("admin", "admin")
AN_PHU = auth.Actor("anphu", "editor", "886")

def prepare(url):
    """Reference data, the sample of one month only (fast), two accounts."""
    from data_access.sample import load_sample
    engine = ensure_database(url, load_sample_data=False)
    with session_scope(engine) as s:
        load_sample(s, periods=[PERIOD])
        make_user(s, "admin", "mat-khau-admin", "admin")
        make_user(s, "anphu", "mat-khau-anphu", "editor", district_code="886")
    return engine


@pytest.fixture(scope="module", params=BACKENDS)
def read_db(request, tmp_path_factory):
    """Shared by the tests that only read (templates, bad files)."""
    from tests.conftest import drop_pg_schema, fresh_pg_url
    if request.param == "sqlite":
        yield prepare(f"sqlite:///{tmp_path_factory.mktemp('xl') / 'read.sqlite3'}")
        return
    schema = f"ntm_xl_{__import__('os').getpid()}"
    yield prepare(fresh_pg_url(schema))
    from data_access.db import get_engine
    get_engine.cache_clear()
    drop_pg_schema(schema)


@pytest.fixture
def db(fresh_url):
    return prepare(fresh_url)


write_tests = pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)


def template(engine, district=None) -> Workbook:
    with session_scope(engine) as s:
        return load_workbook(io.BytesIO(build_template(s, PERIOD, district)))


def to_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def parse(engine, content, actor=ADMIN):
    with session_scope(engine) as s:
        return parse_upload(s, actor, content)


def row_of(ws, code):
    return next(r for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, 1).value == code)


def test_template_holds_the_current_values_and_drop_downs(read_db):
    db = read_db
    wb = template(db)
    ws = wb[SHEET]
    assert ws["B2"].value == PERIOD
    assert [ws.cell(HEADER_ROW, c).value for c in (1, 2, 3, 4)] == ["Mã xã", "Tên xã", "Huyện", "TC1 - Quy hoạch"]
    assert ws.cell(HEADER_ROW, 22).value == "TC19 - ANTT"
    assert ws.max_row - HEADER_ROW == 119
    assert ws.data_validations.dataValidation[0].formula1 == '"Đạt,Chưa đạt"'
    r = row_of(ws, "30346")
    with session_scope(db) as s:
        ids = criteria_by_period(s, [PERIOD])[PERIOD]
        rec = current_records(s, PERIOD, ["30346"])[("30346", ids[19])]
    assert ws.cell(r, 22).value == ("Đạt" if rec.met else "Chưa đạt")
    assert parse(db, to_bytes(wb)).changes == []  # an unchanged template changes nothing


@write_tests
def test_upload_preview_and_apply_in_one_transaction(db):
    wb = template(db, "886")
    ws = wb[SHEET]
    r = row_of(ws, "30346")
    old = ws.cell(r, 22).value
    ws.cell(r, 22).value = "Chưa đạt" if old == "Đạt" else "x"  # "x" is accepted as Đạt
    parsed = parse(db, to_bytes(wb), AN_PHU)
    assert parsed.errors == []
    assert [(c.commune_code, c.criterion_number, c.old, c.new) for c in parsed.changes] == [
        ("30346", 19, old == "Đạt", old != "Đạt")]
    with session_scope(db) as s:
        assert save_assessments(s, actor=AN_PHU, edits=edits_from(parsed)) == 1
    assert parse(db, to_bytes(wb), AN_PHU).changes == []


@pytest.mark.parametrize("damage,code", [
    ("not_xlsx", "file.not_xlsx"),
    ("zip_not_xlsx", "file.not_xlsx"),
    ("too_big", "file.too_big"),
    ("wrong_sheet", "file.no_sheet"),
    ("wrong_columns", "file.bad_columns"),
    ("bad_period", "file.bad_period"),
    ("unknown_code", "row.unknown_code"),
    ("phuong", "row.not_assessed"),
    ("other_district", "row.other_district"),
    ("bad_value", "row.bad_value"),
    ("duplicate", "row.duplicate"),
])
def test_each_bad_file_gives_errors_by_row_and_applies_nothing(read_db, damage, code):
    db = read_db
    wb = template(db)
    ws = wb[SHEET]
    actor = ADMIN
    r = row_of(ws, "30346")
    ws.cell(r, 4).value = "Chưa đạt" if ws.cell(r, 4).value == "Đạt" else "Đạt"  # one real change as well
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
        ws.cell(row_of(ws, "30310"), 4).value = "Đạt" if ws.cell(row_of(ws, "30310"), 4).value != "Đạt" else "Chưa đạt"
    elif damage == "bad_value":
        ws.cell(r + 1, 6).value = "gần đạt"
    elif damage == "duplicate":
        ws.cell(r + 1, 1).value = "30346"
    parsed = parse(db, content if content is not None else to_bytes(wb), actor)
    assert [e.code for e in parsed.errors][:1] == [code]
    assert parsed.changes == []
    text = message(parsed.errors[0].code, "vi", **parsed.errors[0].params)
    assert "{" not in text
    if code.startswith("row."):
        assert text.startswith("Dòng ")


@write_tests
def test_command_line_import_exits_non_zero_and_applies_nothing_on_error(db, fresh_url, tmp_path):
    wb = template(db)
    ws = wb[SHEET]
    r = row_of(ws, "30346")
    ws.cell(r, 4).value = "Chưa đạt" if ws.cell(r, 4).value == "Đạt" else "Đạt"
    ws.cell(r + 1, 6).value = "???"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(to_bytes(wb))
    cmd = [sys.executable, "-m", "data_access", "--database-url", fresh_url, "import", str(bad), "--user", "admin"]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 1
    assert "Dòng" in out.stderr and "không có gì được ghi" in out.stderr
    assert parse(db, to_bytes(wb)).errors  # still the same errors: nothing applied
    ws.cell(r + 1, 6).value = None
    good = tmp_path / "good.xlsx"
    good.write_bytes(to_bytes(wb))
    out = subprocess.run(cmd[:-3] + [str(good), "--user", "admin"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "Đã lưu 1 thay đổi" in out.stdout
    viewer = subprocess.run(cmd[:-1] + ["khong-co"], cwd=ROOT, capture_output=True, text=True)
    assert viewer.returncode == 1


@write_tests
def test_backup_and_restore_round_trip(db, tmp_path):
    before = backup.table_counts(db)
    target = tmp_path / "backup.bin"
    with pytest.raises(PermissionDenied):
        backups.make_backup(db, actor=auth.Actor("x", "editor"), target=target)
    backups.make_backup(db, actor=ADMIN, target=target)
    with session_scope(db) as s:  # a change after the backup
        ids = criteria_by_period(s, [PERIOD])[PERIOD]
        rec = current_records(s, PERIOD, ["30346"])[("30346", ids[10])]
        from data_access.assessments import AssessmentEdit
        save_assessments(s, actor=ADMIN, edits=[AssessmentEdit("30346", ids[10], PERIOD, not rec.met, "sau sao lưu", {},
                                                   rec.version)], now=datetime(2026, 1, 1))
    assert backup.table_counts(db)["assessment"] == before["assessment"] + 1
    backups.restore(db, actor=ADMIN, source=target)
    after = backup.table_counts(db)
    assert after["assessment"] == before["assessment"] and after["commune"] == before["commune"]
    assert after["audit_log"] == before["audit_log"] + 1  # the restore's own entry (the backup's came after the file)
    with session_scope(db) as s:
        assert current_records(s, PERIOD, ["30346"])[("30346", ids[10])].version == rec.version
