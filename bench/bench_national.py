"""National scale on PostgreSQL (issue 13, point 5): the whole country's communes × 60 months × 19
criteria, and what the pages compute from it.

1. Load (skipped when the database already holds it, `--reload` forces it): a PostgreSQL database
   of its own (default ntm_national on 127.0.0.1:5432, made if missing), schema and reference data
   by ensure_database, every unit of ../shared/data/vn_communes_lowres.geojson, a synthetic history
   by COPY, the summary table, ANALYZE (bench/national_data.py says how).
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
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

import pandas as pd  # noqa: E402

from data_access import queries  # noqa: E402
from data_access.db import get_engine, session_scope  # noqa: E402
from domain import map_figures, overview  # noqa: E402
from domain.forecast import forecast_aggregated  # noqa: E402
from domain.targets import Target, alternatives, chosen_targets, evaluate, metric_series, target_readings  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/ntm_national"
# The shared folder beside the clone (/work/shared for /work/main; a worktree under /work/wt/ looks
# one level further up), or NTM_SHARED_DIR.
SHARED = Path(os.environ.get("NTM_SHARED_DIR") or next(
    (d for d in (REPO.parent / "shared", REPO.parent.parent / "shared") if d.is_dir()), REPO.parent / "shared"))
GEOJSON = SHARED / "data" / "vn_communes_lowres.geojson"
EDITOR = "bench-national-editor"
TARGETS = {"data_ms": 300, "save_ms": 100, "national_build_ms": 1000, "server_peak_bytes": 1 << 30,
           "page_warm_ratio": 1.25}


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


# --- timing ----------------------------------------------------------------------------------

class Steps:
    """Named steps of one run, timed."""

    def __init__(self) -> None:
        self.ms: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str):
        t0 = time.perf_counter()
        yield
        self.ms[name] = self.ms.get(name, 0.0) + (time.perf_counter() - t0) * 1000


def measure(fn, runs: int) -> dict:
    """One warm-up, then `runs` runs: the median total and the median of each step (ms)."""
    fn(Steps())
    totals, steps = [], {}
    for _ in range(runs):
        st = Steps()
        t0 = time.perf_counter()
        fn(st)
        totals.append((time.perf_counter() - t0) * 1000)
        for k, v in st.ms.items():
            steps.setdefault(k, []).append(v)
    return {"ms": round(statistics.median(totals), 1), "min_ms": round(min(totals), 1),
            "steps_ms": {k: round(statistics.median(v), 1) for k, v in steps.items()}}


# --- what the pages compute ------------------------------------------------------------------

class Pages:
    def __init__(self, engine, period: str, province: str | None, units_for):
        self.engine, self.period, self.province, self.units_for = engine, period, province, units_for
        self.sizes: dict[str, int] = {}

    def _s(self):
        return session_scope(self.engine)

    def shared(self, step: Steps) -> dict:
        p, out = self.province, {}
        readers = {
            "periods": lambda s: queries.periods_with_data(s, province=p),
            "communes": lambda s: queries.communes(s, province=p),
            "districts": lambda s: queries.districts(s, province=p),
            "groups": queries.groups, "targets": queries.targets, "criteria": queries.criteria,
            "has_sample": queries.has_sample,
        }
        for name, read in readers.items():
            with step(name), self._s() as s:
                out[name] = read(s)
        return out

    def overview_month(self, step: Steps, ref: dict | None = None) -> dict:
        ref = ref or self.shared(Steps())
        prev = overview.previous_period(ref["periods"], self.period)
        with step("counts_2_months"), self._s() as s:
            counts = queries.counts(s, [self.period, prev], province=self.province)
        with step("domain"):
            codes = overview.scope_codes(ref["communes"], ref["groups"], "", "all")
            head = overview.headline(counts, codes, self.period, prev)
            overview.distribution(counts, codes, self.period, prev)
            overview.by_district(counts, ref["communes"], codes, self.period, prev)
        self.sizes["overview_counts_rows"] = len(counts)
        return {"communes": head.communes, "standard": head.standard, "average_met": round(head.average_met, 2)}

    def overview_page(self, step: Steps, ref: dict | None = None) -> None:
        """ui/overview_view.scope: the month's and the month before's counts (overview_month) and
        the trend's totals, one row per month counted in the database (queries.monthly_totals)."""
        ref = ref or self.shared(Steps())
        self.overview_month(step, ref)
        with step("monthly_totals"), self._s() as s:
            totals = queries.monthly_totals(s, province=self.province)
        self.sizes["overview_page_trend_rows"] = len(totals)

    def map(self, step: Steps, ref: dict | None = None) -> dict:
        ref = ref or self.shared(Steps())
        compare = map_figures.default_compare(ref["periods"], self.period)
        with step("counts_month"), self._s() as s:  # map_view.criteria_in_force
            month = queries.counts(s, [self.period], province=self.province)
        with step("set_in_force"):
            map_figures.set_in_force(month, self.period)
        with step("counts_compare"), self._s() as s:  # map_view._figures (the month's read is cached)
            other = [] if compare in (None, self.period) else [queries.counts(s, [compare], province=self.province)]
            counts = pd.concat([month, *other], ignore_index=True)
        units = self.units_for(ref)
        with step("month_figures"):
            figs = map_figures.month_figures_from_counts(counts, ref["criteria"], units, self.period, compare, None)
        self.sizes["map_counts_rows"] = len(counts)
        self.sizes["map_units"] = len(units)
        return {"units": len(figs), "with_data": int(figs["has_data"].sum()), "compare": compare}

    def _targets(self, ref: dict) -> list[Target]:
        return [Target.from_mapping(r) for r in ref["targets"].to_dict("records")]

    def _rows_by_target(self, step: Steps, every: list[Target], groups: dict):
        """ui/progress_data._aggregates: the groups the targets and the security chart name."""
        wanted = {t.group for t in every} | {g for g in ("all", "pilot34", "pilot17") if g == "all" or g in groups}
        keys = {t.criterion_key for t in every if t.metric == "criterion_share"}
        with step("aggregates"), self._s() as s:
            counts, shares = queries.aggregates(s, keys, groups=wanted, province=self.province)
        self.sizes["progress_aggregate_rows"] = len(counts) + len(shares)
        parts = {}  # ui/progress_data._rows_reader: each target's group cut once

        def rows(t: Target):
            key = (t.criterion_key if t.metric == "criterion_share" else None, t.group)
            if key not in parts:
                frame = counts if key[0] is None else shares[shares["criterion_key"] == key[0]]
                parts[key] = frame[frame["group"] == t.group]
            return parts[key]
        return rows

    def _forecaster(self, step: Steps, ref: dict, rows):
        """ui/progress_data.forecast: once per target, the pace sums once per months × group."""
        paces, forecasts = {}, {}

        def read_paces(months: list[str], group: str):
            if (tuple(months), group) not in paces:
                with step("paces"), self._s() as s:
                    paces[tuple(months), group] = queries.paces(s, months, group=group, province=self.province)
                self.sizes["progress_pace_rows"] = len(paces[tuple(months), group])
            return paces[tuple(months), group]

        def read_counts(months: list[str]):
            with step("counts_window"), self._s() as s:
                return queries.counts(s, months, province=self.province)

        def forecast(t: Target, period: str):
            if (t, period) not in forecasts:
                forecasts[t, period] = forecast_aggregated(t, rows(t), ref["groups"], period, read_paces=read_paces,
                                                           read_counts=read_counts, criteria=ref["criteria"])
            return forecasts[t, period]
        return forecast

    def progress(self, step: Steps, ref: dict | None = None) -> dict:
        """ui/progress_data._views: every chosen target, its readings and the other reading."""
        ref = ref or self.shared(Steps())
        groups, every = ref["groups"], self._targets(ref)
        rows = self._rows_by_target(step, every, groups)
        forecast = self._forecaster(step, ref, rows)
        with step("evaluate"):  # including the forecasts' own steps
            out = {}
            for t in chosen_targets(every):
                readings = target_readings(t, targets=every)
                readings = readings if len(readings) > 1 else {}
                for r in readings.values():
                    evaluate(r, rows(r), groups, self.period, forecaster=forecast)
                for o in alternatives(t, every):
                    evaluate(o, rows(o), groups, self.period, forecaster=forecast)
                ev = evaluate(t, rows(t), groups, self.period, forecaster=forecast)
                out[t.key] = ev.status
        return out

    def progress_series(self, step: Steps, ref: dict | None = None) -> None:
        """ui/progress_data._series: every target's (and reading's) metric month by month."""
        ref = ref or self.shared(Steps())
        groups, every = ref["groups"], self._targets(ref)
        rows = self._rows_by_target(step, every, groups)
        with step("metric_series"):
            for t in every:
                readings = target_readings(t, targets=every)
                for r in [t, *(readings.values() if len(readings) > 1 else [])]:
                    metric_series(r, rows(r), groups)

    def progress_month_rows(self, step: Steps, ref: dict | None = None) -> None:
        """pages/progress.py: the month's and the month before's criterion rows."""
        ref = ref or self.shared(Steps())
        prev = overview.previous_period(ref["periods"], self.period)
        with step("status_2_months"), self._s() as s:
            status = queries.status(s, [self.period, prev], province=self.province)
        self.sizes["progress_month_rows"] = len(status)


