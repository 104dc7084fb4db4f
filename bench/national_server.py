"""The app on the national database with a province filter, against an empty Streamlit page.

Starts `streamlit run app.py` with NTM_DATABASE_URL=<the national database> and NTM_PROVINCE, and a
one-line Streamlit app (the floor) writing the same end marker as the pages; then in headless
Chromium (Debian's chromium through Playwright) opens each page and the floor alternately, each
in a new tab of one browser context (warm: one load of each first, not counted). A load's time is
the page's own clock from navigation start until Streamlit's run has finished: the page's end
marker `ntm-ready` is there, the app's script state is "notRunning" and the status widget is gone
(devtools.streamlit_server.wait_idle, the browser tests' condition). Last, the server process's
peak memory (VmHWM in /proc/<pid>/status).

As a control, a third server runs the same app on the province's sample history in SQLite (the
app's usual setup), loaded in the same rounds: its ratio to the floor, and the national page's time
over it, say what the national database adds to a province view, apart from the page's own cost.
`script_ms` is the server's part alone: each page's script run warm in Streamlit's AppTest (no
browser, no websocket), on each database, after the servers have stopped.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from bench.browser import idle_ms, new_tab
from config import ROOT
from devtools.streamlit_server import VIEWPORT, launch, streamlit_server, write_floor_app

PAGES = ("/", "/map", "/progress")


def _load(context, url: str, timeout_ms: float = 120000) -> dict:
    page, ws = new_tab(context)
    try:
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        ms = idle_ms(page, timeout_ms)
        page.wait_for_timeout(50)
        metric = page.get_by_test_id("stMetricValue")
        return {"ms": ms, "bytes": ws.received, "exception": page.get_by_test_id("stException").count() > 0,
                "first_metric": metric.first.inner_text() if metric.count() else None}
    finally:
        page.close()


def _reference_database(folder: Path) -> str:
    """An SQLite database with the province's sample history (the app's usual setup), the control."""
    from data_access.bootstrap import ensure_database

    url = f"sqlite:///{folder / 'reference.sqlite3'}"
    ensure_database(url, load_sample_data=True).dispose()
    return url


SCRIPTS = {"/": "pages/overview.py", "/map": "pages/map.py", "/progress": "pages/progress.py"}


def script_times(urls: dict[str, str], province: str, period: str | None, runs: int = 3,
                 pages: tuple[str, ...] = PAGES) -> dict:
    """The server's part alone: each page's script run, warm (Streamlit's AppTest in this process,
    caches filled by a first run), on each database in turn, median ms. No browser, no websocket."""
    from streamlit.testing.v1 import AppTest

    saved = {k: os.environ.get(k) for k in ("NTM_DATABASE_URL", "NTM_PROVINCE")}
    out: dict = {name: {} for name in urls}
    times: dict = {(name, path): [] for name in urls for path in pages}
    try:
        os.environ["NTM_PROVINCE"] = province
        for i in range(runs + 1):
            for path in pages:
                for name, url in urls.items():
                    os.environ["NTM_DATABASE_URL"] = url
                    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
                    if period:
                        at.query_params["period"] = period
                    at.run()
                    at.switch_page(SCRIPTS[path])
                    t0 = time.perf_counter()
                    at.run()
                    if i:  # the first round fills the caches
                        times[(name, path)].append((time.perf_counter() - t0) * 1000)
                    if at.exception:
                        out[name][f"{path}_exception"] = str(at.exception[0].value)[:200]
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    for (name, path), values in times.items():
        out[name][path] = round(statistics.median(values), 1)
    return out


def bench_app(url: str, province: str, runs: int = 3, period: str | None = None,
              pages: tuple[str, ...] = PAGES, reference: bool = True) -> dict:
    """Each page's warm time against the floor's (alternating), and the server's peak memory.
    With `reference`, the same pages of a third server on the province's sample in SQLite, in
    the same rounds (what the national database adds to a province view)."""
    from playwright.sync_api import sync_playwright

    query = f"?period={period}" if period else ""
    env = {"NTM_DATABASE_URL": url, "NTM_PROVINCE": province, "NTM_LOAD_SAMPLE": "0"}
    with tempfile.TemporaryDirectory() as tmp:
        floor_script = write_floor_app(Path(tmp) / "floor")
        ref_env = {**env, "NTM_DATABASE_URL": _reference_database(Path(tmp))} if reference else None
        t0 = time.perf_counter()
        with streamlit_server(env=env) as base, streamlit_server(floor_script) as floor, \
                ExitStack() as stack, sync_playwright() as p:
            ref_base = stack.enter_context(streamlit_server(env=ref_env)) if reference else None
            started_s = time.perf_counter() - t0
            browser = launch(p)
            context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
            first = {}
            for path in pages:  # the first load of each page fills the caches (not counted)
                first[path] = _load(context, base + path + query)
                if ref_base:
                    _load(context, ref_base + path + query)
            _load(context, floor + "/")
            times: dict[str, list] = {path: [] for path in pages}
            ref_times: dict[str, list] = {path: [] for path in pages}
            floor_times, last = [], {}
            for _ in range(runs):
                for path in pages:
                    floor_times.append(_load(context, floor + "/")["ms"])
                    last[path] = _load(context, base + path + query)
                    times[path].append(last[path]["ms"])
                    if ref_base:
                        ref_times[path].append(_load(context, ref_base + path + query)["ms"])
            mem = base.memory()
            browser.close()
        urls = {"national": url, **({"sample_sqlite": ref_env["NTM_DATABASE_URL"]} if reference else {})}
        scripts = script_times(urls, province, period, runs, pages)  # after the servers have stopped
    floor_ms = statistics.median(floor_times)
    out = {"province": province, "period": period, "runs": runs, "servers_started_s": round(started_s, 1),
           "floor_ms": round(floor_ms, 1), "pages": {}}
    for path in pages:
        med = statistics.median(times[path])
        out["pages"][path] = {"ms": round(med, 1), "ratio": round(med / floor_ms, 2),
                              "first_load_ms": round(first[path]["ms"], 1), "kB": round(last[path]["bytes"] / 1000, 1),
                              "exception": last[path]["exception"], "first_metric": last[path]["first_metric"]}
        if ref_times[path]:
            ref = statistics.median(ref_times[path])
            out["pages"][path].update({"sample_sqlite_ms": round(ref, 1),
                                       "sample_sqlite_ratio": round(ref / floor_ms, 2),
                                       "national_over_sample": round(med / ref, 2)})
    out["script_ms"] = scripts
    out["server_peak_bytes"] = mem.get("VmHWM")
    out["server_rss_bytes"] = mem.get("VmRSS")
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(bench_app(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "89",
                               period=sys.argv[3] if len(sys.argv) > 3 else None), ensure_ascii=False))
