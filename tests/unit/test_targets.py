"""Target figures, gaps and statuses on small hand-built histories (exact numbers)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from domain.target_readings import target_readings
from domain.targets import (
    Target,
    evaluate,
    metric_series,
    metric_value,
)

N = 19
KEYS = [str(i) for i in range(1, N)] + ["security"]
END13, END15 = date(2013, 12, 31), date(2015, 12, 31)


def build_status(counts: dict[tuple[str, str], int], secure: set[tuple[str, str]] | None = None,
                 keys: list[str] = KEYS) -> pd.DataFrame:
    """Each (commune, period) meets its first k criteria; with `secure`, security is met iff listed."""
    rows = []
    for (code, period), k in counts.items():
        if secure is None:
            met = set(keys[:k])
        else:
            sec = (code, period) in secure
            others = [x for x in keys if x != "security"]
            met = set(others[: k - sec]) | ({"security"} if sec else set())
        rows += [(code, period, key, key in met) for key in keys]
    return pd.DataFrame(rows, columns=["commune_code", "period", "criterion_key", "met"])


def target(key="t", metric="communes_min_criteria", min_criteria=17, criterion_key=None, group="all",
           comparison=">=", count=None, percent=None, denominator=None, deadline=END13, band_max=None):
    return Target(key, "vi", "en", metric, min_criteria, criterion_key, group, comparison, count, percent,
                  denominator, deadline, band_max)


MIN17 = target("t2013_min17", min_criteria=17, count=4)
MIN15 = target("t2013_min15", min_criteria=15, count=13)
BELOW5 = target("t2013_none_below5", "communes_below_criteria", min_criteria=5, comparison="<=", count=0)
STANDARD = target("t2015_standard", "communes_standard", None, count=17, percent=14.16, denominator=120,
                  deadline=END15)
SEC_ALL = target("sec_all", "criterion_share", None, "security", comparison=">", percent=70)
SEC_PILOT = target("sec_pilot", "criterion_share", None, "security", group="pilot17", comparison=">", percent=90)

DEC = {("A", "2013-12"): 19, ("B", "2013-12"): 17, ("C", "2013-12"): 16, ("D", "2013-12"): 15,
       ("E", "2013-12"): 4}


def test_min17_counts_communes_at_17_or_more():
    mv = metric_value(MIN17, build_status(DEC), groups={}, period="2013-12")
    assert (mv.count, mv.n_communes, mv.share, mv.value) == (2, 5, 40.0, 2)


def test_both_readings_of_13_communes_at_15():
    readings = target_readings(MIN15, targets=[MIN17, MIN15, BELOW5])
    assert set(readings) == {"at_least", "band"}
    assert readings["band"].band_max == 16 and readings["at_least"].band_max is None
    status = build_status(DEC)
    assert metric_value(readings["at_least"], status, groups={}, period="2013-12").count == 4  # 19, 17, 16, 15
    assert metric_value(readings["band"], status, groups={}, period="2013-12").count == 2  # 16, 15 only
    # gaps to 13 differ by reading
    assert evaluate(readings["at_least"], status, groups={}, period="2013-12").gap == 9
    assert evaluate(readings["band"], status, groups={}, period="2013-12").gap == 11


def test_readings_band_max_explicit_or_absent():
    assert target_readings(MIN15, band_max=18)["band"].band_max == 18
    assert set(target_readings(MIN15)) == {"at_least"}  # nothing says where the band stops
    assert set(target_readings(BELOW5, band_max=9)) == {"at_least"}


def test_none_below_5_at_deadline():
    ev = evaluate(BELOW5, build_status(DEC), groups={}, period="2013-12")
    assert (ev.value.count, ev.gap, ev.gap_communes, ev.status) == (1, 1.0, 1, "not_met")
    fixed = build_status({**DEC, ("E", "2013-12"): 5})
    ev = evaluate(BELOW5, fixed, groups={}, period="2013-12")
    assert (ev.value.count, ev.gap, ev.status) == (0, 0.0, "met")


def _standard_history(n_standard: int, n_communes: int = 119) -> pd.DataFrame:
    counts = {(f"{30000 + i}", "2015-12"): (19 if i < n_standard else 12) for i in range(n_communes)}
    return build_status(counts)


def test_17_of_120_uses_seed_denominator_and_actual_communes():
    ev = evaluate(STANDARD, _standard_history(17), groups={}, period="2015-12")
    mv = ev.value
    assert (mv.count, mv.n_communes, mv.denominator) == (17, 119, 120)
    assert mv.share_of_denominator == 1700 / 120  # 14,17% over the seed's 120
    assert mv.share == 1700 / 119  # 14,29% over the 119 communes with data
    assert (ev.status, ev.gap, ev.target_value) == ("met", 0.0, 17.0)
    ev = evaluate(STANDARD, _standard_history(16), groups={}, period="2015-12")
    assert (ev.status, ev.gap, ev.value.count) == ("not_met", 1.0, 16)


def test_criteria_total_decides_the_standard():
    # 18 rows all met: without the set size that looks like the standard, with N=19 it is not
    status = build_status({("A", "2015-12"): 18}, keys=KEYS[:18])
    assert metric_value(STANDARD, status, groups={}, period="2015-12").count == 1
    assert metric_value(STANDARD, status, groups={}, period="2015-12", criteria_total={"2015-12": 19}).count == 0


def test_security_share_strictly_above_70_percent():
    counts = {(f"X{i}", "2013-12"): 10 for i in range(10)}
    seven = build_status(counts, secure={(f"X{i}", "2013-12") for i in range(7)})
    ev = evaluate(SEC_ALL, seven, groups={}, period="2013-12")
    # 7 of 10 is exactly 70%: not "trên 70%"; 0 points short but one commune short
    assert (ev.value.share, ev.status, ev.gap, ev.gap_communes) == (70.0, "not_met", 0.0, 1)
    eight = build_status(counts, secure={(f"X{i}", "2013-12") for i in range(8)})
    ev = evaluate(SEC_ALL, eight, groups={}, period="2013-12")
    assert (ev.value.share, ev.status, ev.gap, ev.gap_communes) == (80.0, "met", 0.0, 0)


def test_security_share_gap_on_119_communes():
    counts = {(f"X{i}", "2013-12"): 10 for i in range(119)}
    status = build_status(counts, secure={(f"X{i}", "2013-12") for i in range(80)})
    ev = evaluate(SEC_ALL, status, groups={}, period="2013-12")
    assert ev.gap_communes == 4  # 70% of 119 = 83,3: more than that means 84
    assert ev.gap == pytest.approx(70 - 8000 / 119, abs=1e-9)


def test_security_share_of_pilots_uses_group_communes_with_data():
    counts = {(c, "2013-12"): 10 for c in "ABCDEFGHIJK"}
    secure = {(c, "2013-12") for c in "ABCDEFGHIJ"}  # K, a non-pilot, is not secure
    groups = {"pilot17": frozenset("ABCDEFGHIJZ")}  # Z has no data: not counted
    status = build_status(counts, secure=secure)
    mv = metric_value(SEC_PILOT, status, groups=groups, period="2013-12")
    assert (mv.count, mv.n_communes, mv.share) == (10, 10, 100.0)
    mv = metric_value(SEC_ALL, status, groups=groups, period="2013-12")
    assert (mv.count, mv.n_communes) == (10, 11)


def test_no_data_in_period():
    ev = evaluate(MIN17, build_status(DEC), groups={}, period="2013-11")
    assert (ev.status, ev.gap, ev.value.n_communes, ev.value.value) == ("no_data", None, 0, None)


def test_status_after_deadline_is_judged_at_the_deadline_month():
    counts = dict(DEC)
    counts.update({("A", "2014-06"): 19, ("B", "2014-06"): 16, ("C", "2014-06"): 16,
                   ("D", "2014-06"): 15, ("E", "2014-06"): 6})
    target2 = target(min_criteria=17, count=2)
    ev = evaluate(target2, build_status(counts), groups={}, period="2014-06")
    # B slipped back after the deadline: the target was met at 12/2013, now one commune short
    assert (ev.status, ev.deadline_value.count, ev.value.count, ev.gap) == ("met", 2, 1, 1.0)


def test_deadline_month_without_data_uses_latest_month_before_it():
    counts = {("A", "2013-11"): 17, ("A", "2014-01"): 16}
    ev = evaluate(target(min_criteria=17, count=1), build_status(counts), groups={}, period="2014-01")
    assert (ev.status, ev.deadline_value.count, ev.value.count) == ("met", 1, 0)


def test_on_track_and_off_track_before_deadline():
    rising = {("A", f"2013-{m:02d}"): 10 + m for m in range(1, 7)}  # 11..16, one criterion a month
    ev = evaluate(target(min_criteria=17, count=1), build_status(rising), groups={}, period="2013-06")
    assert (ev.status, ev.value.count, ev.gap, ev.forecast.expected) == ("on_track", 0, 1.0, 1.0)
    flat = {("A", f"2013-{m:02d}"): 16 for m in range(1, 7)}
    ev = evaluate(target(min_criteria=17, count=1), build_status(flat), groups={}, period="2013-06")
    assert (ev.status, ev.forecast.expected) == ("off_track", 0.0)


def test_today_period_only_reports_whether_the_deadline_passed():
    status = build_status({("A", "2013-06"): 16})
    ev = evaluate(MIN17, status, groups={}, period="2013-06", today_period="2014-02")
    assert ev.deadline_passed and ev.status == "off_track"
    assert not evaluate(MIN17, status, groups={}, period="2013-06").deadline_passed


def test_metric_series_skips_months_without_data():
    counts = {("A", "2011-01"): 5, ("B", "2011-01"): 17, ("A", "2011-04"): 17, ("B", "2011-04"): 18}
    s = metric_series(MIN17, build_status(counts), groups={})
    assert list(s.index) == ["2011-01", "2011-04"] and list(s) == [1, 2]
    assert s.name == "t2013_min17"


def test_metric_series_of_a_share_for_a_group():
    counts = {(c, p): 10 for c in "ABCD" for p in ("2012-01", "2012-02")}
    secure = {("A", "2012-01"), ("A", "2012-02"), ("B", "2012-02"), ("C", "2012-02")}
    groups = {"pilot17": frozenset("AB")}
    s = metric_series(SEC_PILOT, build_status(counts, secure=secure), groups=groups)
    assert list(s) == [50.0, 100.0]
    assert list(metric_series(SEC_ALL, build_status(counts, secure=secure), groups=groups)) == [25.0, 75.0]


def test_target_validation_and_deadline_period():
    with pytest.raises(ValueError):
        target(metric="communes_somehow")
    with pytest.raises(ValueError):
        target(comparison="=>", count=1)
    with pytest.raises(ValueError):
        target(count=None, percent=None)
    with pytest.raises(ValueError):
        evaluate(MIN17, build_status(DEC), groups={}, period="2013-13")
    with pytest.raises(ValueError):
        metric_value(SEC_PILOT, build_status(DEC), groups={}, period="2013-12")  # unknown group
    assert STANDARD.deadline_period == "2015-12"


def test_from_mapping_accepts_database_rows():
    row = {"key": "k", "position": 1, "wording_vi": "Đến cuối năm 2015 có 17/120 xã đạt tiêu chí NTM",
           "wording_en": "e", "metric": "communes_standard", "min_criteria": None, "band_max": None,
           "criterion_key": None, "group_key": "all", "comparison": ">=", "target_count": 17,
           "target_percent": 14.16, "denominator": 120, "deadline": "2015-12-31", "source": "s"}
    t = Target.from_mapping(row)
    assert (t.group, t.deadline, t.denominator, t.by_percent) == ("all", END15, 120, False)


def test_shipped_targets_file_parses():
    yaml = pytest.importorskip("yaml")
    path = Path(__file__).resolve().parents[2] / "data" / "targets_2013.yaml"
    if not path.exists():
        pytest.skip("data/targets_2013.yaml not shipped yet")
    targets = [Target.from_mapping(r) for r in yaml.safe_load(path.read_text("utf-8"))["targets"]]
    assert len(targets) == 9  # six in §I.1/§2.2, the pilots' reading of the 4/13 sentence, §2.6's pilots
    min15 = next(t for t in targets if t.min_criteria == 15 and t.reading_key == "all")
    assert target_readings(min15, targets=targets)["band"].band_max == 16


def test_from_mapping_reads_a_dataframe_row_with_missing_values():
    # data.targets() is a DataFrame: optional numbers arrive as NaN and integers as floats
    common = {"wording_vi": "v", "wording_en": "e", "band_max": None, "group_key": "all", "denominator": None}
    frame = pd.DataFrame([
        {**common, "key": "sec", "metric": "criterion_share", "min_criteria": None,
         "criterion_key": "security", "comparison": ">", "target_count": None, "target_percent": 70,
         "deadline": pd.Timestamp("2013-12-31")},
        {**common, "key": "min17", "metric": "communes_min_criteria", "min_criteria": 17,
         "criterion_key": None, "comparison": ">=", "target_count": 4, "target_percent": None,
         "deadline": "2013-12-31"},
    ])
    sec, min17 = [Target.from_mapping(r) for r in frame.to_dict("records")]
    assert sec.by_percent and sec.target_count is None and sec.denominator is None and sec.deadline == END13
    assert (min17.min_criteria, min17.target_count, min17.target_percent) == (17, 4, None)
    assert isinstance(min17.min_criteria, int) and min17.band_max is None
    counts = {(f"X{i}", "2013-12"): 10 for i in range(10)}
    status = build_status(counts, secure={(f"X{i}", "2013-12") for i in range(8)})
    ev = evaluate(sec, status, groups={}, period="2013-12")
    assert (ev.value.value, ev.status) == (80.0, "met")  # a share, compared with 70%
