"""Map page benchmark: the province map as the page builds it, the /map page in Chromium against
an empty Streamlit page, and the national-scale figures of bench_geo.

Prints one JSON object:
- province_build_ms: median warm build of what a rerun does when a filter changes (per-unit
  figures from the cached status table, colours, tooltips, layers, deck JSON), for the default
  view; province_build_ms_by_view for the other modes and a district;
- province_payload_bytes: the deck JSON st.pydeck_chart sends, the largest of every view of the whole
  province (counts, one criterion, change; no group, each pilot group; with and without a commune
  selected; Vietnamese and English) in the issue's month (2013-12) and the latest month;
  province_payload_bytes_by_view: the named views (and a district's, which has no target);
  province_payload_by_month: the largest province view of every month (the early months list more
  unmet criteria in the tooltips);
- browser (unless --skip-browser): warm page loads in a new tab of one headless Chromium,
  alternating an empty Streamlit page (the floor, its own server) and /map?period=2013-12, timed in
  the page's own clock from navigation start until Streamlit is idle (script finished, status
  widget gone: the issue's measure): floor_idle_s, map_idle_s, map_idle_ratio (median / median),
  map_canvas_s (the deck.gl canvas exists), map_websocket_bytes (all websocket messages of a load),
  map_main_thread_busy_s (long tasks until idle, floor's alongside), map_idle_first_s (the first
  /map load after the server started);
- national_*: bench/bench_geo.py's national part (10,000 communes of vn_communes_lowres.geojson).

    python bench/bench_map.py [--runs 20] [--page-loads 7] [--national-runs 5] [--skip-browser]

Targets: province payload <= 90 KB; /map warm <= 1.25 x the empty page; province build <= 50 ms;
national build <= 1 s, payload <= 6 MB. The machine's load average is printed too: the browser
figures depend on it.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.bench_geo import bench_national, median_ms
from data_access import queries
from data_access.bootstrap import ensure_database
from data_access.db import session_scope
from devtools.streamlit_server import READY, launch, streamlit_server, write_floor_app
from domain.map_figures import default_compare, month_figures, set_in_force
from ui.formatting import fmt_period
from ui.map_deck import MapRequest, build_map, fitted_view, geometry, map_units

REPO = Path(__file__).resolve().parent.parent

VIEWS = {  # name -> (mode, district, group, selected commune, language)
    "count_province": ("count", "", "all", None, "vi"),
    "criterion_province_pilot34": ("criterion", "", "pilot34", None, "vi"),
    "change_province": ("change", "", "all", None, "vi"),
    "change_province_pilot17_selected_en": ("change", "", "pilot17", "30352", "en"),
    "criterion_an_phu": ("criterion", "886", "all", None, "vi"),
}
PROVINCE_VIEWS = [(mode, "", group, selected, lang) for lang in ("vi", "en") for mode in ("count", "criterion", "change")
                  for group in ("all", "pilot34", "pilot17") for selected in (None, "30352")]
PAYLOAD_TARGET = 90_000
MAP_PATH = "/map?period=2013-12"



def bench_province(url: str, runs: int) -> dict:
    engine = ensure_database(url, load_sample_data=True)
    with session_scope(engine) as s:
        status, communes, districts = queries.status(session=s), queries.communes(session=s), queries.districts(session=s)
        groups, criteria = queries.groups(session=s), queries.criteria(session=s)
        periods = queries.periods_with_data(session=s)
    t0 = time.perf_counter()
    geo = geometry()  # once per process in the app
    units = map_units(communes, districts, geo)
    geo.shapes(fitted_view(geo.communes.total_bounds).zoom)  # the province's level of detail
    cold_ms = round((time.perf_counter() - t0) * 1000, 1)

    def builder(period: str):
        compare = default_compare(periods, period)
        in_force = criteria[criteria["set_id"] == set_in_force(status, period)].sort_values("number")
        names = {lang: {k: f"{n}. {v}" for k, n, v in zip(in_force["key"], in_force["number"], short)}
                 for lang, short in (("vi", in_force["short_name_vi"].fillna(in_force["name_vi"])),
                                     ("en", in_force["name_en"].fillna(in_force["name_vi"])))}
        number = int(in_force.set_index("key").at["security", "number"])
        figures = {}

        def build(mode: str, district: str, group: str, selected: str | None = None, lang: str = "vi",
                  fresh: bool = False) -> str:
            """The deck JSON of a view; `fresh`: the month's figures computed again (a rerun after the
            period changed), else cached as the page caches them."""
            criterion = "security" if mode == "criterion" else None
            if fresh or mode not in figures:
                figures[mode] = month_figures(status, units, period, compare=compare, criterion=criterion)
            request = MapRequest(mode=mode, lang=lang, period=period, compare=compare, criterion_key=criterion,
                                 criterion_number=number if criterion else None, district=district,
                                 group=group, group_members=groups.get(group, frozenset()), selected=selected,
                                 criteria_total=len(in_force))
            return build_map(figures[mode], units, request, groups, names[lang], fmt_period(compare, lang),
                             fmt_period(period, lang), geo).spec

        return build

    build = builder("2013-12")
    by_view, payload = {}, {}
    for name, view in VIEWS.items():
        build(*view)  # warm-up
        by_view[name] = median_ms(lambda v=view: build(*v, fresh=True), runs)
        payload[name] = len(build(*view).encode())
    largest = {}
    for period in sorted({"2013-12", periods[-1], *periods[::6]}):
        b = builder(period)
        sizes = {view: len(b(*view).encode()) for view in PROVINCE_VIEWS}
        worst = max(sizes, key=sizes.get)
        largest[period] = {"bytes": sizes[worst], "view": "/".join(str(v) for v in worst if v)}
    return {
        "province_units": len(units),
        "province_cold_ms": cold_ms,
        "province_build_ms": by_view["count_province"],
        "province_build_ms_by_view": by_view,
        "province_payload_bytes": max(largest["2013-12"]["bytes"], largest[periods[-1]]["bytes"]),
        "province_payload_bytes_by_view": payload,
        "province_payload_by_month": largest,
    }


# Records, in the page's own clock (ms since navigation start), when Streamlit became idle after the
# page's run (the same condition as devtools.streamlit_server.wait_idle; READY is the page's last
# element, the floor's only one), when the deck.gl canvas appeared, and the main thread's long tasks.
_MARKS = """
window.__ntmLong = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__ntmLong.push([e.startTime, e.duration]);
}).observe({type: 'longtask', buffered: true});
new MutationObserver(() => {
  const q = (s) => document.querySelector(s);
  if (!window.__ntmIdle && q(READY)
      && q('[data-testid=stApp][data-test-script-state=notRunning]') && !q('[data-testid=stStatusWidget]')) {
    window.__ntmIdle = performance.now();
  }
  if (!window.__ntmCanvas && q('[data-testid=stDeckGlJsonChart] canvas')) window.__ntmCanvas = performance.now();
}).observe(document, {subtree: true, childList: true, attributes: true});
"""
def _load(context, url: str, ready: str, canvas: bool) -> dict:
    """One page load in a new tab: the page's own times (s), websocket bytes, long tasks until idle."""
    page = context.new_page()
    page.add_init_script(_MARKS.replace("READY", json.dumps(ready)))
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    received = [0]

    def frame(event):
        r = event["response"]  # binary frames (Streamlit's protobuf) arrive base64-encoded
        received[0] += len(base64.b64decode(r["payloadData"])) if r.get("opcode") == 2 else len(r["payloadData"])

    cdp.on("Network.webSocketFrameReceived", frame)
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_function("window.__ntmIdle !== undefined", timeout=120_000)
    wall = time.perf_counter() - t0
    if canvas:
        page.wait_for_function("window.__ntmCanvas !== undefined", timeout=120_000)
    idle, canvas_at, long_tasks = page.evaluate("[window.__ntmIdle, window.__ntmCanvas, window.__ntmLong]")
    page.close()
    return {"wall": wall, "idle": idle / 1000, "canvas": (canvas_at or 0) / 1000, "ws": received[0],
            "busy": sum(d for start, d in long_tasks if start < idle) / 1000}


