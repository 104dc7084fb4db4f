"""domain/tasks/deadlines.py: due dates per deadline kind, the seed's phrasing, overdue, the reporting
calendar and its timeliness, Vietnamese and English labels."""

from dataclasses import dataclass
from datetime import date

import pytest

from domain.tasks import deadline_phrases as ph
from domain.tasks import deadline_wording as wd
from domain.tasks import deadlines as dl
from domain.tasks import reporting_calendar as rc
from domain.tasks.deadlines import Deadline, Recurrence
from ui.phrases import phrase_text
from ui.shell import PageContext

# --------------------------------------------------------------------------------------------
# Fixed kinds
# --------------------------------------------------------------------------------------------


def test_date_kind_is_that_day():
    assert dl.due_date(Deadline("date", "2013-06-15", "chậm nhất đến ngày 15/6/2013")) == date(2013, 6, 15)


@pytest.mark.parametrize(("value", "expected"), [
    ("2013-07", date(2013, 7, 31)),
    ("2013-06", date(2013, 6, 30)),
    ("2013-02", date(2013, 2, 28)),
    ("2012-02", date(2012, 2, 29)),  # leap year
    ("2013-12", date(2013, 12, 31)),
    ("2013-09", date(2013, 9, 30)),
])
def test_month_kind_is_last_day_of_month(value, expected):
    assert dl.due_date(Deadline("month", value)) == expected


@pytest.mark.parametrize(("quarter", "expected"), [
    (1, date(2013, 3, 31)), (2, date(2013, 6, 30)), (3, date(2013, 9, 30)), (4, date(2013, 12, 31)),
])
def test_quarter_kind_is_last_day_of_quarter(quarter, expected):
    assert dl.due_date(Deadline("quarter", f"2013-Q{quarter}")) == expected
    assert dl.quarter_end(2013, quarter) == expected


def test_year_kind_is_31_december():
    assert dl.due_date(Deadline("year", "2013")) == date(2013, 12, 31)
    assert dl.due_date(Deadline("year", "2014")) == date(2014, 12, 31)


def test_ongoing_has_no_due_date():
    assert dl.due_date(Deadline("ongoing")) is None
    assert dl.due_date(Deadline("ongoing"), on_or_after=date(2013, 7, 1)) is None


def test_calendar_helpers():
    assert dl.last_day_of_month(2013, 2) == date(2013, 2, 28)
    assert dl.last_day_of_month(2016, 2) == date(2016, 2, 29)
    assert dl.quarter_of(date(2013, 9, 30)) == 3
    assert dl.quarter_of(date(2013, 10, 1)) == 4
    assert dl.quarter_start(2013, 4) == date(2013, 10, 1)
    with pytest.raises(ValueError):
        dl.quarter_end(2013, 5)


@pytest.mark.parametrize(("kind", "value"), [
    ("date", "2013-02-30"), ("date", "15/6/2013"), ("month", "2013-13"), ("month", "2013-7"),
    ("quarter", "2013-Q5"), ("quarter", "2013-IV"), ("year", "13"), ("ongoing", "2013"),
    ("bogus", None),
])
def test_invalid_deadline_values_are_rejected(kind, value):
    with pytest.raises(ValueError):
        Deadline(kind, value)


def test_after_event_and_recurring_need_their_details():
    with pytest.raises(ValueError, match="event key"):
        Deadline("after_event")
    with pytest.raises(ValueError, match="recurrence"):
        Deadline("recurring")
    with pytest.raises(ValueError):
        Recurrence("fortnightly")
    with pytest.raises(ValueError):
        Recurrence("monthly", day=32)


# --------------------------------------------------------------------------------------------
# after_event
# --------------------------------------------------------------------------------------------

AFTER = Deadline("after_event", text="sau khi có Thông tư sửa đổi…", event_key="tt_sua_doi_tt54_2009")


def test_after_event_is_none_until_the_event_has_a_date():
    assert dl.due_date(AFTER) is None
    assert dl.due_date(AFTER, events={}) is None
    assert dl.due_date(AFTER, events={"tt_sua_doi_tt54_2009": None}) is None
    assert dl.due_date(AFTER, events={"another_event": date(2013, 10, 4)}) is None


