"""Page speed against an empty Streamlit page (the floor), measured in the same run.

Starts the app on a fresh SQLite database with the sample history (and an administrator, so that
/entry is measured logged in) and a one-line Streamlit app (the floor) side by side, then, in
headless Chromium (Debian's chromium through Playwright):

- warm: a new tab on a running server, the floor and each page alternately; one load of each
  beforehand fills the caches and is not counted;
- cold: the first load after a restart of the server (same port, existing database; the
  browser's cache of Streamlit's static files is kept), the floor and each page alternately. The
  app is started as `./run` starts it (`--start serve`: serve.py prepares the database, runs the
  overview once and imports what the other pages import while the server starts, so a restart
  takes longer to become healthy: `server_start_s`), or bare (`--start streamlit`: `streamlit run
  app.py`, every first visit pays for the imports and the first reads); the floor is always
  `streamlit run`;
- ten at once: `--tabs` tabs opened together on one server, the pages in turn, against the same
  number of floor tabs opened together; each tab's time is bounded by `--concurrent-timeout`
  (a tab still running then counts as that bound and is reported in `timeouts`).

A page's time (`*_ms`, and its `*_ratio` to the floor's median) runs in the page's own clock from
navigation start until Streamlit reports the run finished and its status widget is gone
(tests/e2e/conftest.py's idle condition, see bench/browser.py). Also, for warm loads: `drawn_ms`,
until every chart on the page has drawn itself too (Plotly, deck.gl and Vega load their code
after the run); `kB`, the websocket bytes received until idle (1 kB = 1000 bytes);
`browser_cpu_ms`, the tab's main-thread busy time; `server_cpu_ms`, the CPU time of the server
process during the load. The CPU figures show where the work is when the machine is too busy for
the times to mean much. All figures are medians.

`--baseline DIR` measures another checkout's app.py (e.g. an older commit unpacked with `git archive`)
the same way, alternately with this one, on its own database prepared by its own code: its
figures are under `baseline` (same floor).

    python bench/bench_pages.py [--warm-runs 3] [--cold-runs 1] [--rounds 1] [--tabs 10]
                                [--pages / /progress ...] [--baseline DIR] [--no-cold] [--no-concurrent]

Prints one JSON object; the machine's load average at the start and the end is in it. Targets
(issue 13): warm <= 1.25x the floor, cold <= 2x the floor's cold, ten at once <= 3x.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

from bench.browser import (  # noqa: E402
    VIEWPORT,
    descendants_cpu_s,
    free_port,
    idle_ms,
    launch,
    load,
    new_tab,
    renderer_busy_s,
    streamlit_server,
    write_floor_app,
)

PAGES = ["/", "/map", "/progress", "/tasks", "/briefing?present=1&slide=2", "/commune?commune=30310", "/entry"]
ADMIN, PASSWORD = "bench-admin", "bench-mat-khau-1"
TARGETS = {"warm_ratio": 1.25, "cold_ratio": 2.0, "ten_at_once_ratio": 3.0}


PREPARE = """
import sys
from data_access.bootstrap import ensure_database
from data_access.db import session_scope
from services import accounts
from services.guard import command_line_actor

engine = ensure_database(sys.argv[1], load_sample_data=True)
with session_scope(engine) as s:
    accounts.add_user(session=s, actor=command_line_actor(), username=sys.argv[2], password=sys.argv[3], role="admin",
                      district_code=None, origin="cli")
engine.dispose()
"""


def prepare_database(url: str, checkout: Path) -> None:
    """Migrations, reference data, the sample history and an administrator for /entry, by the
    checkout's own code (a baseline may have other migrations: each app has its own database)."""
    subprocess.run([sys.executable, "-c", PREPARE, url, ADMIN, PASSWORD], cwd=checkout, check=True,
                   env={**os.environ, "PYTHONPATH": str(checkout)}, stdout=subprocess.DEVNULL)


def log_in(context, base: str) -> None:
    """Log in once in this browser context: the login cookie then opens /entry in every new tab."""
    page, _ = new_tab(context)
    page.goto(base + "/entry", timeout=120000)
    idle_ms(page, 120000)
    page.get_by_label("Tên đăng nhập").fill(ADMIN)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_function("document.cookie.includes('ntm_login=')", timeout=120000)
    page.close()


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


