"""The work programme in the database, on each backend: tasks and agencies as shipped, status
history read as of a moment, overdue tasks with reasons, report timeliness, the tasks export and
the sample's load and clear."""
import csv
import io
import re
import subprocess
import sys
from datetime import date, datetime

import pytest
from sqlalchemy import event, func, select

from config import ROOT
from data_access.bootstrap import ensure_database
from data_access.db import session_scope
from data_access.tasks import queries as tq
from data_access.tasks.models import (
    Agency,
    AwaitedEvent,
    InspectionVisit,
    ProgrammeTask,
    ReportReceipt,
    TaskAgency,
    TaskStatusUpdate,
)
from data_access.tasks.reference import load_task_reference
from data_access.tasks.writes import TaskRuleError, _record_event_date, _record_receipt, _record_status
from domain.tasks import deadlines as dl
from domain.tasks.catalog import load_catalog
from sample.loader import clear_sample, load_sample
from spreadsheets.export import export_table, write
from tests.conftest import BACKENDS

CATALOG = load_catalog()
SECTION_SIZES = {"2.1": 6, "2.2": 9, "2.3": 7, "2.4": 2, "2.5": 3, "2.6": 6, "2.7": 5, "2.8": 2}


def test_the_40_tasks_are_loaded_as_shipped_and_every_agency_resolves(session):
    tasks = tq.tasks(session=session)
    assert len(tasks) == 40
    assert tasks.groupby("section").size().to_dict() == SECTION_SIZES
    for task, row in zip(CATALOG.tasks, tasks.itertuples()):
        assert (row.id, row.section, row.text_vi, row.lead_key) == (task.id, task.section, task.text_vi, task.lead)
        assert (row.co_leads, row.partners, row.directs) == (task.co_leads, task.partners, task.directs)
        assert (row.deadline_kind, row.deadline_value, row.deadline_text) == (
            task.deadline.kind, task.deadline.value, task.deadline.text)
    # Foreign keys hold: every lead and every other named agency is a row of `agency`.
    orphans = session.scalar(select(func.count()).select_from(TaskAgency)
                             .outerjoin(Agency, Agency.key == TaskAgency.agency_key).where(Agency.key.is_(None)))
    assert orphans == 0
    assert session.scalar(select(func.count()).select_from(Agency)) == len(CATALOG.agencies) == 42
    row = tasks.set_index("id").loc["2.1.4"]
    assert row["lead_key"] == "so_xay_dung"
    assert row["partners"] == ("so_khdt", "so_tai_chinh", "so_nnptnt", "cac_so_nganh_lien_quan")
    assert tasks.set_index("id").loc["2.6.3", "co_leads"] == ("so_tai_chinh",)


def test_agencies_that_owe_progress_reports(session):
    keys = set(tq.reporting_agency_keys(session=session))
    assert len(keys) == 25 and keys == set(CATALOG.reporting)  # data/reporting_agencies.yaml
    assert {"so_gddt", "so_y_te"} <= keys  # lead criteria 5, 14 and 15
    assert {"so_khdt", "cuc_thong_ke", "dai_ptth", "bao_an_giang", "hoi_nong_dan", "ban_dan_van_tu"} <= keys
    assert not keys & {"van_phong_dieu_phoi", "ubnd_tinh", "ubnd_cac_huyen", "nhcsxh"}
    assert tq.group_members(session=session)["ubmttq_va_to_chuc_thanh_vien"] == (
        "doan_tncs", "hoi_ccb", "hoi_lhpn", "hoi_nong_dan", "lien_doan_lao_dong", "ubmttq_tinh")


