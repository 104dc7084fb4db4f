"""/progress counts its targets from aggregates the database makes of the summary table, and each
forecast from per-commune pace sums over its window's months: on the sample history, every target's
series and evaluations (value, gap, status, forecast) are exactly those the commune counts and
criterion rows gave, on each backend; and the aggregates and sums are those of the rows."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from data_access import queries
from data_access.db import get_engine, session_scope
from domain import forecast
from domain.forecast import forecast_aggregated, forecast_rows, window_periods
from domain.target_readings import target_readings
from domain.targets import Target, commune_counts, evaluate, metric_series

# Before, between and after the deadlines (2013-12, 2015-12): forecasts, deadline values, no data.
PERIODS = ("2011-01", "2012-07", "2013-06", "2013-11", "2013-12", "2014-09", "2015-12")


@pytest.fixture(scope="module")
def sample(ready_url):
    engine = get_engine(ready_url)
    with session_scope(engine) as s:
        every = [Target.from_mapping(r) for r in queries.targets(session=s).to_dict("records")]
        groups = queries.groups(session=s)
        keys = {t.criterion_key for t in every if t.metric == "criterion_share"}
        wanted = {t.group for t in every} | {"all", "pilot34", "pilot17"}
        return {
            "engine": engine, "targets": every, "groups": groups, "criteria": queries.criteria(session=s),
            "counts": queries.counts(session=s), "shares": {k: queries.status(session=s, criterion_keys=[k]) for k in keys},
            **dict(zip(("aggregates", "share_counts"), queries.aggregates(session=s, criterion_keys=keys, groups=wanted))),
        }


def every_reading(targets):
    return [r for t in targets for r in [t, *target_readings(t, targets=targets).values()]]


def test_the_aggregates_are_sums_of_the_commune_counts(sample):
    counts, agg, groups = sample["counts"], sample["aggregates"], sample["groups"]
    assert set(agg["group"]) == {"all", "pilot34", "pilot17"}
    for group in ("all", "pilot17"):
        rows = counts if group == "all" else counts[counts["commune_code"].isin(groups[group])]
        expected = rows.groupby(["period", "criteria_met", "criteria_total"]).size().rename("communes")
        got = agg[agg["group"] == group].set_index(["period", "criteria_met", "criteria_total"])["communes"]
        assert got.sort_index().to_dict() == expected.sort_index().to_dict()
    security = sample["shares"]["security"]
    by_month = security.groupby("period")["met"].agg(["sum", "size"])
    got = sample["share_counts"].query("group == 'all' and criterion_key == 'security'").set_index("period")
    assert got["met"].to_dict() == by_month["sum"].to_dict()
    assert got["assessed"].to_dict() == by_month["size"].to_dict()


def test_series_and_evaluations_are_those_of_the_rows(sample):
    groups, engine = sample["groups"], sample["engine"]

    def old(t: Target) -> pd.DataFrame:
        return sample["shares"][t.criterion_key] if t.metric == "criterion_share" else sample["counts"]

    def new(t: Target) -> pd.DataFrame:
        shares = sample["share_counts"]
        return shares[shares["criterion_key"] == t.criterion_key] if t.metric == "criterion_share" \
            else sample["aggregates"]

    def read_paces(months: list[str], group: str):
        assert 0 < len(months) <= 12
        with session_scope(engine) as s:
            return queries.paces(session=s, periods=months, group=group)

    def read_counts(months: list[str]):
        with session_scope(engine) as s:
            return queries.counts(session=s, periods=months)

    def forecaster(t: Target, period: str):  # as ui/progress_data: one row per commune of pace sums
        return forecast_aggregated(t, new(t), groups=groups, as_of_period=period, read_paces=read_paces, read_counts=read_counts,
                                   criteria=sample["criteria"])

    readings = every_reading(sample["targets"])
    assert {t.metric for t in readings} == {"communes_min_criteria", "communes_below_criteria", "criterion_share",
                                            "communes_standard"}
    statuses, forecasts = set(), 0
    for t in readings:
        before, after = metric_series(t, old(t), groups=groups), metric_series(t, new(t), groups=groups)
        pd.testing.assert_series_equal(after, before)
        assert len(after) == 60
        for period in PERIODS:
            expected = evaluate(t, old(t), groups=groups, period=period)
            assert evaluate(t, new(t), groups=groups, period=period, forecaster=forecaster) == expected, (t.key, period)
            statuses.add(expected.status)
            forecasts += expected.forecast is not None and not expected.forecast.is_actual
    assert statuses >= {"met", "not_met", "on_track", "off_track"} and forecasts > 20


def test_a_share_forecast_reads_the_criterion_from_the_masks(sample):
    security = sample["shares"]["security"]
    counts = sample["counts"]
    target = next(t for t in sample["targets"] if t.metric == "criterion_share")
    rows = forecast_rows(target, counts[counts["period"].isin(["2013-05", "2013-06"])], sample["criteria"])
    expected = security[security["period"].isin(["2013-05", "2013-06"])]
    assert len(rows) == len(expected) == 2 * 119
    key = ["commune_code", "period"]
    merged = rows.merge(expected, on=key, suffixes=("", "_rows"))
    assert len(merged) == len(rows) and (merged["met"] == merged["met_rows"]).all()
    assert window_periods(["2013-07", "2013-05", "2013-06", "2013-05"], "2013-06", 12) == ["2013-05", "2013-06"]
    assert window_periods([f"2013-{m:02d}" for m in range(1, 13)], "2013-12", 3) == ["2013-10", "2013-11", "2013-12"]


def test_pace_sums_in_the_database_are_those_of_the_rows(sample):
    months = [f"2013-{m:02d}" for m in (1, 2, 3, 5, 8, 9, 10, 11, 12)]  # gaps: x counts calendar months
    counts, groups = sample["counts"], sample["groups"]
    with session_scope(sample["engine"]) as s:
        every, pilots = queries.paces(session=s, periods=months), queries.paces(session=s, periods=months, group="pilot17")
        assert queries.paces(session=s, periods=[]).empty
    rows = counts[counts["period"].isin(months)]
    pd.testing.assert_frame_equal(every, forecast.paces(commune_counts(rows), months))
    pilot_rows = rows[rows["commune_code"].isin(groups["pilot17"])]
    pd.testing.assert_frame_equal(pilots, forecast.paces(commune_counts(pilot_rows), months))
    assert len(every) == 119 and len(pilots) == 17
    assert set(every["last_x"]) == {11} and set(every["n"]) == {9}


def test_as_of_now_the_history_gives_the_same_aggregates(sample):
    """At a moment after every record, the aggregates counted from the history (the as-of path of
    /progress?asof=…) are those of the summary table."""
    months = [f"2013-{m:02d}" for m in range(1, 13)]
    with session_scope(sample["engine"]) as s:
        now = datetime.now()
        counts, shares = queries.aggregates(session=s, criterion_keys=["security"], asof=now, groups=["all", "pilot17"])
        paces = queries.paces(session=s, periods=months, asof=now, group="pilot17")
        assert queries.aggregates(session=s, criterion_keys=["security"], asof=datetime(2000, 1, 1))[0].empty  # nothing recorded yet
    expected = sample["aggregates"]
    pd.testing.assert_frame_equal(counts, expected[expected["group"].isin(["all", "pilot17"])].reset_index(drop=True))
    share = sample["share_counts"]
    pd.testing.assert_frame_equal(shares, share[share["group"].isin(["all", "pilot17"])].reset_index(drop=True))
    with session_scope(sample["engine"]) as s:
        pd.testing.assert_frame_equal(paces, queries.paces(session=s, periods=months, group="pilot17"))
