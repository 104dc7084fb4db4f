"""The audit log: who, when, what (table and key) and old → new, for every write."""
from __future__ import annotations

import json
from datetime import datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import AuditLog
from domain.actor import Actor

AUDIT_COLUMNS = ["id", "at", "username", "action", "table_name", "row_key", "old_value", "new_value", "origin"]


def _json(value: object) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def entry(*, actor: Actor, action: str, table: str, key: str, old: object, new: object,
          at: datetime | None = None, origin: str | None = None) -> AuditLog:
    """One audit entry, not yet in a session (a write service adds it with the rows it audits)."""
    return AuditLog(at=at or datetime.now(), username=actor.username or "anonymous", action=action,
                    table_name=table, row_key=key, old_value=_json(old), new_value=_json(new), origin=origin)


def record(*, session: Session, actor: Actor, action: str, table: str, key: str, old: object, new: object,
           at: datetime | None = None, origin: str | None = None) -> None:
    """One audit entry. Called by the write services (services/), which know where the write came
    from (`origin`: page or cli)."""
    session.add(entry(actor=actor, action=action, table=table, key=key, old=old, new=new, at=at, origin=origin))


def entries(*, session: Session, username: str | None = None, table: str | None = None,
            key_prefix: str | None = None, since: datetime | None = None, until: datetime | None = None, limit: int = 5000) -> pd.DataFrame:
    stmt = select(*(getattr(AuditLog, c) for c in AUDIT_COLUMNS)).order_by(AuditLog.id.desc()).limit(limit)
    if username:
        stmt = stmt.where(AuditLog.username == username)
    if table:
        stmt = stmt.where(AuditLog.table_name == table)
    if key_prefix:
        stmt = stmt.where(AuditLog.row_key.startswith(key_prefix))
    if since:
        stmt = stmt.where(AuditLog.at >= since)
    if until:
        stmt = stmt.where(AuditLog.at <= until)
    return pd.DataFrame([tuple(r) for r in session.execute(stmt).all()], columns=AUDIT_COLUMNS)