def test_after_event_default_grace_is_30_days():
    assert dl.DEFAULT_GRACE_DAYS == 30
    assert dl.due_date(AFTER, events={"tt_sua_doi_tt54_2009": date(2013, 10, 4)}) == date(2013, 11, 3)
    assert dl.due_date(AFTER, events={"tt_sua_doi_tt54_2009": "2013-10-04"}) == date(2013, 11, 3)


def test_after_event_grace_can_be_set_per_task_and_per_call():
    own = Deadline("after_event", event_key="e", grace_days=10)
    assert dl.due_date(own, events={"e": date(2013, 8, 7)}) == date(2013, 8, 17)
    assert dl.due_date(own, events={"e": date(2013, 8, 7)}, grace_days=0) == date(2013, 8, 7)
    assert dl.due_date(AFTER, events={"tt_sua_doi_tt54_2009": date(2013, 12, 20)}, grace_days=15) \
        == date(2014, 1, 4)


# --------------------------------------------------------------------------------------------
# Recurring
# --------------------------------------------------------------------------------------------

MONTHLY_20 = Recurrence("monthly", day=20)
QUARTERLY_15 = Recurrence("quarterly", day=15)
MONTH_END = Recurrence("monthly")
WEEKLY = Recurrence("weekly")
QHY = Recurrence("quarterly+half-year+year")


@pytest.mark.parametrize(("rec", "day", "expected"), [
    (MONTHLY_20, date(2013, 6, 20), date(2013, 6, 20)),
    (MONTHLY_20, date(2013, 6, 21), date(2013, 7, 20)),
    (MONTHLY_20, date(2013, 12, 21), date(2014, 1, 20)),
    (QUARTERLY_15, date(2013, 6, 15), date(2013, 6, 15)),
    (QUARTERLY_15, date(2013, 6, 16), date(2013, 9, 15)),
    (QUARTERLY_15, date(2013, 12, 16), date(2014, 3, 15)),
    (MONTH_END, date(2013, 2, 1), date(2013, 2, 28)),
    (MONTH_END, date(2013, 3, 1), date(2013, 3, 31)),
    (WEEKLY, date(2013, 6, 5), date(2013, 6, 9)),   # Wednesday -> Sunday
    (WEEKLY, date(2013, 6, 9), date(2013, 6, 9)),   # Sunday itself
    (WEEKLY, date(2013, 6, 10), date(2013, 6, 16)),
    (QHY, date(2013, 6, 5), date(2013, 6, 30)),
    (QHY, date(2013, 10, 1), date(2013, 12, 31)),
])
def test_next_due(rec, day, expected):
    assert rc.next_due(rec, day) == expected
    assert dl.due_date(Deadline("recurring", recurrence=rec), on_or_after=day) == expected


def test_recurring_due_date_needs_a_reference_day():
    assert dl.due_date(Deadline("recurring", recurrence=MONTHLY_20)) is None


def test_due_dates_in_a_range_include_both_ends():
    assert rc.due_dates(MONTHLY_20, date(2013, 6, 20), date(2013, 9, 20)) == [
        date(2013, 6, 20), date(2013, 7, 20), date(2013, 8, 20), date(2013, 9, 20)]
    assert rc.due_dates(QUARTERLY_15, date(2013, 1, 1), date(2013, 12, 31)) == [
        date(2013, 3, 15), date(2013, 6, 15), date(2013, 9, 15), date(2013, 12, 15)]
    assert rc.due_dates(MONTH_END, date(2013, 1, 1), date(2013, 4, 30)) == [
        date(2013, 1, 31), date(2013, 2, 28), date(2013, 3, 31), date(2013, 4, 30)]
    assert rc.due_dates(WEEKLY, date(2013, 6, 1), date(2013, 6, 30)) == [
        date(2013, 6, 2), date(2013, 6, 9), date(2013, 6, 16), date(2013, 6, 23), date(2013, 6, 30)]
    assert rc.due_dates(MONTHLY_20, date(2013, 6, 21), date(2013, 7, 19)) == []
    assert rc.due_dates(MONTHLY_20, date(2013, 9, 1), date(2013, 8, 1)) == []


