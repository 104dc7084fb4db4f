"""Cached figures of the progress page: target evaluations, metric series, the security series.

Keyed like ui/data.py on (database URL, data-version stamp), so a save anywhere is seen at once.
The targets are counted from aggregates the database makes of the summary table (ui/data.py
`aggregates`: about 1,500 rows for the whole country, not 541,000 commune-months and as many
criterion rows); a forecast, which needs each commune's own pace, reads one row of pace sums per
commune over its window's months, once per target and month (domain.forecast.forecast_aggregated).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
import streamlit as st

from config import get_settings
from domain.forecast import Forecast, forecast_aggregated
from domain.ranking import district_comparison
from domain.target_readings import (
    SECURITY_GROUPS,
    aggregate_request,
    alternatives,
    chosen_targets,
    rows_reader,
    target_readings,
)
from domain.targets import Target, TargetEvaluation, evaluate, metric_series
from ui import data


@dataclass(frozen=True)
class TargetView:
    """A target, its evaluation in the month shown, and each of its readings when it reads two ways."""

    target: Target
    evaluation: TargetEvaluation
    readings: tuple[tuple[str, TargetEvaluation], ...] = ()  # ("at_least", …), ("band", …)
    others: tuple[TargetEvaluation, ...] = ()  # the same part of the sentence in the reading not chosen


def _key() -> tuple[str, str]:
    # The page's asof is part of the key: data.aggregates()/counts() inside the cached functions read it.
    return get_settings().database_url, f"{data.data_version()}|{data.current_asof()}"


def all_targets() -> list[Target]:
    """Every target row, of the chosen readings and the others."""
    return [Target.from_mapping(row) for row in data.targets().to_dict("records")]


def targets() -> list[Target]:
    """The targets the page judges by: those of the chosen readings (one card each)."""
    return chosen_targets(all_targets())


def _aggregates(criterion_key: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(commune counts, criterion counts) of every group a target or the security chart names, for
    the criteria of the share targets (and `criterion_key`)."""
    return data.aggregates(*aggregate_request(all_targets(), data.groups(), criterion_key))


def _rows_reader() -> Callable[[Target], pd.DataFrame]:
    return rows_reader(*_aggregates())


def _rows(target: Target) -> pd.DataFrame:
    return _rows_reader()(target)


@st.cache_data(show_spinner=False, max_entries=128)
def _forecast(url: str, version: str, target: Target, period: str) -> Forecast:
    return forecast_aggregated(target, _rows(target), groups=data.groups(), as_of_period=period, read_paces=data.paces,
                               read_counts=lambda months: data.counts(periods=months), criteria=data.criteria())


def forecast(target: Target, period: str) -> Forecast:
    """The target's forecast at its deadline as of `period`, made once per data version."""
    return _forecast(*_key(), target, period)


def _readings(target: Target, all_targets: list[Target]) -> dict[str, Target]:
    readings = target_readings(target, targets=all_targets)
    return readings if len(readings) > 1 else {}


@st.cache_data(show_spinner=False, max_entries=32)
def _views(url: str, version: str, period: str) -> list[TargetView]:
    groups, every, rows = data.groups(), all_targets(), _rows_reader()

    def judge(t: Target) -> TargetEvaluation:
        return evaluate(t, rows(t), groups=groups, period=period, forecaster=forecast)

    views = []
    for t in chosen_targets(every):
        evs = tuple((name, judge(r)) for name, r in _readings(t, every).items())
        views.append(TargetView(t, judge(t), evs, tuple(judge(o) for o in alternatives(t, every))))
    return views


def views(period: str) -> list[TargetView]:
    return _views(*_key(), period)


@st.cache_data(show_spinner=False, max_entries=8)
def _series(url: str, version: str) -> dict[str, pd.Series]:
    """Every target's metric (and each reading's) for every month with data, by target key."""
    groups, every, rows = data.groups(), all_targets(), _rows_reader()
    out = {}
    for t in every:
        for r in [t, *_readings(t, every).values()]:
            out[r.key] = metric_series(r, rows(r), groups=groups)
    return out


def series() -> dict[str, pd.Series]:
    return _series(*_key())


@st.cache_data(show_spinner=False, max_entries=8)
def _criterion_share(url: str, version: str, criterion_key: str) -> dict[str, pd.Series]:
    groups, (_, shares) = data.groups(), _aggregates(criterion_key)
    probe = Target("share", "", "", "criterion_share", None, criterion_key, "all", ">", None, 0.0, None,
                   date(2000, 1, 1))  # only the metric matters here, not the goal
    return {g: metric_series(replace(probe, group=g), shares, groups=groups)
            for g in SECURITY_GROUPS if g == "all" or g in groups}


def criterion_share(criterion_key: str) -> dict[str, pd.Series]:
    """Share of communes meeting one criterion, month by month, for all communes and each pilot group."""
    return _criterion_share(*_key(), criterion_key)


@st.cache_data(show_spinner=False, max_entries=16)
def _district_figures(url: str, version: str, period: str) -> tuple[list[Target], pd.DataFrame]:
    columns = [ev.target for v in _views(url, version, period)
               for name, ev in [("", v.evaluation), *v.readings] if name in ("", "band")]
    month = data.status(periods=[period])
    communes = data.communes()
    return columns, district_comparison(columns, month, communes=communes[communes["assessed"]], period=period)


def district_figures(period: str) -> tuple[list[Target], pd.DataFrame]:
    """The targets counted district by district in `period` (domain.ranking.district_comparison),
    with the targets that are its columns (each reading of a two-way target)."""
    return _district_figures(*_key(), period)
