"""Start-up and page-load times, printed as JSON.

- first_start_s: from `streamlit run app.py` on an empty database to the overview ready in headless
  Chromium (migrations, reference data and the sample history included);
- later_page_load_s: the overview loaded again in a new browser tab (warm process);
- restart_s: a second server start on the existing database until the overview is ready.

Usage: python bench/bench_startup.py
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_idle  # noqa: E402


def load(context, base: str, path: str = "/") -> float:
    page = context.new_page()
    t0 = time.perf_counter()
    page.goto(base + path)
    wait_idle(page, timeout_ms=120000)
    elapsed = time.perf_counter() - t0
    page.close()
    return elapsed


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()  # one browser profile: its cache is warm after the first page
        t0 = time.perf_counter()
        with streamlit_server(url) as base:
            first_page = load(context, base)
            first_start = time.perf_counter() - t0
            later = sorted(load(context, base) for _ in range(5))
        t1 = time.perf_counter()
        with streamlit_server(url) as base:
            load(context, base)
            restart = time.perf_counter() - t1
        browser.close()
    print(json.dumps({
        "first_start_s": round(first_start, 2),
        "first_page_after_health_s": round(first_page, 2),
        "later_page_load_s_median": round(later[len(later) // 2], 2),
        "later_page_load_s_max": round(later[-1], 2),
        "restart_s": round(restart, 2),
    }, indent=2))


if __name__ == "__main__":
    main()
