"""Shared fixtures: prepared databases (SQLite always, PostgreSQL when NTM_TEST_DATABASE_URL is set).

Preparing a database (migrations, reference data, 135k sample rows) takes seconds, so each
backend is prepared once per test session; tests that write use their own fresh database.
"""
from __future__ import annotations

import os
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_URL = os.environ.get("NTM_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def fresh_pg_url(schema: str) -> str:
    """A PostgreSQL URL whose tables live in their own, emptied schema (tests never share one)."""
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def _worker() -> str:
    # Unique per test process, so parallel runs never share a schema.
    return f'{os.environ.get("PYTEST_XDIST_WORKER", "main")}_{os.getpid()}'


def drop_pg_schema(schema: str) -> None:
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


@contextmanager
def module_database(backend: str, tmp_path_factory, name: str):
    """The URL of an empty database for one module's fixture: a SQLite file, or a PostgreSQL schema of
    its own, dropped afterwards (its pooled connections closed first)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp(name) / f'{name}.sqlite3'}"
        return
    schema = f"ntm_{name}_{_worker()}"
    url = fresh_pg_url(schema)
    try:
        yield url
    finally:
        from data_access.db import get_engine
        get_engine(url).dispose()
        get_engine.cache_clear()
        drop_pg_schema(schema)


@pytest.fixture
def fresh_url(request, tmp_path):
    """An empty database of the backend given by indirect parametrisation (default SQLite)."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    schema = f"ntm_fresh_{_worker()}"
    yield fresh_pg_url(schema)
    from data_access.db import get_engine
    get_engine.cache_clear()  # close pooled connections before dropping their schema
    drop_pg_schema(schema)


@pytest.fixture(scope="session", params=BACKENDS)
def ready_url(request, tmp_path_factory):
    """A database prepared by ensure_database with the sample history; tests must not write to it."""
    from data_access.bootstrap import ensure_database

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'ready.sqlite3'}"
        ensure_database(url, load_sample_data=True)
        yield url
        return
    schema = f"ntm_ready_{_worker()}"
    url = fresh_pg_url(schema)
    ensure_database(url, load_sample_data=True)
    yield url
    drop_pg_schema(schema)


@pytest.fixture(scope="session")
def sqlite_ready_url(tmp_path_factory) -> str:
    """The prepared SQLite database the app and browser tests run against."""
    from data_access.bootstrap import ensure_database

    url = f"sqlite:///{tmp_path_factory.mktemp('appdb') / 'app.sqlite3'}"
    ensure_database(url, load_sample_data=True)
    return url
