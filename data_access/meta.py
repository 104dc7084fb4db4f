"""The `app_meta` key-value facts, above all the data-version stamp that keys cached queries."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import AppMeta

DATA_VERSION = "data_version"


def get_meta(session: Session, key: str) -> str | None:
    return session.scalar(select(AppMeta.value).where(AppMeta.key == key))


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(AppMeta, key)
    if row is None:
        session.add(AppMeta(key=key, value=value))
    else:
        row.value = value


def bump_data_version(session: Session) -> int:
    """Every write calls this in its own transaction, so every process sees the change."""
    current = int(get_meta(session, DATA_VERSION) or 0) + 1
    set_meta(session, DATA_VERSION, str(current))
    return current
