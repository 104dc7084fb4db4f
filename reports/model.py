"""The plain-data shape of a periodic report: what reports.content reads from the
database and what the tables, the Word document and the Excel annex are built from. No
formatting here: numbers are numbers, dates are dates, None is "no figure".
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from domain.phrase import Phrase
from reports.period import ReportPeriod


@dataclass(frozen=True)
class Figures:
    month: str
    communes: int  # communes with data
    criteria_total: int  # criteria in the set in force
    standard: int  # communes meeting every criterion
    average: float  # criteria met per commune
    criteria_met: int  # criteria met, all communes together


@dataclass(frozen=True)
class BandRow:
    key: str
    label: str | Phrase  # as domain gives it: a Phrase is written in the report's language (Words.text)
    communes: int
    percent: float
    before: int | None
    change: int | None


@dataclass(frozen=True)
class PilotRow:
    rank: int
    code: str
    name: str
    district: str
    before: int | None
    now: int
    total: int
    change: int | None
    missing_numbers: tuple[int, ...]
    missing_names: tuple[str, ...]


@dataclass(frozen=True)
class TargetRow:
    key: str
    wording: str
    reading: str  # "" (as the programme words it) or "band" (second reading: min..max only)
    band: tuple[int, int] | None
    group: str
    deadline: date
    comparison: str
    target_value: float
    by_percent: bool
    denominator: int | None
    status: str  # met | not_met | on_track | off_track | no_data
    count: int | None
    n_communes: int | None
    share: float | None
    share_of_denominator: float | None
    gap_communes: int | None
    forecast: float | None
    forecast_low: float | None
    forecast_high: float | None
    forecast_is_actual: bool
    reading_key: str | None = None  # all | pilots17 for a sentence read two ways, else None
    text_as_written: str | None = None  # the seed's words exactly ("Phần đầu …")
    other_of: str | None = None  # in other_readings: the key of the chosen target this row is read beside


@dataclass(frozen=True)
class TaskRow:
    id: str
    section: str
    section_title: str
    text: str
    lead: str
    partners: str
    deadline_text: str
    due: date | None
    status: str
    done_date: date | None
    days_late: int  # not done: days past the due date at the period end
    finished_late_days: int  # done in the period: days after the due date (0: on time)
    reason: str
    reason_at: date | None
    tentative: bool = False  # the due date is not fixed by the text ("dự kiến …", or derived from an awaited document)
    awaiting: str = ""  # the awaited document (Vietnamese) while its date is not recorded: "chờ văn bản"


@dataclass(frozen=True)
class SectionRow:
    section: str
    title: str
    tasks: int
    done_in_period: int
    done_before: int
    not_done: int
    not_due: int
    regular: int


@dataclass(frozen=True)
class LeadRow:
    agency: str
    tasks: int
    done_in_period: int
    not_done: int
    not_done_no_reason: int


@dataclass(frozen=True)
class ReportCounts:
    due: int
    on_time: int
    late: int  # received after the due date, including those received after the cutoff
    missing: int
    late_after_cutoff: int = 0  # of `late`: received after the report's cutoff (the period's end)


@dataclass(frozen=True)
class AgencyReports:
    agency: str
    monthly: ReportCounts
    quarterly: ReportCounts


@dataclass(frozen=True)
class ReportCell:
    agency: str
    kind: str  # month | quarter
    label: Phrase  # the reported period, a catalogue key and its values: "tháng 9/2013", "quý III/2013"
    due: date
    received: date | None
    state: str  # on_time | late | missing | not_due
    days_late: int
    after_cutoff: bool = False  # late, received after the report's cutoff


@dataclass(frozen=True)
class ReportContent:
    period: ReportPeriod
    cutoff: datetime
    sample: bool
    programme_document: str
    programme_issued: date | None
    criteria_set: str
    now: Figures | None
    before: Figures | None
    bands: tuple[BandRow, ...]
    pilot_group: str
    pilots: tuple[PilotRow, ...]
    targets: tuple[TargetRow, ...]
    tasks_total: int
    sections: tuple[SectionRow, ...]
    done: tuple[TaskRow, ...]
    not_done: tuple[TaskRow, ...]
    by_lead: tuple[LeadRow, ...]
    reports: tuple[AgencyReports, ...]
    report_cells: tuple[ReportCell, ...]
    report_rules: tuple[str, str]  # when monthly and quarterly reports are due, as the programme says
    next_due: tuple[TaskRow, ...]
    proposals: str = ""
    priorities: str = ""
    other_readings: tuple[TargetRow, ...] = ()  # the readings not chosen, each beside its `other_of` target
    made_on: date | None = None  # the date line (the day the report is made); None: today
