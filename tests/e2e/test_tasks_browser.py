"""The tasks page in headless Chromium: the overdue list on a past day, read from the page's HTML
table, against the database."""
from datetime import date

import pytest
from playwright.sync_api import expect

from data_access.db import get_engine, session_scope
from data_access.tasks import queries as tq
from tests.e2e.conftest import after_rerun, open_page

pytestmark = pytest.mark.e2e


def test_overdue_on_30_09_2013_matches_the_database(server, page, sqlite_ready_url):
    open_page(page, server, "/tasks?asof=2013-09-30")
    with session_scope(get_engine(sqlite_ready_url)) as s:
        board = tq.board(session=s, as_of=date(2013, 9, 30))
    late = board[board["overdue"]].sort_values(["days_overdue", "position"], ascending=[False, True])
    expect(page.get_by_role("heading", name="Nhiệm vụ quá hạn và nguyên nhân")).to_be_visible()
    table = page.get_by_test_id("stTable").first
    table.locator("tbody tr").first.wait_for()  # the table can render a moment after the run ends
    header = [c.inner_text().strip() for c in table.locator("thead th").all()]
    assert header == ["Nhiệm vụ", "Chủ trì", "Hạn", "Số ngày quá hạn", "Tình trạng", "Nguyên nhân", "Ngày nêu nguyên nhân"]
    rows = [[c.inner_text().strip() for c in r.locator("th, td").all()] for r in table.locator("tbody tr").all()]
    # 2.1.5 waits for its document (no date recorded in the sample): not overdue
    assert [r[0] for r in rows] == list(late["id"]) == ["2.1.1", "2.7.2"]
    for row, task in zip(rows, late.itertuples()):
        tentative = " (dự kiến)" if task.due_tentative else ""  # 2.7.2: "dự kiến trong tháng 7/2013"
        assert row[2] == task.due_date.strftime("%d/%m/%Y") + tentative
        assert row[3] == str(task.days_overdue)
        assert row[5] == task.reason
    assert "asof=2013-09-30" in page.url
    assert "Số liệu như đã ghi nhận đến hết ngày 30/09/2013" in page.get_by_test_id("stMain").inner_text()


def test_the_default_day_is_in_the_link_and_stays_on_the_tasks_page(server, page):
    """A shared /tasks link shows the same day; the default day does not turn the next page into
    an as-of view."""
    open_page(page, server, "/tasks")
    assert "asof=2014-01-10" in page.url  # the sample's last day with data
    assert "Số liệu như đã ghi nhận đến hết ngày 10/01/2014" in page.get_by_test_id("stMain").inner_text()
    nav = page.get_by_test_id("stSidebar")
    after_rerun(page, lambda: nav.get_by_role("link", name="Tổng quan").click())
    assert "asof=" not in page.url
    after_rerun(page, lambda: nav.get_by_role("link", name="Nhiệm vụ").click())
    assert "asof=2014-01-10" in page.url
