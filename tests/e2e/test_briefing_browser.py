"""The briefing on a projector: 1920×1080, presentation mode, stepping through every slide with the
arrow keys; the slide number is in the URL; the main figure is on screen without scrolling."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_no_exception, open_page, press_key, shot

pytestmark = pytest.mark.e2e

FIGURES = "[data-testid=stPlotlyChart], [data-testid=stDeckGlJsonChart], [data-testid=stTable], [data-testid=stMetric]"


@pytest.mark.parametrize("lang,titles", [
    ("vi", ["Số liệu chính", "Bản đồ số tiêu chí đạt", "Mục tiêu và dự báo", "Xếp hạng xã điểm",
            "Xã tăng, giảm tiêu chí từ cuộc họp trước", "Nhiệm vụ quá hạn theo cơ quan"]),
    ("en", ["Headline figures", "Map of criteria met", "Targets and forecasts", "Pilot commune ranking",
            "Communes gaining or losing criteria since the previous meeting", "Overdue tasks by agency"]),
])
def test_stepping_through_the_slides_of_a_frozen_meeting(server, browser, lang, titles):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    open_page(page, server, f"/briefing?meeting=2&present=1&lang={lang}")
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    assert "asof=2013-10-08T17" in page.url
    for n, title in enumerate(titles, start=1):
        assert f"slide={n}" in page.url
        expect(page.get_by_role("heading", name=title)).to_be_visible()
        figure = page.locator(FIGURES).first
        figure.wait_for()
        box = figure.bounding_box()
        assert box["y"] < 1080 and box["y"] + min(box["height"], 500) <= 1080, (title, box)
        assert page.evaluate("window.scrollY") == 0
        shot(page, f"slide-{lang}-{n}")
        assert_no_exception(page)
        while n < len(titles) and f"slide={n}" in page.url:  # through the parts of a paged slide
            press_key(page, "ArrowRight")
    press_key(page, "ArrowLeft")
    assert f"slide={len(titles) - 1}" in page.url
    page.close()


@pytest.mark.parametrize("path", ["/", "/map", "/commune?commune=30346", "/progress", "/tasks", "/entry", "/admin"])
def test_presentation_mode_on_every_page(server, browser, path):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    sep = "&" if "?" in path else "?"
    open_page(page, server, f"{path}{sep}present=1&period=2013-12")
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    assert page.get_by_test_id("stToolbar").count() == 0 or page.get_by_test_id("stToolbar").is_hidden()
    assert "present=1" in page.url
    page.close()
