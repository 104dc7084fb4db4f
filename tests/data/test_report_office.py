"""The Coordination Office's report (issue 12, point 5) on each backend: issued by the Office to
the Steering Committee's standing members and the People's Committee by default; the issuer,
symbol, signer and recipients are admin settings (authorised, audited, versioned) that the
document and the command line use; the date line is the day the report is made; task titles are
whole; the sentences read as a clerk writes them; the annex has labels and one unit per column."""
import json
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from io import BytesIO

import docx
import pytest
from openpyxl import load_workbook

from accounts.auth import actor_for
from accounts.permissions import PermissionDenied
from config import ROOT
from data_access import audit, queries
from data_access.bootstrap import ensure_database
from data_access.db import get_engine, session_scope
from data_access.meta import DATA_VERSION, get_meta
from data_access.tasks import queries as tq
from i18n import explain
from reports.annex import report_xlsx
from reports.content import report_content
from reports.period import parse_period
from reports.text import HEADING
from reports.word import report_docx
from services.guard import command_line_actor
from services.reference_edits import ReferenceEditError
from services.report_settings import report_heading, reset_report_heading, set_report_heading
from tests.conftest import BACKENDS
from tests.support import make_user

write_tests = pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)
COMMITTEE = dict(parent_agency="UBND TỈNH AN GIANG", issuer="BAN CHỈ ĐẠO CT MTQG\nXÂY DỰNG NÔNG THÔN MỚI",
                 issuer_name="Ban Chỉ đạo Chương trình MTQG xây dựng nông thôn mới tỉnh", symbol="BC-BCĐNTM",
                 signer_authority="KT. TRƯỞNG BAN", signer_title="PHÓ TRƯỞNG BAN", signer_name="Nguyễn Văn A",
                 recipients="- TT. Tỉnh ủy (b/c);\nUBND tỉnh (b/c)\n\nLưu: VT, VPĐP.")


def _texts(payload: bytes) -> tuple[list[str], list[str], list[str]]:
    """(heading cells, body paragraphs, signature cells) of a report."""
    doc = docx.Document(BytesIO(payload))
    head = [c.text.strip() for row in doc.tables[0].rows for c in row.cells]
    sign = [c.text for c in doc.tables[-1].rows[0].cells]
    return head, [p.text for p in doc.paragraphs], sign


# --------------------------------------------------------------------------------------------
# The settings: a service (admin, audit, version)
# --------------------------------------------------------------------------------------------


