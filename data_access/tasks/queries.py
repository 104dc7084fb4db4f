"""Read queries of the work programme, returning DataFrames; the session is passed explicitly.

"As of" a moment: only rows recorded by then count. Task status is append-only, so the status
of a task at a moment is its latest update recorded by then; a receipt or a visit recorded later,
or an event whose date was entered later, is ignored. A copied link with `asof=` thus shows the
programme exactly as it stood that day.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.meta import get_meta
from data_access.models import Commune, District
from data_access.tasks.models import (
    Agency,
    AgencyMember,
    AwaitedEvent,
    InspectionVisit,
    ProgrammeTask,
    ReportingObligation,
    ReportReceipt,
    TaskAgency,
    TaskStatusUpdate,
)
from data_access.tasks.reference import PROGRAMME_DOCUMENT, PROGRAMME_ISSUED
from domain.localized import localized
from domain.tasks import board as task_board
from domain.tasks.deadlines import Recurrence

MONTHLY_REPORT = "tv_bcd_bao_cao_thang"
QUARTERLY_REPORT = "tv_bcd_bao_cao_quy"
STATUS_COLUMNS = ["task_id", "status", "done_date", "reason", "reason_at", "note", "recorded_at", "recorded_by"]


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59))


def _frame(session: Session, stmt, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(r) for r in session.execute(stmt).all()], columns=columns)


def agencies(*, session: Session) -> pd.DataFrame:
    cols = ["key", "position", "name_vi", "short_vi", "name_en", "kind", "reports_progress"]
    df = _frame(session, select(*(getattr(Agency, c) for c in cols)).order_by(Agency.position), cols)
    members = group_members(session=session)
    df["members"] = [members.get(k, ()) for k in df["key"]]
    return df


def group_members(*, session: Session) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for group, member in session.execute(select(AgencyMember.group_key, AgencyMember.member_key)
                                         .order_by(AgencyMember.group_key, AgencyMember.member_key)):
        out.setdefault(group, []).append(member)
    return {k: tuple(v) for k, v in out.items()}


TASK_COLUMNS = ["id", "position", "section", "section_title_vi", "text_vi", "intro_vi", "lead_key",
                "deadline_text", "deadline_kind", "deadline_value", "tentative", "event_key", "grace_days",
                "rhythm", "due_day", "obligation_key", "commune_group", "note"]


def tasks(*, session: Session) -> pd.DataFrame:
    """The programme's tasks in document order, with co_leads, partners and directs as tuples."""
    df = _frame(session, select(*(getattr(ProgrammeTask, c) for c in TASK_COLUMNS))
                .order_by(ProgrammeTask.position), TASK_COLUMNS)
    named: dict[tuple[str, str], list[str]] = {}
    for task_id, key, role in session.execute(select(TaskAgency.task_id, TaskAgency.agency_key, TaskAgency.role)
                                              .order_by(TaskAgency.task_id, TaskAgency.role, TaskAgency.position)):
        named.setdefault((task_id, role), []).append(key)
    for role, column in (("co_lead", "co_leads"), ("partner", "partners"), ("directs", "directs")):
        df[column] = [tuple(named.get((t, role), ())) for t in df["id"]]
    df["tentative"] = df["tentative"].astype(bool)
    for column in ("intro_vi", "deadline_value", "event_key", "rhythm", "obligation_key", "commune_group", "note",
                   "grace_days", "due_day"):
        df[column] = _none_for_missing(df[column])
    return df


def _none_for_missing(column: pd.Series) -> pd.Series:
    """pandas turns missing text into NaN; the domain expects None."""
    values = column.astype(object)
    return values.where(values.notna(), None)


def events(*, session: Session, moment: datetime | None = None) -> dict[str, date]:
    """Awaited events known at `moment`: happened by that day and entered by then."""
    stmt = select(AwaitedEvent.key, AwaitedEvent.occurred_on).where(AwaitedEvent.occurred_on.is_not(None))
    if moment is not None:
        stmt = stmt.where(AwaitedEvent.occurred_on <= moment.date(), AwaitedEvent.recorded_at <= moment)
    return {k: v for k, v in session.execute(stmt)}


