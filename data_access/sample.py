"""Load or clear the sample history (deterministic, flagged `is_sample` on every row)."""
from __future__ import annotations

from datetime import date, datetime, time
import calendar

import yaml
from sqlalchemy import delete, exists, insert, select
from sqlalchemy.orm import Session

from data_access import summary
from data_access.meetings import clear_sample_meetings, load_sample_meetings
from data_access.meta import bump_data_version
from data_access.models import Assessment, Commune, CriteriaSet, UnitGroupMember
from data_access.settings import DATA_DIR
from data_access.tasks_sample import clear_task_sample, load_task_sample
from domain.sample_history import SampleHistory, generate

SAMPLE_AUTHOR = "dữ liệu mẫu"


def _known_communes() -> tuple[list[str], list[str], list[str]]:
    """Codes from the reference file: recognised by 2015, recognised later, the known pilot."""
    doc = yaml.safe_load((DATA_DIR / "an_giang_2013.yaml").read_text(encoding="utf-8"))
    rec = doc["communes_recognised_ntm"]
    by_2015 = [c["gso_code"] for c in rec["recognised_2011_2015_inferred"]["communes"]]
    later = [c["gso_code"] for key in ("recognised_2016", "recognised_2018_nov") for c in rec[key]["communes"]]
    known_pilots = [c["gso_code"] for c in doc["pilot_communes_2011_2015"]["known"]]
    return by_2015, later, known_pilots


def _period_end(period: str) -> date:
    y, m = map(int, period.split("-"))
    return date(y, m, calendar.monthrange(y, m)[1])


def criteria_by_period(session: Session, periods: list[str]) -> dict[str, dict[int, int]]:
    """For each month, the set in force at the month's end: criterion number -> criterion id."""
    sets = session.scalars(select(CriteriaSet).where(CriteriaSet.scope == "national")).all()
    out: dict[str, dict[int, int]] = {}
    for period in periods:
        end = _period_end(period)
        for s in sets:
            if s.in_force_from <= end and (s.in_force_until is None or end <= s.in_force_until):
                out[period] = {c.number: c.id for c in s.criteria}
                break
    return out


def has_sample(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(Assessment.is_sample.is_(True)))))


def build_history(session: Session) -> SampleHistory:
    communes = dict(session.execute(select(Commune.code, Commune.district_code).where(Commune.assessed)).all())
    by_2015, later, known_pilots = _known_communes()
    return generate(communes, by_2015 + known_pilots + later, by_2015, later_recognised=tuple(later))


def load_sample(session: Session, periods: list[str] | None = None) -> int:
    """Insert the sample history unless it is there already. Returns the number of rows added.
    `periods` limits the assessments to some months (tests that need one month load fast)."""
    if has_sample(session):
        if load_task_sample(session):
            bump_data_version(session)
        return 0
    history = build_history(session)
    if periods is not None:
        history.met = {k: v for k, v in history.met.items() if k[1] in periods}
    crit = criteria_by_period(session, history.periods)
    for group, members in (("pilot34", history.pilot34), ("pilot17", history.pilot17)):
        present = set(session.scalars(select(UnitGroupMember.commune_code).where(UnitGroupMember.group_key == group)))
        session.add_all(
            UnitGroupMember(group_key=group, commune_code=c, is_sample=True) for c in members if c not in present
        )
    rows = []
    for (code, period), met in history.met.items():
        at = datetime.combine(_period_end(period), time(17, 0))
        for number, criterion_id in crit[period].items():
            rows.append(
                {
                    "commune_code": code,
                    "criterion_id": criterion_id,
                    "period": period,
                    "version": 1,
                    "met": number in met,
                    "recorded_at": at,
                    "recorded_by": SAMPLE_AUTHOR,
                    "is_sample": True,
                }
            )
    session.execute(insert(Assessment), rows)
    summary.refresh(session, communes={r["commune_code"] for r in rows}, periods={r["period"] for r in rows})
    load_task_sample(session)
    load_sample_meetings(session)
    bump_data_version(session)
    return len(rows)


def clear_sample(session: Session) -> int:
    """Remove every sample row (assessments and sample group members); real data stays."""
    n = session.execute(delete(Assessment).where(Assessment.is_sample.is_(True))).rowcount
    session.execute(delete(UnitGroupMember).where(UnitGroupMember.is_sample.is_(True)))
    summary.refresh(session)
    clear_task_sample(session)
    clear_sample_meetings(session)
    bump_data_version(session)
    return n or 0
