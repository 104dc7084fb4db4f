"""The overview in headless Chromium: numbers against the database, URL round trips, languages."""
import csv
import io

import pytest
from playwright.sync_api import expect

from data_access import queries
from data_access.db import get_engine, session_scope
from devtools.streamlit_server import streamlit_server
from tests.e2e.conftest import after_rerun, assert_no_exception, choose, metrics, open_page

pytestmark = pytest.mark.e2e


def month_figures(url, period, district=None):
    with session_scope(get_engine(url)) as s:
        status = queries.status(session=s, periods=[period])
        communes = queries.communes(session=s).set_index("code")
    per = status.groupby("commune_code")["met"].agg(["sum", "count"])
    per["district"] = per.index.map(communes["district_code"])
    if district:
        per = per[per["district"] == district]
    return per


def test_first_request_to_a_fresh_server_shows_the_whole_shell(sqlite_ready_url, browser):
    # No warm-up: this is the request that can run a page script without app.py (ui/shell.py).
    with streamlit_server(database_url=sqlite_ready_url) as base:
        page = browser.new_page()
        open_page(page, base, "/overview?period=2013-12")
        expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()
        nav = page.get_by_test_id("stSidebar")
        expect(nav.get_by_role("link", name="Tổng quan")).to_be_visible()
        assert page.get_by_test_id("stSidebarNav").count() == 0  # Streamlit's own file list stays hidden
        assert metrics(page)["Xã đạt chuẩn NTM"].endswith("/119")
        page.close()


def test_overview_in_vietnamese_matches_the_database(server, page, sqlite_ready_url):
    open_page(page, server, "/")
    per = month_figures(sqlite_ready_url, "2015-12")
    m = metrics(page)
    assert m["Xã đạt chuẩn NTM"] == f"{int((per['sum'] == per['count']).sum())}/{len(per)}" == "13/119"
    assert m["Bình quân tiêu chí/xã"] == f"{per['sum'].mean():.2f}".replace(".", ",")
    assert "Dữ liệu mẫu" in page.get_by_test_id("stMain").inner_text()
    assert "period=2015-12" in page.url
    rows = page.locator(".st-key-districts").get_by_test_id("stTable").locator("tbody tr")
    rows.nth(11).wait_for()  # the table can render a moment after the run has ended
    assert rows.count() == 12  # 11 districts and the total


def test_filtered_english_view_and_its_csv(server, page, sqlite_ready_url):
    open_page(page, server, "/?district=883&period=2013-12&lang=en")
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    per = month_figures(sqlite_ready_url, "2013-12", "883")
    m = metrics(page)
    assert m["Communes at the NTM standard"] == f"{int((per['sum'] == per['count']).sum())}/2"
    assert m["Average criteria per commune"] == f"{per['sum'].mean():.2f}"
    for part in ("district=883", "period=2013-12", "lang=en"):
        assert part in page.url
    with page.expect_download() as dl:
        page.get_by_test_id("stDownloadButton").get_by_role("button").click()
    rows = list(csv.DictReader(io.StringIO(dl.value.path().read_text(encoding="utf-8-sig"))))
    assert [r["District"] for r in rows] == ["Long Xuyên", "Total"]
    assert rows[0]["Communes"] == "2"
    # Numbers as numbers: an average to two decimals with a point, counts as integers.
    assert float(rows[0]["Average criteria per commune"]) == round(per['sum'].mean(), 2)
    assert all(r["Communes"].isdigit() for r in rows)


def test_changing_a_filter_changes_the_url_and_a_copied_link_reopens_the_view(server, page, browser):
    open_page(page, server, "/?period=2013-12")
    choose(page, "Nhóm xã", "17 xã điểm của tỉnh (đăng ký với TW)")
    assert "group=pilot17" in page.url and "period=2013-12" in page.url
    value = metrics(page)["Xã đạt chuẩn NTM"]
    assert value.endswith("/17")
    # The sidebar's copy button puts the view's link on the clipboard (127.0.0.1 is a secure context).
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    share = page.get_by_test_id("ntm-share")
    share.get_by_role("button", name="Sao chép").click()
    share.get_by_text("Đã chép").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == share.get_by_role("textbox").input_value() == page.url
    other = browser.new_page()
    open_page(other, server, copied.replace(server, ""))
    assert metrics(other)["Xã đạt chuẩn NTM"] == value
    other.close()


def test_switching_language_keeps_the_filters(server, page):
    open_page(page, server, "/?district=886&period=2013-06")
    after_rerun(page, lambda: page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click())
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    assert "district=886" in page.url and "period=2013-06" in page.url and "lang=en" in page.url


def test_invalid_parameters_give_a_notice_not_an_exception(server, page):
    open_page(page, server, "/?period=2099-13&district=abc")
    text = page.get_by_test_id("stMain").inner_text()
    assert "“2099-13”" in text and "“abc”" in text
    assert "period=2015-12" in page.url
