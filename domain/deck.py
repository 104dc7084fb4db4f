"""The meeting deck's one moment and its paged slides (no Streamlit, no SQL).

A deck is seen at one moment: a frozen meeting's `asof`, or else the end of the chosen month.
Every slide (headline, map, targets, ranking, changes, overdue tasks) is computed at that moment,
so a live deck of 09/2013 shows the tasks overdue on 30/09/2013, not those of today.

A projector shows a fixed number of rows; a longer table is split into parts of the same slide
(slide 4, part 2 of 3) rather than scrolled.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from math import ceil

import pandas as pd

from domain.months import Month


def period_end(period: str) -> datetime:
    """The last second of a month 'YYYY-MM'."""
    return datetime.combine(Month.parse(period).last_day, time(23, 59, 59))


def deck_moment(period: str, asof: datetime | None) -> datetime:
    """The moment every slide is computed at: the frozen `asof`, or the end of the month shown."""
    return asof if asof is not None else period_end(period)


def previous_meeting_before(meetings: pd.DataFrame, moment: datetime) -> pd.Series | None:
    """The latest meeting frozen strictly before the deck's moment (newest first in `meetings`):
    a live deck of 09/2013 compares with the meeting before 30/09/2013, never with a later one."""
    if meetings.empty:
        return None
    earlier = meetings[meetings["asof"] < pd.Timestamp(moment)].sort_values("asof", ascending=False)
    return None if earlier.empty else earlier.iloc[0]


@dataclass(frozen=True)
class Part:
    """The rows of one part of a paged table."""

    rows: pd.DataFrame
    number: int  # 1-based
    count: int  # how many parts the table has (at least 1)
    first: int  # 1-based position of the first row shown
    last: int
    total: int  # rows in the whole table


def parts(total: int, per_part: int) -> int:
    return max(1, ceil(total / per_part)) if per_part > 0 else 1


def part_of(table: pd.DataFrame, number: int, per_part: int) -> Part:
    """Part `number` (clamped to the parts that exist) of `table`, `per_part` rows each."""
    count = parts(len(table), per_part)
    number = min(max(1, number), count)
    start = (number - 1) * per_part
    rows = table.iloc[start:start + per_part]
    return Part(rows, number, count, start + 1 if len(rows) else 0, start + len(rows), len(table))
