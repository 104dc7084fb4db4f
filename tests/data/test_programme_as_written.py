"""Issue 12 points 1–2 on each backend (SQLite, and PostgreSQL when NTM_TEST_DATABASE_URL is set):
the 4/13 target in both readings and the pilots' 2015 target on the sample, the admin's choice of
reading, a task waiting for a document that falls due only once the document's date is recorded,
and a year report that does not call a task due on its last day overdue."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from sqlalchemy import select

from accounts.permissions import PermissionDenied
from data_access import queries
from data_access.bootstrap import ensure_database
from data_access.db import get_engine, session_scope
from data_access.meta import DATA_VERSION, get_meta
from data_access.models import AuditLog, ProgrammeTarget
from data_access.reference import load_targets
from data_access.tasks import queries as tq
from domain.actor import Actor
from domain.target_readings import alternatives, chosen_targets
from domain.targets import Target, evaluate
from reports.content import report_content
from reports.period import parse_period
from services import reference_edits, tasks
from tests.conftest import BACKENDS
from tests.support import make_user

READINGS = ("t2013_min17", "t2013_min15", "t2013_min17_pilots17", "t2013_min15_pilots17")


def _targets(session) -> dict[str, Target]:
    return {t.key: t for t in (Target.from_mapping(r) for r in queries.targets(session=session).to_dict("records"))}


def _met_by_commune(status: pd.DataFrame, period: str, codes=None) -> pd.Series:
    rows = status[status["period"] == period]
    if codes is not None:
        rows = rows[rows["commune_code"].isin(codes)]
    return rows.groupby("commune_code")["met"].sum().astype(int)


def test_both_readings_and_the_pilots_2015_target_on_the_sample(ready_url):
    with session_scope(get_engine(ready_url)) as s:
        targets, status, groups = _targets(s), queries.status(session=s), queries.groups(session=s)
        frame = queries.targets(session=s)
    # counts are integers in the frame (17, not 17.0) and in the targets
    assert str(frame["target_count"].dtype) == "Int64"
    assert all(isinstance(t.target_count, int) for t in targets.values() if t.target_count is not None)
    # the reading "all communes" is the one chosen on a fresh database; its parts pair with the pilots' parts
    assert [k for k in READINGS if targets[k].chosen] == ["t2013_min17", "t2013_min15"]
    assert [o.key for o in alternatives(targets["t2013_min17"], targets.values())] == ["t2013_min17_pilots17"]
    assert [o.key for o in alternatives(targets["t2013_min15_pilots17"], targets.values())] == ["t2013_min15"]
    assert "t2013_min17_pilots17" not in {t.key for t in chosen_targets(targets.values())}

    every = _met_by_commune(status, "2013-12")
    pilots = _met_by_commune(status, "2013-12", groups["pilot17"])
    assert len(every) == 119 and len(pilots) == 17
    ev = {k: evaluate(targets[k], status, groups=groups, period="2013-12") for k in READINGS}
    # all communes: 10 at 17 criteria (>= 4: met); 10 at 15 or more (< 13: not met)
    assert (ev["t2013_min17"].value.count, ev["t2013_min17"].status) == (int((every >= 17).sum()), "met") == (10, "met")
    assert (ev["t2013_min15"].value.count, ev["t2013_min15"].status) == (int((every >= 15).sum()), "not_met")
    assert ev["t2013_min15"].value.count == 10
    # the 17 pilots: 3 at 17 (< 4), 3 at 15 or more (< 17: the other 13 are not at 15)
    assert (ev["t2013_min17_pilots17"].value.count, ev["t2013_min17_pilots17"].value.n_communes) == (3, 17)
    assert ev["t2013_min17_pilots17"].value.count == int((pilots >= 17).sum())
    assert ev["t2013_min17_pilots17"].status == "not_met"  # the reading flips the first target
    assert (ev["t2013_min15_pilots17"].value.count, ev["t2013_min15_pilots17"].status) == (3, "not_met")
    assert targets["t2013_min15_pilots17"].target_count == 17 and targets["t2013_min17_pilots17"].target_count == 4

    pilots2015 = targets["t2015_pilots17_standard"]
    assert (pilots2015.group, pilots2015.metric, pilots2015.target_count, pilots2015.deadline) == (
        "pilot17", "communes_standard", 17, date(2015, 12, 31))
    assert pilots2015.text_as_written == "trong đó có 17 xã đăng ký với TW phấn đấu đến năm 2015 đạt chuẩn xã NTM."
    at2013, at2015 = (evaluate(pilots2015, status, groups=groups, period=p) for p in ("2013-12", "2015-12"))
    assert (at2013.value.count, at2013.value.n_communes, at2013.status) == (0, 17, "off_track")
    assert (at2015.value.count, at2015.status) == (7, "not_met")


def test_the_seed_words_are_kept_beside_the_corrected_text(ready_url):
    with session_scope(get_engine(ready_url)) as s:
        targets = _targets(s)
    first = targets["t2013_min17"]
    assert first.text_as_written.startswith("Phần đầu đến cuối năm 2013 có 4 xã đạt 17 tiêu chí")
    assert first.wording_vi.startswith("Phấn đấu đến cuối năm 2013")
    assert targets["t2013_security_all"].text_as_written.startswith("Phần đầu đến cuối năm 2013 có trên 70%")
    assert all(t.text_as_written for t in targets.values())


def test_the_report_content_carries_the_other_reading(ready_url):
    with session_scope(get_engine(ready_url)) as s:
        content = report_content(session=s, period=parse_period("2013"))
    chosen = {r.key: r for r in content.targets}
    others = {r.key: r for r in content.other_readings}
    assert set(others) == {"t2013_min17_pilots17", "t2013_min15_pilots17"}
    assert "t2013_min17_pilots17" not in chosen and "t2015_pilots17_standard" in chosen
    p17 = others["t2013_min17_pilots17"]
    assert (p17.other_of, p17.reading_key, p17.count, p17.n_communes, p17.status) == (
        "t2013_min17", "pilots17", 3, 17, "not_met")
    assert (chosen["t2013_min17"].reading_key, chosen["t2013_min17"].count, chosen["t2013_min17"].status) == (
        "all", 10, "met")
    assert others["t2013_min15_pilots17"].other_of == "t2013_min15"
    assert chosen["t2013_min17"].text_as_written.startswith("Phần đầu")


@pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)
def test_an_admin_chooses_the_reading_audited(fresh_url):
    engine = ensure_database(fresh_url, load_sample_data=False)
    with session_scope(engine) as s:
        make_user(s, "quantri", "mat-khau-dai-1", "admin")
        make_user(s, "xem", "mat-khau-dai-1", "viewer")
    with session_scope(engine) as s, pytest.raises(PermissionDenied):
        reference_edits.choose_target_reading(session=s, actor=Actor("xem", "viewer"), reading_group="s2013_4_13",
                                              reading_key="pilots17")
    with session_scope(engine) as s:
        with pytest.raises(reference_edits.ReferenceEditError) as err:
            reference_edits.choose_target_reading(session=s, actor=Actor("quantri", "admin"), reading_group="s2013_4_13",
                                                  reading_key="pilots34")
        assert err.value.code == "ref.unknown_reading"
    with session_scope(engine) as s:
        before = int(get_meta(session=s, key=DATA_VERSION))
        assert reference_edits.choose_target_reading(session=s, actor=Actor("quantri", "admin"), reading_group="s2013_4_13",
                                                     reading_key="pilots17") is True
    with session_scope(engine) as s:
        assert int(get_meta(session=s, key=DATA_VERSION)) == before + 1
        log = s.scalars(select(AuditLog).where(AuditLog.action == "target_reading")).all()
        assert [(a.username, a.row_key, a.origin) for a in log] == [("quantri", "s2013_4_13", "page")]
        assert '"all"' in log[0].old_value and '"pilots17"' in log[0].new_value
        load_targets(session=s)  # a reload of the shipped file keeps the admin's choice
    with session_scope(engine) as s:
        chosen = [t.key for t in chosen_targets(_targets(s).values()) if t.reading_group]
        assert chosen == ["t2013_min17_pilots17", "t2013_min15_pilots17"]
        assert reference_edits.choose_target_reading(session=s, actor=Actor("quantri", "admin"), reading_group="s2013_4_13",
                                                     reading_key="pilots17") is False
        rows = s.scalars(select(ProgrammeTarget).where(ProgrammeTarget.reading_group.is_(None))).all()
        assert rows and all(r.reading_chosen is None for r in rows)


@pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)
def test_a_task_waiting_for_a_document_falls_due_only_once_its_date_is_recorded(fresh_url):
    engine = ensure_database(fresh_url, load_sample_data=False)
    with session_scope(engine) as s:
        make_user(s, "vpdp", "mat-khau-dai-1", "editor")
    for day in (date(2013, 12, 31), date(2015, 6, 1)):  # never overdue while the document is awaited
        with session_scope(engine) as s:
            row = tq.board(session=s, as_of=day).set_index("id").loc["2.1.5"]
        assert row["due_date"] is None and not row["overdue"] and row["awaiting_event"]
    with session_scope(engine) as s:
        tasks.record_event_date(session=s, actor=Actor("vpdp", "editor"), event_key="bkhdt_huong_dan_qd498",
                                occurred_on=date(2013, 8, 7))
    with session_scope(engine) as s:
        # as recorded now (the board of a past day shows what was known that day)
        board = tq.board(session=s, as_of=date(2013, 12, 31), moment=datetime.now()).set_index("id")
        assert s.scalars(select(AuditLog.action).where(AuditLog.row_key == "bkhdt_huong_dan_qd498")).all() == [
            "event_date"]
    row = board.loc["2.1.5"]
    assert row["due_date"] == date(2013, 9, 6) and not row["awaiting_event"]
    assert bool(row["due_tentative"])  # the text fixes no date: the derived one is tentative
    assert bool(row["overdue"]) and row["days_overdue"] == 116
    assert board.loc["2.1.3", "due_date"] is None and board.loc["2.1.3", "awaiting_event"]  # other document


def test_the_sample_records_no_invented_document_dates(ready_url):
    with session_scope(get_engine(ready_url)) as s:
        assert tq.events(session=s) == {}
        board = tq.board(session=s, as_of=date(2013, 12, 31)).set_index("id")
    for task_id in ("2.1.3", "2.1.5"):
        assert board.loc[task_id, "due_date"] is None and not board.loc[task_id, "overdue"]
    assert sorted(board.index[board["due_tentative"]]) == ["2.7.1", "2.7.2", "2.7.4"]


def test_the_year_report_does_not_call_tasks_due_on_its_last_day_overdue(ready_url):
    period = parse_period("2013")
    with session_scope(get_engine(ready_url)) as s:
        board = tq.board(session=s, as_of=period.end).set_index("id")
        content = report_content(session=s, period=period)
    open_on_last_day = sorted(board.index[(board["due_date"] == period.end) & (board["status"] != "done")])
    assert open_on_last_day  # the sample has open tasks due on 31/12/2013
    assert not board.loc[open_on_last_day, "overdue"].any()  # the tasks page's rule
    assert all(r.due is not None and r.due < period.end for r in content.not_done)
    assert not set(open_on_last_day) & {r.id for r in content.not_done}
    assert set(open_on_last_day) <= {r.id for r in content.next_due}
    assert all(r.days_late > 0 for r in content.not_done)
    assert {r.id: r.tentative for r in content.not_done if r.id in ("2.7.1", "2.7.2", "2.7.4")} == {
        r.id: True for r in content.not_done if r.id in ("2.7.1", "2.7.2", "2.7.4")}