def bench_browser(url: str, loads: int) -> dict:
    """Warm loads in new tabs of one browser, alternating the empty page and /map, so both see the
    same machine load; medians, and the ratio of the medians."""
    from playwright.sync_api import sync_playwright

    floor, maps = [], []
    with tempfile.TemporaryDirectory() as tmp, streamlit_server(write_floor_app(Path(tmp))) as floor_base, \
            streamlit_server(database_url=url) as base, sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(viewport={"width": 1280, "height": 720})  # one profile: warm HTTP cache
        first = _load(context, base + MAP_PATH, READY, True)
        _load(context, floor_base, READY, False)
        for _ in range(loads):
            floor.append(_load(context, floor_base, READY, False))
            maps.append(_load(context, base + MAP_PATH, READY, True))
        browser.close()

    def median(rows, key, digits=2):
        return round(statistics.median(r[key] for r in rows), digits)

    return {"floor_idle_s": median(floor, "idle"), "map_idle_s": median(maps, "idle"),
            "map_idle_ratio": round(median(maps, "idle", 4) / median(floor, "idle", 4), 2),
            "map_canvas_s": median(maps, "canvas"), "map_idle_first_s": round(first["idle"], 2),
            "map_websocket_bytes": int(median(maps, "ws", 0)), "floor_websocket_bytes": int(median(floor, "ws", 0)),
            "map_main_thread_busy_s": median(maps, "busy"), "floor_main_thread_busy_s": median(floor, "busy"),
            "map_wall_s": median(maps, "wall"), "floor_wall_s": median(floor, "wall"),
            "floor_idle_runs_s": [round(r["idle"], 2) for r in floor],
            "map_idle_runs_s": [round(r["idle"], 2) for r in maps]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--page-loads", type=int, default=7)
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
    result["targets"] = {"province_build_ms": 50, "province_payload_bytes": PAYLOAD_TARGET, "map_idle_ratio": 1.25,
                         "national_build_ms": 1000, "national_payload_bytes": 6_000_000}
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
