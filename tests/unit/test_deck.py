"""The deck's one moment and its paged tables (domain.deck)."""
from datetime import datetime

import pandas as pd

from domain.deck import deck_moment, part_of, period_end, previous_meeting_before


def test_a_live_deck_is_seen_at_the_end_of_its_month_a_frozen_one_at_its_asof():
    assert period_end("2013-09") == datetime(2013, 9, 30, 23, 59, 59)
    assert period_end("2016-02") == datetime(2016, 2, 29, 23, 59, 59)
    assert deck_moment("2013-09", None) == datetime(2013, 9, 30, 23, 59, 59)
    assert deck_moment("2013-09", datetime(2013, 10, 8, 17)) == datetime(2013, 10, 8, 17)


def test_the_previous_meeting_is_the_last_one_frozen_before_the_deck_moment():
    past = pd.DataFrame({"name": ["Năm", "Quý III", "6 tháng"],
                         "asof": pd.to_datetime(["2014-01-13 17:00", "2013-10-08 17:00", "2013-07-08 17:00"])})
    assert previous_meeting_before(past, deck_moment("2013-09", None))["name"] == "6 tháng"
    assert previous_meeting_before(past, datetime(2014, 1, 13, 17))["name"] == "Quý III"
    assert previous_meeting_before(past, datetime(2013, 7, 1)) is None
    assert previous_meeting_before(past.iloc[0:0], datetime(2013, 7, 1)) is None


def test_a_long_table_is_split_into_parts_and_a_part_past_the_end_is_the_last():
    table = pd.DataFrame({"x": range(17)})
    first = part_of(table, 1, 6)
    assert (first.count, first.first, first.last, first.total) == (3, 1, 6, 17)
    last = part_of(table, 9, 6)
    assert (last.number, last.first, last.last) == (3, 13, 17)
    assert list(last.rows["x"]) == [12, 13, 14, 15, 16]
    empty = part_of(table.iloc[0:0], 1, 6)
    assert (empty.count, empty.first, empty.last) == (1, 0, 0)