def test_status_history_is_read_as_recorded_at_a_moment(session):
    history = tq.status_history(session=session, task_id="2.1.1")
    assert list(history["status"]) == ["in_progress", "in_progress", "not_done", "in_progress", "done"]

    def status(moment):
        return tq.statuses(session=session, moment=moment).set_index("task_id").loc["2.1.1"]

    assert status(datetime(2013, 8, 5, 15, 59))["status"] == "in_progress"
    at_5_8 = status(datetime(2013, 8, 5, 16, 0))
    assert at_5_8["status"] == "not_done" and at_5_8["reason"].startswith("Các sở, ngành gửi góp ý chậm")
    before_done = status(tq.end_of_day(date(2013, 10, 19)))
    assert before_done["status"] == "in_progress" and before_done["reason"].startswith("Chờ Ban Chỉ đạo tỉnh")
    done = status(tq.end_of_day(date(2013, 10, 20)))
    assert (done["status"], done["done_date"], done["reason"]) == ("done", date(2013, 10, 15), None)
    assert "2.1.1" not in set(tq.statuses(session=session, moment=datetime(2013, 6, 1))["task_id"])


def _expected_overdue(session, as_of: date) -> dict[str, str]:
    """Overdue tasks worked out independently: raw rows, the catalogue's deadlines, the event dates."""
    moment = tq.end_of_day(as_of)
    events = {k: v for k, v in session.execute(select(AwaitedEvent.key, AwaitedEvent.occurred_on).where(
        AwaitedEvent.recorded_at <= moment, AwaitedEvent.occurred_on <= as_of))}
    rows = session.execute(select(TaskStatusUpdate.task_id, TaskStatusUpdate.status, TaskStatusUpdate.reason)
                           .where(TaskStatusUpdate.recorded_at <= moment)
                           .order_by(TaskStatusUpdate.recorded_at, TaskStatusUpdate.id)).all()
    latest, reason = {}, {}
    for task_id, status, why in rows:
        latest[task_id] = status
        if why:
            reason[task_id] = why
    out = {}
    for task in CATALOG.tasks:
        if task.is_overdue(latest.get(task.id), as_of, events=events):
            out[task.id] = reason.get(task.id)
    return out


def test_overdue_on_30_09_2013_with_reasons(session):
    board = tq.board(session=session, as_of=date(2013, 9, 30))
    late = board[board["overdue"]].set_index("id")
    assert dict(late["reason"]) == _expected_overdue(session, date(2013, 9, 30))
    assert sorted(late.index) == ["2.1.1", "2.7.2"]  # 2.1.5 waits for its document: no due date
    assert late.loc["2.1.1", "days_overdue"] == 61
    assert all(r.strip() for r in late["reason"])
    due = board.set_index("id")["due_date"]
    assert due["2.1.3"] is None and due["2.1.5"] is None  # the sample records no document date
    assert tq.board(session=session, as_of=date(2014, 10, 10)).set_index("id").loc["2.1.3", "due_date"] is None


def test_overdue_changes_with_the_day(session):
    for day in (date(2013, 6, 30), date(2013, 8, 1), date(2014, 1, 10)):
        board = tq.board(session=session, as_of=day)
        assert dict(board[board["overdue"]].set_index("id")["reason"]) == _expected_overdue(session, day)
    assert set(tq.board(session=session, as_of=date(2013, 6, 30)).query("overdue")["id"]) == {"2.1.4"}


def test_sample_receipts_at_the_20th_21st_boundary(session):
    cells = tq.timeliness(session=session, as_of=date(2013, 9, 30)).set_index(["agency_key", "period_end"])
    july = date(2013, 7, 31)
    assert cells.loc[("so_xay_dung", july), ["state", "received_on"]].tolist() == ["on_time", date(2013, 7, 20)]
    assert cells.loc[("so_tai_chinh", july), ["state", "days_late"]].tolist() == ["late", 1]
    receipts = tq.receipts(session=session, moment=tq.end_of_day(date(2013, 9, 30)), obligation_key=tq.MONTHLY_REPORT)
    stored = receipts.set_index(["agency_key", "period_end"])
    on_time = (stored["received_on"] <= stored["due_date"])
    for (agency, end), state in cells["state"].items():
        if (agency, end) in stored.index:
            assert state == ("on_time" if on_time[(agency, end)] else "late")
        else:
            assert state in ("missing", "not_due")
    assert len(cells) == 25 * 4  # June to September


@pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)
def test_timeliness_boundaries_from_receipts_in_the_database(fresh_url):
    engine = ensure_database(fresh_url, load_sample_data=False)
    with session_scope(engine) as s:
        for agency, day in (("so_xay_dung", 20), ("so_tai_chinh", 21)):
            _record_receipt(s, tq.MONTHLY_REPORT, agency, date(2013, 7, 31), date(2013, 7, day), by="test",
                           at=datetime(2013, 7, day, 17))
        for agency, day in (("so_xay_dung", 15), ("so_tai_chinh", 16)):
            _record_receipt(s, tq.QUARTERLY_REPORT, agency, date(2013, 9, 30), date(2013, 9, day), by="test",
                           at=datetime(2013, 9, day, 17))
    keys = ["so_xay_dung", "so_tai_chinh", "so_khdt"]
    with session_scope(engine) as s:
        def states(obligation, day):
            cells = tq.timeliness(session=s, as_of=day, obligation_key=obligation, agency_keys=keys)
            return cells[cells["due"] == cells["due"].max()].set_index("agency_key")["state"].to_dict()

        assert states(tq.MONTHLY_REPORT, date(2013, 7, 20)) == {
            "so_xay_dung": "on_time", "so_tai_chinh": "not_due", "so_khdt": "not_due"}
        assert states(tq.MONTHLY_REPORT, date(2013, 7, 21)) == {
            "so_xay_dung": "on_time", "so_tai_chinh": "late", "so_khdt": "missing"}
        assert states(tq.QUARTERLY_REPORT, date(2013, 9, 16)) == {
            "so_xay_dung": "on_time", "so_tai_chinh": "late", "so_khdt": "missing"}
        assert tq.timeliness(session=s, as_of=date(2013, 7, 21), agency_keys=keys)["period_end"].min() == date(2013, 6, 30)


@pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)
def test_a_late_task_needs_a_reason_and_history_is_append_only(fresh_url):
    engine = ensure_database(fresh_url, load_sample_data=False)
    with session_scope(engine) as s:
        with pytest.raises(TaskRuleError) as err:
            _record_status(s, "2.1.4", "in_progress", by="vpdp", at=datetime(2013, 6, 16, 9))
        assert err.value.problems == ["reason_required"]
        with pytest.raises(TaskRuleError) as err:
            _record_status(s, "2.1.4", "done", by="vpdp", at=datetime(2013, 6, 16, 9))
        assert err.value.problems == ["done_needs_date"]
        _record_status(s, "2.1.4", "in_progress", by="vpdp", at=datetime(2013, 6, 15, 9))  # due day: no reason needed
        _record_status(s, "2.1.4", "not_done", by="vpdp", at=datetime(2013, 6, 20, 9), reason="Chờ ý kiến các sở")
        # An after_event task has no due date until its event is recorded, then needs a reason too.
        _record_status(s, "2.1.5", "in_progress", by="vpdp", at=datetime(2013, 9, 20, 9))
        _record_event_date(s, "bkhdt_huong_dan_qd498", date(2013, 8, 7), by="vpdp", at=datetime(2013, 9, 21, 9))
        with pytest.raises(TaskRuleError):
            _record_status(s, "2.1.5", "in_progress", by="vpdp", at=datetime(2013, 9, 22, 9))
    with session_scope(engine) as s:
        assert list(tq.status_history(session=s, task_id="2.1.4")["status"]) == ["in_progress", "not_done"]
        board = tq.board(session=s, as_of=date(2013, 9, 30)).set_index("id")
        assert board.loc["2.1.4", "reason"] == "Chờ ý kiến các sở" and bool(board.loc["2.1.4", "overdue"])
        assert board.loc["2.1.5", "due_date"] == date(2013, 9, 6)


@pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)
def test_reference_load_is_idempotent(fresh_url):
    engine = ensure_database(fresh_url, load_sample_data=False)

    def counts(s):
        return [s.scalar(select(func.count()).select_from(m)) for m in (Agency, ProgrammeTask, TaskAgency)]

    changes = []

    def watch(s, *_):
        changes.extend([*s.new, *s.deleted, *(o for o in s.dirty if s.is_modified(o))])

    with session_scope(engine) as s:
        before = counts(s)
        event.listen(s, "before_flush", watch)
        load_task_reference(session=s)
        s.flush()
        assert changes == []
    with session_scope(engine) as s:
        assert counts(s) == before == [42, 40, len([1 for t in CATALOG.tasks for _ in
                                                    (*t.co_leads, *t.partners, *t.directs)])]


EXPORT_COLUMNS = ["id", "section", "section_title", "intro", "text", "lead", "lead_short", "co_leads", "co_leads_short",
                  "directs", "directs_short", "partners", "partners_short", "deadline_text", "deadline_kind",
                  "deadline_value", "tentative", "due_date", "event_key", "event", "event_date", "recurrence",
                  "recurrence_day", "obligation", "commune_group"]


def test_export_tasks_csv_rebuilds_every_task(session):
    """The CSV alone gives back each task's text and agencies (by full name) exactly as stored."""
    df = export_table(session=session, table="tasks")
    rows = list(csv.DictReader(io.StringIO(write(df, "csv", None).decode("utf-8"))))
    assert list(rows[0]) == EXPORT_COLUMNS
    assert len(rows) == 40 and [r["id"] for r in rows] == [t.id for t in CATALOG.tasks]
    by_name = {a.name_vi: a.key for a in CATALOG.agencies.values()}
    by_short = {a.short_vi: a.key for a in CATALOG.agencies.values()}
    assert len(by_name) == len(by_short) == len(CATALOG.agencies)  # names identify agencies

    def keys(cell: str, table: dict) -> tuple[str, ...]:
        return tuple(table[n] for n in cell.split("; ")) if cell else ()

    stored = tq.tasks(session=session).set_index("id")
    by_id = {r["id"]: r for r in rows}
    assert by_id["2.1.4"]["lead_short"] == "Sở XD"
    assert by_id["2.1.4"]["deadline_text"] == "chậm nhất đến ngày 15/6/2013"
    assert (by_id["2.1.4"]["deadline_kind"], by_id["2.1.4"]["due_date"]) == ("date", "2013-06-15")
    assert by_id["2.1.6"]["due_date"] == "2013-12-31" and by_id["2.6.6"]["due_date"] == "2014-12-31"
    assert by_id["2.1.1"]["due_date"] == "2013-07-31"
    assert by_id["2.8.2"]["deadline_kind"] == "recurring" and by_id["2.8.2"]["due_date"] == ""
    assert by_id["2.1.5"]["due_date"] == ""  # the sample records no date for the awaited document
    for r in rows:
        task, db = CATALOG.task(r["id"]), stored.loc[r["id"]]
        assert (r["text"], r["section"], r["section_title"]) == (db["text_vi"], db["section"], db["section_title_vi"])
        assert r["text"] == task.text_vi and r["intro"] == (task.intro_vi or "")
        assert keys(r["lead"], by_name) == keys(r["lead_short"], by_short) == (task.lead,) == (db["lead_key"],)
        for role in ("co_leads", "directs", "partners"):
            assert keys(r[role], by_name) == keys(r[f"{role}_short"], by_short) == getattr(task, role) == db[role]
        assert (r["deadline_text"], r["deadline_kind"], r["deadline_value"]) == (
            task.deadline.text, task.deadline.kind, task.deadline.value or "")
        assert r["tentative"] == ("true" if task.tentative else "false")
        assert r["event_key"] == (task.event.key if task.event else "")
        assert r["event"] == (task.event.text_vi if task.event else "")
        rec = task.deadline.recurrence
        assert (r["recurrence"], r["recurrence_day"]) == ((rec.rhythm, str(rec.day) if rec.day else "") if rec
                                                          else ("", ""))
        assert r["commune_group"] == (task.commune_group or "")
        assert r["obligation"] == (task.obligation or "")
        assert r["due_date"] == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["due_date"])
        if task.deadline.kind in dl.FIXED_KINDS:
            assert r["due_date"] == task.due_date().isoformat()
    by_id = {r["id"]: r for r in rows}
    assert by_id["2.1.4"]["lead"] == "Sở Xây dựng" and by_id["2.1.4"]["lead_short"] == "Sở XD"
    assert by_id["2.1.4"]["partners"] == ("Sở Kế hoạch và Đầu tư; Sở Tài chính; Sở Nông nghiệp và Phát triển nông "
                                          "thôn; Các sở, ngành có liên quan")
    assert by_id["2.1.4"]["deadline_text"] == "chậm nhất đến ngày 15/6/2013"
    assert (by_id["2.1.4"]["deadline_kind"], by_id["2.1.4"]["due_date"]) == ("date", "2013-06-15")
    # 2.8.2's "ngày 20" (taken from §II.1) is visible, as an integer.
    assert (by_id["2.8.2"]["recurrence"], by_id["2.8.2"]["recurrence_day"]) == ("monthly", "20")
    assert by_id["2.8.2"]["deadline_kind"] == "recurring" and by_id["2.8.2"]["due_date"] == ""
    assert by_id["2.1.5"]["event_key"] and by_id["2.1.5"]["event"].startswith(("Bộ", "Thông tư", "Có"))
    assert [r["id"] for r in rows if r["tentative"] == "true"] == [t.id for t in CATALOG.tasks if t.tentative]
    assert {r["commune_group"] for r in rows} - {""} <= {"pilot34", "pilot17"}
    assert any(r["commune_group"] for r in rows)
    assert any(r["directs"] for r in rows)


