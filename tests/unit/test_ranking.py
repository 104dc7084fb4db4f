"""Band distribution, criterion coverage and pilot ranking on small hand-built months."""
from __future__ import annotations

import pandas as pd

from domain.phrase import Phrase
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
    assert list(df["key"]) == ["lt5", "5-9", "10-14", "15-16", "17-18", "standard"]
    assert list(df["communes"]) == [2, 2, 2, 2, 2, 2]
    assert list(df["percent"]) == [200 / 12] * 6 and df["communes"].sum() == len(values)
    assert df.loc[0, "label"] == Phrase("band.below", {"below": 5})
    assert df.iloc[-1]["label"] == Phrase("band.standard", {"total": 19})


def test_band_distribution_configurable_edges_and_other_months_ignored():
    status = build_status({("A", "2013-12"): 5, ("B", "2013-12"): 6, ("C", "2013-12"): 19, ("A", "2013-11"): 1})
    df = band_distribution(status, "2013-12", edges=(6,))
    assert list(df["key"]) == ["lt6", "6-18", "standard"]
    assert list(df["communes"]) == [1, 1, 1]


def test_band_distribution_uses_the_set_size():
    # 18 rows, all met: with N = 19 from criteria_total it is 17–18, not the standard
    status = build_status({("A", "2015-12"): 18, ("B", "2015-12"): 3}, keys=KEYS[:18])
    df = band_distribution(status, "2015-12", criteria_total={"2015-12": 19})
    assert dict(zip(df["key"], df["communes"])) == {"lt5": 1, "5-9": 0, "10-14": 0, "15-16": 0,
                                                    "17-18": 1, "standard": 0}
    assert band_distribution(status, "2015-01").empty


def test_band_distribution_counts_a_full_commune_once():
    # without criteria_total, A's set is its 18 rows: it meets all of them, so it is in the last band only
    status = pd.concat([build_status({("A", "2015-12"): 18}, keys=KEYS[:18]),
                        build_status({("B", "2015-12"): 3})], ignore_index=True)
    df = band_distribution(status, "2015-12")
    assert dict(zip(df["key"], df["communes"])) == {"lt5": 1, "5-9": 0, "10-14": 0, "15-16": 0,
                                                    "17-18": 0, "standard": 1}


def test_criterion_coverage_all_and_pilots():
    status = build_status({("A", "2013-12"): 2, ("B", "2013-12"): 10, ("C", "2013-12"): 1, ("D", "2013-12"): 0})
    groups = {"pilot34": frozenset("ABC"), "pilot17": frozenset("AB")}
    df = criterion_coverage(status, groups, period="2013-12")
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
    df = pilot_ranking(build_status(counts), members, period="2013-12", previous_period="2013-11")
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
    df = pilot_ranking(status, {"A", "B"}, period="2014-01", previous_period=None, criterion_order=keys)
    assert list(df["rank"]) == [1, 2] and list(df["commune_code"]) == ["B", "A"]
    assert df.loc[1, "missing"] == ["planning", "transport", "security"] and df.loc[0, "missing"] == []
    assert list(df["change"]) == [None, None]
    assert pilot_ranking(status, {"A"}, period="2014-02", previous_period="2014-01").empty


def test_district_comparison_counts_each_province_target_per_district():
    from datetime import date

    from domain.ranking import district_comparison
    from domain.targets import Target

    def target(key, metric, min_criteria=None, criterion_key=None, group="all", count=None, percent=None,
               band=None):
        return Target(key, "", "", metric, min_criteria, criterion_key, group, ">=", count, percent, None,
                      date(2013, 12, 31), band)

    targets = [target("min17", "communes_min_criteria", 17, count=4),
               target("band15", "communes_min_criteria", 15, count=13, band=16),
               target("below5", "communes_below_criteria", 5, count=0),
               target("share19", "criterion_share", criterion_key="19", percent=70.0),
               target("pilots19", "criterion_share", criterion_key="19", group="pilot17", percent=90.0),
               target("standard", "communes_standard", count=17)]
    counts = {("A", "2013-12"): 19, ("B", "2013-12"): 15, ("C", "2013-12"): 4, ("D", "2013-12"): 17,
              ("A", "2013-11"): 3}
    communes = pd.DataFrame({"code": list("ABCD"), "district_code": ["1", "1", "2", "2"],
                             "district_name": ["Long Xuyên", "Long Xuyên", "An Phú", "An Phú"]})
    df = district_comparison(targets, build_status(counts), communes=communes, period="2013-12")
    assert "pilots19" not in df.columns  # a pilot-group target is not split by district
    rows = {r["district_code"]: r for r in df.to_dict("records")}
    assert list(df["district_code"]) == ["1", "2", ""]
    one, two, province = rows["1"], rows["2"], rows[""]
    assert (one["communes"], one["average_met"], one["min17"], one["band15"]) == (2, 17.0, 1, 1)
    assert (two["below5"], two["min17"], two["standard"]) == (1, 1, 0)
    assert one["share19"] == 50.0 and two["share19"] == 0.0  # only A (19/19) meets criterion 19
    assert [province[c] for c in ("communes", "min17", "standard", "share19")] == [4, 2, 1, 25.0]
    assert two["district_name"] == "An Phú"
    # a commune outside `communes` (not assessed there) counts in the province's row only
    fewer = district_comparison(targets, build_status(counts), communes=communes[communes["code"] != "D"],
                                period="2013-12")
    assert list(fewer["communes"]) == [2, 1, 4] and list(fewer["min17"]) == [1, 0, 2]
