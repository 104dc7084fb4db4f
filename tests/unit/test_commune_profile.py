"""One commune's record: criteria in a month, months at the standard, history, indicator values, rank."""
from __future__ import annotations

import math

import pandas as pd

from domain.commune_profile import (
    criteria_in_month,
    history_matrix,
    indicators_with_values,
    rank_in_group,
    standard_months,
)

CRITERIA = pd.DataFrame({"key": ["security", "planning", "roads"], "number": [3, 1, 2],
                         "name": ["Security", "Planning", "Roads"]})


def status(rows):
    return pd.DataFrame(rows, columns=["commune_code", "period", "criterion_key", "met"])


def counts(code, series):
    return pd.DataFrame([(code, p, m, 3) for p, m in series],
                        columns=["commune_code", "period", "criteria_met", "criteria_total"])


def test_criteria_in_month_lists_every_criterion_in_number_order():
    s = status([("A", "2013-12", "planning", True), ("A", "2013-12", "security", False),
                ("A", "2013-11", "roads", True), ("B", "2013-12", "roads", True)])
    out = criteria_in_month(s, CRITERIA, code="A", period="2013-12")
    assert out["key"].tolist() == ["planning", "roads", "security"]
    assert out["state"].tolist() == ["met", "no_data", "not_met"]


def test_standard_months_first_and_current_run():
    c = counts("A", [("2013-01", 2), ("2013-02", 3), ("2013-03", 1), ("2013-04", 3), ("2013-05", 3)])
    assert standard_months(c, "A", "2013-05") == ("2013-02", "2013-04")
    assert standard_months(c, "A", "2013-03") == ("2013-02", None)  # reached once, lost again
    assert standard_months(c, "A", "2013-01") == (None, None)
    assert standard_months(c, "B", "2013-05") == (None, None)
    assert standard_months(c, "A", "2013-06") == ("2013-02", None)  # no data in the month asked


def test_history_matrix_rows_in_order_months_sorted():
    s = status([("A", "2013-02", "planning", True), ("A", "2013-01", "planning", False),
                ("A", "2013-02", "security", False), ("A", "2013-03", "security", True),
                ("B", "2013-01", "roads", True)])
    m = history_matrix(s, "A", period="2013-02", order=["planning", "roads", "security"])
    assert list(m.columns) == ["2013-01", "2013-02"]
    assert m.loc["planning"].tolist() == [0.0, 1.0]
    assert all(math.isnan(v) for v in m.loc["roads"])
    assert math.isnan(m.at["security", "2013-01"]) and m.at["security", "2013-02"] == 0.0


def test_indicator_values_against_thresholds():
    indicators = pd.DataFrame({
        "id": [1, 2, 3, 4], "code": ["2.1", "2.2", "19", "10"],
        "comparison": [">=", "<=", "achieved", ">="], "threshold": [50.0, 7.0, None, None],
        "verified": [True, False, True, False],
    })
    values = pd.DataFrame({"indicator_id": [1, 2, 4], "value": [62.5, 9.0, 30.0]})
    out = indicators_with_values(indicators, values)
    assert out["value"].tolist() == [62.5, 9.0, None, 30.0]
    assert out["meets"].tolist() == [True, False, None, None]  # no threshold: the value cannot decide
    none = indicators_with_values(indicators, pd.DataFrame(columns=["indicator_id", "value"]))
    assert none["value"].tolist() == [None] * 4 and none["meets"].tolist() == [None] * 4


def test_rank_in_group():
    ranking = pd.DataFrame({"rank": [1, 2, 2, 4], "commune_code": ["A", "B", "C", "D"]})
    assert rank_in_group(ranking, "A") == (1, 4, False)
    assert rank_in_group(ranking, "C") == (2, 4, True)
    assert rank_in_group(ranking, "Z") is None
