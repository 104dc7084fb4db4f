"""domain.months.Month: reading, stepping, quarters, days, and the labels the pages, reports and
files have always shown (the literal strings below are what the four formatters it replaced wrote)."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from domain.months import Month, MonthError
from i18n import explain


@pytest.mark.parametrize(("text", "month"), [("2013-06", Month(2013, 6)), ("2013-12", Month(2013, 12)),
                                             ("0001-01", Month(1, 1)), ("9999-12", Month(9999, 12))])
def test_parse_good(text, month):
    assert Month.parse(text) == month
    assert str(month) == text


@pytest.mark.parametrize("bad", ["2013-13", "2013-6", "abc", "", "2013-00", "0000-05", "2013-06-01", " 2013-06",
                                 "201306", "2013/06", None, 201306])
def test_parse_bad(bad):
    with pytest.raises(MonthError) as err:
        Month.parse(bad)
    assert isinstance(err.value, ValueError)
    assert Month.try_parse(bad) is None


def test_error_has_a_code_explain_turns_into_a_sentence():
    with pytest.raises(MonthError) as err:
        Month.parse("2013-13")
    assert err.value.code == "edit.bad_period" and err.value.params == {"period": "2013-13"}
    assert explain(err.value, "en") == "Period “2013-13” is not valid (YYYY-MM)."
    assert explain(err.value, "vi") == "Kỳ “2013-13” không hợp lệ (dạng YYYY-MM)."


def test_constructor_validates():
    for year, month in ((2013, 0), (2013, 13), (0, 1), (10000, 1), ("2013", 6)):
        with pytest.raises(MonthError):
            Month(year, month)  # type: ignore[arg-type]


def test_str_pads_the_year():
    assert str(Month(987, 3)) == "0987-03"


def test_next_previous_across_year_boundaries():
    assert Month(2013, 12).next() == Month(2014, 1)
    assert Month(2014, 1).previous() == Month(2013, 12)
    assert Month(2013, 6).next() == Month(2013, 7)
    assert Month(2013, 6).previous() == Month(2013, 5)
    assert Month(2013, 12).plus(-12) == Month(2012, 12)
    assert Month(2013, 1).plus(-1) == Month(2012, 12)
    assert Month(2012, 11).plus(14) == Month(2014, 1)
    assert Month(2012, 11).plus(0) == Month(2012, 11)


def test_difference_in_months():
    assert Month(2014, 1) - Month(2013, 11) == 2
    assert Month(2013, 11) - Month(2014, 1) == -2
    assert Month(2015, 12) - Month(2011, 1) == 59
    assert Month.parse("2013-06") - Month.parse("2013-06") == 0
    assert Month.from_index(Month(2013, 6).index) == Month(2013, 6)


def test_quarter():
    assert [Month(2013, m).quarter for m in range(1, 13)] == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]


def test_first_and_last_day():
    assert Month(2013, 2).first_day == date(2013, 2, 1)
    assert Month(2013, 2).last_day == date(2013, 2, 28)
    assert Month(2016, 2).last_day == date(2016, 2, 29)
    assert Month(2013, 12).last_day == date(2013, 12, 31)


def test_of_a_day():
    assert Month.of(date(2013, 6, 15)) == Month(2013, 6)
    assert Month.of(datetime(2013, 12, 31, 23, 59)) == Month(2013, 12)
    assert Month.of(pd.Timestamp("2014-01-01")) == Month(2014, 1)


def test_range_includes_both_ends():
    months = [str(m) for m in Month.range(Month(2012, 11), Month(2013, 2))]
    assert months == ["2012-11", "2012-12", "2013-01", "2013-02"]
    assert list(Month.range(Month(2013, 2), Month(2013, 1))) == []
    assert len(list(Month.range(Month(2011, 1), Month(2015, 12)))) == 60


def test_order_and_hash():
    assert Month(2013, 12) < Month(2014, 1) < Month(2014, 2)
    assert sorted([Month(2014, 1), Month(2013, 12), Month(2013, 2)]) == [Month(2013, 2), Month(2013, 12), Month(2014, 1)]
    assert len({Month(2013, 6), Month.parse("2013-06")}) == 1
    with pytest.raises(AttributeError):
        Month(2013, 6).month = 7  # type: ignore[misc]


@pytest.mark.parametrize(("text", "vi", "vi_long", "en"), [
    ("2013-06", "06/2013", "tháng 6/2013", "Jun 2013"),
    ("2013-12", "12/2013", "tháng 12/2013", "Dec 2013"),
    ("2014-01", "01/2014", "tháng 1/2014", "Jan 2014"),
    ("2011-09", "09/2011", "tháng 9/2011", "Sep 2011"),
    ("2015-07", "07/2015", "tháng 7/2015", "Jul 2015"),
])
def test_labels_are_the_ones_shown_before(text, vi, vi_long, en):
    m = Month.parse(text)
    # ui.formatting.fmt_period (pages): short and long Vietnamese, the abbreviated English either way
    assert m.label("vi") == vi
    assert m.label("vi", long=True) == vi_long
    assert m.label("en") == en and m.label("en", long=True) == en


def test_the_formatters_that_now_delegate_keep_their_text():
    from domain.tasks.deadline_wording import deadline_label
    from domain.tasks.deadlines import Deadline
    from reports.tables import month_text
    from ui.formatting import fmt_period
    from ui.phrases import phrase_text
    from ui.shell import PageContext

    assert fmt_period("2013-06") == "06/2013"
    assert fmt_period("2013-06", long=True) == "tháng 6/2013"
    assert fmt_period("2013-12", "en") == "Dec 2013"
    assert fmt_period("2013-12", "en", long=True) == "Dec 2013"
    assert month_text("2013-09") == "tháng 9/2013" and month_text(None) == "–"
    assert phrase_text(PageContext(key="tasks", lang="vi", notices=None, filters_line=None),
                       deadline_label(Deadline("month", "2013-07"))) == "tháng 7/2013"
    assert phrase_text(PageContext(key="tasks", lang="en", notices=None, filters_line=None),
                       deadline_label(Deadline("month", "2013-07"))) == "July 2013"
