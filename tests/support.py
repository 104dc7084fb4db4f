"""Helpers the tests share: accounts made the way the command line makes them, a fresh database
with part of the sample history, and a page opened in AppTest as a browser opens its URL."""
from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from config import ROOT
from data_access.bootstrap import ensure_database
from data_access.db import session_scope
from sample.loader import load_sample
from services import accounts
from services.guard import command_line_actor


def make_user(session: Session, username: str, password: str, role: str, district_code: str | None = None) -> None:
    accounts.add_user(session=session, actor=command_line_actor(), username=username, password=password, role=role,
                      district_code=district_code, origin="cli")


def sqlite_with_users(tmp_path_factory, name: str, users: list[tuple], *, sample: bool) -> tuple[str, object]:
    """(url, engine) of a SQLite database in a new temporary folder, prepared as the app prepares it
    (with the sample history when `sample`) and holding these accounts: (username, password, role)
    or (username, password, role, district_code)."""
    url = f"sqlite:///{tmp_path_factory.mktemp(name) / f'{name}.sqlite3'}"
    engine = ensure_database(url, load_sample_data=sample)
    with session_scope(engine) as s:
        for user in users:
            make_user(s, *user)
    return url, engine


def set_active(session: Session, username: str, active: bool) -> None:
    accounts.set_active(session=session, actor=command_line_actor(), username=username, active=active, origin="cli")


def sample_db_fixture(periods: list[str]):
    """A `db` fixture: a fresh database (of the backend `fresh_url` is parametrised with) holding
    the sample history of `periods` only (fast), an administrator `quantri`, and automatic backups
    kept under the test's tmp_path. In a test module: `db = sample_db_fixture(["2013-12"])`."""
    @pytest.fixture
    def db(fresh_url, tmp_path, monkeypatch):
        monkeypatch.setenv("NTM_BACKUP_DIR", str(tmp_path / "tu-dong"))
        engine = ensure_database(fresh_url, load_sample_data=False)
        with session_scope(engine) as s:
            load_sample(session=s, periods=list(periods))
            make_user(s, "quantri", "mat-khau-quan-tri", "admin")
        return engine
    return db


def open_page(page: str, params: dict) -> AppTest:
    """`page` (e.g. "pages/tasks.py") opened at a URL with these query parameters: app.py runs first,
    as in a browser, then the page."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if "view" in params:  # app.py opens the overview first, which reads `view` for its own sections
        at.query_params["view"] = params["view"]
    return at.switch_page(page).run()
