"""Forecasts at the deadline on hand-built histories; expected figures worked out by hand."""
from __future__ import annotations

from datetime import date

import pandas as pd

from domain.forecast import Forecast, forecast_target
from domain.months import Month
from domain.phrase import Phrase
from domain.targets import Target, evaluate
from ui.progress_view import phrase_text
from ui.shell import PageContext

KEYS = [str(i) for i in range(1, 19)] + ["security"]



def method_text(fc, lang: str) -> str:
    """The method as the progress page writes it."""
    return phrase_text(PageContext(key="progress", lang=lang, notices=None, filters_line=None), fc.method)

def build_status(counts: dict[tuple[str, str], int], secure: set[tuple[str, str]] | None = None) -> pd.DataFrame:
    """Each (commune, period) meets its first k criteria; with `secure`, security is met iff listed."""
    rows = []
    for (code, period), k in counts.items():
        if secure is None:
            met = set(KEYS[:k])
        else:
            sec = (code, period) in secure
            met = set(KEYS[:18][: k - sec]) | ({"security"} if sec else set())
        rows += [(code, period, key, key in met) for key in KEYS]
    return pd.DataFrame(rows, columns=["commune_code", "period", "criterion_key", "met"])


def target(metric="communes_min_criteria", min_criteria=17, count=1, percent=None, comparison=">=",
           deadline=date(2013, 12, 31), criterion_key=None, group="all"):
    return Target("t", "vi", "en", metric, min_criteria, criterion_key, group, comparison, count, percent,
                  None, deadline)


def history(values: dict[str, list[int]], start_month: int = 1, year: int = 2013) -> dict:
    return {(c, f"{year}-{start_month + i:02d}"): v for c, vs in values.items() for i, v in enumerate(vs)}


def test_flat_series_forecast_is_the_current_value():
    status = build_status(history({"A": [17] * 6, "B": [12] * 6, "C": [18] * 6}))
    fc = forecast_target(target(count=2), status, groups={}, as_of_period="2013-06")
    assert (fc.expected, fc.low, fc.high, fc.is_actual) == (2.0, 2.0, 2.0, False)
    assert fc.deadline_period == "2013-12" and fc.method.key == "forecast.method.communes"
    span = fc.method.values["span"]
    assert (span.values["months"], span.values["first"], span.values["last"], span.n) == (6, Month(2013, 1), Month(2013, 6), 6)
    assert method_text(fc, "vi").startswith("Ngoại suy tuyến tính số tiêu chí đạt của từng xã theo tốc độ trong "
                                            "6 tháng có số liệu gần nhất (01/2013–06/2013); khoảng dự báo: ")
    assert "over the last 6 months with data (Jan 2013 to Jun 2013); range" in method_text(fc, "en")


def test_rising_series_per_commune_pace_and_range():
    # paces (LS slope, criteria/month): A 1, B 8/17.5, C 0, D 2.5/17.5; 6 months to 12/2013
    status = build_status(history({
        "A": [10, 11, 12, 13, 14, 15],  # → 21, capped at 19: reaches 17
        "B": [8, 8, 9, 9, 10, 10],  # → 12,7: no
        "C": [14] * 6,  # → 14: no
        "D": [16, 16, 16, 16, 16, 17],  # → 17,9: yes
    }))
    fc = forecast_target(target(count=2), status, groups={}, as_of_period="2013-06")
    # slow: no pace above the 25th percentile (0,107): only D; fast: none below the 75th (0,593): A, C, D
    assert (fc.expected, fc.low, fc.high) == (2.0, 1.0, 3.0)


def test_deadline_passed_returns_the_actual_value_without_range():
    status = build_status(history({"A": [16, 17, 16], "B": [17, 17, 17]}, start_month=11))
    # 2013-11, 2013-12, 2014-01: at 12/2013 both at 17
    fc = forecast_target(target(count=2), status, groups={}, as_of_period="2014-01")
    assert (fc.expected, fc.low, fc.high, fc.is_actual) == (2.0, None, None, True)


def test_deadline_passed_and_deadline_month_missing_uses_latest_before_it():
    counts = {("A", "2013-10"): 17, ("A", "2014-02"): 12}
    fc = forecast_target(target(count=1), build_status(counts), groups={}, as_of_period="2014-03")
    assert (fc.expected, fc.is_actual) == (1.0, True)
    assert fc.method == Phrase("forecast.method.actual", {"period": Month(2013, 10)})
    assert method_text(fc, "vi") == "Đã qua thời hạn: giá trị thực tế tháng 10/2013."
    assert method_text(fc, "en") == "Deadline passed: actual value in Oct 2013."


def test_months_without_data_are_skipped_and_pace_is_per_calendar_month():
    # 10 in 01/2013 and 12 in 05/2013: 0,5 a month (not 2 per data point); 7 months → 15,5 → 15
    status = build_status({("A", "2013-01"): 10, ("A", "2013-05"): 12})
    assert forecast_target(target(min_criteria=17), status, groups={}, as_of_period="2013-05").expected == 0.0
    assert forecast_target(target(min_criteria=15), status, groups={}, as_of_period="2013-05").expected == 1.0
    # the as-of month itself without data: the latest month before it is the starting point
    assert forecast_target(target(min_criteria=15), status, groups={}, as_of_period="2013-07").expected == 1.0