class Servers:
    """The floor and the app (and a baseline checkout's app) on fixed ports, each restartable on the
    same port (cold loads: the browser keeps its cache of Streamlit's static files)."""

    def __init__(self, stack: ExitStack, scripts: dict[str, Path], envs: dict[str, dict],
                 commands: dict[str, list[str]] | None = None):
        self.stack, self.scripts, self.envs, self.commands = stack, scripts, envs, commands or {}
        self.ports = {name: free_port() for name in scripts}
        self.stacks: dict[str, ExitStack] = {}
        self.base: dict[str, str] = {}
        self.start_s: dict[str, list[float]] = {name: [] for name in scripts}

    @property
    def apps(self) -> list[str]:
        return [name for name in self.scripts if name != "floor"]

    def start(self, name: str) -> str:
        old = self.stacks.pop(name, None)
        if old is not None:
            old.close()
        inner = self.stack.enter_context(ExitStack())
        t0 = time.perf_counter()
        env = self.envs.get(name, {})
        script, command = self.scripts[name], self.commands.get(name)
        self.base[name] = inner.enter_context(streamlit_server(script, self.ports[name], env, command=command,
                                                               cwd=script.parent if command else None))
        self.start_s[name].append(round(time.perf_counter() - t0, 2))
        self.stacks[name] = inner
        return self.base[name]


def warm(contexts: dict, servers: Servers, pages: list[str], runs: int, timeout_ms: float) -> tuple[list[dict], dict]:
    """Warm loads, the floor and each page alternately: (floor rows, {app: {path: rows}})."""
    floor_base = servers.base["floor"]
    load(contexts["floor"], floor_base + "/", timeout_ms)
    for app in servers.apps:
        for path in pages:  # fill the caches: not counted
            load(contexts[app], servers.base[app] + path, timeout_ms)
    floor, rows = [], {app: {p: [] for p in pages} for app in servers.apps}
    for _ in range(runs):
        for path in pages:
            floor.append(load(contexts["floor"], floor_base + "/", timeout_ms, server=floor_base))
            for app in servers.apps:
                base = servers.base[app]
                rows[app][path].append(load(contexts[app], base + path, timeout_ms, server=base))
    return floor, rows


def cold(contexts: dict, servers: Servers, pages: list[str], runs: int, timeout_ms: float) -> tuple[list[dict], dict]:
    """First loads after a restart, the floor and each page alternately."""
    floor, rows = [], {app: {p: [] for p in pages} for app in servers.apps}
    for _ in range(runs):
        for path in pages:
            base = servers.start("floor")
            floor.append(load(contexts["floor"], base + "/", timeout_ms, server=base))
            for app in servers.apps:
                base = servers.start(app)
                rows[app][path].append(load(contexts[app], base + path, timeout_ms, server=base))
    return floor, rows