def awaited_events(*, session: Session) -> pd.DataFrame:
    """Every awaited event with its recorded date (None: still awaited) and the tasks waiting for it."""
    cols = ["key", "text_vi", "text_en", "occurred_on", "recorded_at", "recorded_by"]
    frame = _frame(session, select(*(getattr(AwaitedEvent, c) for c in cols)).order_by(AwaitedEvent.key), cols)
    waiting = _frame(session, select(ProgrammeTask.event_key, ProgrammeTask.id)
                     .where(ProgrammeTask.event_key.is_not(None)).order_by(ProgrammeTask.position), ["key", "id"])
    ids = waiting.groupby("key")["id"].agg(tuple) if len(waiting) else pd.Series(dtype=object)
    frame["tasks"] = [tuple(ids.get(k, ())) for k in frame["key"]]
    return frame


def event_names(*, session: Session, lang: str = "vi") -> dict[str, str]:
    """Every awaited event's wording by key (the document a task waits for), in `lang` where stored."""
    return {r.key: localized(r, "text", lang)
            for r in session.execute(select(AwaitedEvent.key, AwaitedEvent.text_vi, AwaitedEvent.text_en))}


def status_history(*, session: Session, moment: datetime | None = None, task_id: str | None = None) -> pd.DataFrame:
    cols = ["id", "task_id", "status", "done_date", "reason", "note", "recorded_at", "recorded_by", "is_sample"]
    stmt = select(*(getattr(TaskStatusUpdate, c) for c in cols)).order_by(
        TaskStatusUpdate.task_id, TaskStatusUpdate.recorded_at, TaskStatusUpdate.id)
    if moment is not None:
        stmt = stmt.where(TaskStatusUpdate.recorded_at <= moment)
    if task_id is not None:
        stmt = stmt.where(TaskStatusUpdate.task_id == task_id)
    df = _frame(session, stmt, cols)
    for column in ("done_date", "reason", "note"):
        df[column] = _none_for_missing(df[column])
    return df


def statuses(*, session: Session, moment: datetime | None = None) -> pd.DataFrame:
    """Each task's latest update recorded by `moment`, with the latest reason given so far (an
    update may leave the reason out when it has not changed)."""
    history = status_history(session=session, moment=moment)
    if history.empty:
        return pd.DataFrame(columns=STATUS_COLUMNS)
    latest = history.groupby("task_id").tail(1).set_index("task_id")
    given = history[history["reason"].fillna("").str.strip() != ""].groupby("task_id").tail(1).set_index("task_id")
    latest["reason"] = given["reason"].reindex(latest.index)
    latest["reason_at"] = given["recorded_at"].reindex(latest.index)
    # A reason written while the task was late no longer applies once it is done.
    latest.loc[latest["status"] == "done", ["reason", "reason_at"]] = None
    out = latest.reset_index()[STATUS_COLUMNS]
    for column in ("done_date", "reason", "reason_at", "note"):
        out[column] = _none_for_missing(out[column])
    return out


def board(*, session: Session, as_of: date, moment: datetime | None = None) -> pd.DataFrame:
    """Every task with its status, due date and lateness on `as_of`, as recorded by `moment`
    (default: the end of that day)."""
    moment = moment or end_of_day(as_of)
    return task_board.board(tasks(session=session), statuses=statuses(session=session, moment=moment), events=events(session=session, moment=moment), as_of=as_of)


def obligations(*, session: Session) -> pd.DataFrame:
    cols = ["key", "position", "source", "text_vi", "text_en", "who_key", "rhythm", "due_day", "due_weekday",
            "deadline_text", "due_rule_vi", "due_rule_en"]
    return _frame(session, select(*(getattr(ReportingObligation, c) for c in cols))
                  .order_by(ReportingObligation.position), cols)


def recurrence(*, session: Session, obligation_key: str) -> Recurrence:
    ob = session.get(ReportingObligation, obligation_key)
    if ob is None:
        raise KeyError(obligation_key)
    return Recurrence(ob.rhythm, day=ob.due_day, weekday=ob.due_weekday)


