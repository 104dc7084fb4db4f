"""One commune's recorded assessments in a month: notes, who and when, indicator values.

The latest version of each (criterion, month) row is the current state (append-only history).
"""
from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Assessment, Criterion, IndicatorValue
from data_access.summary import is_latest

RECORD_COLUMNS = ["assessment_id", "criterion_key", "criterion_number", "set_id", "met", "note",
                  "recorded_at", "recorded_by", "version"]


def _latest(code: str, period: str, asof: datetime | None):
    """The current version of each row (as recorded at `asof`, when given)."""
    return (Assessment.commune_code == code) & (Assessment.period == period) & is_latest(asof)


def assessments(*, session: Session, code: str, period: str, asof: datetime | None = None) -> pd.DataFrame:
    """The current row of each criterion assessed for `code` in `period` (as recorded at `asof`)."""
    stmt = (
        select(Assessment.id, Criterion.key, Criterion.number, Criterion.set_id, Assessment.met,
               Assessment.note, Assessment.recorded_at, Assessment.recorded_by, Assessment.version)
        .join(Criterion, Criterion.id == Assessment.criterion_id)
        .where(_latest(code, period, asof))
        .order_by(Criterion.number)
    )
    rows = [tuple(r) for r in session.execute(stmt).all()]
    return pd.DataFrame.from_records(rows, columns=RECORD_COLUMNS)


def indicator_values(*, session: Session, code: str, period: str, asof: datetime | None = None) -> pd.DataFrame:
    """Indicator values recorded with the current assessment rows of `code` in `period`."""
    stmt = (
        select(IndicatorValue.indicator_id, IndicatorValue.value, Assessment.id)
        .join(Assessment, Assessment.id == IndicatorValue.assessment_id)
        .where(_latest(code, period, asof))
    )
    rows = [tuple(r) for r in session.execute(stmt).all()]
    return pd.DataFrame.from_records(rows, columns=["indicator_id", "value", "assessment_id"])
