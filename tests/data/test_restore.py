"""Restore refuses a bad file before touching anything, keeps a safety copy, and moves the
data-version stamp past every value it has had; the stamp never loses an increment."""
from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
import sys
import threading
from datetime import datetime

import pytest
from sqlalchemy import func, select

from config import ROOT
from data_access.assessments import AssessmentEdit, current_records
from data_access.backup import BackupError, table_counts
from data_access.criteria import criteria_by_period
from data_access.db import session_scope
from data_access.meta import DATA_VERSION, bump_data_version, get_meta
from data_access.models import AuditLog
from domain.actor import Actor
from i18n import explain
from services import backups
from services.assessments import save_assessments
from tests.conftest import BACKENDS
from tests.support import sample_db_fixture

PERIOD = "2013-12"
ADMIN = Actor("quantri", "admin")
pytestmark = pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)


db = sample_db_fixture([PERIOD])


def _stamp(engine) -> int:
    with session_scope(engine) as s:
        return int(get_meta(session=s, key=DATA_VERSION))


def _flip(engine, note: str) -> None:
    with session_scope(engine) as s:
        cid = criteria_by_period(session=s, periods=[PERIOD])[PERIOD][10]
        rec = current_records(session=s, period=PERIOD, commune_codes=["30346"])[("30346", cid)]
        save_assessments(session=s, actor=ADMIN, edits=[AssessmentEdit("30346", cid, PERIOD, not rec.met, note,
                                                               dict(rec.values), rec.version)])


def _cli(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "data_access", "--database-url", url, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def _bad_files(tmp_path, engine):
    files = {"restore.missing": tmp_path / "khong-co.bak"}
    (tmp_path / "rong.bak").write_bytes(b"")
    files["restore.empty"] = tmp_path / "rong.bak"
    (tmp_path / "la.bak").write_text("Mã xã,Tên xã\n30346,Quốc Thái\n", encoding="utf-8")
    files["restore.foreign"] = tmp_path / "la.bak"
    with gzip.open(tmp_path / "json-la.bak", "wt") as fh:
        json.dump({"format": "something-else", "tables": {}}, fh)
    files["restore.foreign "] = tmp_path / "json-la.bak"
    with gzip.open(tmp_path / "moi-hon.bak", "wt") as fh:
        json.dump({"format": "ntm-backup/1", "schema_version": "9999", "tables": {}}, fh)
    files["restore.newer_schema"] = tmp_path / "moi-hon.bak"
    (tmp_path / "cut.bak").write_bytes(gzip.compress(b'{"format": "ntm-backup/1", "tab')[:-6])
    files["restore.damaged"] = tmp_path / "cut.bak"
    if engine.url.get_backend_name() == "sqlite":
        other = sqlite3.connect(tmp_path / "sqlite-la.bak")
        other.execute("CREATE TABLE t (x)")
        other.commit()
        other.close()
        files["restore.foreign  "] = tmp_path / "sqlite-la.bak"
        newer = tmp_path / "sqlite-moi.bak"
        backups.make_backup(engine=engine, actor=ADMIN, target=newer)
        conn = sqlite3.connect(newer)
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
        conn.close()
        files["restore.newer_schema "] = newer
    return files


def test_a_bad_file_is_refused_before_anything_is_touched(db, tmp_path):
    files = _bad_files(tmp_path, db)
    before = table_counts(db)
    stamp = _stamp(db)
    for code, path in files.items():
        with pytest.raises(BackupError) as refused:
            backups.restore(engine=db, actor=ADMIN, source=path)
        assert refused.value.code == code.strip(), path
        assert explain(refused.value, "vi").endswith("không bị thay đổi.")
    assert table_counts(db) == before and _stamp(db) == stamp
    assert not backups.safety_dir(engine=db).exists() or not any(backups.safety_dir(engine=db).iterdir())


def test_the_command_line_exits_2_with_the_sentence(db, tmp_path):
    url = db.url.render_as_string(hide_password=False)
    before = table_counts(db)
    out = _cli(url, "restore", str(tmp_path / "no" / "such" / "file"))
    assert out.returncode == 2, out.stderr
    assert "Không tìm thấy tệp" in out.stderr and "không bị thay đổi" in out.stderr
    assert "restored" not in out.stdout and "Đã khôi phục" not in out.stdout
    (tmp_path / "rong.bak").write_bytes(b"")
    out = _cli(url, "--lang", "en", "restore", str(tmp_path / "rong.bak"))
    assert out.returncode == 2 and "is empty; the database was not changed." in out.stderr
    assert table_counts(db) == before


def test_a_restore_keeps_a_safety_copy_is_audited_and_moves_the_stamp_past_every_value(db, tmp_path):
    url = db.url.render_as_string(hide_password=False)
    saved = tmp_path / "sao-luu.bak"
    assert _cli(url, "backup", str(saved)).returncode == 0
    stamp_in_file = _stamp(db)
    for i in range(3):
        _flip(db, f"sau sao lưu {i}")
    highest = _stamp(db)
    assert highest >= stamp_in_file + 3
    out = _cli(url, "restore", str(saved))
    assert out.returncode == 0, out.stderr
    assert "Đã khôi phục" in out.stdout
    # The stamp went back with the data, then past every value a server may have cached.
    assert _stamp(db) > highest
    copies = list(backups.safety_dir(engine=db).iterdir())
    assert len(copies) == 1 and copies[0].stat().st_size > 0
    with session_scope(db) as s:
        last = s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
        notes = [r.note for r in current_records(session=s, period=PERIOD, commune_codes=["30346"]).values()]
    assert (last.action, last.origin) == ("restore", "cli") and last.username.startswith("cli:")
    assert not any(n and n.startswith("sau sao lưu") for n in notes)
    # The safety copy holds what the restore replaced: restoring it brings the edits back, even
    # within the same second (the new safety copy must not be written over the file restored).
    backups.restore(engine=db, actor=ADMIN, source=copies[0], now=datetime.strptime(
        copies[0].name.split("truoc-khoi-phuc-")[1][:15], "%Y%m%d-%H%M%S"))
    with session_scope(db) as s:
        notes = [r.note for r in current_records(session=s, period=PERIOD, commune_codes=["30346"]).values()]
    assert "sau sao lưu 2" in notes


def test_the_stamp_loses_no_increment_under_concurrent_writers(db):
    start = _stamp(db)
    errors = []

    def worker():
        for _ in range(25):
            try:
                with session_scope(db) as s:
                    bump_data_version(session=s)
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert _stamp(db) == start + 200


def test_user_commands_of_the_command_line_are_audited(db):
    url = db.url.render_as_string(hide_password=False)
    out = subprocess.run([sys.executable, "-m", "data_access", "--database-url", url, "user", "add", "canbo",
                          "--role", "editor", "--district", "886", "--password-stdin"], cwd=ROOT,
                         input="mat-khau-can-bo\n", capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "Đã thêm tài khoản canbo (cán bộ nhập liệu, huyện 886)."
    assert _cli(url, "user", "disable", "canbo").returncode == 0
    with session_scope(db) as s:
        rows = s.execute(select(AuditLog.action, AuditLog.origin, AuditLog.row_key)
                         .where(AuditLog.table_name == "app_user", AuditLog.row_key == "canbo")
                         .order_by(AuditLog.id)).all()
        count = s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.new_value.contains("mat-khau")))
    assert [(a, o) for a, o, _ in rows] == [("add", "cli"), ("disable", "cli")]
    assert count == 0  # never the password


