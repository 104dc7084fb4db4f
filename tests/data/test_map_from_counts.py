"""The map reads the summary's counts and masks, not criterion rows: on the sample history, every
month's figures (criteria met, band, unmet criteria in order, change, one criterion's state) and
the set in force are exactly what the criterion rows gave."""
from __future__ import annotations

import pandas as pd
import pytest

from data_access import queries
from data_access.db import get_engine, session_scope
from domain.map_figures import (
    bit_numbers,
    default_compare,
    month_figures,
    month_figures_from_counts,
    set_in_force,
)
from ui.map_deck import geometry, map_units


@pytest.fixture(scope="module")
def sample(ready_url):
    with session_scope(get_engine(ready_url)) as s:
        return {"status": queries.status(session=s), "counts": queries.counts(session=s), "criteria": queries.criteria(session=s),
                "units": map_units(queries.communes(session=s), queries.districts(session=s), geometry()),
                "periods": queries.periods_with_data(session=s)}


def test_bit_numbers_are_criterion_numbers():
    assert bit_numbers(0) == []
    assert bit_numbers(1) == [1]
    assert bit_numbers((1 << 18) | (1 << 9) | 1) == [1, 10, 19]


def test_every_month_and_mode_gives_the_same_figures(sample):
    status, counts, periods = sample["status"], sample["counts"], sample["periods"]
    by_period = {p: f for p, f in status.groupby("period")}
    counts_by_period = {p: f for p, f in counts.groupby("period")}
    checked = 0
    for period in periods:
        compare = default_compare(periods, period)
        months = sorted({period, compare})  # the first month compares with itself
        rows = pd.concat([by_period[p] for p in months])
        month = pd.concat([counts_by_period[p] for p in months])
        assert set_in_force(month, period) == set_in_force(rows, period)
        for criterion in (None, "security", "1", "planning", "no-such-key"):
            old = month_figures(rows, sample["units"], period, compare=compare, criterion=criterion)
            new = month_figures_from_counts(month, sample["criteria"], sample["units"], period=period, compare=compare, criterion=criterion)
            assert new.to_dict("records") == old.to_dict("records"), (period, criterion)
            checked += 1
    assert checked == 5 * len(periods) >= 5 * 60
    # the figures are not trivially empty: unmet criteria, changes and a criterion's two states
    last = month_figures_from_counts(counts, sample["criteria"], sample["units"], period=periods[-1], compare=periods[0], criterion="security")
    assert last["unmet"].map(len).sum() > 0 and last["change"].notna().sum() > 100
    assert {"met", "not_met"} <= set(last["criterion_status"])


def test_set_in_force_from_counts_weighs_each_commune_by_its_criteria():
    counts = pd.DataFrame({"commune_code": ["A", "B", "C"], "period": ["2013-12"] * 3,
                           "set_id": ["old", "old", "new"], "criteria_total": [3, 3, 19]})
    assert set_in_force(counts, "2013-12") == "new"  # 19 rows against 6
    assert set_in_force(counts.assign(criteria_total=[1, 1, 2]), "2013-12") == "new"  # a tie: the first id
    assert set_in_force(counts, "2010-01") is None
