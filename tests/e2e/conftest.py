"""A real Streamlit server and Debian's Chromium, driven by Playwright."""
from __future__ import annotations

import os

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from devtools.streamlit_server import VIEWPORT, chromium_missing, launch, streamlit_server, wait_idle

# Assertions on what is on screen wait for it (a loaded machine draws the sidebar or a card a moment
# after the script has finished): Playwright's default of 5 s is too short under CI's load.
expect.set_options(timeout=20_000)


@pytest.fixture(scope="session")
def server(sqlite_ready_url):
    with streamlit_server(database_url=sqlite_ready_url) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if chromium_missing():
        pytest.fail(f"browser tests {chromium_missing()}")
    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True,
                                  locale="vi-VN")
    pg = context.new_page()
    yield pg
    context.close()


def open_page(page, base: str, path: str) -> None:
    page.goto(base + path)
    wait_idle(page)
    assert_no_exception(page)


def assert_no_exception(page) -> None:
    errors = page.get_by_test_id("stException")
    assert errors.count() == 0, errors.first.inner_text()


def metrics(page) -> dict[str, str]:
    # A page that normalises its link reruns once after its first run: the metrics can be a moment
    # away from the idle marker on a busy machine.
    page.get_by_test_id("stMetric").first.wait_for(timeout=30000)
    out = {}
    for m in page.get_by_test_id("stMetric").all():
        label = m.get_by_test_id("stMetricLabel").inner_text().strip()
        out[label] = m.get_by_test_id("stMetricValue").inner_text().strip()
    return out


def choose(page, label: str, option: str) -> None:
    """Pick an option of the selectbox with this label, then wait for the rerun."""
    page.get_by_role("combobox", name=label, exact=True).click()
    after_rerun(page, lambda: page.get_by_role("option", name=option, exact=True).click())


def after_rerun(page, action) -> None:
    """Do something that reruns the script, then wait until the new run has finished."""
    run = page.get_by_test_id("ntm-ready").get_attribute("data-run")
    action()
    page.wait_for_selector(f"[data-testid=ntm-ready]:not([data-run='{run}'])", state="attached")
    wait_idle(page)


# A new run has begun: the page's marker changed, or Streamlit says the script is running.
RUN_STARTED = """(run) => {
  const marker = document.querySelector('[data-testid=ntm-ready]');
  const app = document.querySelector('[data-testid=stApp]');
  return (marker && marker.getAttribute('data-run') !== run)
      || (app && app.getAttribute('data-test-script-state') === 'running');
}"""


def press_key(page, key: str, attempts: int = 3) -> None:
    """Press a button's keyboard shortcut (the briefing's arrow keys), then wait for the new run.

    A key pressed while the page is still attaching its shortcuts is lost (a CI run under load
    waited 30 s for a run after ArrowRight): it is pressed again only when no run has begun within
    10 s, so a slow run is never mistaken for a lost key and no slide is skipped."""
    run = page.get_by_test_id("ntm-ready").get_attribute("data-run")
    for attempt in range(attempts):
        page.keyboard.press(key)
        try:
            page.wait_for_function(RUN_STARTED, arg=run, timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
    page.wait_for_selector(f"[data-testid=ntm-ready]:not([data-run='{run}'])", state="attached")
    wait_idle(page)


def shot(page, name: str) -> None:
    """Save a screenshot for a person to look at, when NTM_TEST_SHOTS names a folder."""
    folder = os.environ.get("NTM_TEST_SHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=os.path.join(folder, f"{name}.png"))
