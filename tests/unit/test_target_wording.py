"""A target card's two facts (now / by the deadline) and its forecast, on hand-built histories,
as domain phrases and as the Vietnamese and English text the catalogue makes of them."""
from __future__ import annotations

from datetime import date

from domain import target_wording as words
from domain.forecast import Forecast
from domain.months import Month
from domain.phrase import Phrase
from domain.targets import evaluate
from tests.unit.test_targets import BELOW5, MIN15, MIN17, SEC_ALL, STANDARD, build_status, target
from ui.progress_data import TargetView
from ui.progress_view import forecast_text, now_text, summary_table, verdict_text
from ui.shell import PageContext


def ctx(lang="vi"):
    return PageContext(key="progress", lang=lang, notices=None, filters_line=None)


def history(dec13: dict[str, int], later: dict[str, int] | None = None, later_period="2015-12"):
    counts = {(c, "2013-12"): k for c, k in dec13.items()}
    counts.update({(c, later_period): k for c, k in (later or {}).items()})
    return build_status(counts)


def test_34_communes_now_but_not_met_at_the_2013_deadline():
    """'13 xã đạt 15 tiêu chí': 34 ≥ 13 in 12/2015 reads as above target, the 2013 verdict apart."""
    dec13 = {f"C{i:02d}": (15 if i < 10 else 12) for i in range(40)}  # 10 at 15+ in 12/2013: short by 3
    dec15 = {f"C{i:02d}": (15 if i < 34 else 12) for i in range(40)}  # 34 at 15+ in 12/2015
    ev = evaluate(MIN15, history(dec13, dec15), groups={}, period="2015-12")
    assert ev.status == "not_met"
    assert words.situation(ev) == words.Phrase("target.now.count.above", {"count": 34, "over": 21})
    v = words.verdict(ev)
    assert v.key == "target.by.not_met_at" and v.values["date"] == date(2013, 12, 31)
    assert v.values["at"] == words.Phrase("target.at.count", {"period": Month(2013, 12), "count": 10})
    assert now_text(ctx(), ev) == "Hiện nay (12/2015): 34 xã, vượt 21"
    assert verdict_text(ctx(), ev) == "Đến 31/12/2013: chưa đạt (tháng 12/2013: 10 xã)"
    assert now_text(ctx("en"), ev) == "Now (Dec 2015): 34 communes, 21 above target"
    assert verdict_text(ctx("en"), ev) == "By 31/12/2013: not met (Dec 2013: 10 communes)"


def test_none_below_5_now_met_while_the_deadline_was_missed():
    """'không còn xã dưới 5 tiêu chí': 0 ≤ 0 now reads "đạt"; at 12/2013 two were still below 5."""
    dec13 = {"A": 4, "B": 3, "C": 9}
    dec15 = {"A": 6, "B": 5, "C": 12}
    ev = evaluate(BELOW5, history(dec13, dec15), groups={}, period="2015-12")
    assert (ev.value.count, ev.gap_communes, ev.status) == (0, 0, "not_met")
    assert words.situation(ev) == words.Phrase("target.now.below.met", {"count": 0, "min": 5})
    assert now_text(ctx(), ev) == "Hiện nay (12/2015): 0 xã dưới 5 tiêu chí — đạt"
    assert verdict_text(ctx(), ev) == "Đến 31/12/2013: chưa đạt (tháng 12/2013: 2 xã dưới 5 tiêu chí)"
    assert now_text(ctx("en"), ev) == "Now (Dec 2015): 0 communes below 5 criteria — met"


def test_not_met_in_the_deadline_month_itself_says_no_month_twice():
    ev = evaluate(BELOW5, history({"A": 4, "B": 3, "C": 9}), groups={}, period="2013-12")
    assert words.situation(ev) == words.Phrase("target.now.below.too_many", {"count": 2, "min": 5, "excess": 2})
    assert words.verdict(ev) == words.Phrase("target.by.not_met", {"date": date(2013, 12, 31)})
    assert now_text(ctx(), ev) == "Hiện nay (12/2013): 2 xã dưới 5 tiêu chí, cần nâng 2 xã"
    assert verdict_text(ctx(), ev) == "Đến 31/12/2013: chưa đạt"