def test_export_tasks_xlsx_has_typed_cells(session, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "tasks.xlsx"
    write(export_table(session=session, table="tasks"), "xlsx", out)
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header == EXPORT_COLUMNS
    day = header.index("recurrence_day") + 1
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "2.8.2")
    assert row[day - 1].value == 20 and row[day - 1].data_type == "n"
    assert all(r[day - 1].value is None for r in ws.iter_rows(min_row=2) if r[0].value != "2.8.2"
               and CATALOG.task(r[0].value).deadline.recurrence is None)


def test_command_line_export_tasks(ready_url):
    if not ready_url.startswith("sqlite"):
        pytest.skip("the command line is checked once")
    out = subprocess.run(
        [sys.executable, "-m", "data_access", "--database-url", ready_url, "export", "tasks", "--format", "csv"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == EXPORT_COLUMNS and len(rows) == 41
    first = dict(zip(rows[0], rows[1]))
    assert (first["id"], first["lead"], first["lead_short"]) == (
        "2.1.1", "Văn phòng Điều phối Chương trình MTQG xây dựng NTM tỉnh", "Văn phòng Điều phối tỉnh")
    assert first["text"] == CATALOG.task("2.1.1").text_vi
    assert (first["deadline_kind"], first["deadline_value"], first["due_date"]) == ("month", "2013-07", "2013-07-31")


@pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)
def test_clearing_the_sample_removes_the_task_sample_too(fresh_url):
    engine = ensure_database(fresh_url, load_sample_data=True)
    models = (TaskStatusUpdate, ReportReceipt, InspectionVisit)

    def counts(s):
        return [s.scalar(select(func.count()).select_from(m)) for m in models]

    with session_scope(engine) as s:
        sample = counts(s)
        assert all(n > 0 for n in sample)
        assert s.scalar(select(func.count()).where(AwaitedEvent.occurred_on.is_not(None))) == 0  # none invented
        _record_status(s, "2.2.2", "in_progress", by="vpdp", at=datetime(2014, 2, 1, 9), note="real")
    with session_scope(engine) as s:
        clear_sample(session=s)
    with session_scope(engine) as s:
        assert counts(s) == [1, 0, 0]  # the real update stays
        assert s.scalar(select(func.count()).where(AwaitedEvent.occurred_on.is_not(None))) == 0
        load_sample(session=s)
    with session_scope(engine) as s:
        assert counts(s) == [sample[0] + 1, sample[1], sample[2]]
