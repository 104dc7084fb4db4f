"""The task board as of a day: each task's status, due date and lateness; summaries by section and
by agency; the rule that a late task needs a reason; the default "as of" day.

Pure pandas over the frames `data_access.tasks.queries` reads (no SQL, no Streamlit):
- tasks: id, section, section_title_vi, text_vi, lead_key, co_leads, partners, directs (tuples of
  agency keys), deadline_text, deadline_kind, deadline_value, tentative, event_key, grace_days,
  rhythm, due_day, …
- statuses (as recorded at a moment, one row per task that has any): task_id, status, done_date,
  reason, reason_at, note, recorded_at, recorded_by.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pandas as pd

from domain.months import Month
from domain.tasks import deadlines as dl
from domain.tasks import reporting_calendar as rc
from domain.tasks.deadlines import Deadline, Recurrence

STATUSES = ("not_started", "in_progress", "done", "not_done")
STALE_AFTER_DAYS = 90


def deadline_of(task: pd.Series | dict) -> Deadline:
    """The domain Deadline of one row of the tasks frame."""
    get: Callable[[str], Any] = task.get
    rec = None
    if get("deadline_kind") == "recurring":
        rec = Recurrence(get("rhythm"), day=_int_or_none(get("due_day")))
    return Deadline(
        kind=get("deadline_kind"), value=_str_or_none(get("deadline_value")), text=get("deadline_text") or "",
        event_key=_str_or_none(get("event_key")), recurrence=rec,
        grace_days=_int_or_none(get("grace_days")), tentative=bool(get("tentative")),
    )


def _str_or_none(value) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "" else value


def _int_or_none(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def needs_reason(status: str, due: date | None, on: date) -> bool:
    """The seed's rule: a task past its due date and not done must say why ("nguyên nhân")."""
    return status != "done" and due is not None and on > due


def status_problems(status: str, *, done_date: date | None, reason: str | None, due: date | None,
                    on: date) -> list[str]:
    """What is wrong with a status update recorded on `on` (empty when it may be saved)."""
    problems = []
    if status not in STATUSES:
        problems.append("unknown_status")
    if status == "done" and done_date is None:
        problems.append("done_needs_date")
    if status != "done" and done_date is not None:
        problems.append("date_only_when_done")
    if done_date is not None and done_date > on:
        problems.append("done_date_in_future")
    if needs_reason(status, due, on) and not (reason or "").strip():
        problems.append("reason_required")
    return problems


def board(tasks: pd.DataFrame, *, statuses: pd.DataFrame, events: dict[str, date], as_of: date) -> pd.DataFrame:
    """Every task with its status on `as_of` (not_started when nothing was recorded), its due date
    (after_event tasks get one once their event is known), whether it is overdue and by how many
    days, and whether a done task was finished after its due date."""
    out = tasks.merge(statuses, how="left", left_on="id", right_on="task_id").drop(columns=["task_id"])
    out["status"] = out["status"].fillna("not_started")
    due = [dl.due_date(deadline_of(row), events=events) if row["deadline_kind"] != "recurring" else None
           for _, row in out.iterrows()]
    out["due_date"] = pd.Series(due, index=out.index, dtype="object")
    overdue = [d is not None and s != "done" and as_of > d for d, s in zip(due, out["status"])]
    out["overdue"] = overdue
    out["days_overdue"] = [(as_of - d).days if o and d is not None else 0 for d, o in zip(due, overdue)]
    out["done_late"] = [bool(s == "done" and d is not None and dd is not None and not pd.isna(dd) and dd > d)
                        for s, d, dd in zip(out["status"], due, out["done_date"])]
    # a due date the text does not fix: "dự kiến …", or derived from an awaited document's date
    out["due_tentative"] = [bool(tent) or (kind == "after_event" and d is not None) for tent, kind, d in
                            zip(out.get("tentative", pd.Series(False, index=out.index)).fillna(False),
                                out["deadline_kind"], due)]
    out["awaiting_event"] = [kind == "after_event" and d is None for kind, d in zip(out["deadline_kind"], due)]
    return out.reset_index(drop=True)


def involved(tasks: pd.DataFrame, agency: str, members: dict[str, tuple[str, ...]]) -> pd.Series:
    """Tasks that name `agency` in any role, directly or through a group it belongs to."""
    keys = {agency} | {g for g, ms in members.items() if agency in ms}
    return tasks.apply(lambda t: bool(keys & {t["lead_key"], *t["co_leads"], *t["partners"], *t["directs"]}),
                       axis=1).astype(bool)


def filter_board(frame: pd.DataFrame, *, members: dict[str, tuple[str, ...]], agency: str = "",
                 section: str = "", status: str = "") -> pd.DataFrame:
    """Status "overdue" selects the overdue tasks; any other status selects that status."""
    sel = frame
    if agency and len(sel):
        sel = sel[involved(sel, agency, members)]
    if section:
        sel = sel[sel["section"] == section]
    if status == "overdue":
        sel = sel[sel["overdue"]]
    elif status:
        sel = sel[sel["status"] == status]
    return sel


def overdue(frame: pd.DataFrame) -> pd.DataFrame:
    """Overdue tasks, longest overdue first."""
    return frame[frame["overdue"]].sort_values(["days_overdue", "position"], ascending=[False, True])


