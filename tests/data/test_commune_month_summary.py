"""The per commune-month summary (criteria met and assessed, the met and assessed masks) always
equals a recount from the history: after saves, an Excel import, a refused save, a restore, the
sample cleared and loaded again, migration 0008 run again; and the pages' readers (counts, a
month's rows) agree with the whole history."""
from __future__ import annotations

import io
from datetime import datetime

import pytest
from alembic import command
from openpyxl import load_workbook

from data_access import queries, summary
from data_access.assessments import AssessmentEdit, Conflict, current_records
from data_access.bootstrap import alembic_config
from data_access.criteria import criteria_by_period
from data_access.db import session_scope
from domain.actor import Actor
from domain.overview import commune_counts
from sample.loader import clear_sample
from services import backups
from services.assessments import save_assessments
from services.imports import import_excel
from spreadsheets.template import HEADER_ROW, build_template
from tests.conftest import BACKENDS
from tests.support import sample_db_fixture

PAST, PERIOD = "2013-11", "2013-12"
ADMIN = Actor("quantri", "admin")
pytestmark = pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)


db = sample_db_fixture([PAST, PERIOD])


def assert_summary_is_recount(engine) -> None:
    with session_scope(engine) as s:
        stored, recounted = summary.stored(session=s), summary.recounted(session=s)
    assert len(stored) > 0
    assert "assessed_mask" in stored.columns
    assert stored.to_dict("records") == recounted.to_dict("records")


def _flip(engine, code: str, number: int, period: str = PERIOD) -> None:
    with session_scope(engine) as s:
        cid = criteria_by_period(session=s, periods=[period])[period][number]
        rec = current_records(session=s, period=period, commune_codes=[code])[(code, cid)]
        save_assessments(session=s, actor=ADMIN, edits=[AssessmentEdit(code, cid, period, not rec.met, "đổi",
                                                               dict(rec.values), rec.version)])


def _row(engine, code: str, period: str = PERIOD) -> dict:
    with session_scope(engine) as s:
        frame = queries.counts(session=s, periods=[period], communes=[code])
    return frame.iloc[0].to_dict()


def test_the_sample_load_fills_the_summary_and_counts_agree_with_the_history(db):
    assert_summary_is_recount(db)
    with session_scope(db) as s:
        counts = queries.counts(session=s)
        from_history = commune_counts(queries.status(session=s))
        assert len(counts) == len(from_history) == 2 * 119  # the 119 rural communes × 2 months
        merged = counts.merge(from_history, on=["commune_code", "period"], suffixes=("", "_h"))
        assert (merged["criteria_met"] == merged["criteria_met_h"]).all()
        assert (merged["criteria_total"] == merged["criteria_total_h"]).all()
        # the masks have one bit per criterion met / assessed: their popcounts are the counts
        assert all(bin(m).count("1") == n for m, n in zip(counts["met_mask"], counts["criteria_met"]))
        assert all(bin(m).count("1") == n for m, n in zip(counts["assessed_mask"], counts["criteria_total"]))
        # the bits are the criterion numbers of the month's rows (criterion n is bit n-1)
        rows = queries.status(session=s, periods=[PERIOD])
        numbers = rows.groupby("commune_code")["criterion_number"].agg(set)
        met = rows[rows["met"]].groupby("commune_code")["criterion_number"].agg(set)
        month = counts[counts["period"] == PERIOD].set_index("commune_code")
        for code, assessed in numbers.items():
            assert month.at[code, "assessed_mask"] == sum(1 << (n - 1) for n in assessed)
            assert month.at[code, "met_mask"] == sum(1 << (n - 1) for n in met.get(code, set()))
        assert queries.periods_with_data(session=s) == [PAST, PERIOD]


def test_saves_keep_the_summary_current_in_the_same_transaction(db):
    before = _row(db, "30346")
    _flip(db, "30346", 10)
    after = _row(db, "30346")
    with session_scope(db) as s:
        cid = criteria_by_period(session=s, periods=[PERIOD])[PERIOD][10]
        now_met = current_records(session=s, period=PERIOD, commune_codes=["30346"])[("30346", cid)].met
    assert after["criteria_met"] == before["criteria_met"] + (1 if now_met else -1)
    assert bool(after["met_mask"] >> 9 & 1) == now_met  # criterion 10 is bit 9
    assert _row(db, "30346", PAST) == _row(db, "30346", PAST)  # the other month untouched
    _flip(db, "30346", 10)
    assert _row(db, "30346") == before
    assert_summary_is_recount(db)


def test_a_refused_save_leaves_the_summary_as_it_was(db):
    before = _row(db, "30346")
    with session_scope(db) as s:
        cid = criteria_by_period(session=s, periods=[PERIOD])[PERIOD][10]
        rec = current_records(session=s, period=PERIOD, commune_codes=["30346"])[("30346", cid)]
    with pytest.raises(Conflict), session_scope(db) as s:  # a stale version: the whole save is refused
        save_assessments(session=s, actor=ADMIN, edits=[AssessmentEdit("30346", cid, PERIOD, not rec.met, "",
                                                               dict(rec.values), rec.version - 1)])
    assert _row(db, "30346") == before
    assert_summary_is_recount(db)