def test_met_exactly_and_met_with_margin():
    exact = evaluate(MIN17, history({"A": 17, "B": 18, "C": 19, "D": 17, "E": 3}), groups={}, period="2013-12")
    assert words.situation(exact).key == "target.now.count.met"
    assert now_text(ctx(), exact) == "Hiện nay (12/2013): 4 xã — đạt"
    assert verdict_text(ctx(), exact) == "Đến 31/12/2013: đạt"
    short = evaluate(MIN17, history({"A": 17, "B": 3}), groups={}, period="2013-12")
    assert now_text(ctx(), short) == "Hiện nay (12/2013): 1 xã, còn thiếu 3"
    assert (short.status, verdict_text(ctx(), short)) == ("not_met", "Đến 31/12/2013: chưa đạt")


def test_not_yet_due_with_the_forecast_reading():
    rising = build_status({("A", f"2013-{m:02d}"): 10 + m for m in range(1, 7)})
    ev = evaluate(target(min_criteria=17, count=1), rising, groups={}, period="2013-06")
    assert ev.status == "on_track"
    assert words.verdict(ev) == words.Phrase("target.by.on_track", {"date": date(2013, 12, 31)})
    assert verdict_text(ctx(), ev) == "Đến 31/12/2013: chưa đến hạn — dự báo đạt"
    assert now_text(ctx(), ev) == "Hiện nay (06/2013): 0 xã, còn thiếu 1"
    flat = build_status({("A", f"2013-{m:02d}"): 16 for m in range(1, 7)})
    ev = evaluate(target(min_criteria=17, count=1), flat, groups={}, period="2013-06")
    assert verdict_text(ctx(), ev) == "Đến 31/12/2013: chưa đến hạn — dự báo chưa đạt"
    assert verdict_text(ctx("en"), ev) == "By 31/12/2013: not yet due — forecast: not met"


def test_share_target_now_in_percent_and_communes():
    counts = {(f"X{i}", "2013-12"): 10 for i in range(10)}
    eight = build_status(counts, secure={(f"X{i}", "2013-12") for i in range(8)})
    ev = evaluate(SEC_ALL, eight, groups={}, period="2013-12")  # > 70% of 10 means 8: met, no margin
    assert now_text(ctx(), ev) == "Hiện nay (12/2013): 80,00% (8/10 xã) — đạt"
    seven = build_status(counts, secure={(f"X{i}", "2013-12") for i in range(7)})
    ev = evaluate(SEC_ALL, seven, groups={}, period="2013-12")  # exactly 70% is not "trên 70%"
    assert now_text(ctx(), ev) == "Hiện nay (12/2013): 70,00% (7/10 xã), còn thiếu 1 xã"


def test_no_data_in_the_month_shown():
    ev = evaluate(MIN17, history({"A": 17}), groups={}, period="2013-11")
    assert now_text(ctx(), ev) == "Hiện nay (11/2013): chưa có số liệu tháng 11/2013"
    assert verdict_text(ctx(), ev) == "Đến 31/12/2013: chưa đến hạn"
    assert forecast_text(ctx(), ev) == "Không dự báo: chưa có số liệu tháng 11/2013"


def _with_forecast(expected, low, high, percent=False):
    status = build_status({("A", f"2013-{m:02d}"): 10 + m for m in range(1, 7)})
    ev = evaluate(SEC_ALL if percent else target(min_criteria=17, count=1), status, groups={}, period="2013-06")
    fc = Forecast(expected, low, high, Phrase("forecast.method.no_data"), "2013-12", "2013-06")
    return ev.__class__(**{**ev.__dict__, "forecast": fc})


def test_forecast_is_one_number_when_the_range_collapses():
    ev = _with_forecast(7.0, 7.0, 7.0)
    assert words.forecast(ev) == words.Phrase("target.fc.count", {"period": Month(2013, 12), "expected": 7})
    assert forecast_text(ctx(), ev) == "Dự báo đến 12/2013: **7 xã**"
    assert "7–7" not in forecast_text(ctx("en"), ev)
    # ends that differ only below the display's precision collapse too
    ev = _with_forecast(7.0, 6.6, 7.2)
    assert forecast_text(ctx(), ev) == "Dự báo đến 12/2013: **7 xã**"


def test_forecast_range_with_ends_that_differ():
    ev = _with_forecast(7.0, 5.0, 9.0)
    assert forecast_text(ctx(), ev) == "Dự báo đến 12/2013: **7 xã** (khoảng 5–9 xã)"
    assert forecast_text(ctx("en"), ev) == "Forecast for Dec 2013: **7 communes** (range 5–9 communes)"
    ev = _with_forecast(72.5, 70.0, 75.25, percent=True)
    assert forecast_text(ctx(), ev) == "Dự báo đến 12/2013: **72,50%** (khoảng 70,00%–75,25%)"


