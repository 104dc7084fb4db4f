"""National scale on PostgreSQL (issue 13, point 5): the whole country's communes × 60 months × 19
criteria, and what the pages compute from it.

1. Load (skipped when the database already holds it, `--reload` forces it): a PostgreSQL database
   of its own (default ntm_national on 127.0.0.1:5432, made if missing), schema and reference data
   by ensure_database, every unit of ../shared/data/vn_communes_lowres.geojson, a synthetic history
   by COPY, the summary table, ANALYZE (bench/national_data.py says how).
   What the pages compute, timed, is bench/national_pages.py.
2. Data, warm (median of --runs runs after one warm-up), for one month (--period, default 2013-12),
   for the whole country and for one province (--province, default 89 An Giang), with the same
   functions the pages call (data_access.queries + domain); every step of a run opens its own
   session, as the pages' cached readers do, and nothing is cached between runs (what a page
   recomputes after a save has changed the data version):
   - shared reads: what every page's setup reads once per data version (months with data,
     communes, districts, groups, targets, criteria, has_sample);
   - overview: counts of the month and the month before, headline, distribution, by district;
     `overview_page` is what ui/overview_view.scope reads: the same, and the trend's totals per
     month counted in the database (queries.monthly_totals);
   - map: ui/map_view's reads (the month's counts for the set in force, then the counts and masks
     of the month and the compare month) and domain.map_figures.month_figures_from_counts over the
     units (the whole country: every unit of the national file; the province: the province's
     boundary file, ui/map_deck);
   - progress: every target evaluated as ui/progress_data._views does: the database's aggregates
     of the summary (queries.aggregates: communes per month × criteria met × assessed, and the share
     criteria's counts from the masks, per group), and each forecast from one row of pace sums per
     commune over its window's months (queries.paces, read once per months × group as the page's
     cache does); `progress_series` is every target's series from the same aggregates;
     `progress_month_rows` is pages/progress.py's other sections' read (the month's criterion rows).
   - save: services.assessments.save_assessments of one commune's 19 criteria by an editor (summary
     refresh, stamp, audit, commit); each run flips them, an even number of runs leaves them as
     they were.
   - the national map build and payload: bench/bench_geo.bench_national on the 11,163 units.
3. The app (bench/national_server.py): Streamlit on this database with NTM_PROVINCE, against an
   empty Streamlit page, in headless Chromium; each page's ratio to the floor, and the server's
   peak memory (VmHWM).

    python bench/bench_national.py [--url URL] [--reload] [--runs 5] [--no-app] [--app-runs 3]
                                   [--no-reference] [--no-map-build] [--period 2013-12] [--province 89]

About 5 to 10 minutes on a loaded database, plus 4 to 5 minutes for a load (`--reload`). The
figures move 2–3x with the machine's load (printed at the start and the end): compare within a
run (pages against the floor and the sample control), not across runs.

Targets: every data figure <= 300 ms, a save <= 100 ms, the national map build <= 1 s, the server
<= 1 GB, the pages (province view) <= 1.25x the floor warm.
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

from bench.national_pages import Steps, data_figures, log, measure  # noqa: E402
from data_access.db import get_engine, session_scope  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/ntm_national"
# The shared folder beside the clone (/work/shared for /work/main; a worktree under /work/wt/ looks
# one level further up), or NTM_SHARED_DIR.
SHARED = Path(os.environ.get("NTM_SHARED_DIR") or next(
    (d for d in (REPO.parent / "shared", REPO.parent.parent / "shared") if d.is_dir()), REPO.parent / "shared"))
GEOJSON = SHARED / "data" / "vn_communes_lowres.geojson"
EDITOR = "bench-national-editor"
TARGETS = {"data_ms": 300, "save_ms": 100, "national_build_ms": 1000, "server_peak_bytes": 1 << 30,
           "page_warm_ratio": 1.25}


# --- a save ----------------------------------------------------------------------------------

def _editor(engine) -> None:
    from data_access.models import AppUser
    from services import accounts
    from services.guard import command_line_actor

    with session_scope(engine) as s:
        if s.query(AppUser).filter_by(username=EDITOR).first() is None:
            accounts.add_user(session=s, actor=command_line_actor(), username=EDITOR, password="bench-mat-khau-1",
                              role="editor", origin="cli")


def save_figures(engine, period: str, commune: str, runs: int) -> dict:
    from data_access.assessments import AssessmentEdit, current_records
    from data_access.criteria import criteria_by_period
    from domain.actor import Actor
    from services.assessments import save_assessments

    _editor(engine)
    actor = Actor(EDITOR, "editor")

    def once(step: Steps) -> None:
        with step("read_current"), session_scope(engine) as s:
            ids = criteria_by_period(session=s, periods=[period])[period]
            current = current_records(session=s, period=period, commune_codes=[commune])
        edits = [AssessmentEdit(commune, cid, period, not current[(commune, cid)].met, "bench: đổi kết quả",
                                {}, current[(commune, cid)].version) for cid in ids.values()]
        with step("save_commit"), session_scope(engine) as s:
            n = save_assessments(session=s, actor=actor, edits=edits, origin="page")
        assert n == len(edits) == 19, n

    runs = runs if runs % 2 else runs + 1  # with the warm-up, an even number of flips in all
    result = measure(once, runs)
    result["commune"], result["criteria"], result["saves"] = commune, 19, runs + 1
    result["save_ms"] = result["steps_ms"]["save_commit"]
    return result


# --- main ------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default=os.environ.get("NTM_NATIONAL_URL", DEFAULT_URL))
    ap.add_argument("--reload", action="store_true", help="drop the database and load it again")
    ap.add_argument("--period", default="2013-12")
    ap.add_argument("--province", default="89")
    ap.add_argument("--commune", default="30346", help="the commune an editor saves")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--map-runs", type=int, default=3)
    ap.add_argument("--no-map-build", action="store_true")
    ap.add_argument("--no-app", action="store_true")
    ap.add_argument("--app-runs", type=int, default=3)
    ap.add_argument("--no-reference", action="store_true",
                    help="without the control server on the province's sample in SQLite")
    args = ap.parse_args(argv)

    from bench import national_data

    result: dict = {"url": args.url, "period": args.period, "province": args.province, "runs": args.runs,
                    "load_average_start": list(os.getloadavg())}
    log("load …")
    result["load"] = national_data.load(args.url, GEOJSON, reload=args.reload, log=log)
    result["database"] = national_data.counts_and_size(args.url)
    engine = get_engine(args.url)
    log("data …")
    result["country"] = data_figures(engine, args.period, None, args.runs)
    result["province_view"] = data_figures(engine, args.period, args.province, args.runs)
    log("save …")
    result["save"] = save_figures(engine, args.period, args.commune, max(args.runs, 4))
    if not args.no_map_build:
        log("national map build …")
        from bench.bench_geo import bench_national

        result["national_map"] = _section(lambda: bench_national(GEOJSON, 11_163, args.map_runs))
    if not args.no_app:
        log("app …")
        from bench.national_server import bench_app

        result["app"] = _section(lambda: bench_app(args.url, args.province, args.app_runs, args.period,
                                                   reference=not args.no_reference))
    result["load_average_end"] = list(os.getloadavg())
    result["targets"] = TARGETS
    result["misses"] = misses(result)
    print(json.dumps(result, ensure_ascii=False))
    return 0


def _section(fn) -> dict:
    """A section's figures, or the error that stopped it (the other figures are still printed)."""
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 (reported in the JSON)
        log(f"failed: {exc!r}")
        return {"error": repr(exc)}


