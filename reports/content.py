"""The facts of one periodic report, read from the database as plain data (no formatting).

Everything is as recorded by the end of the period's last day (`cutoff`): the Coordination
Office's report is due that day (obligation "hàng quý, 6 tháng, năm"), and a report regenerated
later shows the same figures, as an `asof=` link does. Criteria figures are those of the period's
last month with data, compared with the month before the period; tasks are taken on the board of
the period's last day (reports.tasks); members' reports are those due within the period,
and a report received after the cutoff counts as late, not missing (see `_reports`).
"""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from sqlalchemy.orm import Session

from config import get_settings
from data_access import queries
from data_access.tasks import queries as tq
from domain.localized import localized, localized_column
from domain.pilot_report import criterion_names, pilot_report
from domain.ranking import band_distribution
from domain.target_readings import alternatives, chosen_targets, target_readings
from domain.targets import Target, commune_counts, evaluate
from domain.tasks.board import timeliness_cells
from domain.tasks.reporting_calendar import due_periods
from reports import tasks as rt
from reports.model import (
    AgencyReports,
    BandRow,
    Figures,
    LeadRow,
    PilotRow,
    ReportCell,
    ReportContent,
    ReportCounts,
    SectionRow,
    TargetRow,
    TaskRow,
)
from reports.period import ReportPeriod

PILOT_GROUP = "pilot17"  # the work programme's monthly update is of the 17 registered pilots (§II.2)
REPORT_KINDS = ((tq.MONTHLY_REPORT, "month"), (tq.QUARTERLY_REPORT, "quarter"))


def cutoff_of(period: ReportPeriod) -> datetime:
    return tq.end_of_day(period.end)


def report_content(*, session: Session, period: ReportPeriod, proposals: str = "", priorities: str = "",
                   band_edges: tuple[int, ...] | None = None, made_on: date | None = None,
                   lang: str = "vi") -> ReportContent:
    """All the facts of the report for `period`, with the office's free text; `made_on` is the
    date line's day (default: today). Names stored in two languages (criteria sets, criteria, the
    pilot group, agencies, reporting rules, awaited documents) are read in `lang`
    (domain.localized); what is stored in Vietnamese only (the tasks' wording) stays so."""
    cutoff = cutoff_of(period)
    criteria = _criteria_part(session, period, cutoff, band_edges or get_settings().band_edges, lang)
    tasks = _tasks_part(session, period, cutoff, lang)
    return ReportContent(period=period, cutoff=cutoff, sample=queries.has_sample(session=session),
                         programme_document=tq.programme_document(session=session),
                         programme_issued=tq.programme_issued(session=session),
                         proposals=proposals.strip(), priorities=priorities.strip(), made_on=made_on,
                         **criteria, **tasks)


# --------------------------------------------------------------------------------------------
# I. Criteria
# --------------------------------------------------------------------------------------------


def _figures(month_rows: pd.DataFrame, month: str) -> Figures | None:
    cc = commune_counts(month_rows)
    if cc.empty:
        return None
    return Figures(month, len(cc), int(cc["total"].max()), int((cc["met"] >= cc["total"]).sum()),
                   float(cc["met"].mean()), int(cc["met"].sum()))


def _criteria_part(session: Session, period: ReportPeriod, cutoff: datetime, edges: tuple[int, ...],
                   lang: str) -> dict:
    status = queries.status(session=session, asof=cutoff)
    status = status[status["period"] <= period.last_month]
    in_period = sorted(set(status["period"]) & set(period.months))
    month = in_period[-1] if in_period else None
    empty = dict(criteria_set="", now=None, before=None, bands=(), pilot_group="", pilots=(), targets=(),
                 other_readings=())
    if month is None:
        return empty
    rows_now = status[status["period"] == month]
    rows_before = status[status["period"] == period.baseline_month]
    now, before = _figures(rows_now, month), _figures(rows_before, period.baseline_month)
    sets = localized(queries.criteria_sets(session=session).set_index("id"), "name", lang)
    set_names = [sets.get(i, i) for i in sorted(rows_now["set_id"].unique())]
    return dict(criteria_set="; ".join(set_names), now=now, before=before,
                bands=_bands(rows_now, rows_before, month, period.baseline_month, edges),
                **_pilots(session, status, month, period.baseline_month if before else None, lang),
                **_targets(session, status, month))