def test_forecast_at_and_after_the_deadline_says_why_there_is_none():
    status = build_status({(f"{30000 + i}", p): (19 if i < 13 else 12) for i in range(119)
                           for p in ("2015-06", "2015-12", "2016-03")})
    ev = evaluate(STANDARD, status, groups={}, period="2015-12")
    assert ev.forecast is None
    assert words.forecast(ev) == words.Phrase("target.fc.at_deadline", {"date": date(2015, 12, 31)})
    assert forecast_text(ctx(), ev) == ("Không dự báo: tháng đang xem là tháng của thời hạn 31/12/2015, "
                                        "xem kết quả đến thời hạn")
    assert now_text(ctx(), ev) == "Hiện nay (12/2015): 13 xã, còn thiếu 4"
    assert verdict_text(ctx(), ev) == "Đến 31/12/2015: chưa đạt"
    later = evaluate(STANDARD, status, groups={}, period="2016-03")
    assert words.forecast(later) == words.Phrase("target.fc.passed", {"date": date(2015, 12, 31)})
    assert forecast_text(ctx(), later) == "Không dự báo: đã qua thời hạn 31/12/2015, xem kết quả đến thời hạn"
    assert verdict_text(ctx(), later) == "Đến 31/12/2015: chưa đạt (tháng 12/2015: 13 xã)"
    assert forecast_text(ctx("en"), later) == ("No forecast: the deadline 31/12/2015 has passed, "
                                               "see the result by the deadline")


def test_english_says_1_commune():
    ev = evaluate(MIN17, history({"A": 17, "B": 18, "C": 19, "D": 17, "E": 17}), groups={}, period="2013-12")
    assert now_text(ctx("en"), ev) == "Now (Dec 2013): 5 communes, 1 above target"
    one = evaluate(target(min_criteria=17, count=0), history({"A": 17}), groups={}, period="2013-12")
    assert now_text(ctx("en"), one) == "Now (Dec 2013): 1 commune, 1 above target"
    counts = {(f"X{i}", "2013-12"): 10 for i in range(11)}
    ev = evaluate(SEC_ALL, build_status(counts, secure={(f"X{i}", "2013-12") for i in range(9)}), groups={}, period="2013-12")
    assert now_text(ctx("en"), ev) == "Now (Dec 2013): 81.82% (9 of 11 communes), 1 commune above target"
    # the plural form follows each number (catalogue key target.communes), not a rewrite of the text
    assert forecast_text(ctx("en"), _with_forecast(1.0, 0.0, 1.0)) == (
        "Forecast for Dec 2013: **1 commune** (range 0–1 commune)")
    assert forecast_text(ctx(), _with_forecast(1.0, 0.0, 1.0)) == "Dự báo đến 12/2013: **1 xã** (khoảng 0–1 xã)"


def test_summary_table_of_the_briefing_slide_has_both_facts_and_a_forecast_cell():
    dec13 = {f"C{i:02d}": (15 if i < 10 else 4 if i < 12 else 12) for i in range(40)}
    dec15 = {f"C{i:02d}": (15 if i < 34 else 12) for i in range(40)}
    status = history(dec13, dec15)
    views = [TargetView(t, evaluate(t, status, groups={}, period="2015-12")) for t in (MIN15, BELOW5)]
    table = summary_table(ctx(), views)
    assert list(table.columns) == ["Mục tiêu theo Chương trình", "Mục tiêu", "Hiện nay", "Đến thời hạn", "Dự báo"]
    assert table["Hiện nay"].tolist() == ["34 xã, vượt 21", "0 xã dưới 5 tiêu chí — đạt"]
    assert table["Đến thời hạn"].tolist() == ["Đến 31/12/2013: chưa đạt (tháng 12/2013: 10 xã)",
                                              "Đến 31/12/2013: chưa đạt (tháng 12/2013: 2 xã dưới 5 tiêu chí)"]
    assert table["Dự báo"].tolist() == ["Không dự báo: đã qua thời hạn 31/12/2013, xem kết quả đến thời hạn"] * 2
    assert table["Mục tiêu"].tolist() == ["≥ 13", "≤ 0"]
