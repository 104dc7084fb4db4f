"""The meeting room's projector: every slide of the deck (Vietnamese and English) and the map in
presentation mode fit 1024×768 and 1280×720 without scrolling, the map's canvas lies wholly in
the window, and at 1280×720 no text on a slide (chart text included) is under 16 px."""
import pytest

from tests.e2e.conftest import assert_no_exception, open_page, press_key, shot

pytestmark = pytest.mark.e2e

SIZES = [(1024, 768), (1280, 720)]
# Streamlit scrolls its main area (stMain), not the document: both must fit.
FIT = """() => { const m = document.querySelector('[data-testid=stMain]');
  const inner = [...m.querySelectorAll('*')].filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowY)
    && e.scrollHeight > e.clientHeight + 1).map(e => (e.dataset.testid || e.tagName) + ' ' + e.scrollHeight);
  return {doc: document.documentElement.scrollHeight, win: innerHeight, main: m.scrollHeight, box: m.clientHeight,
          inner}; }"""
# Every visible piece of text in the main area (HTML and the charts' SVG) smaller than 16 px or
# faded (opacity under 0.9, outside the disabled slide buttons).
SMALL_TEXT = """() => { const out = [];
  const main = document.querySelector('[data-testid=stMain]');
  for (const e of main.querySelectorAll('*')) {
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !e.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(e).fontSize);
    let faded = 1;  // grey by transparency (Streamlit's captions) counts as small contrast
    for (let x = e; x; x = x.parentElement) faded *= parseFloat(getComputedStyle(x).opacity);
    if (size < 15.95 || (faded < 0.9 && !e.closest('button'))) out.push(size.toFixed(1) + 'px ×' + faded.toFixed(2)
      + ' ' + e.textContent.trim().slice(0, 40));
  }
  return out; }"""


def assert_fits(page, where: str) -> None:
    m = page.evaluate(FIT)
    assert m["doc"] <= m["win"] and m["main"] <= m["box"] + 1 and not m["inner"], (where, m)


def assert_map_inside(page, width: int, height: int, where: str) -> None:
    canvas = page.get_by_test_id("stDeckGlJsonChart").locator("canvas").first
    canvas.wait_for()
    # deck.gl sizes its canvas a moment after it appears (300×150 until then).
    page.wait_for_function("() => document.querySelector('[data-testid=stDeckGlJsonChart] canvas')"
                           ".getBoundingClientRect().height > 300", timeout=20000)
    box = canvas.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0, (where, box)
    assert box["x"] + box["width"] <= width and box["y"] + box["height"] <= height, (where, box)


@pytest.mark.parametrize("width,height", SIZES, ids=lambda v: str(v))
@pytest.mark.parametrize("query", ["period=2013-09", "meeting=2&lang=en"])
def test_every_slide_fits_the_window(server, browser, width, height, query):
    page = browser.new_page(viewport={"width": width, "height": height})
    open_page(page, server, f"/briefing?present=1&{query}")
    seen = []
    while True:
        where = f"{width}×{height} {page.url.split('?')[1]}"
        if "slide=2&" in page.url + "&":
            assert_map_inside(page, width, height, where)
        else:
            page.locator("[data-testid=stTable], [data-testid=stPlotlyChart], [data-testid=stAlert]").first.wait_for()
        assert_fits(page, where)
        if width == 1280:
            assert page.evaluate(SMALL_TEXT) == [], where
        assert_no_exception(page)
        shot(page, f"fit-{width}x{height}-{len(seen) + 1}-{query.replace('&', '-').replace('=', '')}")
        seen.append(page.url)
        following = page.get_by_role("button", name="Sau" if "lang=en" not in query else "Next")
        if following.is_disabled():
            break
        press_key(page, "ArrowRight")
    assert "slide=6" in seen[-1] and len(seen) >= 6  # every slide, and every part of a paged one
    page.close()


@pytest.mark.parametrize("width,height", SIZES, ids=lambda v: str(v))
def test_the_map_fits_the_window(server, browser, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    open_page(page, server, "/map?present=1&period=2013-09")
    assert_map_inside(page, width, height, f"map {width}×{height}")
    assert_fits(page, f"map {width}×{height}")
    if width == 1280:
        assert page.evaluate(SMALL_TEXT) == []
    shot(page, f"fit-map-{width}x{height}")
    page.close()