def test_day_past_month_end_falls_on_last_day():
    assert rc.due_dates(Recurrence("monthly", day=31), date(2013, 1, 1), date(2013, 4, 30)) == [
        date(2013, 1, 31), date(2013, 2, 28), date(2013, 3, 31), date(2013, 4, 30)]
    assert rc.due_dates(Recurrence("quarterly", day=31), date(2013, 1, 1), date(2013, 6, 30)) == [
        date(2013, 3, 31), date(2013, 6, 30)]


def test_weekly_across_the_year_end_uses_iso_weeks():
    assert rc.due_dates(WEEKLY, date(2013, 12, 25), date(2014, 1, 12)) == [
        date(2013, 12, 29), date(2014, 1, 5), date(2014, 1, 12)]
    friday = Recurrence("weekly", weekday=4)
    assert rc.next_due(friday, date(2013, 6, 8)) == date(2013, 6, 14)


def test_quarterly_half_year_year_periods_are_labelled():
    periods = rc.due_periods(QHY, date(2013, 1, 1), date(2013, 12, 31))
    assert [(p.kind, p.start, p.end, p.due, say(p.label), say(p.label, "en")) for p in periods] == [
        ("quarter", date(2013, 1, 1), date(2013, 3, 31), date(2013, 3, 31), "quý I/2013", "Q1 2013"),
        ("half-year", date(2013, 1, 1), date(2013, 6, 30), date(2013, 6, 30),
         "6 tháng đầu năm 2013", "H1 2013"),
        ("quarter", date(2013, 7, 1), date(2013, 9, 30), date(2013, 9, 30), "quý III/2013", "Q3 2013"),
        ("year", date(2013, 1, 1), date(2013, 12, 31), date(2013, 12, 31), "năm 2013", "2013"),
    ]


def test_monthly_periods_cover_their_month():
    (p,) = rc.due_periods(MONTHLY_20, date(2013, 7, 1), date(2013, 7, 31))
    assert (p.kind, p.start, p.end, p.due, say(p.label), say(p.label, "en")) == (
        "month", date(2013, 7, 1), date(2013, 7, 31), date(2013, 7, 20), "tháng 7/2013", "July 2013")


@dataclass
class _Obligation:
    recurrence: Recurrence


def test_report_due_dates_take_an_obligation_or_a_recurrence():
    ob = _Obligation(QUARTERLY_15)
    assert rc.report_due_dates(ob, date(2013, 6, 5), date(2014, 3, 15)) == [
        date(2013, 6, 15), date(2013, 9, 15), date(2013, 12, 15), date(2014, 3, 15)]
    assert rc.report_due_dates(MONTHLY_20, date(2013, 6, 5), date(2013, 7, 31)) == [
        date(2013, 6, 20), date(2013, 7, 20)]
    with pytest.raises(TypeError):
        rc.report_due_dates(object(), date(2013, 1, 1), date(2013, 2, 1))


# --------------------------------------------------------------------------------------------
# Timeliness
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("received", "as_of", "expected"), [
    (date(2013, 7, 20), date(2013, 7, 31), "on_time"),   # received on the 20th
    (date(2013, 7, 21), date(2013, 7, 31), "late"),      # received on the 21st
    (date(2013, 7, 2), date(2013, 7, 31), "on_time"),
    (None, date(2013, 7, 20), "not_due"),                # the due day itself
    (None, date(2013, 7, 21), "missing"),
    (None, date(2013, 7, 1), "not_due"),
    (date(2013, 7, 25), date(2013, 7, 22), "missing"),   # a receipt after as_of had not arrived yet
    (date(2013, 7, 25), date(2013, 7, 25), "late"),
    (date(2013, 7, 19), date(2013, 7, 19), "on_time"),
])
def test_timeliness_monthly_20th(received, as_of, expected):
    assert rc.timeliness(date(2013, 7, 20), received, as_of) == expected


@pytest.mark.parametrize("due", [date(2013, 3, 15), date(2013, 6, 15), date(2013, 9, 15), date(2013, 12, 15)])
def test_timeliness_quarterly_on_the_15th(due):
    assert due in rc.report_due_dates(QUARTERLY_15, date(2013, 1, 1), date(2013, 12, 31))
    day_after = date(due.year, due.month, 16)
    assert rc.timeliness(due, due, day_after) == "on_time"
    assert rc.timeliness(due, day_after, day_after) == "late"
    assert rc.timeliness(due, None, due) == "not_due"
    assert rc.timeliness(due, None, day_after) == "missing"


