"""Cached figures of the progress page: target evaluations, metric series, the security series.

Keyed like ui/data.py on (database URL, data-version stamp), so a save anywhere is seen at once;
the status frame itself is read through ui/data.py's cache inside.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
import streamlit as st

from config import get_settings
from domain.ranking import district_comparison
from domain.targets import (Target, TargetEvaluation, alternatives, chosen_targets, evaluate, metric_series,
                            target_readings)
from ui import data

SECURITY_GROUPS = ("all", "pilot34", "pilot17")


@dataclass(frozen=True)
class TargetView:
    """A target, its evaluation in the month shown, and each of its readings when it reads two ways."""

    target: Target
    evaluation: TargetEvaluation
    readings: tuple[tuple[str, TargetEvaluation], ...] = ()  # ("at_least", …), ("band", …)
    others: tuple[TargetEvaluation, ...] = ()  # the same part of the sentence in the reading not chosen


def _key() -> tuple[str, str]:
    # The page's asof is part of the key: data.counts()/status() inside the cached functions read it.
    return get_settings().database_url, f"{data.data_version()}|{data.current_asof()}"


def _rows(target: Target) -> pd.DataFrame:
    """What a target is counted from, every month: the summary's counts per commune-month, or, for a
    criterion's share, that criterion's rows only."""
    if target.metric == "criterion_share":
        return data.status(criterion_keys=[target.criterion_key])
    return data.counts()


def all_targets() -> list[Target]:
    """Every target row, of the chosen readings and the others."""
    return [Target.from_mapping(row) for row in data.targets().to_dict("records")]


def targets() -> list[Target]:
    """The targets the page judges by: those of the chosen readings (one card each)."""
    return chosen_targets(all_targets())


def _readings(target: Target, all_targets: list[Target]) -> dict[str, Target]:
    readings = target_readings(target, targets=all_targets)
    return readings if len(readings) > 1 else {}


@st.cache_data(show_spinner=False, max_entries=32)
def _views(url: str, version: str, period: str) -> list[TargetView]:
    groups, every = data.groups(), all_targets()
    views = []
    for t in chosen_targets(every):
        readings = _readings(t, every)
        evs = tuple((name, evaluate(r, _rows(r), groups, period)) for name, r in readings.items())
        others = tuple(evaluate(o, _rows(o), groups, period) for o in alternatives(t, every))
        views.append(TargetView(t, evaluate(t, _rows(t), groups, period), evs, others))
    return views


def views(period: str) -> list[TargetView]:
    return _views(*_key(), period)


@st.cache_data(show_spinner=False, max_entries=8)
def _series(url: str, version: str) -> dict[str, pd.Series]:
    """Every target's metric (and each reading's) for every month with data, by target key."""
    groups, every = data.groups(), all_targets()
    out = {}
    for t in every:
        for r in [t, *_readings(t, every).values()]:
            out[r.key] = metric_series(r, _rows(r), groups)
    return out


def series() -> dict[str, pd.Series]:
    return _series(*_key())


@st.cache_data(show_spinner=False, max_entries=8)
def _criterion_share(url: str, version: str, criterion_key: str) -> dict[str, pd.Series]:
    status, groups = data.status(criterion_keys=[criterion_key]), data.groups()
    probe = Target("share", "", "", "criterion_share", None, criterion_key, "all", ">", None, 0.0, None,
                   date(2000, 1, 1))  # only the metric matters here, not the goal
    return {g: metric_series(replace(probe, group=g), status, groups)
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
    return columns, district_comparison(columns, month, communes[communes["assessed"]], period)


def district_figures(period: str) -> tuple[list[Target], pd.DataFrame]:
    """The targets counted district by district in `period` (domain.ranking.district_comparison),
    with the targets that are its columns (each reading of a two-way target)."""
    return _district_figures(*_key(), period)
