"""The task board's pure rules: a late task needs a reason, overdue by day, agency scope through
groups, report cells at the due-day boundary, the default as-of day."""
from datetime import date, datetime

import pandas as pd
import pytest

from domain.tasks import board as tb
from domain.tasks.reporting_calendar import DuePeriod


def _tasks(*rows):
    cols = ["id", "position", "section", "section_title_vi", "lead_key", "co_leads", "partners", "directs",
            "deadline_text", "deadline_kind", "deadline_value", "tentative", "event_key", "grace_days", "rhythm",
            "due_day"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


TASKS = _tasks(
    ("2.1.4", 1, "2.1", "A", "so_xay_dung", (), ("so_khdt",), (), "15/6/2013", "date", "2013-06-15", False, None,
     None, None, None),
    ("2.1.5", 2, "2.1", "A", "so_khdt", (), (), (), "sau khi …", "after_event", None, False, "ev", None, None, None),
    ("2.2.4", 3, "2.2", "B", "mttq", (), (), (), "", "ongoing", None, False, None, None, None, None),
    ("2.8.2", 4, "2.8", "C", "tv", (), (), (), "hàng tháng", "recurring", None, False, None, None, "monthly", 20),
)
STATUS = pd.DataFrame([
    {"task_id": "2.1.4", "status": "done", "done_date": date(2013, 8, 6), "reason": None, "reason_at": None,
     "note": None, "recorded_at": datetime(2013, 8, 20), "recorded_by": "x"},
    {"task_id": "2.1.5", "status": "in_progress", "done_date": None, "reason": "chờ ý kiến",
     "reason_at": datetime(2013, 9, 20), "note": None, "recorded_at": datetime(2013, 9, 20), "recorded_by": "x"},
])


@pytest.mark.parametrize(("status", "done", "reason", "on", "problems"), [
    ("in_progress", None, None, date(2013, 6, 15), []),                  # the due day itself
    ("in_progress", None, None, date(2013, 6, 16), ["reason_required"]),
    ("not_done", None, "  ", date(2013, 6, 16), ["reason_required"]),
    ("not_done", None, "Chờ ý kiến các sở", date(2013, 6, 16), []),
    ("done", date(2013, 8, 6), None, date(2013, 8, 20), []),
    ("done", None, None, date(2013, 8, 20), ["done_needs_date"]),
    ("in_progress", date(2013, 6, 1), None, date(2013, 6, 2), ["date_only_when_done"]),
    ("done", date(2013, 8, 21), None, date(2013, 8, 20), ["done_date_in_future"]),
    ("late", None, None, date(2013, 6, 1), ["unknown_status"]),
])
def test_status_problems(status, done, reason, on, problems):
    assert tb.status_problems(status, done_date=done, reason=reason, due=date(2013, 6, 15), on=on) == problems


def test_board_overdue_by_day_and_event():
    board = tb.board(TASKS, statuses=STATUS, events={"ev": date(2013, 8, 7)}, as_of=date(2013, 9, 30)).set_index("id")
    assert board.loc["2.1.4", "status"] == "done" and bool(board.loc["2.1.4", "done_late"])
    assert board.loc["2.1.5", "due_date"] == date(2013, 9, 6) and board.loc["2.1.5", "days_overdue"] == 24
    assert board.loc["2.2.4", "status"] == "not_started" and board.loc["2.2.4", "due_date"] is None
    assert board.loc["2.8.2", "due_date"] is None and not board.loc["2.8.2", "overdue"]
    no_event = tb.board(TASKS, statuses=STATUS, events={}, as_of=date(2013, 9, 30)).set_index("id")
    assert no_event.loc["2.1.5", "due_date"] is None and not no_event.loc["2.1.5", "overdue"]


def test_filters_follow_roles_and_groups():
    board = tb.board(TASKS, statuses=STATUS, events={"ev": date(2013, 8, 7)}, as_of=date(2013, 9, 30))
    members = {"mttq": ("hoi_nong_dan", "ubmttq_tinh")}
    assert list(tb.filter_board(board, members=members, agency="so_khdt")["id"]) == ["2.1.4", "2.1.5"]
    assert list(tb.filter_board(board, members=members, agency="hoi_nong_dan")["id"]) == ["2.2.4"]
    assert list(tb.filter_board(board, members=members, status="overdue")["id"]) == ["2.1.5"]
    assert list(tb.filter_board(board, members=members, section="2.1", status="done")["id"]) == ["2.1.4"]
    summary = tb.by_section(board).set_index("section")
    assert summary.loc["2.1", ["tasks", "done", "in_progress", "overdue", "done_late"]].tolist() == [2, 1, 1, 1, 1]


def test_report_cells_at_the_20th_21st_boundary():
    july = DuePeriod("month", date(2013, 7, 1), date(2013, 7, 31), date(2013, 7, 20))
    receipts = pd.DataFrame({"agency_key": ["a", "b"], "period_end": [july.end, july.end],
                             "received_on": [date(2013, 7, 20), date(2013, 7, 21)]})
    cells = tb.timeliness_cells(receipts, agencies=["a", "b", "c"], periods=[july], as_of=date(2013, 7, 25)).set_index("agency_key")
    assert cells["state"].to_dict() == {"a": "on_time", "b": "late", "c": "missing"}
    assert cells["days_late"].to_dict() == {"a": 0, "b": 1, "c": 5}
    on_the_20th = tb.timeliness_cells(receipts, agencies=["a", "b", "c"], periods=[july], as_of=date(2013, 7, 20)).set_index("agency_key")
    assert on_the_20th["state"].to_dict() == {"a": "on_time", "b": "not_due", "c": "not_due"}


def test_default_as_of_is_today_unless_the_data_stopped_long_ago():
    today = date(2026, 11, 28)
    assert tb.default_as_of(today, None) == today
    assert tb.default_as_of(today, date(2026, 11, 20)) == today
    assert tb.default_as_of(today, date(2014, 1, 10)) == date(2014, 1, 10)