def test_a_nul_byte_is_stripped_and_a_long_note_refused_on_every_database(db):
    from data_access.assessments import InvalidEdit
    _flip(db, "trước\x00sau")
    with session_scope(db) as s:
        cid = criteria_by_period(session=s, periods=[PERIOD])[PERIOD][10]
        rec = current_records(session=s, period=PERIOD, commune_codes=["30346"])[("30346", cid)]
    assert rec.note == "trướcsau"
    with pytest.raises(InvalidEdit) as refused:
        _flip(db, "x" * 2001)
    assert explain(refused.value, "vi") == "Ghi chú của xã Quốc Thái quá dài (2001 ký tự); tối đa 2000 ký tự."
    with session_scope(db) as s:
        assert current_records(session=s, period=PERIOD, commune_codes=["30346"])[("30346", cid)].version == rec.version


def test_clearing_the_sample_from_the_command_line_is_audited(db):
    url = db.url.render_as_string(hide_password=False)
    out = _cli(url, "sample", "clear")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Đã xóa dữ liệu mẫu:")
    with session_scope(db) as s:
        last = s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert (last.action, last.origin) == ("sample_clear", "cli")


def test_a_result_against_the_indicator_values_needs_a_note_whatever_the_way_in(db):
    from data_access.assessments import InvalidEdit
    from data_access.models import Indicator
    with session_scope(db) as s:
        cid = criteria_by_period(session=s, periods=[PERIOD])[PERIOD][11]
        ind = s.scalar(select(Indicator).where(Indicator.criterion_id == cid, Indicator.comparison != "achieved"))
        rec = current_records(session=s, period=PERIOD, commune_codes=["30346"])[("30346", cid)]
        value = ind.threshold - 1 if ind.comparison in ("<", "<=") else ind.threshold + 1  # meets the threshold
    with pytest.raises(InvalidEdit) as refused, session_scope(db) as s:
        save_assessments(session=s, actor=ADMIN, edits=[AssessmentEdit("30346", cid, PERIOD, False, None,
                                                               {ind.id: value}, rec.version)])
    assert explain(refused.value, "vi").startswith("Xã Quốc Thái, TC11: kết quả khác với kết quả theo giá trị")
    with session_scope(db) as s:
        assert save_assessments(session=s, actor=ADMIN, edits=[AssessmentEdit(
            "30346", cid, PERIOD, False, "số liệu chưa được huyện xác nhận", {ind.id: value}, rec.version)]) == 1