def test_window_counts_months_with_data():
    counts = {("A", "2012-01"): 4, ("A", "2013-05"): 14, ("A", "2013-06"): 14}
    status = build_status(counts)
    assert forecast_target(target(min_criteria=15), status, groups={}, as_of_period="2013-06", window=2).expected == 0.0
    assert forecast_target(target(min_criteria=15), status, groups={}, as_of_period="2013-06", window=12).expected == 1.0


def test_a_commune_slipping_back_is_projected_down():
    # 17, 17, 17, 16: slope −0,3 a month; 8 months → 13,6 → 13
    status = build_status(history({"A": [17, 17, 17, 16]}))
    assert forecast_target(target(min_criteria=15), status, groups={}, as_of_period="2013-04").expected == 0.0
    assert forecast_target(target("communes_below_criteria", 14, count=0, comparison="<="), status, groups={},
                           as_of_period="2013-04").expected == 1.0


def test_projection_is_capped_to_zero_and_to_the_set():
    status = build_status(history({"A": [4, 2, 0], "B": [17, 18, 18]}))
    # A goes below 0: capped at 0 (still "below 5"); B reaches 19 = the whole set by 12/2013
    below = target("communes_below_criteria", 5, count=0, comparison="<=")
    assert forecast_target(below, status, groups={}, as_of_period="2013-03").expected == 1.0
    std = target("communes_standard", None, count=1)
    assert forecast_target(std, status, groups={}, as_of_period="2013-03").expected == 1.0
    assert forecast_target(target(min_criteria=20), status, groups={}, as_of_period="2013-03").expected == 0.0


def test_share_forecast_is_linear_with_range_from_monthly_changes():
    counts = history({c: [10, 10, 10] for c in "ABCDEFGHIJ"})
    secure = {(c, "2013-01") for c in "ABCDE"} | {(c, "2013-02") for c in "ABCDE"} | \
             {(c, "2013-03") for c in "ABCDEF"}  # 50%, 50%, 60%: slope 5 points a month
    share = target("criterion_share", None, None, 70, ">", date(2013, 6, 30), "security")
    fc = forecast_target(share, build_status(counts, secure), groups={}, as_of_period="2013-03")
    # 3 months: 60 + 15; changes 0 and 10 points → 25th pct 2,5, 75th 7,5
    assert (fc.expected, fc.low, fc.high) == (75.0, 67.5, 82.5)
    assert evaluate(share, build_status(counts, secure), groups={}, period="2013-03").status == "on_track"


def test_share_forecast_is_clamped_to_0_and_100():
    counts = history({c: [10, 10] for c in "ABCD"})
    falling = {(c, "2013-01") for c in "ABC"} | {("A", "2013-02")}  # 75% → 25%
    share = target("criterion_share", None, None, 70, ">", date(2013, 12, 31), "security")
    fc = forecast_target(share, build_status(counts, falling), groups={}, as_of_period="2013-02")
    assert (fc.expected, fc.low, fc.high) == (0.0, 0.0, 0.0)
    rising = {("A", "2013-01")} | {(c, "2013-02") for c in "ABC"}  # 25% → 75%
    assert forecast_target(share, build_status(counts, rising), groups={}, as_of_period="2013-02").expected == 100.0


def test_forecast_uses_only_the_group_and_data_up_to_as_of():
    counts = history({"A": [14, 15, 16], "B": [5, 5, 5]})
    counts[("B", "2013-04")] = 19  # after as_of: unknown at 2013-03
    groups = {"pilot17": frozenset({"B"})}
    t = target(count=1, group="pilot17")
    assert forecast_target(t, build_status(counts), groups=groups, as_of_period="2013-03").expected == 0.0
    assert forecast_target(target(count=1), build_status(counts), groups=groups, as_of_period="2013-03").expected == 1.0


def test_no_data_gives_no_forecast():
    fc = forecast_target(target(), build_status({("A", "2014-01"): 5}), groups={}, as_of_period="2013-06")
    assert isinstance(fc, Forecast) and (fc.expected, fc.low, fc.high) == (None, None, None)


def test_band_reading_range_includes_the_expectation():
    # 15–16 only is not monotone in pace: here the slow and fast cases both give 1, own paces 2
    status = build_status(history({"A": [11, 12], "B": [16, 16]}, start_month=11))
    band = Target("b", "vi", "en", "communes_min_criteria", 15, None, "all", ">=", 1, None, None,
                  date(2014, 3, 31), 16)
    # paces A 1, B 0 → 25th pct 0,25, 75th 0,75; 3 months to 03/2014
    # own: A 15, B 16 → 2; slow: A 12,75 → 12, B 16 → 1; fast: A 15, B 18,25 → 18 → 1
    fc = forecast_target(band, status, groups={}, as_of_period="2013-12")
    assert (fc.expected, fc.low, fc.high) == (2.0, 1.0, 2.0)
