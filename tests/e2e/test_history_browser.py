"""A hostile note is shown as text (no image loaded, no formula, no bold, no HTML) on the commune
page and in the audit log, and both show the history as sentences, never raw JSON; the audit
log's CSV carries the raw record."""
import csv
import io

import pytest
from sqlalchemy import select

from accounts.auth import actor_for
from data_access.assessments import AssessmentEdit
from data_access.bootstrap import ensure_database
from data_access.criteria import criteria_by_period
from data_access.db import session_scope
from data_access.models import Indicator
from devtools.streamlit_server import streamlit_server
from services import accounts
from services.assessments import save_assessments
from services.guard import command_line_actor
from services.tasks import update_task_status
from tests.e2e.conftest import after_rerun, open_page, shot

pytestmark = pytest.mark.e2e

PASSWORD = "mat-khau-quan-tri"
TRAP = "127.0.0.1:9"
HOSTILE = f"![x](http://{TRAP}/x.png) $x^2$ **đậm** <img src=http://{TRAP}/y.png onerror=alert(1)> :red[đỏ]"


@pytest.fixture(scope="module")
def history_db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('history') / 'history.sqlite3'}"
    engine = ensure_database(url, load_sample_data=True)
    with session_scope(engine) as s:
        accounts.add_user(session=s, actor=command_line_actor(), username="quantri", password=PASSWORD, role="admin",
                          display_name="Nguyễn Văn A", origin="cli")
    with session_scope(engine) as s:
        cid = criteria_by_period(session=s, periods=["2015-12"])["2015-12"][11]
        ind = s.scalar(select(Indicator).where(Indicator.criterion_id == cid))
        actor = actor_for(session=s, username="quantri")
        from data_access.assessments import current_records
        rec = current_records(session=s, period="2015-12", commune_codes=["30346"]).get(("30346", cid))
        save_assessments(session=s, actor=actor, edits=[
            AssessmentEdit("30346", cid, "2015-12", True, HOSTILE, {ind.id: 5.5}, rec.version if rec else 0)])
        update_task_status(session=s, actor=actor, task_id="2.1.4", status="in_progress", done_date=None,
                           reason=HOSTILE, note=None)
    return url


def watch(page) -> tuple[list[str], list[str]]:
    """Every request the page makes, and every dialog (alert) it opens."""
    requests, dialogs = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return requests, dialogs


def assert_plain(page, requests, dialogs) -> str:
    main = page.get_by_test_id("stMain")
    text = main.inner_text().replace("\u2060", "")  # the invisible joiner that keeps addresses text
    assert not [u for u in requests if TRAP in u]
    assert not dialogs
    assert main.locator(f"img[src*='{TRAP}']").count() == 0
    assert main.locator(f"a[href*='{TRAP}']").count() == 0  # not even a link
    assert main.locator(".katex").count() == 0  # no formula rendered
    assert main.locator("strong", has_text="đậm").count() == 0
    assert '{"' not in text
    # The note exactly as typed, every character visible.
    assert HOSTILE in text.replace("\n", " ")
    return text


def test_commune_page_shows_the_history_as_sentences_and_the_note_as_typed(history_db, browser):
    with streamlit_server(database_url=history_db) as base:
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        requests, dialogs = watch(page)
        open_page(page, base, "/commune?commune=30346&period=2015-12")
        page.get_by_text("Lịch sử thay đổi số liệu của xã").scroll_into_view_if_needed()
        text = assert_plain(page, requests, dialogs)
        assert "12/2015 · TC11 Hộ nghèo: " in text and "tỷ lệ hộ nghèo 5,5% (ngưỡng < 7%)" in text
        assert "Nguyễn Văn A, " in text and "(lưu, trên trang)" in text
        assert "30346/2015-12/poverty" not in text and '"met"' not in text
        shot(page, "commune-history")

        open_page(page, base, "/commune?commune=30346&period=2015-12&lang=en")
        text = assert_plain(page, requests, dialogs)
        assert "Dec 2015 · C11 Poor households: " in text and "(saved, on the page)" in text
        page.close()


def test_audit_log_shows_sentences_plain_text_and_the_csv_has_the_raw_record(history_db, browser):
    with streamlit_server(database_url=history_db) as base:
        page = browser.new_page(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
        requests, dialogs = watch(page)
        open_page(page, base, "/admin")
        page.get_by_label("Tên đăng nhập").fill("quantri")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        after_rerun(page, lambda: page.get_by_role("button", name="Đăng nhập").click())
        page.get_by_role("tab", name="Nhật ký thay đổi").click()
        page.get_by_text("Quốc Thái · 12/2015 · TC11 Hộ nghèo").first.wait_for()
        text = assert_plain(page, requests, dialogs)
        assert "Nhiệm vụ 2.1.4: tình trạng: Đang thực hiện; lý do: " in text
        assert "Tài khoản quantri: vai trò quản trị viên" in text and "thêm tài khoản" in text
        assert "quản trị máy chủ (" in text and "dòng lệnh" in text
        shot(page, "admin-audit-sentences")

        panel = page.get_by_role("tabpanel", name="Nhật ký thay đổi")
        with page.expect_download() as dl:
            panel.get_by_test_id("stDownloadButton").get_by_role("button").click()
        rows = list(csv.DictReader(io.StringIO(dl.value.path().read_text(encoding="utf-8-sig"))))
        save = [r for r in rows if r["action"] == "save"]
        assert len(save) == 1 and save[0]["Bản ghi"] == "30346/2015-12/poverty"
        assert f'"note": "{HOSTILE}"' in save[0]["Bản ghi gốc – mới (JSON)"]
        assert save[0]["Nguồn (mã)"] == "page" and save[0]["Người thực hiện"] == "Nguyễn Văn A"
        assert {r["action"] for r in rows} == {"add", "save", "status"}

        # Filter by action: only the task's status change is left.
        page.get_by_role("combobox", name="Thao tác").click()
        after_rerun(page, lambda: page.get_by_role("option", name="đổi tình trạng nhiệm vụ").click())
        table = panel.get_by_test_id("stTable").inner_text()
        assert "Nhiệm vụ 2.1.4" in table and "Quốc Thái" not in table and "Tài khoản" not in table
        page.close()
