"""A real Streamlit server and Debian's Chromium, driven by Playwright."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

import pytest

from tests.conftest import ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(database_url: str, extra_env: dict | None = None):
    port = _free_port()
    env = {**os.environ, "NTM_DATABASE_URL": database_url, **(extra_env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true", f"--server.port={port}",
         "--server.address=127.0.0.1", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {proc.stdout.read()}")
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            pass
        if time.time() > deadline:
            proc.kill()
            raise RuntimeError("streamlit did not become healthy in 60 s")
        time.sleep(0.3)
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def server(sqlite_ready_url):
    with streamlit_server(sqlite_ready_url) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True,
                                  locale="vi-VN")
    pg = context.new_page()
    yield pg
    context.close()


def wait_idle(page, timeout_ms: int = 60000) -> None:
    """Streamlit has finished running the script (its own markers say so).

    Right after a page load the app reports "notRunning" before the first run has even started,
    so first wait for the marker every page writes when its run ends (PageContext.finish)."""
    page.wait_for_selector("[data-testid=ntm-ready]", state="attached", timeout=timeout_ms)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout_ms)
    page.wait_for_selector("[data-testid=stStatusWidget]", state="detached", timeout=timeout_ms)


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


def shot(page, name: str) -> None:
    """Save a screenshot for a person to look at, when NTM_TEST_SHOTS names a folder."""
    folder = os.environ.get("NTM_TEST_SHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=os.path.join(folder, f"{name}.png"))
