"""Reads that stay cheap on a national history (bench/bench_national.py): whether there is sample
data is read from a partial index, a criterion's rows are selected by the criteria's ids (every set
the key names), and PostgreSQL connections run without JIT compilation."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import inspect, select

from data_access import queries
from data_access.bootstrap import ensure_database
from data_access.db import session_scope
from data_access.models import Assessment, Criterion
from sample.loader import clear_sample, load_sample
from tests.conftest import BACKENDS

BEFORE, AFTER = "2012-12", "2013-12"  # two criteria sets: QD491-2009, then the 2013 amendment
pytestmark = pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)


@pytest.fixture
def db(fresh_url):
    engine = ensure_database(fresh_url, load_sample_data=False)
    with session_scope(engine) as s:
        load_sample(session=s, periods=[BEFORE, AFTER])
    return engine


def test_sample_data_is_found_through_a_partial_index_and_real_rows_alone_are_not_sample(db):
    indexes = {i["name"]: i for i in inspect(db).get_indexes("assessment")}
    assert indexes["ix_assessment_sample"]["column_names"] == ["is_sample"]
    with session_scope(db) as s:
        assert queries.has_sample(session=s) is True
        row = s.scalars(select(Assessment).where(Assessment.period == AFTER).limit(1)).one()
        s.add(Assessment(commune_code=row.commune_code, criterion_id=row.criterion_id, period=AFTER, version=2,
                         met=not row.met, recorded_at=datetime(2014, 1, 5), recorded_by="test"))
    with session_scope(db) as s:
        assert clear_sample(session=s) == 2 * 119 * 19
    with session_scope(db) as s:
        assert queries.has_sample(session=s) is False  # the real row stays, and it is not sample data
        assert len(queries.status(session=s)) == 1
    if db.url.get_backend_name() == "sqlite":
        with db.connect() as conn:
            plan = " ".join(str(r) for r in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT EXISTS (SELECT * FROM assessment WHERE assessment.is_sample = 1)"))
        assert "ix_assessment_sample" in plan


def test_a_criterions_rows_are_those_of_every_set_that_names_it_with_the_latest_version(db):
    with session_scope(db) as s:
        ids = dict(s.execute(select(Criterion.set_id, Criterion.id).where(Criterion.key == "security")).all())
        row = s.scalars(select(Assessment).where(Assessment.period == AFTER, Assessment.commune_code == "30346",
                                                 Assessment.criterion_id.in_(ids.values()))).one()
        s.add(Assessment(commune_code="30346", criterion_id=row.criterion_id, period=AFTER, version=2,
                         met=not row.met, recorded_at=datetime(2014, 1, 5), recorded_by="test"))
        flipped = not row.met
    with session_scope(db) as s:
        every = queries.status(session=s)
        security = queries.status(session=s, criterion_keys=["security"])
        two = queries.status(session=s, criterion_keys=["security", "income"], province="89")
        assert queries.status(session=s, criterion_keys=["no-such-criterion"]).empty
    assert len(ids) >= 2  # the key names a criterion in each set
    assert len(security) == 2 * 119 and set(security["set_id"]) == {
        every.loc[every["period"] == p, "set_id"].iloc[0] for p in (BEFORE, AFTER)}
    expected = every[every["criterion_key"] == "security"].reset_index(drop=True)
    assert security.to_dict("records") == expected.to_dict("records")
    assert len(two) == 2 * 2 * 119
    assert two.to_dict("records") == every[every["criterion_key"].isin(["security", "income"])].reset_index(
        drop=True).to_dict("records")
    mine = security[(security["commune_code"] == "30346") & (security["period"] == AFTER)]
    assert mine["met"].tolist() == [flipped]  # one row, the latest version's


def test_postgresql_connections_run_without_jit(db):
    if db.url.get_backend_name() != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with session_scope(db) as s:
        assert s.connection().exec_driver_sql("SHOW jit").scalar() == "off"
