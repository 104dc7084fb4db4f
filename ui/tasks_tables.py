"""The tasks page's tables (translated headers, Vietnamese numbers and dates) and its task list.
Tables shown with st.table are real HTML, so a person, a projector and a browser test read the
same text; the CSV downloads hold the same rows."""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from domain.months import Month
from domain.tasks.board import STATUSES, deadline_of
from domain.tasks.deadline_wording import deadline_label
from ui.formatting import fmt_date, fmt_number, fmt_percent
from ui.phrases import phrase_text
from ui.plain import md
from ui.shell import PageContext
from ui.tasks_view import section_label

CELL_COLOURS = {"on_time": "#c8e6c9", "late": "#ffe0b2", "missing": "#ffcdd2", "not_due": "#eeeeee"}


def deadline_text(task, ctx: PageContext, events: dict[str, date]) -> str:
    """"tháng 7/2013 (31/07/2013)", "sau khi có sự kiện (chưa có văn bản)", "hàng tháng", …"""
    d = deadline_of(task._asdict() if hasattr(task, "_asdict") else task)
    text = phrase_text(ctx, deadline_label(d))
    if d.tentative:
        text += f" ({ctx.t('tasks.item.tentative')})"
    if d.kind == "after_event":
        day = events.get(d.event_key)
        extra = ctx.t("tasks.item.event_known", day=fmt_date(day, ctx.lang)) if day else ctx.t("tasks.item.event_waiting")
        text += f" ({extra})"
    return text


def _names(keys, names: dict[str, str]) -> str:
    return "; ".join(names[k] for k in keys)


def _day(value, ctx: PageContext, typed: bool, empty: str = "–") -> str:
    """A date as shown (15/06/2013) or, `typed` (the CSV), in ISO form (2013-06-15) that every
    spreadsheet reads as a date."""
    if not isinstance(value, date) or pd.isna(value):
        return "" if typed else empty
    if typed:
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    return fmt_date(value, ctx.lang)


def overdue_table(frame: pd.DataFrame, ctx: PageContext, names: dict[str, str], typed: bool = False) -> pd.DataFrame:
    """`typed`: as downloaded (days overdue an integer, dates ISO)."""
    rows = [{
        ctx.t("tasks.col.task"): t.id,
        ctx.t("tasks.col.lead"): _names((t.lead_key, *t.co_leads), names),
        ctx.t("tasks.col.due"): _day(t.due_date, ctx, typed) if typed else fmt_date(t.due_date, ctx.lang) + (
            f" ({ctx.t('tasks.item.tentative')})" if getattr(t, "due_tentative", False) else ""),
        ctx.t("tasks.col.days_overdue"): int(t.days_overdue) if typed else fmt_number(t.days_overdue, 0, ctx.lang),
        ctx.t("tasks.col.status"): ctx.t(f"tasks.status.{t.status}") + (
            f" — {ctx.t('tasks.overdue_tentative')}" if getattr(t, "due_tentative", False) else ""),
        ctx.t("tasks.col.reason"): t.reason if isinstance(t.reason, str) and t.reason.strip() else ctx.t("tasks.no_reason"),
        ctx.t("tasks.col.reason_at"): _day(t.reason_at if isinstance(t.reason_at, datetime) else None, ctx, typed),
    } for t in frame.itertuples()]
    return pd.DataFrame(rows)


def section_table(summary: pd.DataFrame, ctx: PageContext) -> pd.DataFrame:
    cols = ["tasks", *STATUSES, "overdue", "done_late"]
    table = pd.DataFrame({ctx.t("tasks.col.section"): [section_label(ctx, s, t) for s, t in
                                                       zip(summary["section"], summary["section_title_vi"])]})
    for c in cols:
        table[ctx.t(f"tasks.col.{c}")] = [fmt_number(v, 0, ctx.lang) for v in summary[c]]
    total = {ctx.t("tasks.col.section"): ctx.t("tasks.col.total")}
    total.update({ctx.t(f"tasks.col.{c}"): fmt_number(int(summary[c].sum()), 0, ctx.lang) for c in cols})
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)


