"""Who sees what: anonymous, viewer, district editor, admin × the public, entry and admin pages,
with public reading on and off (NTM_PUBLIC_READ)."""
import pytest
from streamlit.testing.v1 import AppTest

from domain.actor import ANONYMOUS, Actor

APP = "../../app.py"
ACTORS = {
    "anonymous": ANONYMOUS,
    "viewer": Actor("xem", "viewer"),
    "district_editor": Actor("anphu", "editor", "886"),
    "admin": Actor("quantri", "admin"),
}
# page -> who reaches the content (public reading on)
EXPECTED = {
    "pages/overview.py": {"anonymous", "viewer", "district_editor", "admin"},
    "pages/entry.py": {"district_editor", "admin"},
    "pages/admin.py": {"admin"},
}
TITLES = {"pages/overview.py": "Tổng quan", "pages/entry.py": "Nhập liệu", "pages/admin.py": "Quản trị"}


def open_as(page: str, actor: Actor) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["actor"] = actor
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    return at


@pytest.mark.parametrize("page", list(EXPECTED))
@pytest.mark.parametrize("who", list(ACTORS))
def test_page_access_matrix(sqlite_ready_url, monkeypatch, page, who):
    monkeypatch.setenv("NTM_DATABASE_URL", sqlite_ready_url)
    at = open_as(page, ACTORS[who])
    assert not at.exception
    titles = [t.value for t in at.title]
    if who in EXPECTED[page]:
        assert titles == [TITLES[page]]
    else:
        assert titles == []
        shown = [s.value for s in at.subheader] + [e.value for e in at.error]
        assert shown, "a refused page must say why"
        if who == "anonymous":
            assert "Đăng nhập" in shown  # the login form
        else:
            assert any("quyền" in s or "chỉ dành" in s or "chỉ được xem" in s for s in shown)


def test_with_public_reading_off_even_the_overview_needs_a_login(sqlite_ready_url, monkeypatch):
    monkeypatch.setenv("NTM_DATABASE_URL", sqlite_ready_url)
    monkeypatch.setenv("NTM_PUBLIC_READ", "0")
    at = open_as("pages/overview.py", ANONYMOUS)
    assert [t.value for t in at.title] == []
    assert [s.value for s in at.subheader] == ["Đăng nhập"]
    at = open_as("pages/overview.py", ACTORS["viewer"])
    assert [t.value for t in at.title] == ["Tổng quan"]


def test_a_bad_variable_is_named_on_the_page(app_env, monkeypatch):
    monkeypatch.setenv("NTM_BAND_EDGES", "5,10,mười lăm")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "NTM_BAND_EDGES='5,10,mười lăm': ghi các số nguyên cách nhau bởi dấu phẩy, ví dụ 5,10,15,17 / "
        "use whole numbers separated by commas, e.g. 5,10,15,17"]
    assert not at.title  # no page ran


def test_the_accounts_table_is_headed_by_user_names_not_a_row_number(sqlite_ready_url, monkeypatch):
    monkeypatch.setenv("NTM_DATABASE_URL", sqlite_ready_url)
    at = open_as("pages/admin.py", ACTORS["admin"])
    accounts = at.table[0].value
    assert accounts.index.name == "Tên đăng nhập"
    assert all(isinstance(name, str) and name for name in accounts.index)
    assert "Tên đăng nhập" not in accounts.columns
