"""The progress page in headless Chromium: target cards against the database counted directly in
pandas (not through the domain code), and the pilot ranking's Excel file against the page's table."""
from io import BytesIO

import openpyxl
import pytest
from playwright.sync_api import expect

from data_access import queries
from data_access.db import get_engine, session_scope
from devtools.streamlit_server import wait_idle
from tests.e2e.conftest import after_rerun, choose, open_page

pytestmark = pytest.mark.e2e


def month_counts(url: str, period: str):
    """Criteria met per commune, whether security is met, and the pilot groups, straight from the rows."""
    with session_scope(get_engine(url)) as s:
        status = queries.status(session=s, periods=[period])
        groups = queries.groups(session=s)
    per = status.groupby("commune_code").agg(met=("met", "sum"), rows=("met", "size"))
    secure = status[(status["criterion_key"] == "security") & status["met"]]["commune_code"]
    per["secure"] = per.index.isin(set(secure))
    return per, groups


def card(page, key: str) -> list[str]:
    """The three figures of a card (value, target, gap)."""
    return [v.inner_text().strip() for v in page.locator(f".st-key-{key} [data-testid=stMetricValue]").all()]


def vi_percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.2f}".replace(".", ",") + "%"


def test_target_cards_for_a_chosen_month_match_the_database(server, page, sqlite_ready_url):
    open_page(page, server, "/progress?period=2013-06")
    choose(page, "Kỳ (tháng)", "12/2013")
    assert "period=2013-12" in page.url
    per, groups = month_counts(sqlite_ready_url, "2013-12")
    n = len(per)
    at17, at15 = int((per["met"] >= 17).sum()), int((per["met"] >= 15).sum())
    band = int(per["met"].between(15, 16).sum())
    below5 = int((per["met"] < 5).sum())
    standard = int((per["met"] == per["rows"]).sum())
    pilots = per[per.index.isin(groups["pilot17"])]
    assert n == 119 and len(pilots) == 17

    assert card(page, "card-t2013_min17") == [str(at17), "≥ 4", str(max(0, 4 - at17))]
    assert card(page, "reading-t2013_min15-at_least") == [str(at15), "≥ 13", str(max(0, 13 - at15))]
    assert card(page, "reading-t2013_min15-band") == [str(band), "≥ 13", str(max(0, 13 - band))]
    assert card(page, "card-t2013_none_below5") == [str(below5), "≤ 0", str(below5)]
    below_text = page.locator(".st-key-card-t2013_none_below5").inner_text()
    assert f"Hiện nay (12/2013): {below5} xã dưới 5 tiêu chí" in below_text  # the month's figure, then the verdict
    assert ("Đến 31/12/2013: chưa đạt" if below5 else "Đến 31/12/2013: đạt") in below_text
    assert card(page, "card-t2013_security_all")[:2] == [vi_percent(int(per["secure"].sum()), n), "> 70%"]
    secure_pilots = int(pilots["secure"].sum())
    assert card(page, "card-t2013_security_pilots")[:2] == [vi_percent(secure_pilots, 17), "> 90%"]
    assert card(page, "card-t2015_standard") == [f"{standard}/120", "≥ 17/120", str(17 - standard)]
    text = page.locator(".st-key-card-t2015_standard").inner_text()
    assert f"{standard}/{n} xã có số liệu" in text and "14,16%" in text and "Dự báo đến 12/2015" in text


def ranking_rows(page) -> list[list[str]]:
    """Cells of the ranking table (a styled table shows no index column)."""
    page.wait_for_selector(".st-key-ranking [data-testid=stTable] tbody tr")
    table = page.locator(".st-key-ranking").get_by_test_id("stTable")
    rows = table.locator("tbody tr").all()
    return [[c.inner_text().strip() for c in row.locator("th, td").all()] for row in rows]


def test_ranking_excel_has_the_rows_of_the_page(server, page, sqlite_ready_url):
    open_page(page, server, "/progress?period=2013-12&group=pilot34&view=ranking")
    rows = ranking_rows(page)
    assert len(rows) == 34
    with page.expect_download() as dl:
        page.locator(".st-key-ranking-excel").get_by_role("button").click()
    assert dl.value.suggested_filename == "xep-hang-pilot34-2013-12.xlsx"
    ws = openpyxl.load_workbook(BytesIO(dl.value.path().read_bytes())).active
    assert ws["A3"].value.endswith("THÁNG 12/2013") and "34 XÃ ĐƯỢC CHỌN LÀM ĐIỂM" in ws["A3"].value
    assert "DỮ LIỆU MẪU" in ws["A5"].value
    header = [c.value for c in ws[6]]
    assert header[:2] == ["Hạng", "Mã xã"] and all(c.font.b for c in ws[6])
    sheet = [[c.value for c in r] for r in ws.iter_rows(min_row=7, max_row=6 + len(rows))]
    for shown, cells in zip(rows, sheet):
        rank, code, name, district, met, change, missing = shown
        x_rank, x_code, x_name, x_district, x_met, x_total, x_change, x_missing = cells
        assert (str(x_rank), x_code, x_name, x_district) == (rank, code, name, district)
        assert f"{x_met}/{x_total}" == met
        assert change == ("" if x_change is None else "= 0" if x_change == 0
                          else f"{'▲' if x_change > 0 else '▼'} {x_change:+d}")
        assert x_missing == missing
    assert ws.cell(7 + len(rows), 1).value is None  # nothing more than the page shows
    # the page's figures are the database's: criteria met per pilot commune, counted directly
    per, _ = month_counts(sqlite_ready_url, "2013-12")
    assert {r[1]: int(r[4].split("/")[0]) for r in rows} == {r[1]: int(per.at[r[1], "met"]) for r in rows}


def test_one_section_at_a_time_chosen_on_the_page_and_kept_in_the_link(server, page):
    """The first screen is the target cards, without a chart; each other section is one click away,
    its name goes into the link, and the link reopens it."""
    open_page(page, server, "/progress?period=2013-12")
    expect(page.locator(".st-key-card-t2013_min17")).to_be_visible()
    assert page.get_by_test_id("stPlotlyChart").count() == 0
    assert "view=" not in page.url
    choice = page.get_by_test_id("stButtonGroup")
    after_rerun(page, lambda: choice.get_by_role("radio", name="Xếp hạng xã điểm").click())
    assert "view=ranking" in page.url
    assert len(ranking_rows(page)) == 17  # "all communes" ranks the 17 pilots
    assert page.locator(".st-key-card-t2013_min17").count() == 0
    page.goto(page.url)  # the link reopens the same section
    wait_idle(page)
    assert "view=ranking" in page.url and len(ranking_rows(page)) == 17
    after_rerun(page, lambda: choice.get_by_role("radio", name="Diễn biến và dự báo").click())
    assert "view=trends" in page.url
    page.locator(".st-key-trend-t2015_standard [data-testid=stPlotlyChart]").wait_for()
    after_rerun(page, lambda: choice.get_by_role("radio", name="Mục tiêu").click())
    assert "view=" not in page.url
    expect(page.locator(".st-key-card-t2013_min17")).to_be_visible()
