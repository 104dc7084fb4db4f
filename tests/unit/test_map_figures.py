"""Per-unit map figures on hand-built months: counts, bands, unmet criteria, change, one criterion;
each case from criterion rows and from the same months as counts and masks (what the page reads)."""
from __future__ import annotations

import pandas as pd
import pytest

from domain import map_figures
from domain.map_figures import (
    colour_keys,
    default_compare,
    key_counts,
    resolve_criterion,
    set_in_force,
    shift_period,
)

KEYS = [f"k{i}" for i in range(1, 20)]  # 19 criteria, numbered 1..19


def status_rows(counts: dict[tuple[str, str], int], set_id: str = "S19", unmet_first: bool = False) -> list:
    """Each (commune, period) meets k criteria: the first k, or (unmet_first) the last k."""
    rows = []
    for (code, period), k in counts.items():
        for i, key in enumerate(KEYS):
            met = i >= len(KEYS) - k if unmet_first else i < k
            rows.append((code, period, key, i + 1, set_id, met))
    return rows


def frame(rows: list) -> pd.DataFrame:
    columns = ["commune_code", "period", "criterion_key", "criterion_number", "set_id", "met"]
    return pd.DataFrame(rows, columns=columns)


def as_counts(status: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The summary's counts and masks of these criterion rows, and the criteria table they name."""
    out = {}
    for code, period, _key, number, set_id, met in status.itertuples(index=False):
        row = out.setdefault((code, period), [set_id, 0, 0, 0, 0])
        row[1] += bool(met)
        row[2] += 1
        row[3] |= (1 << (number - 1)) if met else 0
        row[4] |= 1 << (number - 1)
    counts = pd.DataFrame([(c, p, *v) for (c, p), v in out.items()],
                          columns=["commune_code", "period", "set_id", "criteria_met", "criteria_total", "met_mask",
                                   "assessed_mask"])
    criteria = status[["set_id", "criterion_number", "criterion_key"]].drop_duplicates()
    return counts, criteria.set_axis(["set_id", "number", "key"], axis=1)


@pytest.fixture(params=["rows", "counts"])
def month_figures(request):
    """domain.map_figures.month_figures, or month_figures_from_counts over the same months."""
    if request.param == "rows":
        return map_figures.month_figures

    def from_counts(status, units, period, compare=None, criterion=None, **kwargs):
        counts, criteria = as_counts(status)
        return map_figures.month_figures_from_counts(counts, criteria, units, period=period, compare=compare, criterion=criterion, **kwargs)
    return from_counts


UNITS = pd.DataFrame({
    "code": ["A", "B", "C", "D", "W"],
    "assessed": [True, True, True, True, False],  # W is a ward (phường): never assessed
})


def test_counts_bands_and_unmet_names_in_criterion_order(month_figures):
    status = frame(status_rows({("A", "2013-12"): 19, ("B", "2013-12"): 17, ("C", "2013-12"): 4},
                               unmet_first=True))
    figs = month_figures(status, UNITS, "2013-12").set_index("code")
    assert figs.loc["A", ["criteria_met", "criteria_total", "band"]].tolist() == [19, 19, "standard"]
    assert figs.loc["B", ["criteria_met", "band"]].tolist() == [17, "17-18"]
    assert figs.loc["B", "unmet"] == ("k1", "k2")
    assert figs.loc["C", ["criteria_met", "band"]].tolist() == [4, "lt5"]
    assert figs.loc["C", "unmet"] == tuple(KEYS[:15])
    assert figs.loc["A", "unmet"] == ()
    # D has no rows in the month, W is not assessed
    assert figs.loc["D", ["has_data", "criteria_met", "band"]].tolist() == [False, None, "no_data"]
    assert figs.loc["W", ["assessed", "criteria_met", "band", "criterion_status"]].tolist() == [
        False, None, "not_assessed", "not_assessed"]
    assert list(figs.index) == ["A", "B", "C", "D", "W"]  # same order as the units


def test_every_band_edge(month_figures):
    values = {"A": 0, "B": 5, "C": 9, "D": 15}
    units = pd.DataFrame({"code": list(values) + ["E", "F"], "assessed": True})
    counts = {(c, "2013-12"): v for c, v in values.items()} | {("E", "2013-12"): 16, ("F", "2013-12"): 18}
    figs = month_figures(frame(status_rows(counts)), units, "2013-12")
    assert figs["band"].tolist() == ["lt5", "5-9", "5-9", "15-16", "15-16", "17-18"]
    assert month_figures(frame(status_rows(counts)), units, "2013-12", edges=(10,))["band"].tolist() == [
        "lt10", "lt10", "lt10", "10-18", "10-18", "10-18"]


def test_change_against_a_compare_month(month_figures):
    status = frame(status_rows({("A", "2013-12"): 12, ("A", "2012-12"): 9,
                                ("B", "2013-12"): 8, ("B", "2012-12"): 10,
                                ("C", "2013-12"): 7, ("C", "2012-12"): 7,
                                ("D", "2012-12"): 5}))
    figs = month_figures(status, UNITS, "2013-12", compare="2012-12").set_index("code")
    assert figs["change"].tolist() == [3, -2, 0, None, None]
    assert figs["change_kind"].tolist() == ["gained", "lost", "same", None, None]
    assert figs["compare_met"].tolist() == [9, 10, 7, 5, None]
    assert colour_keys(figs.reset_index(), "change") == ["gained3", "lost2", "same", "no_data", "not_assessed"]


def test_change_bins_cap_at_three_and_count_for_the_legend(month_figures):
    """The graduated change scale: each step up to 3 apart, 3 or more together, counted per key."""
    before = {"A": 2, "B": 10, "C": 10, "D": 10, "E": 10, "F": 10, "G": 10, "H": 10}
    after = {"A": 19, "B": 13, "C": 12, "D": 11, "E": 10, "F": 9, "G": 8, "H": 3}
    counts = {(c, "2012-12"): v for c, v in before.items()} | {(c, "2013-12"): v for c, v in after.items()}
    units = pd.DataFrame({"code": [*before, "W"], "assessed": [True] * len(before) + [False]})
    figs = month_figures(frame(status_rows(counts)), units, "2013-12", compare="2012-12")
    assert figs["change"].tolist() == [17, 3, 2, 1, 0, -1, -2, -7, None]
    keys = colour_keys(figs, "change")
    assert keys == ["gained3", "gained3", "gained2", "gained1", "same", "lost1", "lost2", "lost3", "not_assessed"]
    assert key_counts(keys) == {"gained3": 2, "gained2": 1, "gained1": 1, "same": 1, "lost1": 1, "lost2": 1,
                                "lost3": 1, "not_assessed": 1}


def test_one_criterion_met_not_met_no_data(month_figures):
    rows = status_rows({("A", "2013-12"): 19, ("B", "2013-12"): 18})  # B misses k19
    rows = [r for r in rows if not (r[0] == "A" and r[2] == "k19")] + [("C", "2013-12", "k1", 1, "S19", True)]
    figs = month_figures(frame(rows), UNITS, "2013-12", criterion="k19")
    assert figs["criterion_status"].tolist() == ["no_data", "not_met", "no_data", "no_data", "not_assessed"]
    assert colour_keys(figs, "criterion") == figs["criterion_status"].tolist()
    assert figs.loc[2, ["criteria_met", "criteria_total"]].tolist() == [1, 1]  # only what was recorded


def test_set_size_gives_the_total_when_rows_are_missing(month_figures):
    rows = [r for r in status_rows({("A", "2013-12"): 19}) if r[2] != "k19"]  # 18 rows, all met
    figs = month_figures(frame(rows), UNITS, "2013-12", set_sizes={"S19": 19})
    assert figs.loc[0, ["criteria_met", "criteria_total", "band"]].tolist() == [18, 19, "17-18"]


def test_counts_ints_stay_ints(month_figures):
    figs = month_figures(frame(status_rows({("A", "2013-12"): 3})), UNITS, "2013-12", compare="2012-12")
    assert type(figs.loc[0, "criteria_met"]) is int and figs.loc[1, "criteria_met"] is None
    assert key_counts(colour_keys(figs, "count")) == {"lt5": 1, "no_data": 3, "not_assessed": 1}


def test_periods_and_compare_default():
    assert shift_period("2013-12", -12) == "2012-12"
    assert shift_period("2013-01", -1) == "2012-12"
    assert shift_period("2012-11", 14) == "2014-01"
    periods = [f"2011-{m:02d}" for m in range(1, 13)] + ["2012-01", "2012-02"]
    assert default_compare(periods, "2012-02") == "2011-02"
    assert default_compare(periods, "2011-06") == "2011-01"  # no data a year before: the first month
    assert default_compare([], "2011-06") is None


def test_resolve_criterion_by_key_or_number():
    criteria = pd.DataFrame({"key": ["planning", "security"], "number": [1, 19]})
    assert resolve_criterion("security", criteria) == "security"
    assert resolve_criterion("19", criteria) == "security"
    assert resolve_criterion(" 1 ", criteria) == "planning"
    for bad in ("20", "abc", "", None, "-1"):
        assert resolve_criterion(bad, criteria) is None


def test_set_in_force_is_the_most_common_set_of_the_month():
    rows = status_rows({("A", "2013-12"): 3, ("B", "2013-12"): 3}, set_id="new")
    rows += status_rows({("C", "2013-12"): 3}, set_id="old")
    assert set_in_force(frame(rows), "2013-12") == "new"
    assert set_in_force(frame(rows), "2010-01") is None
    counts, _ = as_counts(frame(rows))
    assert set_in_force(counts, "2013-12") == "new"
    assert set_in_force(counts, "2010-01") is None


def test_unknown_mode_is_an_error(month_figures):
    figs = month_figures(frame(status_rows({("A", "2013-12"): 3})), UNITS, "2013-12")
    with pytest.raises(ValueError):
        colour_keys(figs, "pie")
