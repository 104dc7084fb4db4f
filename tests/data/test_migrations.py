"""Migrations build exactly the schema the models describe, on each backend."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from data_access.bootstrap import migrate
from data_access.db import make_engine
from data_access.schema import Base
from tests.conftest import BACKENDS


@pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)
def test_models_and_migrations_do_not_drift(fresh_url):
    engine = make_engine(fresh_url)
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


@pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)
def test_every_model_table_exists_after_migrating(fresh_url):
    engine = make_engine(fresh_url)
    migrate(engine)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
