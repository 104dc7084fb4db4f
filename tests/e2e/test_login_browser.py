"""A login that survives a reload, in headless Chromium: the cookie holds a random token, the
database its hash; a disabled account's next save is refused and its login ends."""
import subprocess
import sys

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from accounts.login_sessions import hash_token
from config import ROOT
from data_access.assessments import current_records
from data_access.criteria import criteria_by_period
from data_access.db import session_scope
from data_access.models import UserSession
from devtools.streamlit_server import streamlit_server, wait_idle
from tests.e2e.conftest import after_rerun, assert_no_exception, open_page, shot
from tests.support import sqlite_with_users

pytestmark = pytest.mark.e2e

PASSWORD = "mat-khau-bien-tap"
COOKIE = "ntm_login"


@pytest.fixture(scope="module")
def login_db(tmp_path_factory):
    return sqlite_with_users(tmp_path_factory, "login", [("giulai", PASSWORD, "editor", "886"),
                                                         ("sebikhoa", PASSWORD, "editor", "886")], sample=True)


@pytest.fixture(scope="module")
def login_server(login_db):
    with streamlit_server(database_url=login_db[0]) as base:
        yield base


def log_in(page, username):
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    after_rerun(page, lambda: page.get_by_role("button", name="Đăng nhập").click())


def sidebar(page) -> str:
    return page.get_by_test_id("stSidebar").inner_text()


def cookie(context) -> dict | None:
    return next((c for c in context.cookies() if c["name"] == COOKIE), None)


def open_sessions(engine, username) -> list[UserSession]:
    with session_scope(engine) as s:
        return list(s.scalars(select(UserSession).where(UserSession.username == username,
                                                        UserSession.revoked_at.is_(None))))


def test_log_in_reload_and_a_shared_link_in_the_same_browser_stay_logged_in(login_db, login_server, browser):
    _, engine = login_db
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="vi-VN")
    page = context.new_page()
    open_page(page, login_server, "/entry")
    expect(page.get_by_label("Mật khẩu")).to_be_visible()
    log_in(page, "giulai")
    expect(page.get_by_role("heading", name="Nhập liệu")).to_be_visible()
    kept = cookie(context)
    assert kept is not None, "the login must leave a cookie in the browser"
    assert kept["sameSite"] == "Strict" and kept["path"] == "/" and kept["expires"] > 0
    [row] = open_sessions(engine, "giulai")
    assert row.token_hash == hash_token(kept["value"]) and kept["value"] not in row.token_hash

    page.reload()
    wait_idle(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="Nhập liệu")).to_be_visible()
    assert page.get_by_label("Mật khẩu").count() == 0
    assert "giulai" in sidebar(page)
    shot(page, "login-after-reload")

    other = context.new_page()  # a shared /entry link opened in the same browser
    open_page(other, login_server, "/entry?period=2015-12&commune=30346")
    expect(other.get_by_role("heading", name="Nhập liệu")).to_be_visible()
    assert "giulai" in sidebar(other)

    # Logging out ends the login in the database and in the browser: a reload asks again.
    logout = other.get_by_test_id("stSidebar").get_by_role("button", name="Đăng xuất")
    after_rerun(other, logout.click)
    expect(other.get_by_label("Mật khẩu")).to_be_visible()
    other.wait_for_function(f"!document.cookie.includes('{COOKIE}=')")
    assert open_sessions(engine, "giulai") == []
    open_page(page, login_server, "/entry")
    expect(page.get_by_label("Mật khẩu")).to_be_visible()
    context.close()


def test_disabling_the_account_in_another_process_refuses_the_next_save_and_ends_the_login(
        login_db, login_server, browser):
    url, engine = login_db
    with session_scope(engine) as s:
        cid = criteria_by_period(session=s, periods=["2015-12"])["2015-12"][19]
        before = current_records(session=s, period="2015-12", commune_codes=["30346"])[("30346", cid)]
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="vi-VN")
    page = context.new_page()
    open_page(page, login_server, "/entry?period=2015-12&commune=30346")
    log_in(page, "sebikhoa")
    assert cookie(context) is not None
    card = page.get_by_test_id("stLayoutWrapper").filter(has=page.get_by_text("TC19. ")).last
    target = "Chưa đạt" if before.met else "Đạt"
    after_rerun(page, lambda: card.get_by_role("radio", name=target, exact=True).click())
    card.get_by_label("Ghi chú").fill("Sửa sau khi bị vô hiệu hóa")
    after_rerun(page, lambda: card.get_by_label("Ghi chú").press("Enter"))

    command = [sys.executable, "-m", "data_access", "--database-url", url, "user", "disable", "sebikhoa"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert open_sessions(engine, "sebikhoa") == []

    after_rerun(page, lambda: page.get_by_role("button", name="Lưu", exact=True).last.click())
    refusal = "Tài khoản của bạn đã bị vô hiệu hóa hoặc không còn; không có gì được ghi."
    assert refusal in page.get_by_test_id("stMain").inner_text()
    shot(page, "login-disabled-save")
    with session_scope(engine) as s:
        now = current_records(session=s, period="2015-12", commune_codes=["30346"])[("30346", cid)]
    assert (now.version, now.met, now.note) == (before.version, before.met, before.note)

    page.reload()
    wait_idle(page)
    expect(page.get_by_label("Mật khẩu")).to_be_visible()
    assert "sebikhoa" not in sidebar(page)
    assert "Phiên đăng nhập trước đã kết thúc" in page.get_by_test_id("stMain").inner_text()
    page.wait_for_function(f"!document.cookie.includes('{COOKIE}=')")  # the dead token is cleared
    context.close()
