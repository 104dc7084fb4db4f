"""Backup files: writing them, checking them, loading them.

SQLite: the online backup API (a consistent copy while the app runs), restored the same way.
PostgreSQL (or any other server): a gzipped JSON export of every table, in foreign-key order,
loaded into the same schema after emptying it. Both carry the migration version; `inspect_file`
refuses a file that is missing, empty, of another kind or of a newer schema before anything is
touched. Rights, the automatic backup and the audit entry are `services.backups`.
"""
from __future__ import annotations

import gzip
import json
import sqlite3
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, select, text

from data_access.schema import Base
from domain.errors import CodedError

FORMAT = "ntm-backup/1"
SQLITE_MAGIC = b"SQLite format 3\x00"
GZIP_MAGIC = b"\x1f\x8b"
REQUIRED_TABLES = ("alembic_version", "app_meta", "commune", "assessment", "app_user", "audit_log")


class BackupError(CodedError, ValueError):
    """A backup file that cannot be restored; `code` and `params` make the message."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    kind: str  # sqlite | json
    schema_version: str
    data_version: int  # the stamp the file carries


def sqlite_path(engine: Engine) -> str | None:
    return engine.url.database if engine.url.get_backend_name() == "sqlite" else None


def schema_version(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _revisions() -> list[str]:
    """Known migration revisions, oldest first."""
    from data_access.bootstrap import MIGRATIONS  # late: bootstrap imports the loaders
    script = ScriptDirectory(str(MIGRATIONS))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


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


def write_backup(engine: Engine, target: Path) -> Path:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    path = sqlite_path(engine)
    if path:
        src = sqlite3.connect(path)
        dst = sqlite3.connect(target)
        with dst:
            src.backup(dst)
        src.close()
        dst.close()
        return target
    doc = {"format": FORMAT, "schema_version": schema_version(engine), "tables": {}}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = conn.execute(select(table)).mappings().all()
            doc["tables"][table.name] = [{k: _encode(v) for k, v in r.items()} for r in rows]
    with gzip.open(target, "wt", encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False)
    return target


def _check_version(version: str | None) -> str:
    known = _revisions()
    if not version or version not in known:
        raise BackupError("restore.newer_schema", version=version or "?", ours=known[-1])
    if version != known[-1]:
        raise BackupError("restore.older_schema", version=version, ours=known[-1])
    return version


def _inspect_sqlite(path: Path) -> BackupFile:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError("restore.damaged")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            missing = [t for t in REQUIRED_TABLES if t not in tables]
            if missing:
                raise BackupError("restore.foreign")
            version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            stamp = conn.execute("SELECT value FROM app_meta WHERE key='data_version'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError("restore.damaged") from exc
    return BackupFile(path, "sqlite", _check_version(version[0] if version else None),
                      int(stamp[0]) if stamp and str(stamp[0]).isdigit() else 0)


def _read_json(path: Path) -> dict:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError("restore.damaged") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("tables"), dict):
        raise BackupError("restore.foreign")
    return doc


def _json_stamp(doc: dict) -> int:
    for row in doc["tables"].get("app_meta", []):
        if isinstance(row, dict) and row.get("key") == "data_version" and str(row.get("value")).isdigit():
            return int(row["value"])
    return 0


def inspect_file(engine: Engine, source: Path) -> BackupFile:
    """The backup's facts, or BackupError before anything is touched."""
    source = Path(source)
    if not source.is_file():
        raise BackupError("restore.missing", path=str(source))
    if source.stat().st_size == 0:
        raise BackupError("restore.empty", path=str(source))
    with open(source, "rb") as fh:
        head = fh.read(16)
    if head == SQLITE_MAGIC:
        if not sqlite_path(engine):
            raise BackupError("restore.wrong_kind")
        return _inspect_sqlite(source)
    if head.startswith(GZIP_MAGIC):
        doc = _read_json(source)
        return BackupFile(source, "json", _check_version(doc.get("schema_version")), _json_stamp(doc))
    raise BackupError("restore.foreign")


def load_backup(engine: Engine, backup: BackupFile) -> None:
    """Replace the database's content with the checked backup's."""
    path = sqlite_path(engine)
    if backup.kind == "sqlite" and path:
        engine.dispose()  # no pooled connection may keep the old content open
        src = sqlite3.connect(f"file:{backup.path}?mode=ro", uri=True)
        dst = sqlite3.connect(path)
        with dst:
            src.backup(dst)
        src.close()
        dst.close()
        return
    doc = _read_json(backup.path)
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