def _bands(rows_now, rows_before, month, baseline, edges) -> tuple[BandRow, ...]:
    now = band_distribution(rows_now, month, edges=edges)
    before = band_distribution(rows_before, baseline, edges=edges) if len(rows_before) else None
    counts = dict(zip(before["key"], before["communes"])) if before is not None else {}
    out = []
    for r in now.itertuples():
        was = int(counts[r.key]) if r.key in counts else None
        out.append(BandRow(r.key, r.label, int(r.communes), float(r.percent), was,
                           None if was is None else int(r.communes) - was))
    return tuple(out)


def _pilots(session: Session, status: pd.DataFrame, month: str, baseline: str | None, lang: str) -> dict:
    groups = queries.groups(session=session)
    if PILOT_GROUP not in groups:
        return dict(pilot_group="", pilots=())
    names = localized(queries.group_names(session=session).set_index("key"), "name", lang)
    rows = status[status["period"].isin([month, baseline])]
    month_rows = rows[rows["period"] == month]
    numbers = dict(zip(month_rows["criterion_key"], month_rows["criterion_number"].astype(int)))
    short = criterion_names(queries.criteria(session=session), month_rows["set_id"].unique(),
                            localized_column("name", lang, "short_name_vi"))
    report = pilot_report(rows, queries.communes(session=session), members=groups[PILOT_GROUP], group=PILOT_GROUP, period=month, previous_period=baseline, short_names={})
    pilots = tuple(
        PilotRow(r.rank, r.commune_code, r.commune_name, r.district_name,
                 None if r.change is None else r.criteria_met - r.change, r.criteria_met, r.criteria_total,
                 r.change, tuple(numbers[k] for k in r.missing), tuple(short.get(k, k) for k in r.missing))
        for r in report.rows)
    return dict(pilot_group=str(names.get(PILOT_GROUP, PILOT_GROUP)), pilots=pilots)


def _target_row(target: Target, wording: str, reading: str, ev, other_of: str | None = None) -> TargetRow:
    fc, dv = ev.forecast, ev.deadline_value
    return TargetRow(
        key=target.key, wording=wording, reading=reading,
        band=(target.min_criteria, target.band_max) if reading else None, group=target.group,
        deadline=target.deadline, comparison=target.comparison, target_value=target.target_value,
        by_percent=target.by_percent, denominator=target.denominator, status=ev.status,
        count=None if ev.status == "no_data" else ev.value.count,
        n_communes=None if ev.status == "no_data" else ev.value.n_communes,
        share=ev.value.share, share_of_denominator=ev.value.share_of_denominator,
        gap_communes=ev.gap_communes,
        forecast=fc.expected if fc else (dv.value if dv else None),
        forecast_low=fc.low if fc else None, forecast_high=fc.high if fc else None,
        forecast_is_actual=fc is None and dv is not None,
        reading_key=target.reading_key, text_as_written=target.text_as_written, other_of=other_of)


def _targets(session: Session, status: pd.DataFrame, month: str) -> dict:
    """`targets`: the chosen readings (with the "15–16 only" band row where it applies);
    `other_readings`: the same parts of a sentence read the other way, each naming its chosen row."""
    groups = queries.groups(session=session)
    every = [Target.from_mapping(r) for r in queries.targets(session=session).to_dict("records")]
    out, others = [], []
    for t in chosen_targets(every):
        readings = target_readings(t, targets=every)
        for reading, target in [("", t)] + ([("band", readings["band"])] if "band" in readings else []):
            out.append(_target_row(target, t.wording_vi, reading, evaluate(target, status, groups=groups, period=month)))
        for o in alternatives(t, every):
            others.append(_target_row(o, o.wording_vi, "", evaluate(o, status, groups=groups, period=month), other_of=t.key))
    return dict(targets=tuple(out), other_readings=tuple(others))


# --------------------------------------------------------------------------------------------
# II. Tasks and reports
# --------------------------------------------------------------------------------------------


