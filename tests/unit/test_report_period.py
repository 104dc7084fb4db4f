"""reports/period.py: the report periods (quarter, half-year, year), their months, the
month compared with, the next period, Vietnamese titles and the error for a bad period."""
from datetime import date

import pytest

from i18n import explain, translate
from reports.period import PeriodError, ReportPeriod, parse_period, periods_to_report, periods_with_data


def say(phrase, lang: str = "vi") -> str:
    return translate(phrase.key, lang, **phrase.values)


def test_a_quarter():
    p = parse_period("2013-Q3")
    assert (p.kind, p.year, p.number, p.code) == ("quarter", 2013, 3, "2013-Q3")
    assert (p.start, p.end) == (date(2013, 7, 1), date(2013, 9, 30))
    assert p.months == ["2013-07", "2013-08", "2013-09"]
    assert (p.first_month, p.last_month, p.baseline_month) == ("2013-07", "2013-09", "2013-06")
    assert say(p.label) == "quý III năm 2013"
    assert say(p.label, "en") == "Q3 2013"


def test_the_first_quarter_is_compared_with_the_previous_december():
    p = parse_period("2014-Q1")
    assert (p.start, p.end, p.baseline_month) == (date(2014, 1, 1), date(2014, 3, 31), "2013-12")
    assert say(p.label) == "quý I năm 2014"


@pytest.mark.parametrize(("code", "start", "end", "label", "baseline"), [
    ("2013-H1", date(2013, 1, 1), date(2013, 6, 30), "6 tháng đầu năm 2013", "2012-12"),
    ("2013-H2", date(2013, 7, 1), date(2013, 12, 31), "6 tháng cuối năm 2013", "2013-06"),
    ("2013", date(2013, 1, 1), date(2013, 12, 31), "năm 2013", "2012-12"),
    ("2012-Q1", date(2012, 1, 1), date(2012, 3, 31), "quý I năm 2012", "2011-12"),
    ("2013-Q4", date(2013, 10, 1), date(2013, 12, 31), "quý IV năm 2013", "2013-09"),
])
def test_half_years_years_and_quarters(code, start, end, label, baseline):
    p = parse_period(code)
    assert (p.start, p.end, say(p.label), p.baseline_month, p.code) == (start, end, label, baseline, code)
    assert len(p.months) == p.length == {"quarter": 3, "half": 6, "year": 12}[p.kind]


def test_case_and_spaces_do_not_matter():
    assert parse_period(" 2013-q3 ") == parse_period("2013-Q3") == ReportPeriod("quarter", 2013, 3)
    assert parse_period("2013-h2").code == "2013-H2"


@pytest.mark.parametrize(("code", "nxt"), [
    ("2013-Q2", "2013-Q3"), ("2013-Q4", "2014-Q1"), ("2013-H1", "2013-H2"), ("2013-H2", "2014-H1"), ("2013", "2014"),
])
def test_next_period_is_of_the_same_kind(code, nxt):
    assert parse_period(code).next().code == nxt


def test_english_labels():
    assert [say(parse_period(c).label, "en") for c in ("2013-H1", "2013-H2", "2013")] == [
        "first half of 2013", "second half of 2013", "the year 2013"]


@pytest.mark.parametrize("bad", ["2013-Q5", "2013-Q0", "2013-H3", "13-Q1", "2013Q3", "2013-07", "2013-Q", "",
                                 "Q3-2013", "0000", "năm 2013", None, 2013])
def test_a_bad_period_says_what_is_expected_in_both_languages(bad):
    with pytest.raises(ValueError) as err:
        parse_period(bad)
    assert isinstance(err.value, PeriodError)
    vi, en = explain(err.value), explain(err.value, "en")
    assert vi.startswith("Kỳ báo cáo không hợp lệ") and en.startswith("Invalid report period")
    assert repr(bad) in vi and repr(bad) in en
    assert "YYYY-Qn" in en and "2013-Q3" in vi


def test_an_impossible_period_cannot_be_built():
    with pytest.raises(ValueError):
        ReportPeriod("quarter", 2013, 5)
    with pytest.raises(ValueError):
        ReportPeriod("month", 2013, 1)


def test_periods_with_data_newest_first_longest_first_at_the_same_end():
    months = [f"2013-{m:02d}" for m in range(1, 13)] + ["2014-01", "2014-02"]
    assert [p.code for p in periods_with_data(months)] == [
        "2013", "2013-H2", "2013-Q4", "2013-Q3", "2013-H1", "2013-Q2", "2013-Q1"]


def test_a_missing_month_rules_out_every_period_holding_it():
    months = [f"2013-{m:02d}" for m in range(1, 13) if m != 8]
    assert [p.code for p in periods_with_data(months)] == ["2013-Q4", "2013-H1", "2013-Q2", "2013-Q1"]
    assert periods_with_data([]) == []


def test_periods_to_report_have_ended_and_follow_the_programme():
    months = [f"2013-{m:02d}" for m in range(1, 13)]
    codes = lambda *a: [p.code for p in periods_to_report(months, *a)]  # noqa: E731
    assert codes(date(2013, 6, 5), date(2013, 10, 5)) == ["2013-Q3", "2013-H1", "2013-Q2"]
    assert codes(date(2013, 6, 5), date(2013, 9, 30)) == ["2013-Q3", "2013-H1", "2013-Q2"]  # on the last day
    assert codes(date(2013, 6, 5), date(2013, 9, 29)) == ["2013-H1", "2013-Q2"]
    assert codes(None, date(2013, 4, 1)) == ["2013-Q1"]
