"""Monthly assessments: the edit and record types, and the latest recorded version of a month.

Saving is `services.assessments.save_assessments` (rights, optimistic locking, audit, stamp). A
save names the version each record had when the person opened it (`base_version`); history is
append-only: a save adds version n+1, nothing is overwritten.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import Assessment, IndicatorValue
from domain.errors import CodedError
from domain.months import Month


def is_period(text: object) -> bool:
    """`text` is a month the database records, 'YYYY-MM' (domain.months.Month) from 1900 to 2099."""
    month = Month.try_parse(text)
    return month is not None and 1900 <= month.year <= 2099


@dataclass(frozen=True)
class AssessmentEdit:
    commune_code: str
    criterion_id: int
    period: str
    met: bool | None
    note: str | None = None
    values: dict[int, float | None] = field(default_factory=dict)  # indicator id -> value
    base_version: int = 0  # 0: the person saw no record


@dataclass(frozen=True)
class Record:
    """The latest recorded version of one commune × criterion × month."""

    commune_code: str
    criterion_id: int
    period: str
    version: int
    met: bool | None
    note: str | None
    values: dict[int, float | None]
    recorded_at: datetime | None
    recorded_by: str | None


class Conflict(Exception):  # noqa: N818 (named for what happened; used in 11 modules)
    """Someone saved the same records since they were opened: (the edit, what is saved now)."""

    def __init__(self, pairs: list[tuple[AssessmentEdit, Record | None]]):  # None: nothing saved when opened
        super().__init__(f"{len(pairs)} record(s) changed since they were opened")
        self.pairs = pairs


class InvalidEdit(CodedError):  # noqa: N818 (as Conflict)
    """An edit that cannot be saved as it is; `code` and `params` make the message."""


def current_records(*, session: Session, period: str, commune_codes: list[str]) -> dict[tuple[str, int], Record]:
    """The latest version per (commune, criterion) for a month, with indicator values."""
    rows = session.execute(
        select(Assessment).where(Assessment.period == period, Assessment.commune_code.in_(commune_codes))
        .order_by(Assessment.version)
    ).scalars().all()
    latest: dict[tuple[str, int], Assessment] = {}
    for row in rows:
        latest[(row.commune_code, row.criterion_id)] = row
    ids = [a.id for a in latest.values()]
    values: dict[int, dict[int, float | None]] = {}
    if ids:
        for v in session.scalars(select(IndicatorValue).where(IndicatorValue.assessment_id.in_(ids))):
            values.setdefault(v.assessment_id, {})[v.indicator_id] = v.value
    return {
        key: Record(a.commune_code, a.criterion_id, a.period, a.version, a.met, a.note, values.get(a.id, {}),
                    a.recorded_at, a.recorded_by)
        for key, a in latest.items()
    }


