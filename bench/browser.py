"""Browser helpers for the benches: a Streamlit server on a chosen port, Debian's Chromium, the idle
condition the browser tests wait for, and in-page timing and websocket byte counts.

The idle condition is tests/e2e/conftest.py's wait_idle (the page's end marker `ntm-ready`, then
Streamlit's own "notRunning" state and no status widget); it is repeated here so that the benches
never import test files.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1600, "height": 1000}

# Streamlit's own markers that a run has ended; `ntm-ready` is what each page writes last
# (ui/shell.py PageContext.finish) and what the floor app writes as its only element.
READY = "[data-testid=ntm-ready]"
NOT_RUNNING = "[data-testid=stApp][data-test-script-state=notRunning]"
STATUS = "[data-testid=stStatusWidget]"

# Records, in the page's own clock (ms since navigation start), the first moment the idle
# condition holds (__ntmIdle), and the first moment after it when every chart has drawn itself
# (__ntmDrawn: Plotly's svg, deck.gl's and Vega's canvas or svg; their code loads after the run),
# checked on every DOM change.
CHARTS = {"stPlotlyChart": ".main-svg", "stDeckGlJsonChart": "canvas", "stVegaLiteChart": "canvas, svg"}
IDLE_MARK = """
new MutationObserver(() => {
  const q = (s) => document.querySelector(s);
  if (window.__ntmIdle === undefined && q('%s') && q('%s') && !q('%s')) {
    window.__ntmIdle = performance.now();
  }
  if (window.__ntmIdle !== undefined && window.__ntmDrawn === undefined) {
    const charts = %s;
    const waiting = Object.entries(charts).some(([id, drawn]) =>
      [...document.querySelectorAll(`[data-testid=${id}]`)].some((c) => !c.querySelector(drawn)));
    if (!waiting) window.__ntmDrawn = performance.now();
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
""" % (READY, NOT_RUNNING, STATUS, json.dumps(CHARTS))

# The floor: an empty Streamlit page that only writes the same end marker.
FLOOR_APP = "import streamlit as st; st.html('<span data-testid=\"ntm-ready\" data-run=\"1\"></span>')\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_floor_app(folder: Path) -> Path:
    """The one-line app in `folder`, with the project's .streamlit/config.toml (same theme and toolbar)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "app.py").write_text(FLOOR_APP, encoding="utf-8")
    config = ROOT / ".streamlit" / "config.toml"
    if config.exists():
        (folder / ".streamlit").mkdir(exist_ok=True)
        (folder / ".streamlit" / "config.toml").write_text(config.read_text(encoding="utf-8"), encoding="utf-8")
    return folder / "app.py"


class Server(str):
    """A running server's base URL (a str) that also reads the CPU time its process has used."""

    pid: int

    def cpu_s(self) -> float:
        """User + system CPU seconds of the server process so far (Linux /proc; 10 ms steps)."""
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def streamlit_server(script: Path, port: int, env: dict | None = None, timeout_s: float = 90):
    """`streamlit run script` on 127.0.0.1:port (cwd: the script's folder) until healthy; yields the
    base URL (a Server) and stops the server on exit. The same command line as the browser tests' server; its
    output goes to a temporary file, shown if it fails to start."""
    log = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script.name, "--server.headless=true", f"--server.port={port}",
         "--server.address=127.0.0.1", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
        cwd=script.parent, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    base = Server(f"http://127.0.0.1:{port}")
    base.pid = proc.pid
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
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def descendants_cpu_s(root: int, exclude: set[int] = frozenset()) -> float:
    """CPU seconds (user + system, with reaped children) of every process under `root`, leaving out
    the subtrees of `exclude` (e.g. the Streamlit servers, to count the browser alone: Chromium runs
    under Playwright's driver, a child of this process). Linux /proc; 10 ms steps."""
    parent, cpu = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(entry.name)] = int(fields[1])
        cpu[int(entry.name)] = sum(int(x) for x in fields[11:15])
    children: dict[int, list[int]] = {}
    for pid, ppid in parent.items():
        children.setdefault(ppid, []).append(pid)
    total, todo = 0, list(children.get(root, []))
    while todo:
        pid = todo.pop()
        if pid in exclude:
            continue
        total += cpu.get(pid, 0)
        todo += children.get(pid, [])
    return total / os.sysconf("SC_CLK_TCK")


def launch(playwright):
    if not os.path.exists(CHROMIUM):
        raise SystemExit(f"the bench needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_idle(page, timeout_ms: float = 60000) -> None:
    """Streamlit has finished running the script (tests/e2e/conftest.py wait_idle)."""
    page.wait_for_selector(READY, state="attached", timeout=timeout_ms)
    page.wait_for_selector(NOT_RUNNING, timeout=timeout_ms)
    page.wait_for_selector(STATUS, state="detached", timeout=timeout_ms)


class WebsocketBytes:
    """Bytes of the websocket frames a page received (Streamlit's protobuf messages)."""

    def __init__(self, page):
        self.received = 0
        page.on("websocket", self._socket)

    def _socket(self, ws) -> None:
        ws.on("framereceived", self._frame)

    def _frame(self, payload) -> None:
        self.received += len(payload.encode() if isinstance(payload, str) else payload)


def new_tab(context):
    """A tab that records its idle moment and counts its websocket bytes."""
    page = context.new_page()
    page.add_init_script(IDLE_MARK)
    return page, WebsocketBytes(page)


def idle_ms(page, timeout_ms: float = 60000) -> float:
    """Wait for idle, then the page's own time from navigation start to idle (ms)."""
    wait_idle(page, timeout_ms)
    page.wait_for_function("window.__ntmIdle !== undefined", timeout=timeout_ms)
    return float(page.evaluate("window.__ntmIdle"))


def renderer_busy_s(cdp) -> float:
    """Seconds the tab's renderer main thread has spent on tasks (scripts, style, layout, paint)."""
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return float(metrics.get("TaskDuration", float("nan")))


def drawn_ms(page, timeout_ms: float = 60000) -> float:
    """After idle: the page's own time until every chart on it has drawn itself (ms)."""
    page.wait_for_function("window.__ntmDrawn !== undefined", timeout=timeout_ms)
    return float(page.evaluate("window.__ntmDrawn"))


def load(context, url: str, timeout_ms: float = 60000, server: Server | None = None) -> dict:
    """Open `url` in a new tab until idle: {"ms": navigation start → idle, "drawn_ms": → every chart
    drawn too, "bytes": websocket bytes until idle, "browser_cpu_ms": the tab's main-thread work
    until drawn, "server_cpu_ms": the server process's CPU time until idle (given `server`),
    "exception": whether Streamlit showed an exception, "timeout": whether the page was not idle
    within `timeout_ms` (its times are then that bound)}.

    The two CPU figures are work done, which depends less on what else runs on the machine than
    the times do (the browser's is main-thread busy time, so it still grows when the machine is
    busy)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page, ws = new_tab(context)
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    cpu0 = server.cpu_s() if server is not None else float("nan")
    out = {"ms": timeout_ms, "drawn_ms": timeout_ms, "bytes": 0, "browser_cpu_ms": float("nan"),
           "server_cpu_ms": float("nan"), "exception": False, "timeout": True}
    try:
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        out["ms"] = idle_ms(page, timeout_ms)
        out["timeout"] = False
        if server is not None:
            out["server_cpu_ms"] = (server.cpu_s() - cpu0) * 1000
        page.wait_for_timeout(50)  # frames already on the wire are counted too
        out["bytes"] = ws.received
        out["exception"] = page.get_by_test_id("stException").count() > 0
        out["drawn_ms"] = drawn_ms(page, timeout_ms)
        out["browser_cpu_ms"] = renderer_busy_s(cdp) * 1000
    except PlaywrightTimeout:
        out["bytes"] = out["bytes"] or ws.received
    finally:
        cdp.detach()
        page.close()
    return out
