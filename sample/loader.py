"""Load or clear the sample history (deterministic, flagged `is_sample` on every row)."""
from __future__ import annotations

import time as clock
from datetime import datetime, time

import yaml
from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from config import DATA_DIR
from data_access import summary
from data_access.bulk import insert_rows, stored_value
from data_access.criteria import criteria_by_period
from data_access.meta import bump_data_version
from data_access.models import Assessment, Commune, UnitGroupMember
from data_access.reference import YAML_LOADER
from domain.authors import SAMPLE_AUTHOR
from domain.criteria_sets import month_end
from sample.history import SampleHistory, generate
from sample.meetings import clear_sample_meetings, load_sample_meetings
from sample.tasks import clear_task_sample, load_task_sample


def _known_communes() -> tuple[list[str], list[str], list[str]]:
    """Codes from the reference file: recognised by 2015, recognised later, the known pilot."""
    doc = yaml.load((DATA_DIR / "an_giang_2013.yaml").read_text(encoding="utf-8"), Loader=YAML_LOADER)
    rec = doc["communes_recognised_ntm"]
    by_2015 = [c["gso_code"] for c in rec["recognised_2011_2015_inferred"]["communes"]]
    later = [c["gso_code"] for key in ("recognised_2016", "recognised_2018_nov") for c in rec[key]["communes"]]
    known_pilots = [c["gso_code"] for c in doc["pilot_communes_2011_2015"]["known"]]
    return by_2015, later, known_pilots


SAMPLE_COLUMNS = ("commune_code", "criterion_id", "period", "version", "met", "recorded_at", "recorded_by",
                  "is_sample")


def has_sample(*, session: Session) -> bool:
    return bool(session.scalar(select(exists().where(Assessment.is_sample.is_(True)))))


def build_history(*, session: Session) -> SampleHistory:
    communes = dict(session.execute(select(Commune.code, Commune.district_code).where(Commune.assessed)).all())
    by_2015, later, known_pilots = _known_communes()
    return generate(communes, preferred_pilots=by_2015 + known_pilots + later, recognised=by_2015, later_recognised=tuple(later))


def load_sample(*, session: Session, periods: list[str] | None = None, timings: dict[str, float] | None = None) -> int:
    """Insert the sample history unless it is there already. Returns the number of rows added.
    `periods` limits the assessments to some months (tests that need one month load fast);
    `timings`, if given, receives the seconds of each part (generation, insert, tasks, meetings)."""
    timings = {} if timings is None else timings
    t0 = clock.perf_counter()
    if has_sample(session=session):
        if load_task_sample(session=session):
            bump_data_version(session=session)
        return 0
    history = build_history(session=session)
    if periods is not None:
        history.met = {k: v for k, v in history.met.items() if k[1] in periods}
    crit = criteria_by_period(session=session, periods=history.periods)
    timings["sample_generation"] = clock.perf_counter() - t0
    t0 = clock.perf_counter()
    for group, members in (("pilot34", history.pilot34), ("pilot17", history.pilot17)):
        present = set(session.scalars(select(UnitGroupMember.commune_code).where(UnitGroupMember.group_key == group)))
        session.add_all(
            UnitGroupMember(group_key=group, commune_code=c, is_sample=True) for c in members if c not in present
        )
    table = Assessment.__table__
    yes, no = stored_value(session=session, column=table.c.met, value=True), stored_value(session=session, column=table.c.met, value=False)
    flag = stored_value(session=session, column=table.c.is_sample, value=True)
    recorded_at = {p: stored_value(session=session, column=table.c.recorded_at, value=datetime.combine(month_end(p), time(17, 0)))
                   for p in history.periods}
    rows = [
        (code, criterion_id, period, 1, yes if number in met else no, recorded_at[period], SAMPLE_AUTHOR, flag)
        for (code, period), met in history.met.items()
        for number, criterion_id in crit[period].items()
    ]
    insert_rows(session=session, table=table, columns=SAMPLE_COLUMNS, rows=rows)
    timings["sample_insert"] = clock.perf_counter() - t0
    t0 = clock.perf_counter()
    summary.refresh(session=session, communes={r[0] for r in rows}, periods={r[2] for r in rows})
    timings["summary"] = clock.perf_counter() - t0
    t0 = clock.perf_counter()
    load_task_sample(session=session)
    session.flush()
    timings["tasks"] = clock.perf_counter() - t0
    t0 = clock.perf_counter()
    load_sample_meetings(session=session)
    bump_data_version(session=session)
    session.flush()
    timings["meetings"] = clock.perf_counter() - t0
    return len(rows)


def clear_sample(*, session: Session) -> int:
    """Remove every sample row (assessments and sample group members); real data stays."""
    n = session.execute(delete(Assessment).where(Assessment.is_sample.is_(True))).rowcount
    session.execute(delete(UnitGroupMember).where(UnitGroupMember.is_sample.is_(True)))
    summary.refresh(session=session)
    clear_task_sample(session=session)
    clear_sample_meetings(session=session)
    bump_data_version(session=session)
    return n or 0
