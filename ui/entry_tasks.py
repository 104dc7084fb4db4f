"""The tasks part of the data-entry page: a task's status (a late task not done needs a reason)
and the receipt of a report."""
from __future__ import annotations

from datetime import date

import streamlit as st

from data_access.db import session_scope
from data_access.tasks import queries as task_queries
from domain.actor import Actor
from domain.localized import localized
from domain.tasks.board import STATUSES
from domain.user_text import NOTE_LIMIT
from services.tasks import record_report, update_task_status
from ui import data
from ui.formatting import fmt_date
from ui.writes import perform


def task_status(ctx, actor: Actor) -> None:
    t = ctx.t
    today = date.today()
    with session_scope(data.engine()) as s:
        board = task_queries.board(session=s, as_of=today)
        agencies = task_queries.agencies(session=s).set_index("key")
    labels = {r.id: f"{r.id} · {r.text_vi}" for r in board.itertuples()}  # the task as written, whole
    task_id = st.selectbox(t("entry.task"), list(labels), format_func=labels.get, key="entry_task_pick")
    row = board.set_index("id").loc[task_id]
    lead = localized(agencies, "name", ctx.lang, "short_vi").get(row["lead_key"], row["lead_key"])
    st.caption(t("entry.task_now", lead=lead, due=fmt_date(row["due_date"]) if row["due_date"] else "–",
                 status=t(f"tasks.status.{row['status']}"), reason=row["reason"] or "–"))
    with st.form("task_status", clear_on_submit=False):
        status = st.radio(t("entry.task_status"), STATUSES, horizontal=True,
                          index=STATUSES.index(row["status"]), format_func=lambda k: t(f"tasks.status.{k}"))
        done_date = st.date_input(t("entry.task_done_date"), value=None, format="DD/MM/YYYY")
        reason = st.text_area(t("entry.task_reason"), help=t("entry.task_reason_help"), max_chars=NOTE_LIMIT)
        note = st.text_input(t("entry.note"), max_chars=NOTE_LIMIT)
        if st.form_submit_button(t("entry.save"), type="primary"):
            perform(ctx, lambda s: update_task_status(
                session=s, actor=actor, task_id=task_id, status=status, done_date=done_date, reason=reason, note=note),
                success=ctx.nt("entry.saved", 1, count=1))


def report_receipt(ctx, actor: Actor) -> None:
    t = ctx.t
    with session_scope(data.engine()) as s:
        obligations = task_queries.obligations(session=s)
        agencies = task_queries.agencies(session=s)
    reporting = obligations[obligations["rhythm"].isin(["monthly", "quarterly", "quarterly+half-year+year"])]
    ob_labels = dict(zip(reporting["key"], localized(reporting, "text", ctx.lang)))
    ag_labels = dict(zip(agencies["key"], agencies["short_vi"]))
    with st.form("report_receipt"):
        ob = st.selectbox(t("entry.report"), list(ob_labels), format_func=lambda k: ob_labels[k][:100])
        agency = st.selectbox(t("entry.report_agency"), list(ag_labels), format_func=ag_labels.get)
        period_end = st.date_input(t("entry.report_period_end"), value=None, format="DD/MM/YYYY")
        received = st.date_input(t("entry.report_received"), value=None, format="DD/MM/YYYY")
        if st.form_submit_button(t("entry.save"), type="primary"):
            if period_end is None or received is None:
                st.error(t("entry.report_dates_needed"))
                return
            perform(ctx, lambda s: record_report(
                session=s, actor=actor, obligation_key=ob, agency_key=agency, period_end=period_end, received_on=received),
                success=ctx.nt("entry.saved", 1, count=1))
