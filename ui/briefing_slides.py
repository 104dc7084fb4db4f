"""The briefing's slides, each drawn with the same pieces the pages use (overview, map, progress,
tasks): a fixed agenda for the committee's meetings."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import streamlit as st

from domain import task_board
from domain.meeting_changes import changes_between
from domain.overview import previous_period
from domain.pilot_report import criterion_names, pilot_report
from ui import data, map_view, overview_view, progress_data
from ui import progress_tables as tables
from ui import progress_view as view
from ui.formatting import fmt_datetime, fmt_period
from ui.plain import md


@dataclass(frozen=True)
class Moment:
    """What a slide shows: a month as recorded at a moment, and what to compare it with."""

    period: str
    asof: datetime | None
    previous_name: str | None  # the previous meeting, if any
    previous_period: str | None
    previous_asof: datetime | None


def headline(ctx, m: Moment) -> None:
    sc = overview_view.scope(m.period)
    overview_view.headline_metrics(ctx, sc)
    overview_view.target_2015_line(ctx, sc)
    overview_view.charts_row(ctx, sc)


def province_map(ctx, m: Moment) -> None:
    criteria = map_view.criteria_in_force(m.period, ctx.lang)
    compare = previous_period(data.periods(), m.period) or m.period
    request = map_view.request_for(ctx, mode_key="count", period=m.period, compare_period=compare,
                                   criterion_key=None, criteria=criteria, district="", group="all", selected=None)
    built = map_view.build(request, criteria)
    left, right = st.columns([4, 1.2])
    with left:
        map_view.draw_map(built, ctx.t("briefing.slide.map"))
    with right:
        map_view.legend(built.legend, ctx)


def targets(ctx, m: Moment) -> None:
    """All targets in one table (the cards of /progress do not fit one projector screen)."""
    views = progress_data.views(m.period)
    st.table(view.summary_table(ctx, views).set_index(ctx.t("progress.summary.target")))
    view.method_note(ctx, views)


def ranking(ctx, m: Moment) -> None:
    status, communes, groups = data.status(), data.communes(), data.groups()
    previous = previous_period(data.periods(), m.period)
    in_force = status.loc[status["period"] == m.period, "set_id"].unique()
    names = criterion_names(data.criteria(), in_force, "name_en" if ctx.lang == "en" else "short_name_vi")
    report = pilot_report(status[status["period"].isin([m.period, previous])], communes,
                          sorted(groups.get("pilot17", ())), "pilot17", m.period, previous, names,
                          sample=data.has_sample())
    st.caption(ctx.t("progress.ranking_caption", previous=tables.previous_label(ctx, report)))
    st.table(tables.ranking_styler(ctx, tables.ranking_table(ctx, report)))


def changes(ctx, m: Moment) -> None:
    if m.previous_name:
        st.caption(ctx.t("briefing.changes_since", name=m.previous_name, asof=fmt_datetime(m.previous_asof),
                         period=fmt_period(m.previous_period, ctx.lang)))
    else:
        st.caption(ctx.t("briefing.changes_since_month", period=fmt_period(m.previous_period, ctx.lang)))
    before = data.status(m.previous_asof) if m.previous_asof else data.status()
    diff = changes_between(before, data.status(), m.previous_period, m.period)
    if diff.empty:
        st.info(ctx.t("briefing.no_changes"))
        return
    communes = data.communes().set_index("code")
    crit = data.criteria().drop_duplicates("key").set_index("key")
    short = crit["short_name_vi"] if ctx.lang == "vi" else crit["name_en"]
    label = lambda keys: ", ".join(str(short.get(k, k)) for k in keys)  # noqa: E731
    table = pd.DataFrame({
        ctx.t("briefing.col.commune"): [communes.at[c, "name"] for c in diff["commune_code"]],
        ctx.t("briefing.col.district"): [communes.at[c, "district_name"] for c in diff["commune_code"]],
        ctx.t("briefing.col.before"): diff["before"], ctx.t("briefing.col.after"): diff["after"],
        ctx.t("briefing.col.change"): [f"▲ +{c}" if c > 0 else (f"▼ {c}" if c < 0 else "=") for c in diff["change"]],
        ctx.t("briefing.col.gained"): [label(k) for k in diff["gained"]],
        ctx.t("briefing.col.lost"): [label(k) for k in diff["lost"]],
    })
    st.table(table.head(20).set_index(ctx.t("briefing.col.commune")))


def overdue_tasks(ctx, m: Moment) -> None:
    moment = m.asof or datetime.now()
    snap = data.task_snapshot(moment.date(), m.asof)
    late = task_board.overdue(snap.board)
    if late.empty:
        st.success(ctx.t("briefing.no_overdue"))
        return
    names = dict(zip(snap.agencies["key"], snap.agencies["short_vi"] if ctx.lang == "vi" else snap.agencies["name_en"]))
    rows = []
    for lead, group in late.groupby("lead_key", sort=False):
        reasons = [f"{r.id}: {md(r.reason)}" if isinstance(r.reason, str) and r.reason.strip() else f"{r.id}: –"
                   for r in group.itertuples()]
        rows.append({ctx.t("briefing.col.agency"): names.get(lead, lead),
                     ctx.t("briefing.col.tasks"): len(group),
                     ctx.t("briefing.col.reasons"): " · ".join(reasons)})
    table = pd.DataFrame(rows).sort_values(ctx.t("briefing.col.tasks"), ascending=False)
    st.table(table.set_index(ctx.t("briefing.col.agency")))


SLIDES = (
    ("headline", headline),
    ("map", province_map),
    ("targets", targets),
    ("ranking", ranking),
    ("changes", changes),
    ("tasks", overdue_tasks),
)
