"""Backup and restore.

SQLite: the online backup API (a consistent copy while the app runs), restored the same way.
PostgreSQL (or any other server): a complete export of every table as JSON, in foreign-key order,
that `restore` loads into the same schema after emptying it. The migration version travels with the
file; restore refuses a file made by another schema version.
"""
from __future__ import annotations

import gzip
import json
import sqlite3
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, select, text

from data_access.auth import Actor
from data_access.permissions import require_admin
from data_access.schema import Base

FORMAT = "ntm-backup/1"


def _sqlite_path(engine: Engine) -> str | None:
    return engine.url.database if engine.url.get_backend_name() == "sqlite" else None


def _schema_version(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _encode(value: object) -> object:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    return value


def _decode(value: object) -> object:
    if isinstance(value, dict) and "$dt" in value:
        return datetime.fromisoformat(value["$dt"])
    if isinstance(value, dict) and "$d" in value:
        return date.fromisoformat(value["$d"])
    return value


def backup(engine: Engine, actor: Actor, target: Path) -> Path:
    require_admin(actor)
    target = Path(target)
    path = _sqlite_path(engine)
    if path:
        src = sqlite3.connect(path)
        dst = sqlite3.connect(target)
        with dst:
            src.backup(dst)
        src.close()
        dst.close()
        return target
    doc = {"format": FORMAT, "schema_version": _schema_version(engine), "tables": {}}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = conn.execute(select(table)).mappings().all()
            doc["tables"][table.name] = [{k: _encode(v) for k, v in r.items()} for r in rows]
    with gzip.open(target, "wt", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False)
    return target


def restore(engine: Engine, actor: Actor | None, source: Path) -> None:
    """Replace the database's content with the backup's. `actor` is None only from the command
    line, where access to the server already means administration."""
    if actor is not None:
        require_admin(actor)
    source = Path(source)
    path = _sqlite_path(engine)
    if path:
        engine.dispose()  # no pooled connection may keep the old content open
        src = sqlite3.connect(source)
        dst = sqlite3.connect(path)
        with dst:
            src.backup(dst)
        src.close()
        dst.close()
        return
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        doc = json.load(fh)
    if doc.get("format") != FORMAT:
        raise ValueError("not an NTM backup file")
    if doc["schema_version"] != _schema_version(engine):
        raise ValueError(f"backup schema {doc['schema_version']} differs from the database's {_schema_version(engine)}")
    tables = Base.metadata.sorted_tables
    with engine.begin() as conn:
        for table in reversed(tables):
            conn.execute(table.delete())
        for table in tables:
            rows = [{k: _decode(v) for k, v in r.items()} for r in doc["tables"].get(table.name, [])]
            if rows:
                conn.execute(table.insert(), rows)
        if engine.url.get_backend_name() == "postgresql":
            # Integer keys continue after the restored rows.
            for table in tables:
                for col in table.primary_key.columns:
                    if col.autoincrement is not False and col.type.python_type is int:
                        conn.execute(text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{col.name}'), "
                            f"COALESCE((SELECT MAX({col.name}) FROM {table.name}), 0) + 1, false)"))


def table_counts(engine: Engine) -> dict[str, int]:
    names = set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        return {t.name: conn.execute(select(text("count(*)")).select_from(t)).scalar()
                for t in Base.metadata.sorted_tables if t.name in names}