@write_tests
def test_the_office_issues_by_default_and_an_admin_can_have_the_committee_sign(fresh_url):
    engine = ensure_database(fresh_url, load_sample_data=False)
    with session_scope(engine) as s:
        make_user(s, "chanh", "mật-khẩu-dài-1", "admin")
        make_user(s, "nhap", "mật-khẩu-dài-2", "editor")
    with session_scope(engine) as s:
        assert report_heading(session=s) == HEADING
        assert HEADING.symbol == "BC-VPĐP" and HEADING.signer_title == "CHÁNH VĂN PHÒNG"
        assert HEADING.recipients[:2] == ("TT. Ban Chỉ đạo tỉnh (b/c)", "UBND tỉnh (b/c)")
        before = int(get_meta(session=s, key=DATA_VERSION) or 0)
        assert set_report_heading(session=s, actor=actor_for(session=s, username="chanh"), **COMMITTEE) is True
    with session_scope(engine) as s:
        h = report_heading(session=s)
        assert (h.symbol, h.signer_authority, h.signer_title, h.signer_name) == (
            "BC-BCĐNTM", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Văn A")
        assert h.issuer == ("BAN CHỈ ĐẠO CT MTQG", "XÂY DỰNG NÔNG THÔN MỚI")
        # one recipient a line; dashes, semicolons, full stops and empty lines are the document's job
        assert h.recipients == ("TT. Tỉnh ủy (b/c)", "UBND tỉnh (b/c)", "Lưu: VT, VPĐP")
        assert int(get_meta(session=s, key=DATA_VERSION)) == before + 1
        log = audit.entries(session=s, table="app_meta")
        assert list(log["username"]) == ["chanh"] and list(log["action"]) == ["report_heading"]
        assert json.loads(log.iloc[0]["old_value"])["symbol"] == "BC-VPĐP"
        assert json.loads(log.iloc[0]["new_value"])["symbol"] == "BC-BCĐNTM"
        assert "place" not in json.loads(log.iloc[0]["new_value"])  # only what changed
        # the same values again: nothing written, no audit entry, no new version
        assert set_report_heading(session=s, actor=actor_for(session=s, username="chanh"), **COMMITTEE) is False
    with session_scope(engine) as s:
        assert len(audit.entries(session=s, table="app_meta")) == 1
        assert int(get_meta(session=s, key=DATA_VERSION)) == before + 1
        assert reset_report_heading(session=s, actor=actor_for(session=s, username="chanh")) is True
    with session_scope(engine) as s:
        assert report_heading(session=s) == HEADING


@write_tests
def test_only_an_admin_changes_the_settings_and_required_fields_stay_filled(fresh_url):
    engine = ensure_database(fresh_url, load_sample_data=False)
    with session_scope(engine) as s:
        make_user(s, "chanh", "mật-khẩu-dài-1", "admin")
        make_user(s, "nhap", "mật-khẩu-dài-2", "editor")
    with session_scope(engine) as s:
        with pytest.raises(PermissionDenied) as refused:
            set_report_heading(session=s, actor=actor_for(session=s, username="nhap"), symbol="BC-X")
        assert refused.value.code == "perm.admin_only"
        for field, sentence in (("symbol", "Cần ghi ký hiệu văn bản (ví dụ BC-VPĐP)."),
                                ("recipients", "Cần ghi ít nhất một nơi nhận."),
                                ("signer_title", "Cần ghi chức vụ người ký.")):
            with pytest.raises(ReferenceEditError) as empty:
                set_report_heading(session=s, actor=actor_for(session=s, username="chanh"), **{field: "  \n "})
            assert explain(empty.value) == sentence
        with pytest.raises(ReferenceEditError) as unknown:
            set_report_heading(session=s, actor=actor_for(session=s, username="chanh"), colour="red")
        assert explain(unknown.value, "en") == "There is no setting “colour”."
        with pytest.raises(ReferenceEditError) as long:
            set_report_heading(session=s, actor=actor_for(session=s, username="chanh"), signer_name="A" * 5000)
        assert long.value.code == "report.setting_too_long"
    with session_scope(engine) as s:
        assert report_heading(session=s) == HEADING and audit.entries(session=s, table="app_meta").empty


# --------------------------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def year_2013(ready_url):
    with session_scope(get_engine(ready_url)) as s:
        content = report_content(session=s, period=parse_period("2013"), made_on=date(2014, 1, 10))
        q3 = report_content(session=s, period=parse_period("2013-Q3"), made_on=date(2013, 10, 5))
        tasks = dict(zip(*(tq.board(session=s, as_of=date(2013, 12, 31))[c] for c in ("id", "text_vi"))))
        keys = set(queries.targets(session=s)["key"])
        board = tq.board(session=s, as_of=date(2013, 9, 30))
    return content, q3, tasks, keys, board


def test_the_default_heading_signature_and_recipients(year_2013):
    content, q3, *_ = year_2013
    head, body, sign = _texts(report_docx(content))
    assert "UBND TỈNH AN GIANG\nVĂN PHÒNG ĐIỀU PHỐI\nCHƯƠNG TRÌNH XÂY DỰNG NTM" in head
    assert re.fullmatch(r"Số:\s+/BC-VPĐP", next(t for t in head if t.startswith("Số:")))
    assert "An Giang, ngày 10 tháng 01 năm 2014" in head  # a year report made in January 2014
    assert "An Giang, ngày 05 tháng 10 năm 2013" in _texts(report_docx(q3))[0]  # months from 3 on: no zero
    assert sign[0].splitlines() == ["Nơi nhận:", "- TT. Ban Chỉ đạo tỉnh (b/c);", "- UBND tỉnh (b/c);",
                                    "- Thành viên Ban Chỉ đạo tỉnh;", "- UBND các huyện, thị xã, thành phố;",
                                    "- Lưu: VT, VPĐP."]
    assert sign[1].splitlines()[0] == "CHÁNH VĂN PHÒNG"
    intro = next(t for t in body if t.startswith("Thực hiện Chương trình công tác"))
    assert "Văn phòng Điều phối chương trình xây dựng NTM tỉnh báo cáo kết quả thực hiện năm 2013" in intro


def test_a_committee_heading_is_written_as_set(year_2013):
    content, *_ = year_2013
    heading = replace(HEADING, issuer=("BAN CHỈ ĐẠO CT MTQG", "XÂY DỰNG NÔNG THÔN MỚI"), symbol="BC-BCĐNTM",
                      signer_authority="KT. TRƯỞNG BAN", signer_title="PHÓ TRƯỞNG BAN", signer_name="Nguyễn Văn A")
    head, _, sign = _texts(report_docx(content, heading))
    assert any(t.startswith("Số:") and t.endswith("/BC-BCĐNTM") for t in head)
    lines = [x for x in sign[1].splitlines() if x]
    assert lines == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Văn A"]
    wb = load_workbook(BytesIO(report_xlsx(content, heading)))
    assert wb["Thông tin"]["A2"].value == "BAN CHỈ ĐẠO CT MTQG XÂY DỰNG NÔNG THÔN MỚI"


def test_task_titles_are_whole_and_sentences_read_as_written(year_2013):
    content, q3, tasks, _, board = year_2013
    _, body, _ = _texts(report_docx(q3))
    doc = docx.Document(BytesIO(report_docx(content)))
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    named = {m.group(1): text for text in cells if (m := re.match(r"^(\d+\.\d+\.\d+)\. ", text))}
    assert named and all(text == f"{i}. {tasks[i]}" or text.startswith(f"{i}. {tasks[i]} (")  # "(hạn dự kiến)"
                         for i, text in named.items())
    bullets = [t for t in _texts(report_docx(content))[1] if re.match(r"^\+ \d+\.\d+\.\d+\. ", t)]
    assert bullets and all(tasks[t[2:].split(". ")[0]].rstrip(" .;") in t for t in bullets)  # next period's, whole
    assert not any(re.search(r"\d xã = |xã có số liệu\)", text) for text in cells | set(body))
    # 30/09/2013: 2.1.1 and 2.7.2 overdue (2.1.5 waits for a document whose date is not recorded),
    # each with its reason (the tasks page says the same)
    late = board.set_index("id").loc[[t.id for t in q3.not_done]]
    assert set(late.index) == {"2.1.1", "2.7.2"}
    counts = late["status"].value_counts(sort=False)  # in the order of the report's table
    words = {"in_progress": "đang thực hiện", "not_started": "chưa triển khai",
             "not_done": "được báo cáo là không hoàn thành"}
    state = (f", đều {words[counts.index[0]]}" if len(counts) == 1 else
             ": " + " và ".join(f"{n} nhiệm vụ {words[s]}" for s, n in counts.items()))
    assert (f"Đến hết ngày 30/09/2013 còn 2 nhiệm vụ đã đến hạn nhưng chưa hoàn thành{state}; các cơ quan chủ trì "
            f"đã nêu nguyên nhân của cả 2 nhiệm vụ. Chi tiết theo từng mục và cơ quan chủ trì như sau:") in body
    assert any(re.fullmatch(r"Chương trình công tác đặt \d+ mục tiêu về số xã đạt tiêu chí; đến cuối tháng 9/2013, "
                            r".+ mục tiêu .+\.", t) for t in body)


def test_the_annex_has_labels_and_one_unit_per_column(year_2013):
    content, _, _, keys, _ = year_2013
    wb = load_workbook(BytesIO(report_xlsx(content)))
    values = {v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None}
    assert not keys & values  # no internal target key (t2013_min17 …)
    rows = list(wb["Mục tiêu"].iter_rows(values_only=True))
    col = {h: i for i, h in enumerate(rows[4])}
    shown = [row for t in content.targets  # each target, then the other reading of its sentence
             for row in (t, *[o for o in content.other_readings if o.other_of == t.key])]
    data = rows[5:5 + len(shown)]
    share = col["Tỷ lệ xã đạt so với số xã có số liệu (%)"]
    for t, r in zip(shown, data):
        assert r[col["Số xã đạt"]] == t.count and isinstance(t.count, int)
        assert r[share] == pytest.approx(t.count * 100 / r[col["Số xã có số liệu"]])
        if t.forecast is None:
            continue
        if t.by_percent:  # forecasts: communes in one column, percent in another
            assert r[col["Dự báo tại thời hạn (%)"]] == pytest.approx(t.forecast)
            assert r[col["Dự báo tại thời hạn (số xã)"]] is None
        else:
            assert r[col["Dự báo tại thời hạn (số xã)"]] == pytest.approx(t.forecast)
            assert r[col["Dự báo tại thời hạn (%)"]] is None
    assert {t.by_percent for t in content.targets if t.forecast is not None} == {True, False}
    bands = list(wb["Phân nhóm xã"].iter_rows(values_only=True))
    assert bands[4][3] == "Tỷ lệ so với tổng số xã (%)"
    assert sum(r[3] for r in bands[5:] if r[0] and r[0] != "Tổng số xã" and r[3] is not None) == pytest.approx(100)


# --------------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------------


@write_tests
def test_the_command_line_uses_the_settings_and_the_date(fresh_url, tmp_path):
    engine = ensure_database(fresh_url, load_sample_data=False)
    with session_scope(engine) as s:
        set_report_heading(session=s, actor=command_line_actor(), origin="cli", signer_name="Trần Thị B")
    out = tmp_path / "bc.docx"
    cmd = [sys.executable, "-m", "data_access", "--database-url", fresh_url]
    ok = subprocess.run(cmd + ["report", "--period", "2013", "--date", "2014-01-10", "--out", str(out)], cwd=ROOT,
                        capture_output=True, text=True, timeout=300, check=False)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == f"Đã ghi báo cáo 2013 vào {out}."
    head, _, sign = _texts(out.read_bytes())
    assert "An Giang, ngày 10 tháng 01 năm 2014" in head
    assert [x for x in sign[1].splitlines() if x] == ["CHÁNH VĂN PHÒNG", "Trần Thị B"]
    bad = subprocess.run(cmd + ["--lang", "en", "report", "--period", "2013", "--date", "10/01/2014", "--out",
                                str(tmp_path / "x.docx")], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         check=False)
    assert bad.returncode == 2 and not (tmp_path / "x.docx").exists()
    assert bad.stderr.strip() == "Date “10/01/2014” is not valid; write YYYY-MM-DD, e.g. 2014-01-10."
