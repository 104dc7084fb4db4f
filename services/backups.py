"""Backup and restore, for admins (or the operator at the command line).

A restore checks the file before touching anything, keeps an automatic backup of what it
replaces, pushes the data-version stamp past every value it has had (the stamp would otherwise go
back with the data, and a running server would keep figures cached under a reused stamp), ends
every open login (the file may hold sessions revoked since), and is audited.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from config import VAR_DIR, get_settings
from data_access import audit, summary
from data_access.backup import BackupFile, inspect_file, load_backup, sqlite_path, write_backup
from data_access.db import session_scope
from data_access.meta import DATA_VERSION, bump_data_version_past, get_meta
from data_access.models import UserSession
from domain.actor import Actor
from services.guard import Origin, authorise


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    safety_copy: Path  # the database as it was just before the restore
    data_version: int


def backup_suffix(*, engine: Engine) -> str:
    return ".sqlite3" if sqlite_path(engine) else ".json.gz"


def safety_dir(*, engine: Engine) -> Path:
    """Automatic backups go to NTM_BACKUP_DIR, else beside an SQLite database, else into
    var/backups of the project."""
    configured = get_settings().backup_dir
    if configured is not None:
        return configured
    path = sqlite_path(engine)
    return (Path(path).parent if path else VAR_DIR) / "backups"


def _fresh_name(folder: Path, stem: str, suffix: str) -> Path:
    """A file name not yet taken: two restores in one second (the second from the first's safety
    copy) must never write the copy over the file being restored."""
    path, n = folder / f"{stem}{suffix}", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}{suffix}"
    return path


def make_backup(*, engine: Engine, actor: Actor, target: Path, origin: Origin = "page") -> Path:
    with session_scope(engine) as s:
        actor = authorise(session=s, actor=actor, origin=origin, admin=True)
    write_backup(engine, target)
    with session_scope(engine) as s:
        audit.record(session=s, actor=actor, action="backup", table="database", key=Path(target).name, old=None,
                     new={"file": Path(target).name},
                     origin=origin)
    return Path(target)


def restore(*, engine: Engine, actor: Actor, source: Path, origin: Origin = "page",
            now: datetime | None = None) -> RestoreResult:
    """Raises PermissionDenied or BackupError (then nothing was touched)."""
    now = now or datetime.now()
    with session_scope(engine) as s:
        actor = authorise(session=s, actor=actor, origin=origin, admin=True)
        stamp_before = int(get_meta(session=s, key=DATA_VERSION) or 0)
    checked: BackupFile = inspect_file(engine, source)
    copy = _fresh_name(safety_dir(engine=engine), f"truoc-khoi-phuc-{now:%Y%m%d-%H%M%S}",
                       backup_suffix(engine=engine))
    write_backup(engine, copy)
    load_backup(engine, checked)
    with session_scope(engine) as s:
        summary.refresh(session=s)  # the file's history is the truth; its summary is recounted from it
        stamp = bump_data_version_past(session=s, floor=max(stamp_before, checked.data_version))
        s.query(UserSession).filter(UserSession.revoked_at.is_(None)).update({"revoked_at": now})
        audit.record(session=s, actor=actor, action="restore", table="database", key=Path(source).name,
                     old={"data_version": stamp_before, "safety_copy": copy.name},
                     new={"file": Path(source).name, "data_version": stamp}, at=now, origin=origin)
    return RestoreResult(Path(source), copy, stamp)
