"""Reporting periods of the Coordination Office's periodic report (the 2013 work programme §II.2: "hàng quý, 6 tháng,
năm"): a quarter `2013-Q3`, a half-year `2013-H1` / `2013-H2`, or a year `2013`.

Pure Python (no Streamlit, no SQL). A period knows its first and last day and month, the month
before it (the figures it is compared with), the next period of the same kind ("kỳ tới"), and how
a document names it, as a catalogue key and its values ("quý III năm 2013", "6 tháng đầu năm 2013",
"năm 2013"; "Q3 2013", "first half of 2013", "the year 2013").
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from domain.months import Month
from domain.phrase import Phrase

_CODE = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]))?$")
_MONTHS = {"quarter": 3, "half": 6, "year": 12}


class PeriodError(ValueError):
    """A report period that cannot be read: `code` is the catalogue key of the sentence saying
    which forms are accepted (i18n.explain), `params` the text given."""

    def __init__(self, code: str, **params: object):
        super().__init__(code, params)
        self.code, self.params = code, params


def _error(text: object) -> PeriodError:
    return PeriodError("report.bad_period", text=repr(text))


@dataclass(frozen=True)
class ReportPeriod:
    """One reporting period. `number` is the quarter (1–4) or half (1–2); 0 for a year."""

    kind: str
    year: int
    number: int = 0

    def __post_init__(self) -> None:
        limit = {"quarter": 4, "half": 2, "year": 0}.get(self.kind)
        if limit is None:
            raise _error(self.kind)
        if not (1 <= self.year <= 9999) or (limit and not 1 <= self.number <= limit) or (not limit and self.number):
            raise _error(f"{self.kind} {self.year} {self.number}")

    @property
    def code(self) -> str:
        """'2013-Q3', '2013-H1', '2013' — the form the command line and the URL use."""
        return {"quarter": f"{self.year}-Q{self.number}", "half": f"{self.year}-H{self.number}",
                "year": str(self.year)}[self.kind]

    @property
    def length(self) -> int:
        """Months in the period."""
        return _MONTHS[self.kind]

    @property
    def first_month_number(self) -> int:
        return 1 if self.kind == "year" else (self.number - 1) * self.length + 1

    @property
    def start(self) -> date:
        return Month(self.year, self.first_month_number).first_day

    @property
    def end(self) -> date:
        return Month(self.year, self.first_month_number).plus(self.length - 1).last_day

    @property
    def months(self) -> list[str]:
        """The period's months as 'YYYY-MM', in order."""
        first = Month(self.year, self.first_month_number)
        return [str(m) for m in Month.range(first, first.plus(self.length - 1))]

    @property
    def first_month(self) -> str:
        return self.months[0]

    @property
    def last_month(self) -> str:
        return self.months[-1]

    @property
    def baseline_month(self) -> str:
        """The month before the period: its figures are what the period's change is measured from."""
        return str(Month(self.year, self.first_month_number).previous())

    def next(self) -> ReportPeriod:
        """The next period of the same kind (the "kỳ tới" whose priorities the report lists)."""
        if self.kind == "year" or self.number == {"quarter": 4, "half": 2}[self.kind]:
            return ReportPeriod(self.kind, self.year + 1, 0 if self.kind == "year" else 1)
        return ReportPeriod(self.kind, self.year, self.number + 1)

    @property
    def label(self) -> Phrase:
        """The period's name: 'quý III năm 2013', '6 tháng đầu năm 2013', '6 tháng cuối năm 2013',
        'năm 2013' ('Q3 2013', 'first half of 2013', 'second half of 2013', 'the year 2013')."""
        part = "year" if self.kind == "year" else f"{self.kind}{self.number}"
        return Phrase(f"report.period_name.{part}", {"year": str(self.year)})


def parse_period(text: str) -> ReportPeriod:
    """'2013-Q3' → the third quarter of 2013; also '2013-H1', '2013-H2', '2013' (case and
    surrounding spaces do not matter). Anything else raises PeriodError (a ValueError) whose code
    names the sentence, in the catalogue, that says which forms are accepted."""
    if not isinstance(text, str):
        raise _error(text)
    m = _CODE.match(text.strip().upper())
    if not m or int(m.group(1)) == 0:
        raise _error(text)
    year, part = int(m.group(1)), m.group(2)
    if part is None:
        return ReportPeriod("year", year)
    return ReportPeriod("quarter" if part[0] == "Q" else "half", year, int(part[1]))


def periods_of_year(year: int) -> list[ReportPeriod]:
    return ([ReportPeriod("quarter", year, q) for q in range(1, 5)]
            + [ReportPeriod("half", year, h) for h in (1, 2)] + [ReportPeriod("year", year)])


def periods_with_data(months: Iterable[str]) -> list[ReportPeriod]:
    """Every quarter, half-year and year all of whose months are among `months` ('YYYY-MM').

    Newest first; among periods ending on the same day the longest comes first, because that is
    the report then due: at the end of June the half-year report, at the end of December the
    yearly one (domain.tasks.deadlines: the Q2 item is the half-year one, the Q4 item the yearly one).
    """
    have = set(months)
    years = sorted({m.year for m in map(Month.try_parse, have) if m is not None})
    found = [p for y in years for p in periods_of_year(y) if set(p.months) <= have]
    return sorted(found, key=lambda p: (p.end, p.length), reverse=True)


def periods_to_report(months: Iterable[str], issued: date | None, as_of: date) -> list[ReportPeriod]:
    """The periods the office can report on `as_of`: those with data for every month that have
    ended by then and, when the work programme's issue day is known, end on or after it."""
    return [p for p in periods_with_data(months) if p.end <= as_of and (issued is None or p.end >= issued)]
