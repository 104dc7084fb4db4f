"""The tasks page in AppTest: filters and the as-of day from the URL, both languages; figures
checked against the database."""
from datetime import date

from streamlit.testing.v1 import AppTest

from data_access.db import get_engine, session_scope
from data_access.tasks import queries as tq
from domain.tasks.board import filter_board
from tests.support import open_page


def board(url, day, **filters):
    with session_scope(get_engine(url)) as s:
        frame = tq.board(session=s, as_of=day)
        members = tq.group_members(session=s)
    return filter_board(frame, members=members, **filters)


def latest_day(url):
    with session_scope(get_engine(url)) as s:
        return tq.latest_data_day(session=s)


def run(params: dict) -> AppTest:
    return open_page("pages/tasks.py", params)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def overdue_ids(at) -> list[str]:
    return list(at.table[0].value.index)


def test_default_view_is_the_last_day_with_data_in_vietnamese(app_env):
    at = run({})
    assert not at.exception
    assert at.title[0].value == "Nhiệm vụ Chương trình công tác"
    day = latest_day(app_env)
    assert day == date(2014, 1, 10)  # the sample's year-end review; today is long after
    assert at.session_state["q_asof"] is None  # the present: no asof= in the URL
    assert at.sidebar.date_input(key="w_tasks_asof").value == day
    expected = board(app_env, day)
    m = metrics(at)
    assert m["Nhiệm vụ"] == "40"
    assert m["Quá hạn"] == str(int(expected["overdue"].sum())) == "3"
    assert m["Đã hoàn thành"] == str(int((expected["status"] == "done").sum()))
    assert overdue_ids(at) == list(expected[expected["overdue"]].sort_values(
        ["days_overdue", "position"], ascending=[False, True])["id"])
    assert any("ngày cuối cùng có số liệu" in c.value for c in at.caption)


def test_a_past_day_section_and_english_from_the_url(app_env):
    at = run({"asof": "2013-09-30", "section": "2.1", "lang": "en"})
    assert not at.exception
    assert at.title[0].value == "Work programme tasks"
    expected = board(app_env, date(2013, 9, 30), section="2.1")
    late = expected[expected["overdue"]]
    # 2.1.5 waits for its document (the sample records no date): not overdue
    assert set(overdue_ids(at)) == set(late["id"]) == {"2.1.1"}
    m = metrics(at)
    assert m["Tasks"] == "6" and m["Overdue"] == "1" and m["Overdue without a reason"] == "0"
    table = at.table[0].value
    assert list(table.columns) == ["Lead", "Due", "Days overdue", "Status", "Reason", "Reason given on"]
    assert table.loc["2.1.1", "Due"] == "31/07/2013"
    assert table.loc["2.1.1", "Reason"] == late.set_index("id").loc["2.1.1", "reason"]
    assert at.session_state["q_section"] == "2.1" and at.session_state["q_asof"] == "2013-09-30"


def test_agency_and_status_filters(app_env):
    at = run({"asof": "2013-09-30", "agency": "ubnd_tinh", "status": "overdue"})
    assert not at.exception
    expected = board(app_env, date(2013, 9, 30), agency="ubnd_tinh", status="overdue")
    assert list(expected["id"]) == ["2.7.2"]
    assert metrics(at)["Nhiệm vụ"] == "1"
    assert overdue_ids(at) == ["2.7.2"]
    # "dự kiến trong tháng 7/2013": the date and the lateness say it was tentative
    row = at.table[0].value.loc["2.7.2"]
    assert row["Hạn"] == "31/07/2013 (dự kiến)" and row["Tình trạng"].endswith("— đã qua hạn dự kiến")
    # The scorecard and the report matrix (their own section) narrow to the chosen agency.
    at.segmented_control(key="w_view").set_value("agencies").run()
    assert not at.exception and at.session_state["q_view"] == "agencies"
    scorecard = at.table[0].value
    assert list(scorecard.index) == ["UBND tỉnh"]


def test_invalid_parameters_give_notices_and_the_defaults(app_env):
    at = run({"asof": "2012-01-01", "agency": "nope", "status": "late", "section": "9.9"})
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    for value in ("2012-01-01", "nope", "late", "9.9"):  # 2012: a day before the programme's year
        assert f"“{value}”" in warnings
    assert at.session_state["q_asof"] is None
    assert at.sidebar.date_input(key="w_tasks_asof").value == latest_day(app_env)
    assert at.session_state["q_agency"] == "" and at.session_state["q_status"] == ""


