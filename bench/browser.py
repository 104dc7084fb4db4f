"""Browser measurements for the benches: in-page timing (navigation start to idle, to every chart
drawn), websocket byte counts, CPU time of the tab and of the server.

The server, Chromium and the idle condition are devtools.streamlit_server's, the same the browser
tests use.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from devtools.streamlit_server import (  # noqa: F401  (the benches import these from here)
    CHROMIUM,
    CHROMIUM_ARGS,
    NOT_RUNNING,
    READY,
    STATUS,
    VIEWPORT,
    Server,
    free_port,
    launch,
    streamlit_server,
    wait_idle,
    write_floor_app,
)

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
""" % (READY, NOT_RUNNING, STATUS, json.dumps(CHARTS))  # noqa: UP031 (JavaScript: braces stay single)


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


def timed_load(context, url: str) -> float:
    """Seconds from navigation to idle, in a new tab of `context` (the wall clock of this process)."""
    page = context.new_page()
    try:
        t0 = time.perf_counter()
        page.goto(url)
        wait_idle(page, 120000)
        return time.perf_counter() - t0
    finally:
        page.close()


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]
