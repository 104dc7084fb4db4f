"""domain.criteria_sets: the set in force in a month is the one whose dates cover the month's last day."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from domain.criteria_sets import covers, in_force, month_end


@dataclass
class Set:
    id: str
    in_force_from: date | None
    in_force_until: date | None


SETS = [Set("QD491-2009", date(2009, 6, 4), date(2013, 2, 19)),
        Set("QD491-2009+QD342-2013", date(2013, 2, 20), date(2016, 11, 30)),
        Set("QD1980-2016", date(2016, 12, 1), None)]


@pytest.mark.parametrize("period, end", [("2013-02", date(2013, 2, 28)), ("2012-02", date(2012, 2, 29)),
                                         ("2013-12", date(2013, 12, 31))])
def test_month_end(period, end):
    assert month_end(period) == end


@pytest.mark.parametrize("bad", ["2013-13", "2013-2", "201312", "abcd-ef", "2013-12-01"])
def test_month_end_refuses_what_is_not_a_month(bad):
    with pytest.raises(ValueError):
        month_end(bad)


@pytest.mark.parametrize("period, expected", [
    ("2009-05", None), ("2009-06", "QD491-2009"), ("2013-01", "QD491-2009"),
    ("2013-02", "QD491-2009+QD342-2013"),  # took effect on the 20th: the month's end is under it
    ("2016-11", "QD491-2009+QD342-2013"), ("2016-12", "QD1980-2016"), ("2030-01", "QD1980-2016"),
])
def test_the_set_in_force_is_judged_at_the_months_end(period, expected):
    found = in_force(SETS, period)
    assert (found.id if found else None) == expected


def test_covers_an_open_end_and_no_start():
    assert covers(date(2016, 12, 1), None, date(2099, 1, 1))
    assert not covers(None, None, date(2013, 1, 1))
    assert covers(date(2013, 2, 20), date(2016, 11, 30), date(2016, 11, 30))
    assert not covers(date(2013, 2, 20), date(2016, 11, 30), date(2013, 2, 19))
