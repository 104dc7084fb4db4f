"""The work programme in a periodic report: what was done in the period, what is not done at its
end and why (the 2013 work programme §II.2: "nêu rõ việc đã hoàn thành, chưa hoàn thành và nguyên nhân"), counted
by section and by lead agency, and how the members' reports came in.

Pure pandas over the task board of `domain.tasks.board.board` taken on the period's last day.
Each task falls in one category at the period end:

- ``done_in_period``: done, finished within the period (possibly after its due date);
- ``done_before``: done before the period began;
- ``not_done``: overdue at the period's end: due before its last day and not done (a task due on
  the last day itself is not overdue that day, as on the tasks page: overdue means the moment is
  after the due date);
- ``not_due``: due on the period's last day or later, or waiting for an awaited document with no
  date yet;
- ``regular``: ongoing or recurring work with no single due date.
"""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd

CATEGORIES = ("done_in_period", "done_before", "not_done", "not_due", "regular")
REGULAR_KINDS = ("ongoing", "recurring")


def as_day(value) -> date | None:
    """A date from what a DataFrame cell holds (date, datetime, Timestamp, None, NaN, NaT)."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value.date() if isinstance(value, datetime) else value


def category(task, start: date, end: date) -> str:
    """The category of one board row (see the module docstring) for the period [start, end]."""
    done_on = as_day(task.done_date)
    if task.status == "done" and done_on is not None and done_on <= end:
        return "done_in_period" if done_on >= start else "done_before"
    if task.deadline_kind in REGULAR_KINDS:
        return "regular"
    due = as_day(task.due_date)
    return "not_done" if due is not None and end > due else "not_due"


def classify(board: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """The board with `category`, `days_late` (days past the due date at the period end, for not
    done tasks) and `finished_late_days` (for tasks done in the period, 0 when on time)."""
    out = board.copy()
    out["category"] = [category(t, start, end) for t in out.itertuples()]
    out["days_late"] = [(end - as_day(t.due_date)).days if t.category == "not_done" else 0
                        for t in out.itertuples()]
    out["finished_late_days"] = [
        max(0, (as_day(t.done_date) - as_day(t.due_date)).days)
        if t.category == "done_in_period" and as_day(t.due_date) is not None else 0
        for t in out.itertuples()]
    return out


def has_reason(reason) -> bool:
    return isinstance(reason, str) and bool(reason.strip())


def section_key(section: str) -> tuple[int, ...]:
    return tuple(int(x) for x in str(section).split(".") if x.isdigit())


def by_section(classified: pd.DataFrame) -> pd.DataFrame:
    """Per section in document order: title, number of tasks and the count in each category."""
    if classified.empty:
        return pd.DataFrame(columns=["section", "section_title_vi", "tasks", *CATEGORIES])
    counts = pd.crosstab(classified["section"], classified["category"]).reindex(columns=list(CATEGORIES),
                                                                               fill_value=0)
    counts.columns = list(CATEGORIES)
    titles = classified.drop_duplicates("section").set_index("section")["section_title_vi"]
    counts.insert(0, "tasks", classified.groupby("section").size())
    counts.insert(0, "section_title_vi", titles.reindex(counts.index))
    out = counts.reset_index()
    return out.sort_values("section", key=lambda s: s.map(section_key), ignore_index=True)


def leads(task) -> tuple[str, ...]:
    """The lead agency and any co-leads: a co-led task counts for each of them."""
    return (task.lead_key, *task.co_leads)


def by_lead(classified: pd.DataFrame, agency_order: list[str]) -> pd.DataFrame:
    """Per lead agency (in `agency_order`): tasks led, done in the period, not done at the end,
    and of those the ones without a reason."""
    rows = classified.assign(agency_key=[leads(t) for t in classified.itertuples()]).explode("agency_key")
    if rows.empty:
        return pd.DataFrame(columns=["agency_key", "tasks", "done_in_period", "not_done", "not_done_no_reason"])
    rows = rows.assign(no_reason=[t.category == "not_done" and not has_reason(t.reason) for t in rows.itertuples()])
    grouped = rows.groupby("agency_key")
    out = pd.DataFrame({
        "tasks": grouped.size(),
        "done_in_period": grouped["category"].agg(lambda c: int((c == "done_in_period").sum())),
        "not_done": grouped["category"].agg(lambda c: int((c == "not_done").sum())),
        "not_done_no_reason": grouped["no_reason"].sum().astype(int),
    }).reset_index()
    position = {k: i for i, k in enumerate(agency_order)}
    return out.sort_values("agency_key", key=lambda s: s.map(lambda k: position.get(k, len(position))),
                           ignore_index=True)


def not_done(classified: pd.DataFrame, agency_order: list[str]) -> pd.DataFrame:
    """Tasks not done at the period end, grouped by section (document order), within a section by
    lead agency (in `agency_order`), then in document order."""
    rows = classified[classified["category"] == "not_done"]
    position = {k: i for i, k in enumerate(agency_order)}
    keyed = rows.assign(_s=rows["section"].map(section_key), _a=rows["lead_key"].map(lambda k: position.get(k, 999)))
    return keyed.sort_values(["_s", "_a", "position"]).drop(columns=["_s", "_a"]).reset_index(drop=True)


def done_in_period(classified: pd.DataFrame) -> pd.DataFrame:
    rows = classified[classified["category"] == "done_in_period"]
    return rows.sort_values(["done_date", "position"]).reset_index(drop=True)


def due_within(classified: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Tasks not done whose due date falls in [start, end] (the next period's deadlines)."""
    due = classified["due_date"].map(as_day)
    inside = [d is not None and start <= d <= end for d in due]
    rows = classified[pd.Series(inside, index=classified.index) & (classified["status"] != "done")]
    return rows.sort_values(["due_date", "position"]).reset_index(drop=True)


def report_counts(cells: pd.DataFrame) -> pd.DataFrame:
    """Per agency, from timeliness cells (agency_key, state, after_cutoff): reports due, on time,
    late, missing, and of the late ones those received after the report's cutoff. Reports not yet
    due are not counted."""
    cols = ["due", "on_time", "late", "missing", "late_after_cutoff"]
    if cells.empty:
        return pd.DataFrame(columns=cols)
    counts = pd.crosstab(cells["agency_key"], cells["state"]).reindex(columns=["on_time", "late", "missing"],
                                                                      fill_value=0)
    counts.insert(0, "due", counts.sum(axis=1))
    after = cells["after_cutoff"] if "after_cutoff" in cells else pd.Series(False, index=cells.index)
    counts["late_after_cutoff"] = after.astype(bool).groupby(cells["agency_key"]).sum().reindex(counts.index,
                                                                                                 fill_value=0)
    return counts.astype(int)


def short_text(text: str, limit: int = 150) -> str:
    """The opening of a task's wording, cut after a clause (", ", "; ", ". ") once it is long
    enough to say what the task is, else at a word before `limit` characters, with "…"."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    cut = -1
    for sep in (". ", "; ", ", "):
        i = text.find(sep, 70)
        if 0 < i <= limit and (cut < 0 or i < cut):
            cut = i
    if cut < 0:
        cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit].rstrip(" ,;.") + "…"