def test_timeliness_at_period_end_across_the_year():
    due = dl.quarter_end(2013, 4)
    assert rc.timeliness(due, date(2013, 12, 31), date(2014, 1, 5)) == "on_time"
    assert rc.timeliness(due, date(2014, 1, 1), date(2014, 1, 5)) == "late"
    assert rc.timeliness(due, None, date(2014, 1, 1)) == "missing"
    assert dl.TIMELINESS_VALUES == ("on_time", "late", "missing", "not_due")


# --------------------------------------------------------------------------------------------
# Overdue
# --------------------------------------------------------------------------------------------

DUE_15_6 = Deadline("date", "2013-06-15", "chậm nhất đến ngày 15/6/2013")


def test_overdue_the_day_after_the_due_date_only():
    assert dl.is_overdue(DUE_15_6, "in_progress", date(2013, 6, 15)) is False
    assert dl.is_overdue(DUE_15_6, "in_progress", date(2013, 6, 16)) is True
    assert dl.is_overdue(DUE_15_6, None, date(2013, 9, 30)) is True


@pytest.mark.parametrize("status", ["done", "cancelled", "Done", " DONE "])
def test_closed_tasks_are_never_overdue(status):
    assert dl.is_overdue(DUE_15_6, status, date(2013, 9, 30)) is False


def test_overdue_by_kind_on_30_09_2013():
    as_of = date(2013, 9, 30)
    assert dl.is_overdue(Deadline("month", "2013-07"), "not_started", as_of) is True
    assert dl.is_overdue(Deadline("month", "2013-09"), "not_started", as_of) is False
    assert dl.is_overdue(Deadline("quarter", "2013-Q3"), "not_started", date(2013, 10, 1)) is True
    assert dl.is_overdue(Deadline("quarter", "2013-Q4"), "not_started", as_of) is False
    assert dl.is_overdue(Deadline("year", "2013"), "not_started", as_of) is False
    assert dl.is_overdue(Deadline("ongoing"), "not_started", as_of) is False
    assert dl.is_overdue(Deadline("recurring", recurrence=MONTHLY_20), "not_started", as_of) is False
    assert dl.is_overdue(AFTER, "not_started", as_of) is False
    events = {"tt_sua_doi_tt54_2009": date(2013, 8, 1)}  # due 31/08/2013
    assert dl.is_overdue(AFTER, "in_progress", as_of, events=events) is True
    assert dl.is_overdue(AFTER, "in_progress", as_of, events=events, grace_days=90) is False


def test_is_overdue_accepts_an_object_with_a_deadline():
    @dataclass
    class T:
        deadline: Deadline
    assert dl.is_overdue(T(DUE_15_6), None, date(2013, 6, 16)) is True
    with pytest.raises(TypeError):
        dl.is_overdue(object(), None, date(2013, 6, 16))


# --------------------------------------------------------------------------------------------
# The seed's phrases
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("phrase", "expected"), [
    ("chậm nhất đến ngày 15/6/2013", ("date", "2013-06-15")),
    ("trong tháng 7/2013", ("month", "2013-07")),
    ("trình UBND tỉnh quyết định trong tháng 6/2013", ("month", "2013-06")),
    ("trình UBND tỉnh trong tháng 7/2013", ("month", "2013-07")),
    ("quý IV/2013", ("quarter", "2013-Q4")),
    ("trong quý IV/2013", ("quarter", "2013-Q4")),
    ("Quý I/2014", ("quarter", "2014-Q1")),
    ("trong năm 2013", ("year", "2013")),
    ("trong năm 2014", ("year", "2014")),
    ("phải hoàn thành trong năm 2014", ("year", "2014")),
    ("đến cuối năm 2013", ("year", "2013")),
    ("dự kiến trong tháng 9/2013", ("month", "2013-09")),
    ("(dự kiến trong tháng 7/2013)", ("month", "2013-07")),
    ("sau khi có Thông tư sửa đổi, bổ sung Thông tư số 54/2009/TT-BNNPTNT ngày 21/8/2009",
     ("after_event", None)),
    ("sau khi có …", ("after_event", None)),
    ("sau khi Bộ Kế hoạch & Đầu tư có văn bản hướng dẫn thực hiện", ("after_event", None)),
    ("hàng tháng (vào ngày 20)", ("recurring", "monthly")),
    ("hàng tháng", ("recurring", "monthly")),
    ("hàng quý (vào ngày 15 tháng cuối quý)", ("recurring", "quarterly")),
    ("một tuần 1 xã", ("recurring", "weekly")),
    ("hàng quý, 6 tháng, năm", ("recurring", "quarterly+half-year+year")),
    ("", ("ongoing", None)),
    ("thường xuyên", ("ongoing", None)),
    ("ngày 05 tháng 6 năm 2013", ("date", "2013-06-05")),
])
def test_parse_deadline_phrase(phrase, expected):
    assert ph.parse_deadline_phrase(phrase) == expected