def _tasks_part(session: Session, period: ReportPeriod, cutoff: datetime, lang: str) -> dict:
    agencies = tq.agencies(session=session)
    order = list(agencies["key"])
    short = dict(zip(agencies["key"], localized(agencies, "name", lang, "short_vi")))
    board = tq.board(session=session, as_of=period.end, moment=cutoff)
    classified = rt.classify(board, period.start, period.end)
    nxt = period.next()
    awaited = tq.event_names(session=session, lang=lang)

    def task_row(t) -> TaskRow:
        return TaskRow(
            id=t.id, section=t.section, section_title=t.section_title_vi, text=t.text_vi,
            lead="; ".join(short.get(k, k) for k in rt.leads(t)),
            partners="; ".join(short.get(k, k) for k in t.partners), deadline_text=t.deadline_text or "",
            due=rt.as_day(t.due_date), status=t.status, done_date=rt.as_day(t.done_date), days_late=int(t.days_late),
            finished_late_days=int(t.finished_late_days), reason=t.reason if rt.has_reason(t.reason) else "",
            reason_at=rt.as_day(t.reason_at) if rt.has_reason(t.reason) else None,
            tentative=bool(t.due_tentative),
            awaiting=awaited.get(t.event_key, "") if bool(t.awaiting_event) else "")

    sections = tuple(SectionRow(r.section, r.section_title_vi, *(int(getattr(r, c)) for c in ("tasks", *rt.CATEGORIES)))
                     for r in rt.by_section(classified).itertuples())
    leads = tuple(LeadRow(short.get(r.agency_key, r.agency_key), int(r.tasks), int(r.done_in_period), int(r.not_done),
                          int(r.not_done_no_reason)) for r in rt.by_lead(classified, order).itertuples())
    reports, cells = _reports(session, period, cutoff, short)
    obligations = tq.obligations(session=session)
    rules = dict(zip(obligations["key"], localized(obligations, "due_rule", lang)))
    part = dict(
        tasks_total=len(classified), sections=sections,
        done=tuple(task_row(t) for t in rt.done_in_period(classified).itertuples()),
        not_done=tuple(task_row(t) for t in rt.not_done(classified, order).itertuples()),
        by_lead=leads, reports=reports, report_cells=cells,
        report_rules=tuple(rules.get(key, "") for key, _ in REPORT_KINDS),
        # due on the period's last day (not overdue that day) or within the next period
        next_due=tuple(task_row(t) for t in rt.due_within(classified, period.end, nxt.end).itertuples()),
    )
    issued = tq.programme_issued(session=session)
    if issued is not None and issued > period.end:  # the programme did not exist yet: nothing to report
        part.update(sections=(), done=(), not_done=(), by_lead=(), reports=(), report_cells=())
    return part


def _reports(session: Session, period: ReportPeriod, cutoff: datetime, short: dict[str, str]):
    """Members' monthly and quarterly reports due within the period (from the programme's issue).

    Lateness: a report received by its due date is on time; one received after it is late, by the
    days between the two. A report that reached the Office only after the cutoff (the period's last
    day), or was recorded only after it, still counts as late (not as missing): the receipts
    recorded so far are read, and those received after the cutoff are marked `after_cutoff` and
    counted in `late_after_cutoff`. Missing means no receipt recorded at all."""
    issued = tq.programme_issued(session=session)
    start = max(period.start, issued) if issued else period.start
    agencies = tq.reporting_agency_keys(session=session)
    counts: dict[str, dict[str, ReportCounts]] = {}
    cells: list[ReportCell] = []
    for key, kind in REPORT_KINDS:
        due = due_periods(tq.recurrence(session=session, obligation_key=key), start, period.end)
        frame = timeliness_cells(tq.receipts(session=session, moment=None, obligation_key=key), agencies=agencies, periods=due, as_of=cutoff.date(),
                                 late_after_as_of=True)
        cells += [ReportCell(short.get(c.agency_key, c.agency_key), kind, c.label, c.due, c.received_on, c.state,
                             int(c.days_late), bool(c.after_cutoff))
                  for c in frame.sort_values(["period_end"], kind="stable").itertuples()]
        summary = rt.report_counts(frame)
        for a in agencies:
            values = summary.loc[a] if a in summary.index else pd.Series(0, index=summary.columns)
            counts.setdefault(a, {})[kind] = ReportCounts(*(int(values.get(c, 0)) for c in (
                "due", "on_time", "late", "missing", "late_after_cutoff")))
    rows = tuple(AgencyReports(short.get(a, a), counts[a]["month"], counts[a]["quarter"]) for a in agencies
                 if counts[a]["month"].due or counts[a]["quarter"].due)
    return rows, tuple(cells)
