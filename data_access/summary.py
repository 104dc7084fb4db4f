"""The as-of rule and the per commune-month summary built on it.

History is append-only: the state of a commune × criterion × month is its latest version, or,
"as of" a moment, its latest version recorded by then (`is_latest`). `commune_month` keeps, for
the current state, what the pages count: criteria met and assessed, and which ones (the met and
assessed masks, bit n-1 for criterion number n). Every write that adds or removes assessment rows
calls `refresh` for the commune-months it touched, in its own transaction, so the summary never
disagrees with the history it summarises.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import pandas as pd
from sqlalchemy import Select, case, delete, func, insert, literal, select
from sqlalchemy.orm import Session, aliased

from data_access.models import Assessment, CommuneMonth, Criterion

SUMMARY_COLUMNS = ["commune_code", "period", "set_id", "criteria_met", "criteria_assessed", "met_mask",
                   "assessed_mask"]
# The columns migration 0006 made and filled (`refresh_statement`); 0008 added and filled assessed_mask.
COLUMNS_0006 = SUMMARY_COLUMNS[:6]


def is_latest(asof: datetime | None = None):
    """The condition that an `Assessment` row is the latest version of its commune × criterion ×
    month (recorded by `asof` when given; the row itself must then be recorded by `asof` too)."""
    later = aliased(Assessment)
    newer = select(later.id).where(
        later.commune_code == Assessment.commune_code,
        later.criterion_id == Assessment.criterion_id,
        later.period == Assessment.period,
        later.version > Assessment.version,
    )
    if asof is None:
        return ~newer.exists()
    return (Assessment.recorded_at <= asof) & ~newer.where(later.recorded_at <= asof).exists()


def _scope(stmt, column_code, column_period, communes: Iterable[str] | None, periods: Iterable[str] | None):
    if communes is not None:
        stmt = stmt.where(column_code.in_(sorted(set(communes))))
    if periods is not None:
        stmt = stmt.where(column_period.in_(sorted(set(periods))))
    return stmt


def summary_select(communes: Iterable[str] | None = None, *, periods: Iterable[str] | None = None,
                   asof: datetime | None = None, columns: Iterable[str] = SUMMARY_COLUMNS) -> Select:
    """The summary's `columns` per commune-month, counted from the history (as recorded at `asof`)."""
    met = Assessment.met.is_(True)
    bit = literal(1).op("<<")(Criterion.number - 1)
    counted = {
        "commune_code": Assessment.commune_code,
        "period": Assessment.period,
        "set_id": func.min(Criterion.set_id),
        "criteria_met": func.sum(case((met, 1), else_=0)),
        "criteria_assessed": func.count(),
        "met_mask": func.sum(case((met, bit), else_=0)),
        "assessed_mask": func.sum(bit),  # every row counted has a result (met is not null)
    }
    stmt = (
        select(*[counted[c].label(c) for c in columns])
        .join(Criterion, Criterion.id == Assessment.criterion_id)
        .where(Assessment.met.is_not(None), is_latest(asof))
        .group_by(Assessment.commune_code, Assessment.period)
    )
    return _scope(stmt, Assessment.commune_code, Assessment.period, communes, periods)


def insert_statement(communes: Iterable[str] | None = None, periods: Iterable[str] | None = None,
                     columns: Iterable[str] = SUMMARY_COLUMNS):
    columns = list(columns)
    cols = [getattr(CommuneMonth, c) for c in columns]
    return insert(CommuneMonth).from_select(cols, summary_select(communes, periods=periods, columns=columns))


def refresh_statement(communes: Iterable[str] | None = None, periods: Iterable[str] | None = None):
    """Migration 0006's fill, of the columns that revision made (it runs before 0008 adds a column)."""
    return insert_statement(communes, periods, COLUMNS_0006)


def refresh(*, session: Session, communes: Iterable[str] | None = None,
            periods: Iterable[str] | None = None) -> None:
    """Recount the summary rows of these communes × months (all when not given) from the history."""
    communes = None if communes is None else sorted(set(communes))
    periods = None if periods is None else sorted(set(periods))
    if communes == [] or periods == []:
        return
    session.flush()  # the ORM's pending assessment rows must be in the database first
    session.execute(_scope(delete(CommuneMonth), CommuneMonth.commune_code, CommuneMonth.period, communes, periods))
    session.execute(insert_statement(communes, periods))


def stored(*, session: Session) -> pd.DataFrame:
    """The summary as stored, sorted (for checks)."""
    cols = [getattr(CommuneMonth, c) for c in SUMMARY_COLUMNS]
    rows = session.execute(select(*cols).order_by(CommuneMonth.commune_code, CommuneMonth.period)).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=SUMMARY_COLUMNS)


def recounted(*, session: Session) -> pd.DataFrame:
    """The summary recounted from the whole history, sorted like `stored`."""
    rows = session.execute(summary_select().order_by(Assessment.commune_code, Assessment.period)).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=SUMMARY_COLUMNS)