def test_parse_deadline_phrase_ignores_extra_spaces_and_case():
    assert ph.parse_deadline_phrase("  Chậm nhất   đến ngày 15/6/2013 ") == ("date", "2013-06-15")
    assert ph.parse_deadline_phrase(None) == ("ongoing", None)


@pytest.mark.parametrize("phrase", [
    "chậm nhất đến ngày 31/6/2013", "trong tháng 13/2013", "sớm", "quý V/2013"])
def test_parse_deadline_phrase_rejects_what_it_cannot_read(phrase):
    with pytest.raises(ValueError):
        ph.parse_deadline_phrase(phrase)


@pytest.mark.parametrize(("phrase", "expected"), [
    ("hàng tháng (vào ngày 20)", Recurrence("monthly", day=20)),
    ("hàng tháng (vào cuối tháng)", Recurrence("monthly")),
    ("hàng quý (vào ngày 15 tháng cuối quý)", Recurrence("quarterly", day=15)),
    ("hàng quý, 6 tháng, năm", Recurrence("quarterly+half-year+year")),
    ("một tuần 1 xã", Recurrence("weekly", weekday=6)),
    ("hằng tháng", Recurrence("monthly")),
    ("trong tháng 7/2013", None),
    ("chậm nhất đến ngày 15/6/2013", None),
])
def test_parse_recurrence_phrase(phrase, expected):
    assert ph.parse_recurrence_phrase(phrase) == expected


def test_tentative_phrases():
    assert ph.is_tentative_phrase("dự kiến trong tháng 9/2013") is True
    assert ph.is_tentative_phrase("trong tháng 9/2013") is False


# --------------------------------------------------------------------------------------------
# Wording
# --------------------------------------------------------------------------------------------


def say(phrase, lang: str = "vi") -> str:
    """A domain phrase as a page shows it."""
    return phrase_text(PageContext(key="tasks", lang=lang, notices=None, filters_line=None), phrase)


def test_vietnamese_and_english_labels():
    assert say(wd.deadline_label(Deadline("month", "2013-07"))) == "tháng 7/2013"
    assert say(wd.deadline_label(Deadline("month", "2013-12"))) == "tháng 12/2013"
    assert say(wd.deadline_label(Deadline("month", "2013-07")), "en") == "July 2013"
    assert say(wd.deadline_label(Deadline("month", "2013-02")), "en") == "February 2013"
    assert wd.roman(4) == "IV"
    with pytest.raises(ValueError):
        wd.deadline_label(Deadline("month", "2013-13"))
    with pytest.raises(ValueError):
        wd.roman(0)


@pytest.mark.parametrize(("deadline", "vi", "en"), [
    (Deadline("date", "2013-06-15"), "15/06/2013", "15/06/2013"),  # a date: the same form in both
    (Deadline("date", "2013-06-05"), "05/06/2013", "05/06/2013"),
    (Deadline("month", "2013-07"), "tháng 7/2013", "July 2013"),
    (Deadline("quarter", "2013-Q4"), "quý IV/2013", "Q4 2013"),
    (Deadline("quarter", "2014-Q3"), "quý III/2014", "Q3 2014"),
    (Deadline("year", "2014"), "năm 2014", "2014"),
    (AFTER, "sau khi có sự kiện", "after an event"),
    (Deadline("recurring", recurrence=MONTHLY_20), "hàng tháng", "monthly"),
    (Deadline("ongoing"), "thường xuyên", "ongoing"),
])
def test_deadline_label(deadline, vi, en):
    assert say(wd.deadline_label(deadline)) == vi
    assert say(wd.deadline_label(deadline), "en") == en
