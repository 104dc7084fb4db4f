"""Map page benchmark: the province map as the page builds it, the /map page in Chromium, and the
national-scale figures of bench_geo.

Prints one JSON object:
- province_build_ms: median warm build of what a rerun does when a filter changes (per-unit
  figures from the cached status table, colours, tooltips, layers, deck JSON), for the default
  view; province_build_ms_by_view for the other modes and a district;
- province_payload_bytes: the deck JSON st.pydeck_chart sends (largest of the views);
- map_idle_s: /map until Streamlit is idle in headless Chromium, median of warm page loads, as a
  browser test sees it (goto + wait_idle); map_idle_in_page_s: the same in the page's own clock
  (from navigation start); map_idle_first_s: the first load after the server started (caches empty);
- national_*: bench/bench_geo.py's national part (10,000 communes of vn_communes_lowres.geojson).

    python bench/bench_map.py [--runs 20] [--page-loads 5] [--national-runs 5] [--skip-browser]

Targets: province build <= 50 ms, payload <= 250 KB, /map idle <= 3 s; national build <= 1 s,
payload <= 6 MB. The machine's load average is printed too: the browser figure depends on it.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.bench_geo import bench_national  # noqa: E402
from data_access import queries  # noqa: E402
from data_access.bootstrap import ensure_database  # noqa: E402
from data_access.db import session_scope  # noqa: E402
from domain.map_figures import default_compare, month_figures, set_in_force  # noqa: E402
from ui.formatting import fmt_period  # noqa: E402
from ui.map_deck import MapRequest, build_map, geometry, map_units  # noqa: E402

VIEWS = {  # name -> (mode, district, group)
    "count_province": ("count", "", "all"),
    "criterion_province_pilot34": ("criterion", "", "pilot34"),
    "change_province": ("change", "", "all"),
    "criterion_an_phu": ("criterion", "886", "all"),
}


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return round(statistics.median(times) * 1000, 1)


def bench_province(url: str, runs: int) -> dict:
    engine = ensure_database(url, load_sample_data=True)
    with session_scope(engine) as s:
        status, communes, districts = queries.status(s), queries.communes(s), queries.districts(s)
        groups, criteria = queries.groups(s), queries.criteria(s)
        periods = queries.periods_with_data(s)
    t0 = time.perf_counter()
    geo = geometry()  # once per process in the app
    units = map_units(communes, districts, geo)
    cold_ms = round((time.perf_counter() - t0) * 1000, 1)
    period = periods[-1]
    compare = default_compare(periods, period)
    in_force = criteria[criteria["set_id"] == set_in_force(status, period)].sort_values("number")
    names = {k: f"{n}. {v}"
             for k, n, v in zip(in_force["key"], in_force["number"], in_force["short_name_vi"])}
    number = int(in_force.set_index("key").at["security", "number"])

    def build(mode: str, district: str, group: str) -> str:
        criterion = "security" if mode == "criterion" else None
        figures = month_figures(status, units, period, compare, criterion)
        request = MapRequest(mode=mode, lang="vi", period=period, compare=compare, criterion_key=criterion,
                             criterion_number=number if criterion else None, district=district, group=group,
                             group_members=groups.get(group, frozenset()), criteria_total=len(in_force))
        return build_map(figures, units, request, groups, names, fmt_period(compare), fmt_period(period),
                         geo).spec

    by_view, payload = {}, {}
    for name, view in VIEWS.items():
        build(*view)  # warm-up
        by_view[name] = _median_ms(lambda v=view: build(*v), runs)
        payload[name] = len(build(*view).encode())
    return {
        "province_units": len(units),
        "province_cold_ms": cold_ms,
        "province_build_ms": by_view["count_province"],
        "province_build_ms_by_view": by_view,
        "province_payload_bytes": max(payload.values()),
        "province_payload_bytes_by_view": payload,
    }


# Records, in the page's own clock (ms since navigation start), when Streamlit became idle after
# the page's run: the same condition as tests/e2e/conftest.py's wait_idle.
_IDLE_MARK = """
new MutationObserver(() => {
  const q = (s) => document.querySelector(s);
  if (!window.__ntmIdle && q('[data-testid=ntm-ready]')
      && q('[data-testid=stApp][data-test-script-state=notRunning]') && !q('[data-testid=stStatusWidget]')) {
    window.__ntmIdle = performance.now();
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


def bench_browser(url: str, loads: int) -> dict:
    """/map in a new tab each time: wall time (goto + wait_idle, as a test sees it) and the page's
    own time from navigation start to idle (without Playwright's and the tab's start-up)."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_idle

    wall, in_page = [], []
    with streamlit_server(url) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(loads + 1):
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.add_init_script(_IDLE_MARK)
            t0 = time.perf_counter()
            page.goto(base + "/map")
            wait_idle(page)
            wall.append(time.perf_counter() - t0)
            page.wait_for_function("window.__ntmIdle !== undefined")
            in_page.append(page.evaluate("window.__ntmIdle") / 1000)
            page.close()
        browser.close()
    return {"map_idle_first_s": round(wall[0], 2), "map_idle_s": round(statistics.median(wall[1:]), 2),
            "map_idle_in_page_s": round(statistics.median(in_page[1:]), 2),
            "map_idle_runs_s": [round(t, 2) for t in wall[1:]],
            "map_idle_in_page_runs_s": [round(t, 2) for t in in_page[1:]]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--page-loads", type=int, default=5)
    ap.add_argument("--national-runs", type=int, default=5)
    ap.add_argument("--national-units", type=int, default=10_000)
    ap.add_argument("--skip-browser", action="store_true")
    args = ap.parse_args(argv)

    result: dict = {"load_average_1m": round(os.getloadavg()[0], 2), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        result.update(bench_province(url, args.runs))
        if not args.skip_browser:
            result.update(bench_browser(url, args.page_loads))
    shared = Path(os.environ.get("NTM_SHARED_DIR", REPO.parent / "shared"))
    national = shared / "data" / "vn_communes_lowres.geojson"
    if national.exists():
        figures = bench_national(national, args.national_units, args.national_runs)
        result.update({k: v for k, v in figures.items() if k != "national_tolerances_tried"})
    else:
        result.update({"national_build_ms": None, "national_payload_bytes": None,
                       "national_skipped": f"not found: {national}"})
    result["load_average_1m_end"] = round(os.getloadavg()[0], 2)
    result["targets"] = {"province_build_ms": 50, "province_payload_bytes": 250_000, "map_idle_s": 3,
                         "national_build_ms": 1000, "national_payload_bytes": 6_000_000}
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
