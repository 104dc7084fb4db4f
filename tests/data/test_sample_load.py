"""The sample history as the first start loads it (bulk insert: COPY on PostgreSQL, executemany on
SQLite): exactly the rows the generator makes, stored as an ORM insert stores them, on each backend.

The checksum was taken from a database loaded by the earlier, row-by-row ORM loader; a change in
the generator or in the way the rows are written shows here.
"""
import hashlib
import json

import pytest
from sqlalchemy import Integer, cast, func, select

from data_access.bootstrap import ensure_database
from data_access.db import get_engine, session_scope
from data_access.meeting_models import Meeting
from data_access.models import Assessment, AuditLog, Criterion, UnitGroupMember
from data_access.tasks.models import InspectionVisit, ReportReceipt, TaskStatusUpdate
from sample.loader import clear_sample, load_sample
from services import sample_data
from services.guard import command_line_actor
from tests.conftest import BACKENDS

ROWS = 135_660  # 119 assessed communes × 60 months × 19 criteria
MONTH_CHECKSUM = "75554aedf1f1da8b5450181e7facda292bd7133eda91db3741ed9991996a2795"  # 2013-12
CHECKSUM = "e80c6aad058f90868ecd4650848596d79c450d1f7e5f4c90a5578ac551c688e1"


def checksum(session, period: str | None = None) -> tuple[int, str]:
    """Every column of every sample row, in id order (criteria named by set and number)."""
    q = (select(Assessment.id, Assessment.commune_code, Criterion.set_id, Criterion.number, Assessment.period,
                Assessment.version, Assessment.met, Assessment.note, Assessment.recorded_at, Assessment.recorded_by,
                Assessment.is_sample)
         .join(Criterion).order_by(Assessment.id))
    if period:
        q = q.where(Assessment.period == period)
    h, n = hashlib.sha256(), 0
    for row in session.execute(q):
        h.update(repr(tuple(row)).encode())
        n += 1
    return n, h.hexdigest()


def month_checksum(session, period: str) -> str:
    """One month's rows without their ids (which depend on what was loaded before)."""
    q = (select(Assessment.commune_code, Criterion.set_id, Criterion.number, Assessment.version, Assessment.met,
                Assessment.recorded_at, Assessment.recorded_by, Assessment.is_sample)
         .join(Criterion).where(Assessment.period == period).order_by(Assessment.id))
    return hashlib.sha256(repr([tuple(r) for r in session.execute(q)]).encode()).hexdigest()


def met_by_commune(session, period: str) -> dict[str, int]:
    return dict(session.execute(select(Assessment.commune_code, func.sum(cast(Assessment.met, Integer)))
                                .where(Assessment.period == period).group_by(Assessment.commune_code)).all())


def test_the_first_start_loads_exactly_the_generated_history(ready_url):
    with session_scope(get_engine(ready_url)) as s:
        assert checksum(s) == (ROWS, CHECKSUM)
        assert month_checksum(s, "2013-12") == MONTH_CHECKSUM
        dec_2013 = met_by_commune(s, "2013-12")
        assert len(dec_2013) == 119 and sum(dec_2013.values()) == 1012
        assert sum(1 for n in dec_2013.values() if n == 19) == 0  # the first reaches the standard in 2014
        assert sum(1 for n in met_by_commune(s, "2015-12").values() if n == 19) == 13
        assert s.scalar(select(func.count()).select_from(UnitGroupMember).where(UnitGroupMember.is_sample)) == 51
        assert [s.scalar(select(func.count()).select_from(m).where(m.is_sample))
                for m in (TaskStatusUpdate, ReportReceipt, InspectionVisit, Meeting)] == [69, 246, 24, 3]


def test_sqlite_stores_dates_and_flags_as_an_orm_insert_does(tmp_path):
    url = f"sqlite:///{tmp_path / 'one.sqlite3'}"
    engine = ensure_database(url, load_sample_data=False)
    with session_scope(engine) as s:
        load_sample(session=s, periods=["2013-12"])
    with engine.connect() as conn:
        raw = conn.exec_driver_sql("SELECT recorded_at, met, is_sample, typeof(met) FROM assessment "
                                   "WHERE period = '2013-12' ORDER BY id LIMIT 1").one()
        # The as-of rule compares these texts with the moments the pages ask about.
        assert tuple(raw) == ("2013-12-31 17:00:00.000000", raw[1], 1, "integer") and raw[1] in (0, 1)
        assert conn.exec_driver_sql("SELECT count(*) FROM assessment WHERE typeof(recorded_at) != 'text'"
                                    " OR met NOT IN (0, 1)").scalar() == 0


@pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)
def test_one_month_and_a_reload_on_request_give_the_same_rows(fresh_url):
    """`periods` keeps the other months out but not their content; clearing and loading again on
    request (audited) puts back the same history."""
    engine = ensure_database(fresh_url, load_sample_data=False)
    with session_scope(engine) as s:
        assert load_sample(session=s, periods=["2013-12"]) == 119 * 19
    with session_scope(engine) as s:
        assert month_checksum(s, "2013-12") == MONTH_CHECKSUM
        assert s.scalar(select(func.count()).select_from(Assessment)) == 119 * 19
        assert clear_sample(session=s) == 119 * 19
    with session_scope(engine) as s:
        assert sample_data.load(session=s, actor=command_line_actor()) == ROWS
    with session_scope(engine) as s:
        entry = s.scalars(select(AuditLog).where(AuditLog.action == "sample_load")).one()
        assert json.loads(entry.new_value) == {"rows": ROWS} and entry.origin == "cli"
        assert s.scalar(select(func.count()).select_from(Assessment)) == ROWS
        assert month_checksum(s, "2013-12") == MONTH_CHECKSUM