def receipts(*, session: Session, moment: datetime | None = None, obligation_key: str | None = None) -> pd.DataFrame:
    cols = ["obligation_key", "agency_key", "period_start", "period_end", "due_date", "received_on", "note",
            "recorded_at", "recorded_by", "is_sample"]
    stmt = select(*(getattr(ReportReceipt, c) for c in cols)).order_by(ReportReceipt.period_end,
                                                                         ReportReceipt.agency_key)
    if moment is not None:
        stmt = stmt.where(ReportReceipt.recorded_at <= moment)
    if obligation_key is not None:
        stmt = stmt.where(ReportReceipt.obligation_key == obligation_key)
    return _frame(session, stmt, cols)


def programme_issued(*, session: Session) -> date | None:
    value = get_meta(session=session, key=PROGRAMME_ISSUED)
    return date.fromisoformat(value) if value else None


def programme_document(*, session: Session) -> str:
    return get_meta(session=session, key=PROGRAMME_DOCUMENT) or ""


def timeliness(*, session: Session, as_of: date, obligation_key: str = MONTHLY_REPORT,
               agency_keys: list[str] | None = None, moment: datetime | None = None) -> pd.DataFrame:
    """Long frame agency × period of `obligation_key` since the programme was issued: on_time,
    late, missing or not_due on `as_of` (see domain.tasks.board.timeliness_cells). Default agencies:
    those that owe the members' progress reports, or the obligation's own agency."""
    moment = moment or end_of_day(as_of)
    start = programme_issued(session=session) or date(as_of.year, 1, 1)
    periods = task_board.report_periods(recurrence(session=session, obligation_key=obligation_key), start=start, as_of=as_of)
    if agency_keys is None:
        agency_keys = reporting_agency_keys(session=session) if obligation_key in (MONTHLY_REPORT, QUARTERLY_REPORT) \
            else [session.get(ReportingObligation, obligation_key).who_key]
    got = receipts(session=session, moment=moment, obligation_key=obligation_key)
    return task_board.timeliness_cells(got, agencies=agency_keys, periods=periods, as_of=as_of)


def reporting_agency_keys(*, session: Session) -> list[str]:
    return list(session.scalars(select(Agency.key).where(Agency.reports_progress).order_by(Agency.position)))


def visits(*, session: Session, moment: datetime | None = None) -> pd.DataFrame:
    cols = ["visit_date", "who", "commune_code", "commune_name", "district_name", "findings", "recorded_by"]
    stmt = (select(InspectionVisit.visit_date, InspectionVisit.who, InspectionVisit.commune_code, Commune.name,
                   District.name, InspectionVisit.findings, InspectionVisit.recorded_by)
            .join(Commune, Commune.code == InspectionVisit.commune_code)
            .join(District, District.code == Commune.district_code)
            .order_by(InspectionVisit.visit_date, InspectionVisit.id))
    if moment is not None:
        stmt = stmt.where(InspectionVisit.recorded_at <= moment, InspectionVisit.visit_date <= moment.date())
    return _frame(session, stmt, cols)


def latest_data_day(*, session: Session) -> date | None:
    """The last day anything about the programme was recorded (status, receipt, visit, event)."""
    days = [session.scalar(select(func.max(model.recorded_at)))
            for model in (TaskStatusUpdate, ReportReceipt, InspectionVisit, AwaitedEvent)]
    days = [d for d in days if d is not None]
    return max(days).date() if days else None


EXPORT_SEPARATOR = "; "  # between agencies in one cell (names hold commas, never semicolons)


