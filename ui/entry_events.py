"""Nhập liệu → awaited documents: the day a document a task waits for was issued ("sau khi có
Thông tư …"). Until then those tasks have no due date and show "chờ văn bản"; the date is written
through services.tasks.record_event_date (editors and admins, audited)."""
from __future__ import annotations

from datetime import date

import streamlit as st

from data_access.db import session_scope
from data_access.tasks import queries as task_queries
from domain.actor import Actor
from domain.localized import localized
from services.tasks import record_event_date
from ui import data
from ui.formatting import fmt_date
from ui.writes import perform


def event_dates(ctx, actor: Actor) -> None:
    t = ctx.t
    with session_scope(data.engine()) as s:
        events = task_queries.awaited_events(session=s)
    if events.empty:
        return
    st.subheader(t("entry.events_title"))
    st.caption(t("entry.events_help"))
    text = localized(events, "text", ctx.lang)
    for r, label in zip(events.itertuples(), text):
        state = (t("entry.event_on", day=fmt_date(r.occurred_on, ctx.lang)) if r.occurred_on
                 else t("tasks.item.event_waiting"))
        st.markdown(f"- {label} — {t('entry.event_tasks', tasks=', '.join(r.tasks))}: **{state}**")
    labels = dict(zip(events["key"], text))
    with st.form("event_date"):
        key = st.selectbox(t("entry.event"), list(labels), format_func=labels.get, key="entry_event_pick")
        # the programme dates from 2013: the widget's default range (ten years back) would refuse it
        day = st.date_input(t("entry.event_date"), value=None, format="DD/MM/YYYY", key="entry_event_day",
                            min_value=date(2010, 1, 1), max_value=date.today())
        if st.form_submit_button(t("entry.save"), type="primary"):
            if day is None:
                st.error(t("entry.event_date_needed"))
            else:
                perform(ctx, lambda s: record_event_date(session=s, actor=actor, event_key=key, occurred_on=day),
                        success=t("entry.event_saved", day=fmt_date(day, ctx.lang)))
