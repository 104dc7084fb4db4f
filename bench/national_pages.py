"""What the pages compute, timed step by step, for bench/bench_national.py: the same functions the
pages call (data_access.queries + domain), every step in a session of its own, nothing cached
between runs."""
from __future__ import annotations

import statistics
import sys
import time
from contextlib import contextmanager

import pandas as pd

from data_access import queries
from data_access.db import session_scope
from domain import map_figures, overview
from domain.forecast import forecast_aggregated
from domain.ranking import band_distribution, criterion_coverage, district_comparison
from domain.target_readings import (
    aggregate_request,
    alternatives,
    chosen_targets,
    rows_reader,
    target_readings,
)
from domain.targets import Target, evaluate, metric_series


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
            "periods": lambda session: queries.periods_with_data(session=session, province=p),
            "communes": lambda session: queries.communes(session=session, province=p),
            "districts": lambda session: queries.districts(session=session, province=p),
            "groups": queries.groups, "targets": queries.targets, "criteria": queries.criteria,
            "has_sample": queries.has_sample,
        }
        for name, read in readers.items():
            with step(name), self._s() as s:
                out[name] = read(session=s)
        return out

    def overview_month(self, step: Steps, ref: dict | None = None) -> dict:
        ref = ref or self.shared(Steps())
        prev = overview.previous_period(ref["periods"], self.period)
        with step("counts_2_months"), self._s() as s:
            counts = queries.counts(session=s, periods=[self.period, prev], province=self.province)
        with step("domain"):
            codes = overview.scope_codes(ref["communes"], ref["groups"], district="", group="all")
            head = overview.headline(counts, codes, period=self.period, prev=prev)
            overview.distribution(counts, codes, period=self.period, prev=prev)
            overview.by_district(counts, ref["communes"], codes=codes, period=self.period, prev=prev)
        self.sizes["overview_counts_rows"] = len(counts)
        return {"communes": head.communes, "standard": head.standard, "average_met": round(head.average_met, 2)}

    def overview_page(self, step: Steps, ref: dict | None = None) -> None:
        """ui/overview_view.scope: the month's and the month before's counts (overview_month) and
        the trend's totals, one row per month counted in the database (queries.monthly_totals)."""
        ref = ref or self.shared(Steps())
        self.overview_month(step, ref)
        with step("monthly_totals"), self._s() as s:
            totals = queries.monthly_totals(session=s, province=self.province)
        self.sizes["overview_page_trend_rows"] = len(totals)

    def map(self, step: Steps, ref: dict | None = None) -> dict:
        ref = ref or self.shared(Steps())
        compare = map_figures.default_compare(ref["periods"], self.period)
        with step("counts_month"), self._s() as s:  # map_view.criteria_in_force
            month = queries.counts(session=s, periods=[self.period], province=self.province)
        with step("set_in_force"):
            map_figures.set_in_force(month, self.period)
        with step("counts_compare"), self._s() as s:  # map_view._figures (the month's read is cached)
            other = [] if compare in (None, self.period) else [queries.counts(session=s, periods=[compare], province=self.province)]
            counts = pd.concat([month, *other], ignore_index=True)
        units = self.units_for(ref)
        with step("month_figures"):
            figs = map_figures.month_figures_from_counts(counts, ref["criteria"], units, period=self.period, compare=compare, criterion=None)
        self.sizes["map_counts_rows"] = len(counts)
        self.sizes["map_units"] = len(units)
        return {"units": len(figs), "with_data": int(figs["has_data"].sum()), "compare": compare}

    def _targets(self, ref: dict) -> list[Target]:
        return [Target.from_mapping(r) for r in ref["targets"].to_dict("records")]

    def _rows_by_target(self, step: Steps, every: list[Target], groups: dict):
        """ui/progress_data._aggregates and _rows_reader: the same request and the same cut."""
        wanted, keys = aggregate_request(every, groups)
        with step("aggregates"), self._s() as s:
            counts, shares = queries.aggregates(session=s, criterion_keys=keys, groups=wanted, province=self.province)
        self.sizes["progress_aggregate_rows"] = len(counts) + len(shares)
        return rows_reader(counts, shares)

    def _forecaster(self, step: Steps, ref: dict, rows):
        """ui/progress_data.forecast: once per target, the pace sums once per months × group."""
        paces, forecasts = {}, {}

        def read_paces(months: list[str], group: str):
            if (tuple(months), group) not in paces:
                with step("paces"), self._s() as s:
                    paces[tuple(months), group] = queries.paces(session=s, periods=months, group=group, province=self.province)
                self.sizes["progress_pace_rows"] = len(paces[tuple(months), group])
            return paces[tuple(months), group]

        def read_counts(months: list[str]):
            with step("counts_window"), self._s() as s:
                return queries.counts(session=s, periods=months, province=self.province)

        def forecast(t: Target, period: str):
            if (t, period) not in forecasts:
                forecasts[t, period] = forecast_aggregated(t, rows(t), groups=ref["groups"], as_of_period=period, read_paces=read_paces,
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
                    evaluate(r, rows(r), groups=groups, period=self.period, forecaster=forecast)
                for o in alternatives(t, every):
                    evaluate(o, rows(o), groups=groups, period=self.period, forecaster=forecast)
                ev = evaluate(t, rows(t), groups=groups, period=self.period, forecaster=forecast)
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
                    metric_series(r, rows(r), groups=groups)

    def progress_month_rows(self, step: Steps, ref: dict | None = None) -> None:
        """pages/progress.py's other sections: the month's criterion rows (unfolded from the summary,
        queries.month_status, as ui.data.status reads a month), then the bands, the criteria and the
        districts counted from them."""
        ref = ref or self.shared(Steps())
        with step("month_rows"), self._s() as s:
            month = queries.month_status(session=s, periods=[self.period], province=self.province)
        codes = overview.scope_codes(ref["communes"], ref["groups"], district="", group="all")
        with step("bands"):
            band_distribution(month[month["commune_code"].isin(codes)], self.period)
        with step("criteria"):
            pilots = sorted(ref["groups"].get("pilot17", ()))
            criterion_coverage(month, {"pilot17": pilots}, period=self.period)
        with step("districts"):
            communes = ref["communes"]
            district_comparison(chosen_targets(self._targets(ref)), month, communes=communes[communes["assessed"]],
                                period=self.period)
        self.sizes["progress_month_rows"] = len(month)


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
