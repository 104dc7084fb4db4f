"""The cost of the shared page shell alone against an empty Streamlit page (the floor), same run.

The shell is what every page draws before its own content and after it (ui/shell.py setup_page,
the shared filters of ui/filters.py, PageContext.finish): the sidebar, the language switch, the
page links, the badges, the share link. This bench runs an app whose default page is only that
shell (its other pages are the real ones, so the sidebar's links work), on a copy of the checkout
made of symbolic links, on the same sample database as bench_pages.py, and loads it warm in a new
tab alternately with the floor. `--baseline DIR` measures another checkout's shell the same way
(e.g. main before a change), alternately with this one.

For one warm load of each it also lists the JavaScript files the tab fetched beyond the floor's
(`extra_js`: Streamlit loads an element's code when a page first shows one), with their sizes.

    python bench/bench_shell.py [--warm-runs 9] [--baseline DIR] [--tabs 0]

Prints one JSON object with the load average at the start and the end.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from bench.bench_pages import Servers, _median, _ratio, at_once, prepare_database
from bench.browser import VIEWPORT, idle_ms, launch, load, new_tab, write_floor_app

REPO = Path(__file__).resolve().parent.parent

SHELL_APP = '''"""Only the shell: the default page draws setup_page, the shared filters and finish()."""
import streamlit as st

from ui.navigation import PAGES


def shell():
    from ui import filters
    from ui.shell import setup_page

    ctx = setup_page("overview")
    filters.shared(ctx)
    ctx.finish()


pages = [st.Page(shell, title="shell", url_path="shell", default=True)]
pages += [st.Page(p.path, title=p.key, url_path=p.url_path, icon=p.icon) for p in PAGES]
st.navigation(pages, position="hidden").run()
'''


def shell_app(checkout: Path, folder: Path) -> Path:
    """`folder` holds links to every top-level entry of `checkout` and the shell's app.py."""
    folder.mkdir(parents=True)
    for entry in checkout.iterdir():
        if entry.name not in ("app.py", ".git", ".venv"):
            (folder / entry.name).symlink_to(entry)
    (folder / "app.py").write_text(SHELL_APP, encoding="utf-8")
    return folder / "app.py"


def scripts_fetched(context, url: str, timeout_ms: float) -> dict[str, int]:
    """The JavaScript files a new tab fetched until idle, with their decoded sizes in bytes."""
    page, _ = new_tab(context)
    try:
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        idle_ms(page, timeout_ms)
        page.wait_for_timeout(500)  # chunks requested by the last messages
        entries = page.evaluate("performance.getEntriesByType('resource').map(e => [e.name, e.decodedBodySize])")
    finally:
        page.close()
    return {name.rsplit("/", 1)[-1]: size for name, size in entries if name.endswith(".js")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--warm-runs", type=int, default=9)
    ap.add_argument("--baseline", type=Path, help="another checkout whose shell is measured alternately")
    ap.add_argument("--tabs", type=int, default=0, help="also open this many shell tabs at once (0: not)")
    ap.add_argument("--page-timeout", type=float, default=120.0)
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    t_start = time.perf_counter()
    timeout_ms = args.page_timeout * 1000
    result: dict = {"load_average_start": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(),
                    "warm_runs": args.warm_runs, "baseline": str(args.baseline) if args.baseline else None}
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        checkouts = {"shell": REPO, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
        urls = {name: f"sqlite:///{Path(tmp) / f'{name}.sqlite3'}" for name in checkouts}
        scripts = {"floor": write_floor_app(Path(tmp) / "floor")}
        for name, checkout in checkouts.items():
            prepare_database(urls[name], checkout)
            scripts[name] = shell_app(checkout, Path(tmp) / name)
        servers = Servers(stack, scripts, {name: {"NTM_DATABASE_URL": url} for name, url in urls.items()})
        for name in scripts:
            servers.start(name)
        browser = launch(p)
        stack.callback(browser.close)
        context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
        for name in scripts:  # fill the caches: not counted
            load(context, servers.base[name] + "/", timeout_ms)
        rows: dict[str, list[dict]] = {name: [] for name in scripts}
        for _ in range(args.warm_runs):
            for name in scripts:
                base = servers.base[name]
                rows[name].append(load(context, base + "/", timeout_ms, server=base))
        floor_js = scripts_fetched(context, servers.base["floor"] + "/", timeout_ms)
        floor_ms = _median([r["ms"] for r in rows["floor"]])
        for name, got in rows.items():
            ms = _median([r["ms"] for r in got])
            result[name] = {"warm_ms": ms, "warm_ratio": _ratio(ms, floor_ms), "runs_ms": [round(r["ms"]) for r in got],
                            "kB": round(_median([r["bytes"] for r in got]) / 1000, 1),
                            "browser_cpu_ms": _median([r["browser_cpu_ms"] for r in got]),
                            "server_cpu_ms": _median([r["server_cpu_ms"] for r in got])}
            if name != "floor":
                fetched = scripts_fetched(context, servers.base[name] + "/", timeout_ms)
                result[name]["extra_js"] = {k: v for k, v in sorted(fetched.items()) if k not in floor_js}
        if args.tabs:
            floor_times, _ = at_once(context, servers.base["floor"], ["/"] * args.tabs, timeout_ms)
            result["at_once"] = {"tabs": args.tabs, "floor_median_ms": _median(floor_times)}
            for name in checkouts:
                times, lost = at_once(context, servers.base[name], ["/"] * args.tabs, timeout_ms)
                result["at_once"][name] = {"median_ms": _median(times), "median_ratio":
                                           _ratio(_median(times), _median(floor_times)), "timeouts": lost}
    result["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    result["elapsed_s"] = round(time.perf_counter() - t_start, 1)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