def scorecard_table(card: pd.DataFrame, ctx: PageContext, names: dict[str, str]) -> pd.DataFrame:
    cols = ["tasks", "done", "done_late", "overdue", "overdue_no_reason", "on_time", "late", "missing"]
    table = pd.DataFrame({ctx.t("tasks.col.agency"): [names[k] for k in card["agency_key"]]})
    for c in cols:
        label = ctx.t("tasks.col.no_reason") if c == "overdue_no_reason" else ctx.t(f"tasks.col.{c}")
        table[label] = [fmt_number(v, 0, ctx.lang) for v in card[c]]
    table[ctx.t("tasks.col.on_time_share")] = [fmt_percent(v, 0, ctx.lang) for v in card["on_time_share"]]
    return table


def _cell(row, ctx: PageContext) -> str:
    if row.state == "on_time":
        return ctx.t("tasks.cell.on_time", day=fmt_date(row.received_on, ctx.lang)[:5])
    if row.state == "late":
        return ctx.nt("tasks.cell.late", row.days_late, days=row.days_late)
    return ctx.t(f"tasks.cell.{row.state}")


def matrix(cells: pd.DataFrame, ctx: PageContext, names: dict[str, str], monthly: bool):
    """Agency × period, each cell its state in words and colour (readable without colour too)."""
    col = [Month.of(p).label(ctx.lang) if monthly else phrase_text(ctx, label)
           for p, label in zip(cells["period_end"], cells["label"])]
    # Plain dicts rather than DataFrame.pivot: pivoting the text columns cost a quarter of a second.
    text, state, order = {}, {}, {}
    for r, column in zip(cells.itertuples(), col):
        agency = names[r.agency_key]
        text[(agency, column)], state[(agency, column)] = _cell(r, ctx), r.state
        order.setdefault(column, r.period_end)
    columns = sorted(order, key=lambda c: order[c])
    rows = list(dict.fromkeys(names[k] for k in cells["agency_key"]))
    table = pd.DataFrame([[text.get((a, c)) for c in columns] for a in rows], index=pd.Index(rows, dtype=object),
                         columns=pd.Index(columns, dtype=object), dtype=object)
    colours = pd.DataFrame([[f"background-color: {CELL_COLOURS[state[(a, c)]]}; color: #1b1b1b"
                             if (a, c) in state else "" for c in columns] for a in rows])
    table.index.name = ctx.t("tasks.col.agency")
    return table.style.apply(lambda _: colours.to_numpy(), axis=None)


def office_table(office: pd.DataFrame, ctx: PageContext) -> pd.DataFrame:
    rows = [{
        ctx.t("tasks.col.report"): ctx.t(f"tasks.obligation.{r.obligation_key}"),
        ctx.t("tasks.col.period"): phrase_text(ctx, r.label),
        ctx.t("tasks.col.due"): fmt_date(r.due, ctx.lang),
        ctx.t("tasks.col.received"): fmt_date(r.received_on, ctx.lang) if r.received_on else "–",
        ctx.t("tasks.col.status"): _cell(r, ctx),
    } for r in office.itertuples()]
    return pd.DataFrame(rows)


def visits_table(visits: pd.DataFrame, ctx: PageContext, typed: bool = False) -> pd.DataFrame:
    rows = [{
        ctx.t("tasks.col.visit_date"): _day(v.visit_date, ctx, typed),
        ctx.t("tasks.col.who"): v.who,
        ctx.t("tasks.col.commune"): f"{v.commune_name} ({v.district_name})",
        ctx.t("tasks.col.findings"): v.findings,
    } for v in visits.sort_values("visit_date", ascending=False).itertuples()]
    return pd.DataFrame(rows)