def country_units(ref: dict):
    """Every unit of the database (the national file's), code and assessed, as month_figures needs."""
    return ref["communes"][["code", "assessed"]]


def province_units(ref: dict):
    """The province's boundary file joined with the database, as ui/map_view.units builds it."""
    from ui.map_deck import geometry, map_units

    key = "_units"
    if key not in province_units.__dict__:
        province_units.__dict__[key] = map_units(ref["communes"], ref["districts"], geometry())
    return province_units.__dict__[key]


def data_figures(engine, period: str, province: str | None, runs: int) -> dict:
    pages = Pages(engine, period, province, province_units if province else country_units)
    ref = pages.shared(Steps())
    out = {"shared_reads": measure(pages.shared, runs)}
    for name in ("overview_month", "overview_page", "map", "progress", "progress_series", "progress_month_rows"):
        fn = getattr(pages, name)
        out[name] = measure(lambda st, fn=fn: fn(st, ref), runs)
        log(f"  {province or 'country'} {name}: {out[name]['ms']} ms")
    out["overview_month"]["figures"] = pages.overview_month(Steps(), ref)
    out["map"]["figures"] = pages.map(Steps(), ref)
    out["progress"]["statuses"] = pages.progress(Steps(), ref)
    out["rows"] = pages.sizes
    return out


# --- a save ----------------------------------------------------------------------------------

def _editor(engine) -> None:
    from data_access.models import AppUser
    from services import accounts
    from services.guard import command_line_actor

    with session_scope(engine) as s:
        if s.query(AppUser).filter_by(username=EDITOR).first() is None:
            accounts.add_user(s, actor=command_line_actor(), username=EDITOR, password="bench-mat-khau-1",
                              role="editor", origin="cli")


def save_figures(engine, period: str, commune: str, runs: int) -> dict:
    from data_access.assessments import AssessmentEdit, current_records
    from data_access.auth import Actor
    from data_access.criteria import criteria_by_period
    from services.assessments import save_assessments

    _editor(engine)
    actor = Actor(EDITOR, "editor")

    def once(step: Steps) -> None:
        with step("read_current"), session_scope(engine) as s:
            ids = criteria_by_period(s, [period])[period]
            current = current_records(s, period, [commune])
        edits = [AssessmentEdit(commune, cid, period, not current[(commune, cid)].met, "bench: đổi kết quả",
                                {}, current[(commune, cid)].version) for cid in ids.values()]
        with step("save_commit"), session_scope(engine) as s:
            n = save_assessments(s, actor=actor, edits=edits, origin="page")
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
