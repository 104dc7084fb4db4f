"""The login form (AppTest): a login writes the cookie script and a hashed session row; logout
revokes the row and clears the cookie; repeated wrong passwords lock the account."""
import hashlib

import pytest
from sqlalchemy import select, text
from streamlit.testing.v1 import AppTest

from data_access.bootstrap import ensure_database
from data_access.db import session_scope
from data_access.models import UserSession
from tests.support import make_user

APP = "../../app.py"
PASSWORD = "mat-khau-dang-nhap"


@pytest.fixture
def login_env(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'login.sqlite3'}"
    engine = ensure_database(url, load_sample_data=False)
    with session_scope(engine) as s:
        make_user(s, "nhaplieu", PASSWORD, "editor", district_code="886")
    monkeypatch.setenv("NTM_DATABASE_URL", url)
    return engine


def entry_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/entry.py").run()
    return at


def submit(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    [button] = [b for b in at.button if b.label == "Đăng nhập"]
    return button.click().run()


def cookie_scripts(at: AppTest) -> list[str]:
    return [h.value for h in at.html if "document.cookie" in h.value]


def test_a_login_writes_the_cookie_script_and_only_the_tokens_hash(login_env):
    at = entry_page()
    assert [s.value for s in at.subheader] == ["Đăng nhập"]
    assert cookie_scripts(at) == []
    at = submit(at, "nhaplieu", PASSWORD)
    assert not at.exception
    assert [t.value for t in at.title] == ["Nhập liệu"]
    token = at.session_state["_login_token"]
    [script] = cookie_scripts(at)
    assert f"ntm_login={token}; Max-Age=604" in script and "SameSite=Strict" in script and "Path=/" in script
    with session_scope(login_env) as s:
        [row] = s.scalars(select(UserSession)).all()
        dump = [tuple(r) for r in s.execute(text("SELECT * FROM user_session")).all()]
    assert row.username == "nhaplieu" and row.revoked_at is None
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(dump)
    # Every run draws the script again until the browser sends the cookie (a reload): a rerun
    # or st.stop() later in the run cannot lose it.
    at.run()
    assert len(cookie_scripts(at)) == 1

    logout = [b for b in at.sidebar.button if b.label == "Đăng xuất"][0]
    at = logout.click().run()
    assert [s.value for s in at.subheader] == ["Đăng nhập"]
    [clear] = cookie_scripts(at)
    assert "ntm_login=; Max-Age=0" in clear
    with session_scope(login_env) as s:
        assert s.scalar(select(UserSession.revoked_at)) is not None
    assert "_login_token" not in at.session_state


def test_wrong_passwords_then_the_lock_even_for_the_right_one(login_env):
    at = entry_page()
    for _ in range(3):
        at = submit(at, "nhaplieu", "sai-mat-khau")
        assert [e.value for e in at.error] == ["Tên đăng nhập hoặc mật khẩu không đúng."]
    at = submit(at, "nhaplieu", PASSWORD)
    assert [e.value for e in at.error] == [
        "Tài khoản tạm khóa do đăng nhập sai nhiều lần; thử lại sau 1 phút."]
    assert [t.value for t in at.title] == []
    assert cookie_scripts(at) == []
    with session_scope(login_env) as s:
        assert s.scalars(select(UserSession)).all() == []
