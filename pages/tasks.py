"""Nhiệm vụ: who must do what by when, what is late and why, who reported on time — as recorded
on any day (`asof=`).

The figures and what is overdue first; one other section at a time on request (`view=` in the
link): the timeline, the summary by section and agency, the agencies' reporting, the Office's own
reports and inspections, the task list, and the periodic report."""
from __future__ import annotations

from datetime import date

import streamlit as st

from domain.tasks import board as task_board
from ui import data, filters, plain, tasks_charts, tasks_tables, tasks_view
from ui.formatting import fmt_date, fmt_number
from ui.phrases import phrase_text
from ui.report_view import report_section
from ui.sections import section_choice
from ui.shell import setup_page
from ui.tables import csv_download

ctx = setup_page("tasks")
filters.heading(ctx)
issued, latest, document = data.task_calendar()
as_of, moment, default_day = tasks_view.as_of_filter(ctx, issued, latest)
snap = data.task_snapshot(as_of, moment)
agency = tasks_view.agency_filter(ctx, snap)
section = tasks_view.section_filter(ctx, snap)
status = tasks_view.status_filter(ctx)

st.title(ctx.t("tasks.title"))
if snap.board.empty:
    st.info(ctx.t("tasks.no_tasks"))
    ctx.finish()
    st.stop()

day = fmt_date(as_of, ctx.lang)
st.caption(ctx.t("tasks.caption", year=(issued or as_of).year, document=document,
                 issued=fmt_date(issued, ctx.lang), asof=day))
if as_of == default_day != date.today():
    st.caption(ctx.t("tasks.caption_default", day=day))

names = tasks_view.agency_names(snap.agencies, ctx.lang)
scope = task_board.filter_board(snap.board, members=snap.members, agency=agency, section=section)
shown = task_board.filter_board(scope, members=snap.members, status=status)
late = task_board.overdue(shown)

cols = st.columns(5)
cols[0].metric(ctx.t("tasks.metric.tasks"), fmt_number(len(shown), 0, ctx.lang))
cols[1].metric(ctx.t("tasks.metric.done"), fmt_number(int((shown["status"] == "done").sum()), 0, ctx.lang))
cols[2].metric(ctx.t("tasks.metric.in_progress"), fmt_number(int((shown["status"] == "in_progress").sum()), 0, ctx.lang))
cols[3].metric(ctx.t("tasks.metric.overdue"), fmt_number(len(late), 0, ctx.lang))
cols[4].metric(ctx.t("tasks.metric.no_reason"),
               fmt_number(int((late["reason"].fillna("").str.strip() == "").sum()), 0, ctx.lang))

view = section_choice(ctx, list(tasks_view.SECTIONS), "tasks.view", owned={"report": "report"})

if view == "overdue":
    st.subheader(ctx.t("tasks.overdue"))
    if late.empty:
        st.success(ctx.t("tasks.overdue_none", asof=day), icon=":material/check_circle:")
    else:
        overdue_table = tasks_tables.overdue_table(late, ctx, names)
        st.table(plain.table(overdue_table.set_index(ctx.t("tasks.col.task"))))  # reasons as typed
        csv_download(overdue_table, f"nhiem-vu-qua-han-{as_of.isoformat()}.csv", ctx.t("tasks.overdue_download"),
                     data=tasks_tables.overdue_table(late, ctx, names, typed=True))

elif view == "timeline":
    st.subheader(ctx.t("tasks.timeline"))
    if shown["due_date"].notna().any():
        st.plotly_chart(tasks_charts.timeline(shown, names, issued or as_of, as_of, ctx, latest), width="stretch",
                        config={"displayModeBar": False})
    st.caption(ctx.nt("tasks.timeline_note", int(shown["due_date"].isna().sum()), count=int(shown["due_date"].isna().sum())))

elif view == "summary":
    left, right = st.columns(2)
    with left:
        st.subheader(ctx.t("tasks.by_section"))
        st.table(tasks_tables.section_table(task_board.by_section(scope), ctx).set_index(ctx.t("tasks.col.section")))
    with right:
        st.subheader(ctx.t("tasks.by_agency"))
        st.plotly_chart(tasks_charts.agency_status(task_board.by_lead(scope), names, ctx), width="stretch",
                        config={"displayModeBar": False})

elif view == "agencies":
    reporters = tasks_view.reporting_scope(snap, agency)
    st.subheader(ctx.t("tasks.scorecard"))
    card = tasks_view.scorecard_rows(snap, agency, scope)
    st.table(tasks_tables.scorecard_table(card, ctx, names).set_index(ctx.t("tasks.col.agency")))
    st.caption(ctx.t("tasks.scorecard_note"))
    st.subheader(ctx.t("tasks.timeliness"))
    st.caption(ctx.t("tasks.timeliness_note"))
    st.caption(ctx.t("tasks.timeliness_rule", day=day, count=int(snap.agencies["reports_progress"].sum())))
    monthly_tab, quarterly_tab = st.tabs([ctx.t("tasks.timeliness.monthly"), ctx.t("tasks.timeliness.quarterly")])
    for tab, cells, monthly in ((monthly_tab, snap.monthly, True), (quarterly_tab, snap.quarterly, False)):
        with tab:
            cells = cells[cells["agency_key"].isin(reporters)]
            if cells.empty:
                st.info(ctx.t("tasks.timeliness.no_agencies"))
            else:
                st.table(tasks_tables.matrix(cells, ctx, names, monthly))
                st.caption(ctx.t("tasks.legend"))

elif view == "office":
    office, visits = st.columns(2)
    with office:
        st.subheader(ctx.t("tasks.office"))
        if snap.office.empty:
            st.info(ctx.t("tasks.nothing_due"))
        else:
            st.table(tasks_tables.office_table(snap.office, ctx).set_index(ctx.t("tasks.col.report")))
    with visits:
        st.subheader(ctx.t("tasks.visits"))
        visited = int((snap.weeks["visits"] > 0).sum())
        st.metric(ctx.t("tasks.visits_weeks"), f"{visited}/{len(snap.weeks)}")
        missed = snap.weeks[snap.weeks["visits"] == 0]
        if len(missed):
            st.caption(ctx.t("tasks.visits_missing", weeks=", ".join(phrase_text(ctx, w) for w in missed["label"])))
        if snap.visits.empty:
            st.info(ctx.t("tasks.visits_none"))
        else:
            log = tasks_tables.visits_table(snap.visits, ctx)
            st.caption(ctx.nt("tasks.visits_latest", min(6, len(log)), count=min(6, len(log))))
            st.table(plain.table(log.head(6).set_index(ctx.t("tasks.col.visit_date"))))
            csv_download(log, f"kiem-tra-{as_of.isoformat()}.csv", ctx.t("tasks.visits_download"),
                         data=tasks_tables.visits_table(snap.visits, ctx, typed=True))

elif view == "list":
    st.subheader(ctx.t("tasks.list"))
    tasks_tables.task_list(shown, snap, ctx, names, expanded=bool(section or agency or status))
    csv_download(tasks_tables.board_table(shown, ctx, names), f"nhiem-vu-{as_of.isoformat()}.csv",
                 ctx.t("tasks.list_download"))

elif view == "report":
    report_section(ctx, as_of)  # the Office's periodic report (the 2013 work programme §II.2)
ctx.finish()