def test_a_day_that_does_not_exist_falls_back_to_the_default(app_env):
    at = run({"asof": "2013-02-30"})
    assert not at.exception
    assert at.session_state["q_asof"] is None
    assert at.sidebar.date_input(key="w_tasks_asof").value == latest_day(app_env)


def test_choosing_another_day_changes_the_overdue_list(app_env):
    at = run({"asof": "2013-09-30"})
    assert set(overdue_ids(at)) == {"2.1.1", "2.7.2"}
    at.sidebar.date_input(key="w_tasks_asof").set_value(date(2013, 6, 30)).run()
    assert at.session_state["q_asof"] == "2013-06-30"
    assert overdue_ids(at) == list(board(app_env, date(2013, 6, 30), status="overdue")["id"]) == ["2.1.4"]


def test_the_day_stays_after_an_edit_made_today_and_is_in_the_link(tmp_path, monkeypatch):
    """An edit recorded today used to move the default day from the sample's last day to today."""

    from data_access.bootstrap import ensure_database
    from services.guard import command_line_actor
    from services.tasks import update_task_status

    url = f"sqlite:///{tmp_path / 'tasks.sqlite3'}"
    ensure_database(url, load_sample_data=True)
    monkeypatch.setenv("NTM_DATABASE_URL", url)
    at = run({})
    day = date(2014, 1, 10)
    assert at.sidebar.date_input(key="w_tasks_asof").value == day
    assert at.query_params["asof"] == day.isoformat()  # the link shows the same day
    before = metrics(at)
    with session_scope(get_engine(url)) as s:
        update_task_status(session=s, actor=command_line_actor(), task_id="2.1.6", status="done", done_date=date.today(),
                           reason=None, note=None, origin="cli")
    assert latest_day(url) == date.today()
    at.run()
    assert not at.exception
    assert at.sidebar.date_input(key="w_tasks_asof").value == day
    assert at.query_params["asof"] == day.isoformat()
    assert metrics(at) == before  # as recorded by the end of 10/01/2014: today's edit is not in it
    assert at.session_state["q_asof"] is None  # other pages are not turned into as-of views


def test_the_first_screen_is_the_figures_and_the_overdue_list_then_one_section_at_a_time(app_env):
    """No chart at first; each section is one choice away, named in the link; a link naming a
    report period opens the report section."""
    at = run({"asof": "2013-09-30"})
    assert not at.exception
    choice = at.segmented_control(key="w_view")
    assert choice.value == "overdue" and "view" not in at.query_params
    assert choice.options == ["Quá hạn", "Tiến độ theo hạn", "Theo mục, cơ quan", "Báo cáo của các cơ quan",
                              "Văn phòng Điều phối, kiểm tra cơ sở", "Danh mục nhiệm vụ", "Tạo báo cáo"]
    types = [e.type for e in at.main]
    assert "plotly_chart" not in types and types.count("table") == 1 and "expander" not in types
    choice.set_value("timeline").run()
    assert not at.exception and at.query_params["view"] == "timeline"
    assert [e.type for e in at.main].count("plotly_chart") == 1
    expected = board(app_env, date(2013, 9, 30))
    choice = at.segmented_control(key="w_view").set_value("list").run()
    assert not at.exception
    listed = [e.label for e in at.expander]
    assert sum(int(label.rsplit("(", 1)[1].rstrip(")")) for label in listed) == len(expected) == 40
    at.segmented_control(key="w_view").set_value("summary").run()
    by_section = at.table[0].value
    assert by_section.loc["Tổng cộng", "Quá hạn"] == str(int(expected["overdue"].sum()))
    at.segmented_control(key="w_view").set_value("overdue").run()
    assert "view" not in at.query_params and set(overdue_ids(at)) == set(expected[expected["overdue"]]["id"])


def test_a_link_with_a_report_period_opens_the_report_section(app_env):
    at = run({"report": "2013-Q3"})
    assert not at.exception
    assert at.session_state["q_view"] == "report" and at.query_params["view"] == "report"
    assert "Tạo báo cáo" in [h.value for h in at.header]
    at.segmented_control(key="w_view").set_value("overdue").run()
    assert "report" not in at.query_params and "Tạo báo cáo" not in [h.value for h in at.header]
