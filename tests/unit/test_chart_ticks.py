"""Axes of small counts show whole numbers only (issue 11: a y-axis read "0 1 1 2 2")."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from domain import overview
from domain.bands import make_bands
from domain.forecast import Forecast
from domain.phrase import Phrase
from domain.targets import Target
from ui import charts, progress_charts, tasks_charts
from ui.shell import PageContext


def ctx(lang="vi"):
    return PageContext(key="progress", lang=lang, notices=None, filters_line=None)


@pytest.mark.parametrize("top,step", [(0, 1), (2, 1), (2.3, 1), (8, 1), (9, 2), (16, 2), (17, 5), (40, 5),
                                      (81, 20), (119, 20), (1000, 200)])
def test_integer_dtick_is_a_whole_nice_step(top, step):
    assert charts.integer_dtick(top) == step
    assert top / step <= 8


def ticks(axis) -> list[float]:
    """The tick values plotly draws for a linear axis with tick0 and dtick, up to `top`."""
    return [axis.tick0 + i * axis.dtick for i in range(20)]


def test_progress_band_bars_with_two_communes_tick_by_one():
    dist = pd.DataFrame({"label": [b.label for b in make_bands(19)[:2]], "upper": [4, 9], "communes": [2, 1]})
    fig = progress_charts.band_bars(ctx(), dist, 5)
    y = fig.layout.yaxis
    assert (y.dtick, y.tick0, y.tickformat) == (1, 0, ",d")
    assert all(float(v).is_integer() for v in ticks(y))


def test_overview_band_bars_and_trend_tick_by_whole_numbers():
    dist = pd.DataFrame({"label": [b.label for b in make_bands(19)[::5]], "communes": [2, 0], "previous": [1, None]})
    assert charts.band_bars(dist, ctx()).layout.yaxis.dtick == 1
    counts = pd.DataFrame({"commune_code": ["A", "B", "A", "B"], "period": ["2013-01", "2013-01", "2013-02", "2013-02"],
                           "criteria_met": [19, 10, 19, 19], "criteria_total": [19] * 4})
    fig = charts.trend(overview.monthly_totals(counts, ["A", "B"]), "2013-02", ctx())
    assert fig.layout.yaxis.dtick == 1 and fig.layout.yaxis.tickformat == ",d"


def test_target_trend_of_a_small_count_ticks_by_one_and_a_larger_one_by_a_nice_step():
    t = Target("t", "vi", "en", "communes_standard", None, None, "all", ">=", 2, None, None, date(2013, 12, 31))
    s = pd.Series([0, 1, 1, 2], index=["2013-01", "2013-02", "2013-03", "2013-04"])
    fc = Forecast(2.0, 2.0, 3.0, Phrase("forecast.method.no_data"), "2013-12", "2013-04")
    fig = progress_charts.target_trend(ctx(), t, [("x", s)], "2013-04", [fc])
    assert fig.layout.yaxis.dtick == 1
    fig = progress_charts.target_trend(ctx(), replace(t, target_count=17), [("x", s * 45)], "2013-04", [None])
    assert fig.layout.yaxis.dtick == 20  # up to 90 communes: 0, 20, …, 80


def test_tasks_by_agency_ticks_by_whole_numbers():
    counts = pd.DataFrame({"agency_key": ["a", "b"], "tasks": [3, 1],
                           **{s: [1 if i == 0 else 0, 0] for i, s in enumerate(tasks_charts.STATUSES)}})
    counts.loc[0, tasks_charts.STATUSES[0]] = 3
    counts.loc[1, tasks_charts.STATUSES[0]] = 1
    fig = tasks_charts.agency_status(counts, {"a": "Sở A", "b": "Sở B"}, ctx())
    assert fig.layout.xaxis.dtick == 1 and fig.layout.xaxis.tickformat == ",d"
