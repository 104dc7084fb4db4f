"""The overview's trend counts its figures per month in the database (queries.monthly_totals): on
the sample history, for the province, a district, the groups and an as-of moment, they are those
the commune counts give (domain.overview.monthly_totals over domain.overview.scope_codes), on each
backend."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from data_access import queries
from data_access.db import get_engine, session_scope
from domain import overview


@pytest.fixture(scope="module")
def sample(ready_url):
    engine = get_engine(ready_url)
    with session_scope(engine) as s:
        return {"engine": engine, "communes": queries.communes(session=s), "groups": queries.groups(session=s),
                "counts": queries.counts(session=s)}


def expected(sample, counts, district="", group="all"):
    codes = overview.scope_codes(sample["communes"], sample["groups"], district=district, group=group)
    return overview.monthly_totals(counts, codes)


@pytest.mark.parametrize("district,group", [("", "all"), ("", "pilot34"), ("", "pilot17"), ("886", "all"),
                                            ("883", "pilot34"), ("", "no-such-group")])
def test_the_totals_per_month_are_those_of_the_commune_counts(sample, district, group):
    with session_scope(sample["engine"]) as s:
        got = queries.monthly_totals(session=s, district=district, group=group)
        in_province = queries.monthly_totals(session=s, province="89", district=district, group=group)
    want = expected(sample, sample["counts"], district, group)
    if group == "no-such-group":
        assert got.empty and in_province.empty and want.empty
        return
    assert len(want) == 60 and want["communes"].min() > 0  # every sample month, a scope with communes
    pd.testing.assert_frame_equal(got, want)
    pd.testing.assert_frame_equal(in_province, want)


def test_the_trend_of_the_whole_province_is_the_headline_of_each_month(sample):
    with session_scope(sample["engine"]) as s:
        totals = queries.monthly_totals(session=s).set_index("period")
    codes = overview.scope_codes(sample["communes"], sample["groups"], district="", group="all")
    for period in ("2011-01", "2013-12", "2015-12"):
        head = overview.headline(sample["counts"], codes, period=period, prev=None)
        assert (totals.loc[period, "communes"], totals.loc[period, "standard"]) == (head.communes, head.standard)
        assert totals.loc[period, "criteria_met"] / totals.loc[period, "communes"] == pytest.approx(head.average_met)
    assert totals.loc["2015-12", "standard"] >= 13  # the sample's communes at the standard by the end of 2015


def test_as_of_a_moment_the_totals_are_counted_from_the_history(sample):
    with session_scope(sample["engine"]) as s:
        now = datetime.now()
        pd.testing.assert_frame_equal(queries.monthly_totals(session=s, asof=now, group="pilot17"),
                                      queries.monthly_totals(session=s, group="pilot17"))
        assert queries.monthly_totals(session=s, asof=datetime(2000, 1, 1)).empty  # nothing recorded yet
        moment = s.execute(queries.select(queries.func.min(queries.Assessment.recorded_at))).scalar()
        early = queries.counts(session=s, asof=moment)
        got = queries.monthly_totals(session=s, asof=moment, district="886")
    pd.testing.assert_frame_equal(got, expected(sample, early, "886"))
    assert not got.empty
