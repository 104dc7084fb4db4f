"""The criteria of the national set in force each month, read from the database (the rule itself is
`domain.criteria_sets`): what the entry form, the Excel template, the write service and the sample
history assess."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.models import CriteriaSet
from domain.criteria_sets import in_force


def criteria_by_period(*, session: Session, periods: list[str]) -> dict[str, dict[int, int]]:
    """For each month, the set in force at the month's end: criterion number -> criterion id.
    A month no set covers is left out."""
    sets = session.scalars(select(CriteriaSet).where(CriteriaSet.scope == "national")).all()
    out: dict[str, dict[int, int]] = {}
    for period in periods:
        found = in_force(sets, period)
        if found is not None:
            out[period] = {c.number: c.id for c in found.criteria}
    return out
