"""The briefing's slides, each drawn with the same pieces the pages use (overview, map, progress,
tasks): a fixed agenda for the committee's meetings.

Every slide is computed at the deck's one moment (domain.deck): the frozen meeting's `asof`, or
the end of the month shown. A slide returns how many parts it has: a table longer than a
projector shows is split into parts of the slide (the navigation steps through them)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import streamlit as st

from domain.deck import part_of
from domain.localized import localized, localized_column
from domain.meeting_changes import changes_between
from domain.overview import previous_period
from domain.pilot_report import criterion_names, pilot_report
from domain.tasks import board as task_board
from ui import charts, data, map_view, overview_view, presentation, progress_data
from ui import progress_tables as tables
from ui import progress_view as view
from ui.formatting import fmt_datetime, fmt_period
from ui.plain import md

# Rows a 1280×720 (or 1024×768) projector shows at the slides' type size, per paged table; off a
# projector (present=0) the page scrolls and every row is shown at once.
ROWS = {"targets": 4, "ranking": 6, "changes": 7, "tasks": 4}
HEADLINE_CHART_HEIGHT = 260  # px: the two charts under the figures, so the slide fits 720 px
MAP_AROUND_REM = 10.0  # above and below the map on its slide (heading block, top line), measured


@dataclass(frozen=True)
class Moment:
    """What a slide shows: a month as recorded at a moment, and what to compare it with."""

    period: str
    asof: datetime | None  # the frozen moment (None: live)
    previous_name: str | None  # the previous meeting, if any
    previous_period: str | None
    previous_asof: datetime | None
    moment: datetime | None = None  # the deck's moment: asof, or the end of the period (live)
    part: int = 1  # which part of a paged slide

    @property
    def at(self) -> datetime:
        return self.moment or self.asof or datetime.now()


def _part(ctx, table: pd.DataFrame, m: Moment, key: str):
    return part_of(table, m.part, ROWS[key] if ctx.present else max(1, len(table)))


def _rows_note(ctx, part) -> None:
    if part.count > 1:
        st.caption(ctx.t("briefing.rows_of", first=part.first, last=part.last, total=part.total))


def headline(ctx, m: Moment) -> int:
    sc = overview_view.scope(m.period)
    overview_view.headline_metrics(ctx, sc)
    overview_view.target_2015_line(ctx, sc)
    if not ctx.present:
        overview_view.charts_row(ctx, sc)
        return 1
    left, right = st.columns(2)
    for column, title, fig in ((left, "overview.distribution", charts.band_bars(sc.dist, ctx)),
                               (right, "overview.trend", charts.trend(sc.trend, sc.period, ctx))):
        with column:
            st.markdown(f"**{ctx.t(title)}**")
            st.plotly_chart(presentation.slide_figure(fig, HEADLINE_CHART_HEIGHT), width="stretch",
                            config={"displayModeBar": False})
    return 1


def province_map(ctx, m: Moment) -> int:
    criteria = map_view.criteria_in_force(m.period, ctx.lang)
    compare = previous_period(data.periods(), m.period) or m.period
    request = map_view.request_for(ctx, mode_key="count", period=m.period, compare_period=compare,
                                   criterion_key=None, criteria=criteria, district="", group="all", selected=None)
    if ctx.present:
        request = presentation.fitted_request(request)
        presentation.fit_map(MAP_AROUND_REM)
    built = map_view.build(request, criteria)
    left, right = st.columns([4, 1.2])
    with left:
        map_view.draw_map(built, ctx.t("briefing.slide.map"))
    with right:
        map_view.legend(built.legend, ctx)
    return 1


def targets(ctx, m: Moment) -> int:
    """All targets in one table (the cards of /progress do not fit one projector screen)."""
    views = progress_data.views(m.period)
    part = _part(ctx, view.summary_table(ctx, views), m, "targets")
    st.table(part.rows.set_index(ctx.t("progress.summary.target")))
    _rows_note(ctx, part)
    if not ctx.present:
        view.method_note(ctx, views)
    return part.count


def ranking(ctx, m: Moment) -> int:
    communes, groups = data.communes(), data.groups()
    previous = previous_period(data.periods(), m.period)
    status = data.status(periods=[m.period, previous])
    in_force = status.loc[status["period"] == m.period, "set_id"].unique()
    names = criterion_names(data.criteria(), in_force, localized_column("name", ctx.lang, "short_name_vi"))
    report = pilot_report(status[status["period"].isin([m.period, previous])], communes,
                          members=sorted(groups.get("pilot17", ())), group="pilot17", period=m.period, previous_period=previous, short_names=names,
                          sample=data.has_sample())
    table = tables.ranking_table(ctx, report)
    if ctx.present:  # the code is for the Excel file; the room reads names
        table = table.drop(columns=[ctx.t("progress.col.commune_code")])
    else:
        st.caption(ctx.t("progress.ranking_caption", previous=tables.previous_label(ctx, report)))
    part = _part(ctx, table, m, "ranking")
    st.table(tables.ranking_styler(ctx, part.rows))
    _rows_note(ctx, part)
    return part.count


def changes(ctx, m: Moment) -> int:
    if m.previous_name:
        st.caption(ctx.t("briefing.changes_since", name=m.previous_name, asof=fmt_datetime(m.previous_asof),
                         period=fmt_period(m.previous_period, ctx.lang)))
    else:
        st.caption(ctx.t("briefing.changes_since_month", period=fmt_period(m.previous_period, ctx.lang)))
    months = [m.previous_period, m.period]
    before = data.status(m.previous_asof, periods=months) if m.previous_asof else data.status(periods=months)
    diff = changes_between(before, data.status(periods=months), before_period=m.previous_period, after_period=m.period)
    if diff.empty:
        st.info(ctx.t("briefing.no_changes"))
        return 1
    # On a projector: every commune that lost criteria (the room must see them), then the largest
    # gains; the rest are counted below. Shown from the largest gain down.
    limit = ROWS["changes"] if ctx.present else len(diff)
    order = diff.assign(lost_any=diff["change"] < 0, size=diff["change"].abs()).sort_values(
        ["lost_any", "size"], ascending=[False, False], kind="stable")
    shown, rest = order.head(limit).sort_values("change", ascending=False, kind="stable"), order.iloc[limit:]
    communes = data.communes().set_index("code")
    crit = data.criteria().drop_duplicates("key").set_index("key")
    short = localized(crit, "name", ctx.lang, "short_name_vi")
    label = lambda keys: ", ".join(str(short.get(k, k)) for k in keys)  # noqa: E731
    table = pd.DataFrame({
        ctx.t("briefing.col.commune"): [communes.at[c, "name"] for c in shown["commune_code"]],
        ctx.t("briefing.col.district"): [communes.at[c, "district_name"] for c in shown["commune_code"]],
        ctx.t("briefing.col.before"): shown["before"], ctx.t("briefing.col.after"): shown["after"],
        ctx.t("briefing.col.change"): [f"▲ +{c}" if c > 0 else (f"▼ {c}" if c < 0 else "=") for c in shown["change"]],
        ctx.t("briefing.col.gained"): [label(k) for k in shown["gained"]],
        ctx.t("briefing.col.lost"): [label(k) for k in shown["lost"]],
    })
    st.table(table.set_index(ctx.t("briefing.col.commune")))
    if len(rest):
        st.caption(ctx.t("briefing.and_more", count=len(rest), up=int((rest["change"] > 0).sum()),
                         down=int((rest["change"] < 0).sum())))
    return 1


def overdue_tasks(ctx, m: Moment) -> int:
    """The tasks overdue on the deck's day, as recorded by its moment (the Q3 deck: 30/09/2013)."""
    snap = data.task_snapshot(m.at.date(), m.asof)
    late = task_board.overdue(snap.board)
    if late.empty:
        st.success(ctx.t("briefing.no_overdue"))
        return 1
    names = dict(zip(snap.agencies["key"], localized(snap.agencies, "name", ctx.lang, "short_vi")))
    rows = []
    for lead, group in late.groupby("lead_key", sort=False):
        reasons = [f"{r.id}: {md(r.reason)}" if isinstance(r.reason, str) and r.reason.strip() else f"{r.id}: –"
                   for r in group.itertuples()]
        rows.append({ctx.t("briefing.col.agency"): names.get(lead, lead),
                     ctx.t("briefing.col.tasks"): len(group),
                     ctx.t("briefing.col.reasons"): " · ".join(reasons)})
    table = pd.DataFrame(rows).sort_values(ctx.t("briefing.col.tasks"), ascending=False, kind="stable")
    part = _part(ctx, table, m, "tasks")
    st.table(part.rows.set_index(ctx.t("briefing.col.agency")))
    _rows_note(ctx, part)
    return part.count


SLIDES = (
    ("headline", headline),
    ("map", province_map),
    ("targets", targets),
    ("ranking", ranking),
    ("changes", changes),
    ("tasks", overdue_tasks),
)
