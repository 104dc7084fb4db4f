"""Band distribution, criterion coverage and pilot ranking on small hand-built months."""
from __future__ import annotations

import pandas as pd

from domain.ranking import band_distribution, criterion_coverage, pilot_ranking

KEYS = [str(i) for i in range(1, 20)]


def build_status(counts: dict[tuple[str, str], int], keys: list[str] = KEYS) -> pd.DataFrame:
    """Each (commune, period) meets its first k criteria of `keys`."""
    rows = [(c, p, key, i < k) for (c, p), k in counts.items() for i, key in enumerate(keys)]
    return pd.DataFrame(rows, columns=["commune_code", "period", "criterion_key", "met"])


def test_band_distribution_default_edges():
    values = [0, 4, 5, 9, 10, 14, 15, 16, 17, 18, 19, 19]
    status = build_status({(f"C{i:02d}", "2013-12"): v for i, v in enumerate(values)})
    df = band_distribution(status, "2013-12")
    assert list(df["band"]) == ["<5", "5–9", "10–14", "15–16", "17–18", "19/19"]
    assert list(df["communes"]) == [2, 2, 2, 2, 2, 2]
    assert list(df["percent"]) == [200 / 12] * 6 and df["communes"].sum() == len(values)
    assert df.loc[0, "label_vi"] == "Dưới 5 tiêu chí" and df.loc[0, "label_en"] == "Below 5 criteria"
    assert df.iloc[-1]["label_vi"] == "Đạt chuẩn (19/19)"


def test_band_distribution_configurable_edges_and_other_months_ignored():
    status = build_status({("A", "2013-12"): 5, ("B", "2013-12"): 6, ("C", "2013-12"): 19, ("A", "2013-11"): 1})
    df = band_distribution(status, "2013-12", edges=(6,))
    assert list(df["band"]) == ["<6", "6–18", "19/19"]
    assert list(df["communes"]) == [1, 1, 1]


def test_band_distribution_uses_the_set_size():
    # 18 rows, all met: with N = 19 from criteria_total it is 17–18, not the standard
    status = build_status({("A", "2015-12"): 18, ("B", "2015-12"): 3}, keys=KEYS[:18])
    df = band_distribution(status, "2015-12", criteria_total={"2015-12": 19})
    assert dict(zip(df["band"], df["communes"])) == {"<5": 1, "5–9": 0, "10–14": 0, "15–16": 0,
                                                     "17–18": 1, "19/19": 0}
    assert band_distribution(status, "2015-01").empty


def test_band_distribution_counts_a_full_commune_once():
    # without criteria_total, A's set is its 18 rows: it meets all of them, so it is in the last band only
    status = pd.concat([build_status({("A", "2015-12"): 18}, keys=KEYS[:18]),
                        build_status({("B", "2015-12"): 3})], ignore_index=True)
    df = band_distribution(status, "2015-12")
    assert dict(zip(df["band"], df["communes"])) == {"<5": 1, "5–9": 0, "10–14": 0, "15–16": 0,
                                                     "17–18": 0, "19/19": 1}


def test_criterion_coverage_all_and_pilots():
    status = build_status({("A", "2013-12"): 2, ("B", "2013-12"): 10, ("C", "2013-12"): 1, ("D", "2013-12"): 0})
    groups = {"pilot34": frozenset("ABC"), "pilot17": frozenset("AB")}
    df = criterion_coverage(status, groups, "2013-12")
    assert list(df["criterion_key"][:3]) == ["1", "2", "3"] and list(df["criterion_key"][-2:]) == ["18", "19"]
    first = df.iloc[0]  # criterion 1: A, B, C of 4
    assert (first["communes_met"], first["communes_assessed"], first["pct_all"]) == (3, 4, 75.0)
    assert (first["pct_pilot34"], first["pct_pilot17"]) == (100.0, 100.0)
    second = df.iloc[1]  # criterion 2: A, B
    assert (second["pct_all"], second["pct_pilot34"], second["pct_pilot17"]) == (50.0, 200 / 3, 100.0)
    by_share = df.sort_values("pct_all", ascending=False, kind="stable")
    assert list(by_share["criterion_key"][:3]) == ["1", "2", "3"] and by_share["pct_all"].iloc[-1] == 0.0


def test_pilot_ranking_ties_change_arrows_and_missing():
    counts = {("30004", "2013-12"): 16, ("30001", "2013-12"): 18, ("30003", "2013-12"): 16,
              ("30002", "2013-12"): 12, ("30009", "2013-12"): 19,  # 30009 is not a pilot
              ("30001", "2013-11"): 17, ("30003", "2013-11"): 17, ("30004", "2013-11"): 16}
    members = {"30001", "30002", "30003", "30004", "30005"}  # 30005 has no data: left out
    df = pilot_ranking(build_status(counts), members, "2013-12", "2013-11")
    assert list(df["commune_code"]) == ["30001", "30003", "30004", "30002"]
    assert list(df["rank"]) == [1, 2, 2, 4]
    assert list(df["criteria_met"]) == [18, 16, 16, 12] and set(df["criteria_total"]) == {19}
    assert list(df["change"]) == [1, -1, 0, None]  # 30003 slipped back; 30002 had no data in 11/2013
    assert list(df["arrow"]) == ["▲", "▼", "=", ""]
    assert df.loc[0, "missing"] == ["19"]
    assert df.loc[1, "missing"] == ["17", "18", "19"]  # numeric order, not "17" < "2"


def test_pilot_ranking_missing_in_given_criterion_order_and_no_previous():
    keys = ["planning", "transport", "security"]
    status = build_status({("A", "2014-01"): 0, ("B", "2014-01"): 3}, keys=keys)
    df = pilot_ranking(status, {"A", "B"}, "2014-01", None, criterion_order=keys)
    assert list(df["rank"]) == [1, 2] and list(df["commune_code"]) == ["B", "A"]
    assert df.loc[1, "missing"] == ["planning", "transport", "security"] and df.loc[0, "missing"] == []
    assert list(df["change"]) == [None, None]
    assert pilot_ranking(status, {"A"}, "2014-02", "2014-01").empty
