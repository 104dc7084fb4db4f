"""AppTest fixtures: the app runs against the prepared SQLite database."""
import pytest


@pytest.fixture
def app_env(sqlite_ready_url, monkeypatch):
    monkeypatch.setenv("NTM_DATABASE_URL", sqlite_ready_url)
    return sqlite_ready_url