def board_table(frame: pd.DataFrame, ctx: PageContext, names: dict[str, str], typed: bool = True) -> pd.DataFrame:
    """The task list as a flat table (the CSV download of the page; dates ISO unless not `typed`)."""
    rows = [{
        ctx.t("tasks.col.task"): t.id,
        ctx.t("tasks.col.section"): t.section,
        ctx.t("tasks.col.content"): t.text_vi,
        ctx.t("tasks.col.lead"): _names((t.lead_key, *t.co_leads), names),
        ctx.t("tasks.col.partners"): _names(t.partners, names),
        ctx.t("tasks.col.deadline"): t.deadline_text,
        ctx.t("tasks.col.due"): _day(t.due_date, ctx, typed),
        ctx.t("tasks.col.status"): ctx.t(f"tasks.status.{t.status}"),
        ctx.t("tasks.col.done_date"): _day(t.done_date, ctx, typed),
        ctx.t("tasks.col.reason"): t.reason if isinstance(t.reason, str) else "",
    } for t in frame.itertuples()]
    return pd.DataFrame(rows)


STATUS_COLOURS = {"not_started": "gray", "in_progress": "blue", "done": "green", "not_done": "orange"}


def _status_badge(t, ctx: PageContext) -> str:
    text = f":{STATUS_COLOURS[t.status]}[{ctx.t(f'tasks.status.{t.status}')}]"
    if t.status == "done" and isinstance(t.done_date, date):
        text += f" {fmt_date(t.done_date, ctx.lang)}"
    if t.overdue:
        text += f" · :red[**{ctx.t('tasks.status.overdue')}**]"
    return text


def task_list(frame: pd.DataFrame, snap, ctx: PageContext, names: dict[str, str], expanded: bool) -> None:
    """Every shown task, grouped by section: the programme's words, who, when, status, history."""
    events = dict(zip(snap.events["key"], snap.events["occurred_on"]))
    events = {k: v for k, v in events.items() if v is not None}
    history: dict[str, list] = {}
    for h in snap.history.itertuples():  # one pass: groupby().get_group() per task took half a second
        history.setdefault(h.task_id, []).append(h)
    st.caption(ctx.t("tasks.item.text_lang"))
    for section, tasks in frame.groupby("section", sort=False):
        title = section_label(ctx, section, tasks["section_title_vi"].iloc[0])
        with st.expander(f"{title} ({len(tasks)})", expanded=expanded):
            for t in tasks.itertuples():
                who = [f"{ctx.t('tasks.item.lead')}: **{names[t.lead_key]}**"]
                for role, keys in (("co_leads", t.co_leads), ("partners", t.partners), ("directs", t.directs)):
                    if keys:
                        who.append(f"{ctx.t(f'tasks.item.{role}')}: {_names(keys, names)}")
                due = deadline_text(t, ctx, events)
                if t.due_date:
                    due += f" → **{fmt_date(t.due_date, ctx.lang)}**"
                if t.deadline_text:
                    due += f" · {ctx.t('tasks.item.as_written')}: “{t.deadline_text}”"
                st.markdown(f"**{t.id}** · {_status_badge(t, ctx)}  \n" + " · ".join(who)
                            + f"  \n{ctx.t('tasks.item.deadline')}: {due}")
                st.markdown(f"> {t.text_vi}")
                if isinstance(t.reason, str) and t.reason.strip():
                    st.markdown(f"*{ctx.t('tasks.col.reason')}:* {md(t.reason)}")
                lines = [f"{fmt_date(h.recorded_at, ctx.lang)} · {ctx.t(f'tasks.status.{h.status}')}"
                         + (f" · {md(h.note)}" if isinstance(h.note, str) else "")
                         + (f" · {ctx.t('tasks.col.reason')}: {md(h.reason)}" if isinstance(h.reason, str) else "")
                         for h in history.get(t.id, [])]
                st.caption(f"{ctx.t('tasks.item.history')}: " + (" | ".join(lines) if lines else ctx.t("tasks.item.none")))