def at_once(context, base: str, paths: list[str], timeout_ms: float, cpu: dict | None = None,
            servers: frozenset[int] = frozenset()) -> tuple[list[float], int]:
    """Open every path in its own tab together; each tab's time (navigation start → idle), bounded.

    Given `cpu` (a dict, filled here): where the work went while the tabs loaded, in CPU seconds:
    `server_cpu_s` (the Streamlit process serving `base`, a Server), `browser_cpu_s` (every
    Chromium process), `tabs_main_thread_s` (the sum of the tabs' renderer main-thread busy
    time), and `wall_s` from the first navigation to the last tab idle. `servers`: the process ids
    of the bench's servers, left out of the browser's figure."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    tabs = [new_tab(context)[0] for _ in paths]
    sessions = [context.new_cdp_session(tab) for tab in tabs]
    for cdp in sessions:
        cdp.send("Performance.enable")
    server_cpu0 = base.cpu_s() if hasattr(base, "cpu_s") else float("nan")
    browser_cpu0 = descendants_cpu_s(os.getpid(), servers)
    started = time.perf_counter()
    for tab, path in zip(tabs, paths):  # a navigation returns as soon as the page is committed
        tab.goto(base + path, wait_until="commit", timeout=timeout_ms)
    times, timeouts = [], 0
    for tab in tabs:
        left = max(1000.0, timeout_ms - (time.perf_counter() - started) * 1000)
        try:
            times.append(idle_ms(tab, left))
        except PlaywrightTimeout:  # a tab that did not finish in time counts as the bound
            times.append(timeout_ms)
            timeouts += 1
    if cpu is not None:
        cpu["wall_s"] = cpu.get("wall_s", 0) + time.perf_counter() - started
        cpu["server_cpu_s"] = cpu.get("server_cpu_s", 0) + base.cpu_s() - server_cpu0
        cpu["browser_cpu_s"] = cpu.get("browser_cpu_s", 0) + descendants_cpu_s(os.getpid(), servers) - browser_cpu0
        cpu["tabs_main_thread_s"] = cpu.get("tabs_main_thread_s", 0) + sum(renderer_busy_s(c) for c in sessions)
    for cdp in sessions:
        cdp.detach()
    for tab in tabs:
        tab.close()
    return times, timeouts


def concurrent(contexts: dict, servers: Servers, pages: list[str], tabs: int, rounds: int, timeout_ms: float) -> dict:
    """`tabs` tabs at once on one server (the pages in turn), against as many floor tabs at once,
    with the CPU time each burst took on the server and in the browser (see at_once)."""
    paths = [pages[i % len(pages)] for i in range(tabs)]
    times = {name: [] for name in ["floor", *servers.apps]}
    cpu: dict[str, dict] = {name: {} for name in times}
    by_page = {app: {p: [] for p in pages} for app in servers.apps}
    timeouts = {name: 0 for name in times}
    for _ in range(rounds):
        for name in times:
            got, lost = at_once(contexts[name], servers.base[name], ["/"] * tabs if name == "floor" else paths,
                                timeout_ms, cpu[name], frozenset(b.pid for b in servers.base.values()))
            times[name] += got
            timeouts[name] += lost
            if name != "floor":
                for path, ms in zip(paths, got):
                    by_page[name][path].append(ms)
    floor = _median(times["floor"])
    out = {"tabs": tabs, "rounds": rounds, "timeout_ms": timeout_ms, "floor_median_ms": floor,
           "floor_cpu": _cpu_figures(cpu["floor"], rounds)}
    for app in servers.apps:
        out[app] = {"page_median_ms": _median(times[app]), "median_ratio": _ratio(_median(times[app]), floor),
                    "page_max_ms": round(max(times[app]), 1) if times[app] else None,
                    "by_page_median_ms": {p: _median(v) for p, v in by_page[app].items() if v},
                    "timeouts": timeouts[app], "cpu": _cpu_figures(cpu[app], rounds)}
    out["floor_timeouts"] = timeouts["floor"]
    return out


def _cpu_figures(cpu: dict, rounds: int) -> dict:
    """Per burst: wall and CPU seconds, and the CPU the burst needed over the machine's cores (a
    burst cannot end sooner than that, whatever the server does)."""
    per = {k: round(v / max(rounds, 1), 2) for k, v in cpu.items()}
    if per:
        per["cpu_over_cores_s"] = round((per["server_cpu_s"] + per["browser_cpu_s"]) / (os.cpu_count() or 1), 2)
    return per


def _figures(rows: list[dict]) -> dict:
    done = [r for r in rows if not r["timeout"]] or rows
    return {"ms": _median([r["ms"] for r in rows]), "runs_ms": [round(r["ms"]) for r in rows],
            "drawn_ms": _median([r["drawn_ms"] for r in rows]),
            "kB": round(statistics.median(r["bytes"] for r in done) / 1000, 1),
            "browser_cpu_ms": _median([r["browser_cpu_ms"] for r in done if r["browser_cpu_ms"] == r["browser_cpu_ms"]]),
            "server_cpu_ms": _median([r["server_cpu_ms"] for r in done if r["server_cpu_ms"] == r["server_cpu_ms"]]),
            "exception": any(r["exception"] for r in rows), "timeouts": sum(r["timeout"] for r in rows)}


def page_figures(floor_rows: list[dict], rows: dict, kind: str) -> tuple[dict, dict]:
    """The floor's and each page's medians, `kind` (warm/cold) in the names, ratios to the floor."""
    floor = _figures(floor_rows)
    out_floor = {f"{kind}_ms": floor["ms"], f"{kind}_runs_ms": floor["runs_ms"],
                 f"{kind}_server_cpu_ms": floor["server_cpu_ms"], f"{kind}_timeouts": floor["timeouts"]}
    if kind == "warm":
        out_floor.update(kB=floor["kB"], warm_drawn_ms=floor["drawn_ms"], warm_browser_cpu_ms=floor["browser_cpu_ms"])
    pages = {}
    for path, page_rows in rows.items():
        v = _figures(page_rows)
        pages[path] = {f"{kind}_ms": v["ms"], f"{kind}_ratio": _ratio(v["ms"], floor["ms"]),
                       f"{kind}_runs_ms": v["runs_ms"], f"{kind}_server_cpu_ms": v["server_cpu_ms"],
                       f"{kind}_exception": v["exception"], f"{kind}_timeouts": v["timeouts"]}
        if kind == "warm":
            pages[path].update(kB=v["kB"], warm_drawn_ms=v["drawn_ms"],
                               warm_drawn_ratio=_ratio(v["drawn_ms"], floor["drawn_ms"]),
                               warm_browser_cpu_ms=v["browser_cpu_ms"])
    return out_floor, pages


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--warm-runs", type=int, default=3, help="warm loads of each page (and of the floor)")
    ap.add_argument("--cold-runs", type=int, default=1, help="restarts per page (and of the floor)")
    ap.add_argument("--rounds", type=int, default=1, help="rounds of the ten-at-once measure")
    ap.add_argument("--tabs", type=int, default=10, help="tabs opened together")
    ap.add_argument("--concurrent-timeout", type=float, default=90.0, help="bound of a tab's time, seconds")
    ap.add_argument("--page-timeout", type=float, default=120.0,
                    help="bound of one load's time, seconds (a page still running then counts as this bound)")
    ap.add_argument("--pages", nargs="+", default=PAGES, help="paths to measure")
    ap.add_argument("--baseline", type=Path, help="another checkout (e.g. /work/main) measured the same way on "
                                                  "the same database, alternately: figures under `baseline`")
    ap.add_argument("--no-cold", action="store_true")
    ap.add_argument("--no-concurrent", action="store_true")
    ap.add_argument("--start", choices=("serve", "streamlit"), default="serve",
                    help="start the app as ./run does (serve.py: database check, the overview run once, the "
                         "other pages' imports while the server starts) or with a bare `streamlit run app.py`")
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    t_start = time.perf_counter()
    result: dict = {"load_average_start": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(),
                    "options": {"warm_runs": args.warm_runs, "cold_runs": 0 if args.no_cold else args.cold_runs,
                                "rounds": 0 if args.no_concurrent else args.rounds, "tabs": args.tabs,
                                "baseline": str(args.baseline) if args.baseline else None, "start": args.start}}
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        checkouts = {"app": REPO, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
        urls = {name: f"sqlite:///{Path(tmp) / f'{name}.sqlite3'}" for name in checkouts}
        t0 = time.perf_counter()
        for name, checkout in checkouts.items():
            prepare_database(urls[name], checkout)
        result["database_prepare_s"] = round((time.perf_counter() - t0) / len(checkouts), 2)
        scripts = {"floor": write_floor_app(Path(tmp) / "floor"),
                   **{name: checkout / "app.py" for name, checkout in checkouts.items()}}
        # serve.py where the checkout has it (an older baseline may not): its ARGS go to `streamlit run`
        commands = {name: [sys.executable, str(checkout / "serve.py")] for name, checkout in checkouts.items()
                    if args.start == "serve" and (checkout / "serve.py").exists()}
        envs = {name: {"NTM_DATABASE_URL": url, "PYTHONPATH": str(checkouts[name])} for name, url in urls.items()}
        servers = Servers(stack, scripts, envs, commands)
        for name in scripts:
            servers.start(name)
        browser = launch(p)
        stack.callback(browser.close)
        # One browser profile per app (their login cookies would clash: cookies ignore the port):
        # Streamlit's static files are cached after the first page, as for a person who has opened
        # the app before, and the login cookie opens /entry.
        contexts = {name: browser.new_context(viewport=VIEWPORT, locale="vi-VN") for name in checkouts}
        contexts["floor"] = contexts["app"]
        if any(path.startswith("/entry") for path in args.pages):
            for name in checkouts:
                log_in(contexts[name], servers.base[name])

        floor_rows, rows = warm(contexts, servers, args.pages, args.warm_runs, args.page_timeout * 1000)
        result["floor"], result["pages"] = page_figures(floor_rows, rows["app"], "warm")
        if args.baseline:
            result["baseline"] = page_figures(floor_rows, rows["baseline"], "warm")[1]
        if not args.no_concurrent:
            result["ten_at_once"] = concurrent(contexts, servers, args.pages, args.tabs, args.rounds,
                                               args.concurrent_timeout * 1000)
        if not args.no_cold:
            floor_rows, rows = cold(contexts, servers, args.pages, args.cold_runs, args.page_timeout * 1000)
            floor, pages = page_figures(floor_rows, rows["app"], "cold")
            result["floor"].update(floor)
            for path, v in pages.items():
                result["pages"][path].update(v)
            if args.baseline:
                for path, v in page_figures(floor_rows, rows["baseline"], "cold")[1].items():
                    result["baseline"][path].update(v)
        result["server_start_s"] = servers.start_s
    result["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    result["elapsed_s"] = round(time.perf_counter() - t_start, 1)
    result["targets"] = TARGETS
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