def test_an_import_keeps_the_summary_current(db):
    with session_scope(db) as s:
        wb = load_workbook(io.BytesIO(build_template(session=s, period=PERIOD, district_code=None)))
    ws = wb.active
    changed = []
    for r in range(HEADER_ROW + 1, HEADER_ROW + 6):  # five communes, criterion 3 flipped
        cell = ws.cell(r, 3 + 3)
        cell.value = "Chưa đạt" if cell.value == "Đạt" else "Đạt"
        changed.append(ws.cell(r, 1).value)
    buf = io.BytesIO()
    wb.save(buf)
    before = {c: _row(db, c)["criteria_met"] for c in changed}
    with session_scope(db) as s:
        result = import_excel(session=s, actor=ADMIN, content=buf.getvalue())
    assert result.status == "written" and result.written == 5
    after = {c: _row(db, c)["criteria_met"] for c in changed}
    assert all(abs(after[c] - before[c]) == 1 for c in changed)
    assert_summary_is_recount(db)


def test_a_restore_brings_back_the_summary_of_the_restored_history(db, tmp_path):
    before = _row(db, "30346")
    copy = backups.make_backup(engine=db, actor=ADMIN, target=tmp_path / "sao-luu")
    _flip(db, "30346", 10)
    assert _row(db, "30346") != before
    backups.restore(engine=db, actor=ADMIN, source=copy)
    assert _row(db, "30346") == before
    assert_summary_is_recount(db)


def test_clearing_and_loading_the_sample_again(db):
    _flip(db, "30346", 10)  # a real record survives clearing the sample
    with session_scope(db) as s:
        clear_sample(session=s)
    with session_scope(db) as s:
        left = queries.counts(session=s)
    assert list(left["commune_code"]) == ["30346"] and list(left["criteria_total"]) == [1]
    assert list(left["assessed_mask"]) == [1 << 9]  # criterion 10 alone is assessed
    assert_summary_is_recount(db)


def test_migration_0008_fills_the_assessed_mask_from_the_history(db):
    _flip(db, "30346", 10)  # a second version of one criterion: the fill reads the latest only
    with session_scope(db) as s:
        before = summary.stored(session=s)
    cfg = alembic_config(db.url.render_as_string(hide_password=False))
    for step, revision in ((command.downgrade, "0007"), (command.upgrade, "head")):
        with db.begin() as conn:  # down drops the column, up adds it and fills it from the history
            cfg.attributes["connection"] = conn
            step(cfg, revision)
    with session_scope(db) as s:
        after = summary.stored(session=s)
    assert after.to_dict("records") == before.to_dict("records")
    assert (after["assessed_mask"] > 0).all()
    assert_summary_is_recount(db)


def test_counts_as_of_a_moment_follow_the_history_as_recorded_then(db):
    moment = datetime.now()
    before = _row(db, "30346")
    _flip(db, "30346", 10)
    with session_scope(db) as s:
        then = queries.counts(session=s, periods=[PERIOD], communes=["30346"], asof=moment).iloc[0].to_dict()
        rows_then = queries.status(session=s, periods=[PERIOD], communes=["30346"], asof=moment)
    assert then == before
    assert then["criteria_met"] == int(rows_then["met"].sum())


def test_a_month_reads_only_that_month_and_the_province_filter(db):
    with session_scope(db) as s:
        month = queries.status(session=s, periods=[PERIOD])
        assert set(month["period"]) == {PERIOD} and len(month) == 119 * 19
        assert len(queries.status(session=s, periods=[PERIOD], criterion_keys=["security"])) == 119
        assert len(queries.communes(session=s, province="89")) == 156
        assert len(queries.communes(session=s, province="01")) == 0
        assert queries.counts(session=s, province="01").empty
        assert len(queries.counts(session=s, province="89")) == 2 * 119
        assert queries.periods_with_data(session=s, province="01") == []


def test_a_months_rows_unfolded_from_the_summary_are_the_historys_rows(db):
    """queries.month_status (what the pages read for a month) gives exactly queries.status's rows:
    after a save, for a commune, a province, two months, and as recorded before the save."""
    moment = datetime.now()
    _flip(db, "30346", 10)
    _flip(db, "30346", 3, PAST)
    with session_scope(db) as s:
        for kwargs in ({"periods": [PERIOD]}, {"periods": [PAST, PERIOD]}, {"periods": [PERIOD], "communes": ["30346"]},
                       {"periods": [PERIOD], "province": "89"}, {"periods": [PERIOD], "asof": moment},
                       {"periods": ["2001-01"]}):
            rows, unfolded = queries.status(session=s, **kwargs), queries.month_status(session=s, **kwargs)
            assert unfolded.to_dict("records") == rows.to_dict("records"), kwargs
        assert len(queries.month_status(session=s, periods=[PERIOD])) == 119 * 19
        before = queries.month_status(session=s, periods=[PERIOD], communes=["30346"], asof=moment)
        now = queries.month_status(session=s, periods=[PERIOD], communes=["30346"])
    changed = before.merge(now, on="criterion_number", suffixes=("_then", "_now")).query("met_then != met_now")
    assert list(changed["criterion_number"]) == [10]
    with session_scope(db) as s:
        clear_sample(session=s)
    with session_scope(db) as s:  # only what was really recorded is left: one criterion of one commune
        left = queries.month_status(session=s, periods=[PERIOD])
        assert left.to_dict("records") == queries.status(session=s, periods=[PERIOD]).to_dict("records")
    assert list(left["commune_code"]) == ["30346"] and list(left["criterion_number"]) == [10]
