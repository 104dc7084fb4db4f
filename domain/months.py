"""A month, the period every assessment is recorded for (docs/architecture.md, "Time").

`Month` is the one place a month is read, stepped and named. Its text form `str(m)` is "2013-06",
the form the database columns, the URLs, the Excel files and the command line keep; code converts
at that edge (`Month.parse`) and does its arithmetic and labels on the value, never on slices of
the text.

Labels, as the pages, reports and files have always written them:
- Vietnamese: "06/2013" in tables, selectors and charts; "tháng 6/2013" in sentences and headings;
- English: "Jun 2013". (A deadline's month is named in full, "July 2013", by the catalogue's
  `due.month.<n>`, since the whole deadline label is a sentence of the catalogue.)
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

MONTH_NAMES_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_TEXT = re.compile(r"^(\d{4})-(\d{2})$")


class MonthError(ValueError):
    """Text that is not a month 'YYYY-MM'. Carries a catalogue code and its parameters, like the
    other refusals, so `i18n.explain` can say it in the page's language."""

    code = "edit.bad_period"

    def __init__(self, text: object):
        super().__init__(f"not a month YYYY-MM: {text!r}")
        self.params = {"period": text}


@dataclass(frozen=True, order=True, slots=True)
class Month:
    """One calendar month; ordered, hashable, immutable. `Month(2013, 6)` or `Month.parse("2013-06")`."""

    year: int
    month: int

    def __post_init__(self) -> None:
        ok = (type(self.year) is int and type(self.month) is int
              and 1 <= self.year <= 9999 and 1 <= self.month <= 12)
        if not ok:
            raise MonthError(f"{self.year}-{self.month}")

    # ---- reading -------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str) -> Month:
        """'2013-06' → Month(2013, 6). Exactly four digits, a hyphen and two digits (01–12);
        anything else ('2013-6', '2013-13', '', None) raises MonthError (a ValueError)."""
        m = _TEXT.match(text) if isinstance(text, str) else None
        if m is None or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) == 0:
            raise MonthError(text)
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def try_parse(cls, text: object) -> Month | None:
        """The month `text` names, or None when it names none."""
        try:
            return cls.parse(text)  # type: ignore[arg-type]
        except MonthError:
            return None

    @classmethod
    def of(cls, day: date) -> Month:
        """The month a day (a date, datetime or pandas Timestamp) falls in."""
        return cls(int(day.year), int(day.month))

    @classmethod
    def from_index(cls, index: int) -> Month:
        """The inverse of `index`."""
        return cls(index // 12, index % 12 + 1)

    @staticmethod
    def range(first: Month, last: Month) -> Iterator[Month]:
        """Every month from `first` to `last`, both included, in order (none when last < first)."""
        return (Month.from_index(i) for i in range(first.index, last.index + 1))

    # ---- arithmetic ----------------------------------------------------------------------

    @property
    def index(self) -> int:
        """Months since January of year 0, so that months subtract as numbers."""
        return self.year * 12 + self.month - 1

    def plus(self, months: int) -> Month:
        """This month moved by `months` (negative: back). `Month(2013, 12).plus(1)` is 2014-01."""
        return Month.from_index(self.index + months)

    def next(self) -> Month:
        return self.plus(1)

    def previous(self) -> Month:
        return self.plus(-1)

    def __sub__(self, other: Month) -> int:
        """The months from `other` to this one: `Month(2014, 1) - Month(2013, 11) == 2`."""
        return self.index - other.index

    @property
    def quarter(self) -> int:
        """1–4."""
        return (self.month - 1) // 3 + 1

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    # ---- text ----------------------------------------------------------------------------

    def __str__(self) -> str:
        """The storage and URL form, '2013-06'."""
        return f"{self.year:04d}-{self.month:02d}"

    def label(self, lang: str = "vi", *, long: bool = False) -> str:
        """The month for people. Vietnamese: '06/2013', or with `long` 'tháng 6/2013' (in a
        sentence or heading). English: 'Jun 2013' either way."""
        if lang == "en":
            return f"{MONTH_NAMES_EN[self.month - 1][:3]} {self.year}"
        return f"tháng {self.month}/{self.year}" if long else f"{self.month:02d}/{self.year}"