def _counts(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    if frame.empty:
        return pd.DataFrame(columns=[by, "tasks", *STATUSES, "overdue", "done_late"])
    counts = pd.crosstab(frame[by], frame["status"]).reindex(columns=list(STATUSES), fill_value=0)
    counts.columns = list(STATUSES)
    counts.insert(0, "tasks", frame.groupby(by).size())
    counts["overdue"] = frame.groupby(by)["overdue"].sum().astype(int)
    counts["done_late"] = frame.groupby(by)["done_late"].sum().astype(int)
    return counts.reset_index()


def by_section(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts of tasks per status, overdue and finished late, per section (document order)."""
    out = _counts(frame, "section")
    titles = frame.drop_duplicates("section").set_index("section")["section_title_vi"]
    out.insert(1, "section_title_vi", out["section"].map(titles))
    return out.sort_values("section", key=lambda s: s.map(_section_key)).reset_index(drop=True)


def _section_key(section: str) -> tuple[int, ...]:
    return tuple(int(x) for x in section.split("."))


def _lead_keys(t, members: dict[str, tuple[str, ...]] | None) -> tuple[str, ...]:
    """A task's leads; with `members`, a group lead also stands for each of its members (the
    criteria group's tasks belong to every criterion's lead agency)."""
    keys = (t.lead_key, *t.co_leads)
    if members:
        keys = tuple(dict.fromkeys(k2 for k in keys for k2 in (k, *members.get(k, ()))))
    return keys


def by_lead(frame: pd.DataFrame, members: dict[str, tuple[str, ...]] | None = None) -> pd.DataFrame:
    """The same counts per leading agency; a co-led task counts for each of its leads, and with
    `members` a task led by a group counts for the group and for each member."""
    rows = frame.assign(agency_key=[_lead_keys(t, members) for t in frame.itertuples()]).explode("agency_key")
    return _counts(rows, "agency_key")


def scorecard(frame: pd.DataFrame, timeliness: pd.DataFrame,
              members: dict[str, tuple[str, ...]] | None = None) -> pd.DataFrame:
    """Per agency: tasks it leads (directly, or through a group it belongs to when `members` is
    given) and how they stand, and its progress reports on time, late and missing. `timeliness` is
    the long frame (agency_key, period, state) of `timeliness_cells`."""
    tasks = by_lead(frame, members).set_index("agency_key")
    reasons = frame[frame["overdue"]].assign(no_reason=lambda f: f["reason"].fillna("").str.strip() == "")
    reasons = reasons.assign(agency_key=[_lead_keys(t, members) for t in reasons.itertuples()]).explode("agency_key")
    tasks["overdue_no_reason"] = reasons.groupby("agency_key")["no_reason"].sum().reindex(tasks.index).fillna(0)
    reports = pd.crosstab(timeliness["agency_key"], timeliness["state"]) if len(timeliness) else pd.DataFrame()
    reports = reports.reindex(columns=["on_time", "late", "missing"], fill_value=0)
    out = tasks.join(reports, how="outer").fillna(0)
    for col in out.columns:
        out[col] = out[col].astype(int)
    due = out["on_time"] + out["late"] + out["missing"]
    out["on_time_share"] = (100.0 * out["on_time"] / due).where(due > 0)
    return out.reset_index().sort_values(["overdue", "missing", "agency_key"], ascending=[False, False, True],
                                         ignore_index=True)


def timeliness_cells(receipts: pd.DataFrame, *, agencies: list[str], periods: list[rc.DuePeriod],
                     as_of: date, late_after_as_of: bool = False) -> pd.DataFrame:
    """One row per agency × period: state (on_time, late, missing, not_due), received_on and the days
    late. `receipts` holds agency_key, period_end, received_on; a period is named by its last day.

    A receipt dated after `as_of` is, by default, ignored (on that day it had not arrived: the
    "as of" view). With `late_after_as_of` (a periodic report written after its cutoff) it counts
    as late, by its days after the due date, and `after_cutoff` marks it."""
    got = {(r.agency_key, r.period_end): r.received_on for r in receipts.itertuples()}
    rows = []
    for agency in agencies:
        for p in periods:
            received = got.get((agency, p.end))
            after = bool(late_after_as_of and received is not None and received > as_of)
            state = "late" if after else rc.timeliness(p.due, received, as_of)
            late = (received - p.due).days if state == "late" and received is not None else (as_of - p.due).days if state == "missing" else 0
            rows.append({"agency_key": agency, "period_start": p.start, "period_end": p.end, "due": p.due, "label": p.label,
                         "state": state,
                         "received_on": received if state in ("on_time", "late") else None, "days_late": late,
                         "after_cutoff": after})
    return pd.DataFrame(rows, columns=["agency_key", "period_start", "period_end", "due", "label", "state",
                                       "received_on", "days_late", "after_cutoff"])


def report_periods(recurrence: Recurrence, *, start: date, as_of: date, keep: int = 12) -> list[rc.DuePeriod]:
    """The periods due from `start` up to the end of `as_of`'s month (so this month shows as not yet
    due), the latest `keep` of them."""
    end = Month.of(as_of).last_day
    return rc.due_periods(recurrence, start, end)[-keep:]


def default_as_of(today: date, latest: date | None) -> date:
    """Today, unless the data stopped long before (a sample, an archive): then the last day with
    data, where "overdue" still means something."""
    if latest is not None and latest < today - timedelta(days=STALE_AFTER_DAYS):
        return latest
    return today


def visit_weeks(visits: pd.DataFrame, weeks: list[rc.DuePeriod]) -> pd.DataFrame:
    """Each week of the weekly inspection (the programme's §2.8: one commune a week) and how many visits it had."""
    days = pd.to_datetime(pd.Series(list(visits["visit_date"]) if len(visits) else [], dtype="object"))
    rows = []
    for w in weeks:
        n = int(((days >= pd.Timestamp(w.start)) & (days <= pd.Timestamp(w.end))).sum()) if len(days) else 0
        rows.append({"start": w.start, "end": w.end, "label": w.label, "visits": n})
    return pd.DataFrame(rows, columns=["start", "end", "label", "visits"])
