"""The `app_meta` key-value facts, above all the data-version stamp that keys cached queries."""
from __future__ import annotations

from sqlalchemy import Integer, String, cast, select, update
from sqlalchemy.orm import Session

from data_access.models import AppMeta

DATA_VERSION = "data_version"


def get_meta(*, session: Session, key: str) -> str | None:
    return session.scalar(select(AppMeta.value).where(AppMeta.key == key))


def set_meta(*, session: Session, key: str, value: str) -> None:
    row = session.get(AppMeta, key)
    if row is None:
        session.add(AppMeta(key=key, value=value))
    else:
        row.value = value


def _ensure_stamp(session: Session) -> None:
    if get_meta(session=session, key=DATA_VERSION) is None:
        session.add(AppMeta(key=DATA_VERSION, value="0"))
        session.flush()


def bump_data_version(*, session: Session) -> int:
    """Advance the stamp by one in the database itself (`UPDATE … SET v = v + 1`): the row lock
    serialises concurrent writers, so no increment is lost (a read-modify-write in Python lost
    61 of 200 on PostgreSQL)."""
    _ensure_stamp(session)
    stmt = (update(AppMeta).where(AppMeta.key == DATA_VERSION)
            .values(value=cast(cast(AppMeta.value, Integer) + 1, String))
            .returning(AppMeta.value))
    return int(session.execute(stmt, execution_options={"synchronize_session": False}).scalar_one())


def bump_data_version_past(*, session: Session, floor: int) -> int:
    """After a restore the stamp would go back with the data: set it above `floor` (the highest
    value it had before), so every running server sees a stamp it has never cached."""
    _ensure_stamp(session)
    current = int(get_meta(session=session, key=DATA_VERSION) or 0)
    target = max(current, floor) + 1
    session.execute(update(AppMeta).where(AppMeta.key == DATA_VERSION).values(value=str(target)),
                    execution_options={"synchronize_session": False})
    return target
