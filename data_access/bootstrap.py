"""Bring a database to a usable state: migrate, load reference data, load the sample history.

Runs once per process (the app wraps it in st.cache_resource; the command line calls it from
`init`) under an inter-process lock, because two migrations at once corrupt a fresh database.
"""
from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

from config import get_settings
from data_access.db import get_engine, session_scope
from data_access.meta import bump_data_version, get_meta, set_meta
from data_access.reference import load_reference, reference_fingerprint
from sample.loader import load_sample

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
ADVISORY_LOCK_ID = 2013_0605  # any constant shared by every process of this app


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    url = engine.url
    if url.get_backend_name() == "sqlite":
        db = url.database
        if not db or db == ":memory:":
            yield
            return
        lock_path = Path(db).with_suffix(Path(db).suffix + ".lock")
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
    else:
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:id)"), {"id": ADVISORY_LOCK_ID})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": ADVISORY_LOCK_ID})
                conn.commit()


def migrate(engine: Engine) -> None:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def ensure_database(url: str | None = None, load_sample_data: bool | None = None,
                    timings: dict[str, float] | None = None) -> Engine:
    """Migrate, load reference data if the shipped files changed, and the sample if asked and
    the database has no assessments yet. Safe to call from several processes at once.
    `timings`, if given, receives the seconds spent in each phase (the start-up bench reads them)."""
    timings = {} if timings is None else timings
    t0 = time.perf_counter()
    settings = get_settings()
    url = url or settings.database_url
    if load_sample_data is None:
        load_sample_data = settings.load_sample
    engine = get_engine(url)
    with migration_lock(engine):
        migrate(engine)
        timings["migrations"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        fingerprint = reference_fingerprint()
        with session_scope(engine) as session:
            if get_meta(session=session, key="reference_fingerprint") != fingerprint:
                load_reference(session=session)
                set_meta(session=session, key="reference_fingerprint", value=fingerprint)
                bump_data_version(session=session)
            session.flush()
            timings["reference"] = time.perf_counter() - t0
            if load_sample_data and get_meta(session=session, key="sample_initialised") is None:
                # Only on the very first start: once cleared, the sample does not come back.
                load_sample(session=session, timings=timings)
                set_meta(session=session, key="sample_initialised", value="1")
    return engine
