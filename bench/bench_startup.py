"""A fresh clone's first start, printed as JSON.

Times what `./run` does on an empty database, from the start command until the overview is drawn
in headless Chromium (Streamlit idle): `python serve.py` prepares the database (migrations,
reference data, the sample history), runs the overview once headlessly, then serves. For
comparison, in the same run and alternating:
- `two_step`: the previous way, `python -m data_access init` then `streamlit run app.py` (the first
  visitor's request imports the pages' modules and reads the figures);
- `empty`: a one-line Streamlit app started with `streamlit run` (the floor, writing only the pages'
  end marker).

Per way: total_s (start command → overview idle), healthy_s (start command → /_stcore/health),
first_page_s (navigation → idle), and the parts the start reports (`init --timings`,
`NTM_START_TIMINGS=1`): migrations, reference, sample_generation, sample_insert, tasks, meetings,
warm_up, and `other` = the rest (interpreter start, imports, the server's own start).
server_cpu_s: the CPU seconds the start's processes used until healthy and until the first page
was drawn (less sensitive to other work on the machine than the wall times).
Also restart_s (a second start on the same database, until the overview is idle) and later_page_s
(the overview in a new tab of the running server). Ratios are against the empty page's total.

Usage: python bench/bench_startup.py [--rounds 2] [--ways serve,two_step] [--baseline DIR] [--database-url URL]
(a PostgreSQL database given with --database-url is emptied first: its public schema is dropped.)
"""
from __future__ import annotations

import argparse
import contextlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.browser import load_average, timed_load
from config import ROOT
from devtools.streamlit_server import launch, streamlit_server, write_floor_app

SERVE = [sys.executable, str(ROOT / "serve.py")]
PARTS = ("migrations", "reference", "sample_generation", "sample_insert", "tasks", "meetings", "warm_up")


def json_lines(text: str) -> dict:
    out: dict = {}
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{") and line.endswith("}"):
            with contextlib.suppress(ValueError):
                out.update(json.loads(line))
    return out


def parts_of(reported: dict, before_page_s: float) -> dict:
    parts = {k: reported[k] for k in PARTS if k in reported}
    parts["other"] = before_page_s - sum(parts.values())
    return parts


def start_serve(context, url: str) -> dict:
    t0 = time.perf_counter()
    with streamlit_server(database_url=url, command=SERVE, env={"NTM_START_TIMINGS": "1"}) as server:
        cpu_healthy = server.cpu_s(children=True)
        first = timed_load(context, server.base + "/")
        total = time.perf_counter() - t0
        cpu_first = server.cpu_s(children=True)
        later = statistics.median(timed_load(context, server.base + "/") for _ in range(3))
        reported = json_lines(server.output())
    return {"total_s": total, "healthy_s": server.healthy_s, "first_page_s": first, "later_page_s": later,
            "server_cpu_s": {"to_healthy": cpu_healthy, "to_first_page": cpu_first},
            "parts_s": parts_of(reported, server.healthy_s)}


def start_two_step(context, url: str, root: Path = ROOT) -> dict:
    t0 = time.perf_counter()
    cpu0 = children_cpu_s()
    timings = ["--timings"] if root == ROOT else []  # an older checkout's init may not report its phases
    done = subprocess.run([sys.executable, "-m", "data_access", "--database-url", url, "init", *timings],
                          cwd=root, capture_output=True, text=True)
    init = time.perf_counter() - t0
    init_cpu = children_cpu_s() - cpu0
    if done.returncode:
        raise RuntimeError(f"init failed: {done.stdout}\n{done.stderr}")
    with streamlit_server(database_url=url, cwd=root) as server:
        cpu_healthy = init_cpu + server.cpu_s(children=True)
        first = timed_load(context, server.base + "/")
        total = time.perf_counter() - t0
        cpu_first = init_cpu + server.cpu_s(children=True)
        later = statistics.median(timed_load(context, server.base + "/") for _ in range(3))
    return {"total_s": total, "healthy_s": init + server.healthy_s, "first_page_s": first, "later_page_s": later,
            "server_cpu_s": {"to_healthy": cpu_healthy, "to_first_page": cpu_first},
            "init_s": init, "server_healthy_s": server.healthy_s, "parts_s": parts_of(json_lines(done.stderr), init)}


def children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def restart(context, url: str, way: str, baseline: Path | None) -> float:
    t0 = time.perf_counter()
    command = SERVE if way == "serve" else None
    with streamlit_server(database_url=url, command=command, cwd=baseline if way == "baseline" else ROOT) as server:
        timed_load(context, server.base + "/")
    return time.perf_counter() - t0


def start_empty(context, script: Path) -> dict:
    t0 = time.perf_counter()
    with streamlit_server(script) as server:
        cpu_healthy = server.cpu_s(children=True)
        first = timed_load(context, server.base + "/")
        total = time.perf_counter() - t0
        cpu_first = server.cpu_s(children=True)
    return {"total_s": total, "healthy_s": server.healthy_s, "first_page_s": first,
            "server_cpu_s": {"to_healthy": cpu_healthy, "to_first_page": cpu_first}}


def empty_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _round(value):
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    return round(value, 3) if isinstance(value, float) else value


def _median(runs: list[dict]) -> dict:
    out = {}
    for key, value in runs[0].items():
        if isinstance(value, dict):
            out[key] = _median([r[key] for r in runs])
        else:
            out[key] = statistics.median(r[key] for r in runs)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--ways", default="serve,two_step", help="serve (./run), two_step (init, then streamlit run)")
    parser.add_argument("--database-url", help="a PostgreSQL database to use (emptied first); default: a new SQLite file")
    parser.add_argument("--baseline", type=Path,
                        help="another checkout (e.g. `git archive d0b19d5 | tar -x -C /tmp/before`) started the two-step "
                             "way as one more way, 'baseline', for a before/after in the same run")
    args = parser.parse_args()
    ways = [w for w in args.ways.split(",") if w] + (["baseline"] if args.baseline else [])
    from playwright.sync_api import sync_playwright

    load_before = load_average()
    results: dict[str, list[dict]] = {"empty": [], **{w: [] for w in ways}}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        folder = Path(tmp)
        empty = write_floor_app(folder / "empty")
        browser = launch(p)
        context = browser.new_context()  # one profile: the browser's cache is warm after the first page
        start_empty(context, empty)  # warms the browser and the disk cache; not counted
        for i in range(args.rounds):
            results["empty"].append(start_empty(context, empty))
            for way in ways:
                if args.database_url:
                    empty_postgres(args.database_url)
                    url = args.database_url
                else:
                    url = f"sqlite:///{folder / f'{way}{i}.sqlite3'}"
                if way == "serve":
                    run = start_serve(context, url)
                else:
                    run = start_two_step(context, url, args.baseline if way == "baseline" else ROOT)
                run["restart_s"] = restart(context, url, way, args.baseline)
                run["total_ratio"] = run["total_s"] / results["empty"][-1]["total_s"]
                results[way].append(run)
        browser.close()
    print(json.dumps({
        "database": "postgresql" if args.database_url else "sqlite",
        "rounds": args.rounds,
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "median": {k: _round(_median(v)) for k, v in results.items()},
        "runs": {k: [_round(r) for r in v] for k, v in results.items()},
    }, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
