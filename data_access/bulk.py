"""Insert many rows in one transaction with the fewest round trips (the sample history: 135,660
rows), and keep a reference row equal to its file (`upsert`, used by both reference loaders).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy.orm import Session


def stored_value(*, session: Session, column: Column, value: object) -> object:
    """`value` as SQLAlchemy would send it to this database for `column` (its type's bind
    processor): on SQLite a datetime becomes '2011-01-31 17:00:00.000000' and a boolean 1 or 0."""
    proc = column.type._cached_bind_processor(session.get_bind().dialect)
    return proc(value) if proc else value


def insert_rows(*, session: Session, table: Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert many rows in the session's transaction with the fewest round trips: COPY on
    PostgreSQL (psycopg), the driver's executemany elsewhere. The values must be as the driver
    takes them: pass datetimes and booleans through `stored_value` first (SQLite stores them as
    text and integers), so the rows are stored exactly as an ORM insert stores them."""
    session.flush()  # rows added to the session before (group members) go first, as with the ORM
    conn = session.connection()
    dialect = conn.dialect
    names = ", ".join(dialect.identifier_preparer.quote(c) for c in columns)
    target = dialect.identifier_preparer.format_table(table)
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        with (conn.connection.driver_connection.cursor() as cur,
              cur.copy(f"COPY {target} ({names}) FROM STDIN") as copy):
            for row in rows:
                copy.write_row(row)
        return
    mark = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(dialect.paramstyle)
    if mark is None:  # a driver with named parameters: SQLAlchemy's own executemany
        conn.execute(table.insert(), [dict(zip(columns, row)) for row in rows])
        return
    conn.exec_driver_sql(f"INSERT INTO {target} ({names}) VALUES ({', '.join([mark] * len(columns))})", rows)


def upsert(*, session: Session, model: type, key: dict[str, Any], values: dict[str, Any]) -> Any:
    """The row of `model` with primary key `key` (column → value), created with `values` or brought
    up to them; a column is set only when its value differs, so reloading unchanged files writes nothing."""
    row = session.get(model, tuple(key.values()) if len(key) > 1 else next(iter(key.values())))
    if row is None:
        row = model(**key, **values)
        session.add(row)
    else:
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
    return row
