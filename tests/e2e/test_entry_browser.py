"""Data entry in headless Chromium: the login comes first (even on a fresh server), a save is seen
on the dashboards and in the audit log."""
import csv
import io

import pytest
from playwright.sync_api import expect

from data_access.assessments import current_records
from data_access.criteria import criteria_by_period
from data_access.db import session_scope
from devtools.streamlit_server import streamlit_server, wait_idle
from tests.e2e.conftest import after_rerun, assert_no_exception, open_page, shot
from tests.support import sqlite_with_users

pytestmark = pytest.mark.e2e

PASSWORD = "mat-khau-bien-tap"


@pytest.fixture(scope="module")
def entry_db(tmp_path_factory):
    return sqlite_with_users(tmp_path_factory, "entry", [("bientap", PASSWORD, "editor", "886"),
                                                         ("quantri", PASSWORD, "admin"), ("xem", PASSWORD, "viewer")],
                             sample=True)


def log_in(page, username):
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    after_rerun(page, lambda: page.get_by_role("button", name="Đăng nhập").click())


def test_first_request_to_entry_on_a_fresh_server_shows_the_login_not_the_form(entry_db, browser):
    url, _ = entry_db
    with streamlit_server(database_url=url) as base:  # nothing has visited this server yet
        page = browser.new_page()
        open_page(page, base, "/entry")
        main = page.get_by_test_id("stMain")
        expect(main.get_by_role("heading", name="Đăng nhập")).to_be_visible()
        expect(page.get_by_label("Mật khẩu")).to_be_visible()
        assert page.get_by_role("button", name="Lưu").count() == 0
        assert "Quốc Thái" not in main.inner_text()
        open_page(page, base, "/admin")
        expect(page.get_by_label("Mật khẩu")).to_be_visible()
        page.close()