def misses(result: dict) -> list[str]:
    out = []
    for view in ("country", "province_view"):
        for name, fig in result.get(view, {}).items():
            if isinstance(fig, dict) and "ms" in fig and fig["ms"] > TARGETS["data_ms"]:
                out.append(f"{view}.{name}: {fig['ms']} ms > {TARGETS['data_ms']} ms")
    if result.get("save", {}).get("save_ms", 0) > TARGETS["save_ms"]:
        out.append(f"save: {result['save']['save_ms']} ms > {TARGETS['save_ms']} ms")
    for section in ("national_map", "app"):
        if "error" in (result.get(section) or {}):
            out.append(f"{section}: not measured ({result[section]['error']})")
    build = result.get("national_map", {}).get("national_build_ms")
    if build and build > TARGETS["national_build_ms"]:
        out.append(f"national map build: {build} ms > {TARGETS['national_build_ms']} ms")
    app = result.get("app") or {}
    for page, fig in (app.get("pages") or {}).items():
        if fig.get("ratio") and fig["ratio"] > TARGETS["page_warm_ratio"]:
            out.append(f"app {page}: {fig['ratio']}x the floor > {TARGETS['page_warm_ratio']}x")
    if app.get("server_peak_bytes", 0) > TARGETS["server_peak_bytes"]:
        out.append(f"server peak memory {app['server_peak_bytes']} B > 1 GB")
    return out


if __name__ == "__main__":
    raise SystemExit(main())
