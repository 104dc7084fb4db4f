"""The app on the national database with a province filter, against an empty Streamlit page.

Starts `streamlit run app.py` with NTM_DATABASE_URL=<the national database> and NTM_PROVINCE, and a
one-line Streamlit app (the floor) writing the same end marker as the pages; then in headless
Chromium (Debian's chromium through Playwright) opens each page and the floor alternately, each
in a new tab of one browser context (warm: one load of each first, not counted). A load's time is
the page's own clock from navigation start until Streamlit's run has finished: the page's end
marker `ntm-ready` is there, the app's script state is "notRunning" and the status widget is gone
(the idle condition of tests/e2e/conftest.py wait_idle, repeated here: the bench imports no test
file). Last, the server process's peak memory (VmHWM in /proc/<pid>/status).

As a control, a third server runs the same app on the province's sample history in SQLite (the
app's usual setup), loaded in the same rounds: its ratio to the floor, and the national page's time
over it, say what the national database adds to a province view, apart from the page's own cost.
`script_ms` is the server's part alone: each page's script run warm in Streamlit's AppTest (no
browser, no websocket), on each database, after the servers have stopped.
"""
from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script too
    sys.path.insert(0, str(ROOT))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
READY = "[data-testid=ntm-ready]"
NOT_RUNNING = "[data-testid=stApp][data-test-script-state=notRunning]"
STATUS = "[data-testid=stStatusWidget]"
IDLE_MARK = """
new MutationObserver(() => {
  const q = (s) => document.querySelector(s);
  if (window.__ntmIdle === undefined && q('%s') && q('%s') && !q('%s')) {
    window.__ntmIdle = performance.now();
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
""" % (READY, NOT_RUNNING, STATUS)
FLOOR_APP = "import streamlit as st; st.html('<span data-testid=\"ntm-ready\" data-run=\"1\"></span>')\n"
PAGES = ("/", "/map", "/progress")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(script: Path, env: dict | None = None, timeout_s: float = 120):
    """`streamlit run` (cwd: the script's folder) until healthy; yields (base URL, process)."""
    port = _free_port()
    log = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script.name, "--server.headless=true", f"--server.port={port}",
         "--server.address=127.0.0.1", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
        cwd=script.parent, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout_s
    try:
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"streamlit exited: {log.read()}")
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            if time.time() > deadline:
                raise RuntimeError(f"streamlit did not become healthy in {timeout_s} s")
            time.sleep(0.2)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def memory(pid: int) -> dict:
    """VmHWM (peak resident) and VmRSS of a process, in bytes."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            out[key] = int(value.split()[0]) * 1024
    return out


def _load(context, url: str, timeout_ms: float = 120000) -> dict:
    page = context.new_page()
    received = [0]
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: received.__setitem__(
        0, received[0] + len(p.encode() if isinstance(p, str) else p))))
    page.add_init_script(IDLE_MARK)
    try:
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        page.wait_for_selector(READY, state="attached", timeout=timeout_ms)
        page.wait_for_selector(NOT_RUNNING, timeout=timeout_ms)
        page.wait_for_selector(STATUS, state="detached", timeout=timeout_ms)
        page.wait_for_function("window.__ntmIdle !== undefined", timeout=timeout_ms)
        ms = float(page.evaluate("window.__ntmIdle"))
        page.wait_for_timeout(50)
        metric = page.get_by_test_id("stMetricValue")
        return {"ms": ms, "bytes": received[0], "exception": page.get_by_test_id("stException").count() > 0,
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

    if not os.path.exists(CHROMIUM):
        raise SystemExit(f"the bench needs Debian's chromium at {CHROMIUM}")
    query = f"?period={period}" if period else ""
    env = {"NTM_DATABASE_URL": url, "NTM_PROVINCE": province, "NTM_LOAD_SAMPLE": "0"}
    with tempfile.TemporaryDirectory() as tmp:
        floor_script = Path(tmp) / "app.py"
        floor_script.write_text(FLOOR_APP, encoding="utf-8")
        config = ROOT / ".streamlit" / "config.toml"
        if config.exists():
            (Path(tmp) / ".streamlit").mkdir()
            (Path(tmp) / ".streamlit" / "config.toml").write_text(config.read_text(encoding="utf-8"),
                                                                  encoding="utf-8")
        ref_env = {**env, "NTM_DATABASE_URL": _reference_database(Path(tmp))} if reference else None
        t0 = time.perf_counter()
        with server(ROOT / "app.py", env) as (base, proc), server(floor_script) as (floor, _), \
                ExitStack() as stack, sync_playwright() as p:
            ref_base = stack.enter_context(server(ROOT / "app.py", ref_env))[0] if reference else None
            started_s = time.perf_counter() - t0
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="vi-VN")
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
            mem = memory(proc.pid)
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