def export_tasks(*, session: Session) -> pd.DataFrame:
    """Every field of every task, for `python -m data_access export tasks`: enough to rebuild the
    work programme. Agencies by full name (short names in *_short columns), joined with "; "; the
    deadline as written, its kind and value, the due date computed from what is recorded today
    (ISO; empty when none) or the awaited event, the tentative flag (true/false), the recurrence and
    its day (an integer), the commune group."""
    names = {k: (full, short) for k, full, short in session.execute(select(Agency.key, Agency.name_vi,
                                                                            Agency.short_vi))}
    event_names = {k: vi for k, vi in session.execute(select(AwaitedEvent.key, AwaitedEvent.text_vi))}
    known = events(session=session)
    frame = task_board.board(tasks(session=session), statuses=pd.DataFrame(columns=STATUS_COLUMNS), events=known, as_of=date.today())

    def join(keys, which: int) -> str:
        return EXPORT_SEPARATOR.join(names[k][which] for k in keys)

    out = pd.DataFrame({
        "id": frame["id"],
        "section": frame["section"],
        "section_title": frame["section_title_vi"],
        "intro": frame["intro_vi"].map(lambda v: v or ""),
        "text": frame["text_vi"],
        "lead": frame["lead_key"].map(lambda k: names[k][0]),
        "lead_short": frame["lead_key"].map(lambda k: names[k][1]),
    })
    for column, source in (("co_leads", "co_leads"), ("directs", "directs"), ("partners", "partners")):
        out[column] = frame[source].map(lambda keys: join(keys, 0))
        out[f"{column}_short"] = frame[source].map(lambda keys: join(keys, 1))
    out["deadline_text"] = frame["deadline_text"]
    out["deadline_kind"] = frame["deadline_kind"]
    out["deadline_value"] = frame["deadline_value"].map(lambda v: v or "")
    out["tentative"] = frame["tentative"].map(lambda v: "true" if v else "false")
    out["due_date"] = [d.isoformat() if d is not None else "" for d in frame["due_date"]]
    out["event_key"] = frame["event_key"].map(lambda v: v or "")
    out["event"] = frame["event_key"].map(lambda v: event_names.get(v, "") if v else "")
    out["event_date"] = frame["event_key"].map(lambda v: known[v].isoformat() if v in known else "")
    out["recurrence"] = frame["rhythm"].map(lambda v: v or "")
    out["recurrence_day"] = pd.array([None if v is None else int(v) for v in frame["due_day"]], dtype="Int64")
    out["obligation"] = frame["obligation_key"].map(lambda v: v or "")
    out["commune_group"] = frame["commune_group"].map(lambda v: v or "")
    return out


@dataclass(frozen=True)
class Snapshot:
    """Everything the tasks page shows, as recorded at the end of `as_of` (or at `moment`)."""

    as_of: date
    issued: date | None
    board: pd.DataFrame
    agencies: pd.DataFrame
    members: dict[str, tuple[str, ...]]
    monthly: pd.DataFrame  # members' monthly reports: agency × month (timeliness_cells)
    quarterly: pd.DataFrame  # members' quarterly reports: agency × quarter
    office: pd.DataFrame  # the Coordination Office's own reports, with obligation_key
    visits: pd.DataFrame
    weeks: pd.DataFrame  # weeks of the weekly inspection, with their number of visits
    events: pd.DataFrame  # key, text_vi, text_en, occurred_on (None while not known at the moment)
    history: pd.DataFrame  # every status update recorded by the moment (status_history)


OFFICE_OBLIGATIONS = ("vpdp_bao_cao_dinh_ky", "vpdp_cap_nhat_17_xa")
WEEKLY_VISITS = "kiem_tra_hang_tuan"


def snapshot(*, session: Session, as_of: date, moment: datetime | None = None) -> Snapshot:
    moment = moment or end_of_day(as_of)
    issued = programme_issued(session=session)
    office = [timeliness(session=session, as_of=as_of, obligation_key=key, moment=moment).assign(obligation_key=key)
              for key in OFFICE_OBLIGATIONS]
    seen = visits(session=session, moment=moment)
    weeks = task_board.report_periods(recurrence(session=session, obligation_key=WEEKLY_VISITS), start=issued or as_of, as_of=as_of, keep=1000)
    known = events(session=session, moment=moment)
    event_rows = session.execute(select(AwaitedEvent.key, AwaitedEvent.text_vi, AwaitedEvent.text_en)
                                 .order_by(AwaitedEvent.key)).all()
    return Snapshot(
        as_of=as_of,
        issued=issued,
        board=board(session=session, as_of=as_of, moment=moment),
        agencies=agencies(session=session),
        members=group_members(session=session),
        monthly=timeliness(session=session, as_of=as_of, obligation_key=MONTHLY_REPORT, moment=moment),
        quarterly=timeliness(session=session, as_of=as_of, obligation_key=QUARTERLY_REPORT, moment=moment),
        office=pd.concat(office, ignore_index=True),
        visits=seen,
        weeks=task_board.visit_weeks(seen, [w for w in weeks if w.due <= as_of]),
        events=pd.DataFrame([(k, vi, en, known.get(k)) for k, vi, en in event_rows],
                            columns=["key", "text_vi", "text_en", "occurred_on"]),
        history=status_history(session=session, moment=moment),
    )
