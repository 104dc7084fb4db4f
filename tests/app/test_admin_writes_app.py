"""The admin page's writes through `ui.writes.perform`: the success said once the write is
committed (with a number the service returned), a refusal said as a sentence with nothing written."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from data_access import queries
from data_access.db import session_scope
from data_access.models import AppUser, AuditLog
from domain.actor import Actor
from tests.support import sqlite_with_users

APP = "../../app.py"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return sqlite_with_users(tmp_path_factory, "admin_writes", [("quantri", "mat-khau-quantri", "admin")],
                             sample=False)


def open_admin(monkeypatch, url: str) -> AppTest:
    monkeypatch.setenv("NTM_DATABASE_URL", url)
    monkeypatch.setenv("NTM_LOAD_SAMPLE", "0")
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["actor"] = Actor("quantri", "admin")
    at.run()
    at.switch_page("pages/admin.py").run()
    assert not at.exception, at.exception
    return at


def add_user(at: AppTest, username: str, password: str) -> AppTest:
    (name,) = [w for w in at.text_input if w.label == "Tên đăng nhập"]
    (secret,) = [w for w in at.text_input if w.label == "Mật khẩu (ít nhất 8 ký tự)"]
    name.input(username)
    secret.input(password)
    (add,) = [b for b in at.button if b.label == "Thêm"]
    return add.click().run()


def test_adding_an_account_says_so_and_adding_it_again_is_refused(db, monkeypatch):
    url, engine = db
    at = add_user(open_admin(monkeypatch, url), "bientap", "mat-khau-bientap")
    assert not at.exception
    assert [m.value for m in at.success] == ["Đã thêm tài khoản bientap."]
    assert [m.icon for m in at.success] == [":material/check_circle:"]
    at = add_user(open_admin(monkeypatch, url), "bientap", "mat-khau-khac-nua")
    assert not at.success and len(at.error) == 1 and "bientap" in at.error[0].value
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(AppUser).where(AppUser.username == "bientap")) == 1
        assert s.scalars(select(AuditLog.action).where(AuditLog.username == "quantri")).all() == ["add"]


def test_saving_a_group_says_how_many_members_changed(db, monkeypatch):
    url, engine = db
    at = open_admin(monkeypatch, url)
    members = at.multiselect(key="admin_members_pilot34")
    chosen = list(members.value)
    with session_scope(engine) as s:
        communes = queries.communes(session=s)
    extra = [c for c in communes.loc[communes["assessed"], "code"] if c not in chosen][:2]
    members.set_value(chosen + extra).run()
    (save,) = [b for b in at.button if b.label == "Lưu danh sách"]
    at = save.click().run()
    assert not at.exception and not at.error
    assert [m.value for m in at.success] == ["Đã lưu: 2 thay đổi."]
    assert len(at.multiselect(key="admin_members_pilot34").value) == len(chosen) + 2