def test_a_viewer_is_refused_and_an_editor_saves_a_change_seen_on_the_dashboard_and_in_the_audit_log(
        entry_db, browser):
    url, engine = entry_db
    with session_scope(engine) as s:
        cid = criteria_by_period(session=s, periods=["2015-12"])["2015-12"][19]
        records = current_records(session=s, period="2015-12", commune_codes=["30346"])
        before = records[("30346", cid)]
    count_after = sum(bool(r.met) for r in records.values()) + (-1 if before.met else 1)
    with streamlit_server(database_url=url) as base:
        page = browser.new_page(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
        open_page(page, base, "/entry")
        log_in(page, "xem")
        assert "chỉ được xem" in page.get_by_test_id("stMain").inner_text()
        after_rerun(page, lambda: page.get_by_test_id("stSidebar").get_by_role("button", name="Đăng xuất").click())

        open_page(page, base, "/entry?period=2015-12&commune=30346")
        log_in(page, "bientap")
        expect(page.get_by_role("heading", name="Nhập liệu")).to_be_visible()
        card = page.get_by_test_id("stLayoutWrapper").filter(has=page.get_by_text("TC19. ")).last
        target = "Chưa đạt" if before.met else "Đạt"
        after_rerun(page, lambda: card.get_by_role("radio", name=target, exact=True).click())
        card.get_by_label("Ghi chú").fill("Kiểm tra ngày 05/01/2016")
        after_rerun(page, lambda: card.get_by_label("Ghi chú").press("Enter"))  # the note reaches the server
        shot(page, "entry-form")
        page.get_by_role("button", name="Lưu", exact=True).last.click()
        # A save reruns the page twice (save, then st.rerun to show the result): wait for the result.
        page.get_by_text("Đã lưu 1 thay đổi").wait_for(timeout=60000)
        wait_idle(page)
        with session_scope(engine) as s:
            now = current_records(session=s, period="2015-12", commune_codes=["30346"])[("30346", cid)]
        assert (now.met, now.version, now.recorded_by, now.note) == (
            not before.met, before.version + 1, "bientap", "Kiểm tra ngày 05/01/2016")

        # The map (followed inside the app, so the login stays) shows the commune's new count.
        after_rerun(page, lambda: page.get_by_test_id("stSidebar").get_by_role("link", name="Bản đồ").click())
        with page.expect_download() as dl:
            page.get_by_test_id("stDownloadButton").get_by_role("button").click()
        rows = {r["Mã xã"]: r for r in csv.DictReader(io.StringIO(dl.value.path().read_text(encoding="utf-8-sig")))}
        assert rows["30346"]["Tiêu chí đạt"] == str(count_after)  # a number; the criteria count has its own column
        # An editor of An Phú cannot see the administration page (followed inside the app: a login
        # lasts for the browser session).
        after_rerun(page, lambda: page.get_by_test_id("stSidebar").get_by_role("link", name="Quản trị").click())
        assert "chỉ dành cho quản trị viên" in page.get_by_test_id("stMain").inner_text()
        after_rerun(page, lambda: page.get_by_test_id("stSidebar").get_by_role("button", name="Đăng xuất").click())
        log_in(page, "quantri")
        page.get_by_role("tab", name="Nhật ký thay đổi").click()
        log = page.get_by_test_id("stMain").inner_text()
        assert "Quốc Thái · 12/2015 · TC19 " in log and "bientap" in log and "Kiểm tra ngày 05/01/2016" in log
        assert "30346/2015-12/security" not in log and '{"' not in log  # sentences, no raw record
        shot(page, "admin-audit")
        page.close()


# Streamlit scrolls its main area, not the window (window.scrollY stays 0): the element that scrolls.
SCROLLER = ("const s = [...document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer], "
            "[data-testid=stApp]'), document.scrollingElement].find(e => e && e.scrollHeight > e.clientHeight + 10 "
            "&& getComputedStyle(e).overflowY !== 'visible') || document.scrollingElement")


def test_the_save_result_appears_beside_the_save_button_and_the_page_does_not_move(entry_db, browser):
    url, engine = entry_db
    commune = "30349"  # Nhơn Hội, An Phú
    with session_scope(engine) as s:
        cid = criteria_by_period(session=s, periods=["2015-12"])["2015-12"][19]
        before = current_records(session=s, period="2015-12", commune_codes=[commune])[(commune, cid)]
    with streamlit_server(database_url=url) as base:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        open_page(page, base, f"/entry?period=2015-12&commune={commune}")
        log_in(page, "bientap")
        card = page.get_by_test_id("stLayoutWrapper").filter(has=page.get_by_text("TC19. ")).last
        after_rerun(page, lambda: card.get_by_role("radio", name="Chưa đạt" if before.met else "Đạt",
                                                    exact=True).click())
        save = page.locator(f".st-key-entry_2015-12_{commune}_save button")
        save.scroll_into_view_if_needed()
        height, y_before = page.evaluate(SCROLLER + "; [s.scrollHeight, s.scrollTop]")
        assert height > 3000 and y_before > 2000, (height, y_before)  # a long form, read at its bottom
        after_rerun(page, save.click)
        message = page.get_by_test_id("stAlert").filter(has_text="Đã lưu 1 thay đổi")
        message.wait_for()
        y_after = page.evaluate(SCROLLER + "; s.scrollTop")
        box = message.bounding_box()
        button = save.bounding_box()
        shot(page, "entry-saved-at-the-button")
        assert abs(y_after - y_before) < 5, (y_before, y_after)
        assert box["y"] >= 0 and box["y"] + box["height"] <= 768, box  # inside the viewport
        assert abs((box["y"] + box["height"] / 2) - (button["y"] + button["height"] / 2)) < 40  # beside the button
        assert page.get_by_test_id("stAlert").filter(has_text="Đã lưu").count() == 1  # nowhere else
        with session_scope(engine) as s:
            now = current_records(session=s, period="2015-12", commune_codes=[commune])[(commune, cid)]
        assert (now.met, now.version) == (not before.met, before.version + 1)
        page.close()


def grid_headers(grid) -> list[str]:
    # glide-data-grid keeps an accessible copy of the columns it draws (its canvas has no text to read).
    return [h.text_content().strip() for h in grid.locator("[role=columnheader]").all()]


def open_district_grid(browser, base, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    open_page(page, base, "/entry?period=2015-12&commune=30346")
    log_in(page, "bientap")
    page.get_by_role("tab", name="Cả huyện").click()
    grid = page.get_by_test_id("stDataFrame").first
    grid.wait_for()
    grid.scroll_into_view_if_needed()
    page.get_by_test_id("stDataFrame").locator("[role=columnheader]").first.wait_for(state="attached")
    return page, grid


def test_the_district_grid_shows_every_criterion_beside_the_pinned_commune_name(entry_db, browser):
    url, _ = entry_db
    every = ["Xã"] + [str(n) for n in range(1, 20)]
    with streamlit_server(database_url=url) as base:
        page, grid = open_district_grid(browser, base, 1600, 1000)
        shot(page, "entry-district-grid")
        assert grid_headers(grid) == every
        # The accessible copy holds only the columns drawn in view (it stopped at TC13 on 1366 px
        # before the scroll below): TC19 being listed means it is on screen.
        page.close()

        # A laptop screen: the grid scrolls sideways to TC19 and the commune name stays.
        page, grid = open_district_grid(browser, base, 1366, 768)
        assert "19" not in grid_headers(grid)
        box = grid.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 60)
        page.mouse.wheel(2000, 0)
        page.wait_for_function("""() => [...document.querySelectorAll('[data-testid=stDataFrame] [role=columnheader]')]
                                  .some(h => h.textContent.trim() === '19')""")
        shot(page, "entry-district-grid-scrolled")
        headers = grid_headers(grid)
        assert headers[0] == "Xã" and headers[-1] == "19", headers
        assert "1" not in headers  # scrolled away from the first criteria, yet the name column is there
        page.close()


def test_tabs_are_drawn_when_first_opened_and_keep_what_was_typed(entry_db, browser):
    """ui.lazy_tabs in a browser: the first screen has no district grid and no upload; each tab is
    drawn when it is opened; text typed in a tab (not yet saved) is still there after visiting
    another tab, and so is a tick changed in the commune form."""
    url, _ = entry_db
    with streamlit_server(database_url=url) as base:
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        open_page(page, base, "/entry?period=2015-12&commune=30346")
        log_in(page, "bientap")
        assert page.get_by_test_id("stDataFrame").count() == 0
        assert page.get_by_test_id("stFileUploader").count() == 0
        after_rerun(page, lambda: page.get_by_role("tab", name="Nhiệm vụ và báo cáo").click())
        reason = page.get_by_role("textbox", name="Nguyên nhân (bắt buộc khi quá hạn mà chưa hoàn thành)")
        reason.fill("Chờ vốn tỉnh phân bổ")
        after_rerun(page, lambda: page.get_by_role("tab", name="Cả huyện").click())
        page.get_by_test_id("stDataFrame").first.wait_for()
        after_rerun(page, lambda: page.get_by_role("tab", name="Nhiệm vụ và báo cáo").click())
        expect(reason).to_have_value("Chờ vốn tỉnh phân bổ")
        assert page.get_by_test_id("stDataFrame").count() == 1  # the grid, opened once, is still drawn
        assert page.get_by_test_id("stFileUploader").count() == 0  # the Excel tab was never opened
        # Switching the language keeps the tab that is open, under its English name.
        after_rerun(page, lambda: page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click())
        assert_no_exception(page)
        expect(page.get_by_role("tab", name="Tasks and reports")).to_have_attribute("aria-selected", "true")
        page.close()
