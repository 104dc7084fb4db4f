"""The Excel template and import through the command line (the same template as the page's), a
district's editor importing their district, and a backup and restore round trip on the same
database. Both backends."""

import subprocess
import sys
from datetime import datetime

import pytest
from openpyxl import load_workbook

from accounts.permissions import PermissionDenied
from config import ROOT
from data_access import backup
from data_access.assessments import AssessmentEdit, current_records
from data_access.criteria import criteria_by_period
from data_access.db import session_scope
from domain.actor import Actor
from services import backups
from services.assessments import save_assessments
from spreadsheets.template import SHEET, STAMP_SHEET
from tests.data import excel_support
from tests.data.excel_support import (
    ADMIN,
    AN_PHU,
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


def cli(url, *args):
    cmd = [sys.executable, "-m", "data_access", "--database-url", url, *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)


@write_tests
def test_command_line_template_and_import(db, fresh_url, tmp_path):
    out = tmp_path / "mau.xlsx"
    done = cli(fresh_url, "template", "--period", PERIOD, "--district", "886", "--out", str(out))
    assert done.returncode == 0, done.stderr
    by_cli, by_page = load_workbook(out), template(db, "886")
    for name in (SHEET, STAMP_SHEET):
        cells = [[c.value for c in row] for row in by_cli[name].iter_rows()]
        page = [[c.value for c in row] for row in by_page[name].iter_rows()]
        assert [r for r in cells if r[0] != "made_at"] == [r for r in page if r[0] != "made_at"]
    assert cli(fresh_url, "template", "--period", "2099-12", "--out", str(tmp_path / "x.xlsx")).returncode == 2
    done = cli(fresh_url, "import", str(out), "--user", "admin")
    assert (done.returncode, done.stdout.strip()) == (0, "Tệp không có thay đổi nào so với cơ sở dữ liệu.")
    wb = load_workbook(out)
    ws = wb[SHEET]
    r = row_of(ws, "30346")
    flip(ws, r, 4)
    ws.cell(r + 1, 6).value = "???"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(to_bytes(wb))
    done = cli(fresh_url, "import", str(bad), "--user", "admin")
    assert done.returncode == 1 and "Dòng" in done.stderr and "không có gì được ghi" in done.stderr
    assert "Traceback" not in done.stderr
    ws.cell(r + 1, 6).value = None
    good = tmp_path / "good.xlsx"
    good.write_bytes(to_bytes(wb))
    ids = crit_ids(db)
    with session_scope(db) as s:  # someone saves TC1 of 30346 after the download: a conflict
        rec = current_records(session=s, period=PERIOD, commune_codes=["30346"])[("30346", ids[1])]
        save_assessments(session=s, actor=OTHER, edits=[AssessmentEdit("30346", ids[1], PERIOD, rec.met, "khác", {},
                                                               rec.version)])
    before = audit_count(db)
    done = cli(fresh_url, "import", str(good), "--user", "admin")
    assert done.returncode == 1 and "XUNG ĐỘT 30346" in done.stderr and "--conflicts overwrite" in done.stderr
    assert audit_count(db) == before
    done = cli(fresh_url, "--lang", "en", "import", str(good), "--user", "admin", "--conflicts", "overwrite")
    assert done.returncode == 0, done.stderr
    assert "1 change saved" in done.stdout and audit_count(db) == before + 1
    assert record(db, "30346", 1).note == "khác"  # the untouched note cell kept their note
    assert cli(fresh_url, "import", str(good), "--user", "khong-co").returncode == 1
    past = tmp_path / "past.xlsx"
    assert cli(fresh_url, "template", "--period", PAST, "--out", str(past)).returncode == 0
    wb = load_workbook(past)
    flip(wb[SHEET], row_of(wb[SHEET], "30346"), 4)
    wb.save(past)
    done = cli(fresh_url, "import", str(past), "--user", "admin")
    assert done.returncode == 1 and "--allow-past" in done.stderr
    done = cli(fresh_url, "import", str(past), "--user", "admin", "--allow-past")
    assert done.returncode == 0 and "Đã lưu 1 thay đổi (kỳ 2013-11)" in done.stdout


@write_tests
def test_district_editor_imports_their_district(db):
    wb = template(db, "886")
    ws = wb[SHEET]
    r = row_of(ws, "30346")
    old = ws.cell(r, 22).value
    ws.cell(r, 22).value = "Chưa đạt" if old == "Đạt" else "x"  # "x" is accepted as Đạt
    parsed = parse(db, to_bytes(wb), AN_PHU)
    assert parsed.errors == []
    assert [(c.commune_code, c.criterion_number, c.old, c.new) for c in parsed.changes] == [
        ("30346", 19, old == "Đạt", old != "Đạt")]
    assert run_import(db, to_bytes(wb), AN_PHU).written == 1
    assert parse(db, to_bytes(wb), AN_PHU).changes == []
    with pytest.raises(PermissionDenied):
        run_import(db, to_bytes(wb), Actor("anphu", "admin"))  # a forged role


@write_tests
def test_backup_and_restore_round_trip(db, tmp_path):
    before = backup.table_counts(db)
    target = tmp_path / "backup.bin"
    with pytest.raises(PermissionDenied):
        backups.make_backup(engine=db, actor=Actor("x", "editor"), target=target)
    backups.make_backup(engine=db, actor=ADMIN, target=target)
    with session_scope(db) as s:  # a change after the backup
        ids = criteria_by_period(session=s, periods=[PERIOD])[PERIOD]
        rec = current_records(session=s, period=PERIOD, commune_codes=["30346"])[("30346", ids[10])]
        save_assessments(session=s, actor=ADMIN, edits=[AssessmentEdit("30346", ids[10], PERIOD, not rec.met, "sau sao lưu",
                                                               {}, rec.version)], now=datetime(2026, 1, 1))
    assert backup.table_counts(db)["assessment"] == before["assessment"] + 1
    backups.restore(engine=db, actor=ADMIN, source=target)
    after = backup.table_counts(db)
    assert after["assessment"] == before["assessment"] and after["commune"] == before["commune"]
    assert after["audit_log"] == before["audit_log"] + 1  # the restore's own entry (the backup's came after the file)
    with session_scope(db) as s:
        assert current_records(session=s, period=PERIOD, commune_codes=["30346"])[("30346", ids[10])].version == rec.version
