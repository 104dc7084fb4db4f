"""Tiến độ: are we on track for the 2013 work programme's targets, and what holds us back.

One section at a time (`view=` in the link): the target cards first; the monthly series, the
bands and the security criterion, the criteria, the districts and the pilot ranking on request.
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from domain import overview
from domain.localized import localized_column
from domain.pilot_report import criterion_names, pilot_report
from domain.ranking import band_distribution, criterion_coverage
from reports.ranking_workbook import ranking_workbook
from ui import data, filters, progress_data
from ui import progress_charts as charts
from ui import progress_tables as tables
from ui import progress_view as view
from ui.formatting import fmt_date, fmt_period
from ui.sections import section_choice
from ui.shell import setup_page

ctx = setup_page("progress")
period, district, group = filters.shared(ctx)
targets = progress_data.targets()

st.title(ctx.t("progress.title"))
ctx.stop_without_data(period)

communes, groups = data.communes(), data.groups()
pilot_group = group if group != "all" else "pilot17"  # the seed's monthly ranking is of the 17 pilots
scope_name = (communes.loc[communes["district_code"] == district, "district_name"].iloc[0]
              if district else ctx.t("filter.all_districts"))
group_name, pilot_name = ctx.t(f"filter.group.{group}"), ctx.t(f"filter.group.{pilot_group}")
period_name = fmt_period(period, ctx.lang, long=True)
st.caption(ctx.t("progress.caption", period=period_name, scope=scope_name, group=group_name))
section = section_choice(ctx, list(view.SECTIONS), "progress.view", owned={"target": "trends"})


def month_rows():
    """The month's status rows and the criteria names of the sets in force then."""
    month = data.status(periods=[period])
    in_force = month["set_id"].unique()
    return (month, criterion_names(data.criteria(), in_force, localized_column("name", ctx.lang, "short_name_vi")),
            criterion_names(data.criteria(), in_force, localized_column("name", ctx.lang)))


district_codes = overview.scope_codes(communes, groups, district=district, group=None)
pilot_codes = sorted(set(district_codes) & set(groups.get(pilot_group, ())))

if section == "targets":  # One card each, with value, gap, status and, before the deadline, the forecast.
    st.header(ctx.t("progress.targets"))
    views = progress_data.views(period)
    view.target_cards(ctx, views)
    view.method_note(ctx, views)

elif section == "trends":  # Each target's figure month by month, with its line, its deadline and the forecast.
    focus = view.target_filter(ctx, targets)
    views = progress_data.views(period)
    series = progress_data.series()
    first = min((str(s.index[0]) for s in series.values() if len(s)), default=period)
    st.subheader(ctx.t("progress.trend_title", start=fmt_period(first, ctx.lang)))
    if focus is not None:
        st.caption(ctx.t("progress.trend_focus"))
    per_row = 1 if focus else 2
    for i, v in enumerate(v for v in views if focus is None or v.target.key == focus.key):
        if i % per_row == 0:
            cols = st.columns(per_row)  # a new row per pair keeps the charts of a row level
        with cols[i % per_row]:
            lines, forecasts = view.trend_lines(ctx, v, series)
            st.markdown(f"**{view.wording(ctx, v.target)}**")
            fig = charts.target_trend(ctx, v.target, lines, period, forecasts, 460 if focus else 330)
            st.plotly_chart(fig, width="stretch", config=charts.CHART_CONFIG, key=f"trend-{v.target.key}")

elif section == "bands":
    month, _, full_names = month_rows()
    left, right = st.columns(2)
    with left:  # Communes by band against "none below 5".
        st.subheader(ctx.t("progress.bands_title"))
        scope_codes = overview.scope_codes(communes, groups, district=district, group=group)
        dist = band_distribution(month[month["commune_code"].isin(scope_codes)], period)
        below = next((t for t in targets if t.metric == "communes_below_criteria"), None)
        if below is not None and not dist.empty:
            n_below = int(dist.loc[dist["upper"] < below.min_criteria, "communes"].sum())
            st.caption(ctx.t("progress.bands_goal", deadline=fmt_date(below.deadline, ctx.lang), n=n_below,
                             min=below.min_criteria, period=period_name, scope=f"{scope_name}, {group_name}"))
        fig = charts.band_bars(ctx, dist, below.min_criteria if below else None)
        st.plotly_chart(fig, width="stretch", config=charts.CHART_CONFIG)
    with right:  # Each criterion with share targets (security) against its target lines.
        for key, goals in view.share_targets(targets).items():
            st.subheader(ctx.t("progress.share_title", name=full_names.get(key, key)))
            st.caption(ctx.t("progress.share_caption"))
            lines = [(ctx.t(f"filter.group.{g}"), s) for g, s in progress_data.criterion_share(key).items()]
            fig = charts.share_lines(ctx, lines, view.share_marks(ctx, goals), goals[0].deadline, period)
            st.plotly_chart(fig, width="stretch", config=charts.CHART_CONFIG, key=f"share-{key}")

elif section == "criteria":  # Which criteria hold the province back: all communes against the pilots.
    month, short_names, _ = month_rows()
    st.subheader(ctx.t("progress.coverage_title"))
    if group == "all":
        st.caption(ctx.t("progress.ranking_default_group", group=pilot_name))
    st.caption(ctx.t("progress.coverage_caption", scope=scope_name, period=period_name))
    in_district = month[month["commune_code"].isin(district_codes)]
    assessed_pilots = set(pilot_codes) & set(in_district["commune_code"])
    fig = charts.coverage_bars(
        ctx, criterion_coverage(in_district, {pilot_group: pilot_codes}, period=period),
        view.criterion_labels(ctx, in_district, short_names),
        ctx.t("progress.coverage_all", n=in_district["commune_code"].nunique()),
        ctx.t("progress.coverage_group", group=pilot_name, n=len(assessed_pilots)), f"pct_{pilot_group}")
    st.plotly_chart(fig, width="stretch", config=charts.CHART_CONFIG)

elif section == "districts":  # The province's targets counted district by district (both readings).
    _, short_names, _ = month_rows()
    st.subheader(ctx.t("progress.district_title", period=period_name))
    columns, comparison = progress_data.district_figures(period)
    st.table(tables.district_table(ctx, comparison, columns, short_names))

elif section == "ranking":  # The monthly pilot ranking the office sends to districts (the 2013 work programme §II.2).
    _, short_names, _ = month_rows()
    previous = overview.previous_period(data.periods(), period)
    pilot_rows = data.status(periods=[period, previous], communes=pilot_codes)  # the pilots' rows only
    report = pilot_report(pilot_rows, communes, members=pilot_codes, group=pilot_group, period=period,
                          previous_period=previous, short_names=short_names, sample=data.has_sample())
    st.subheader(ctx.t("progress.ranking_title", group=pilot_name, period=period_name))
    if group == "all":
        st.caption(ctx.t("progress.ranking_default_group", group=pilot_name))
    st.caption(ctx.t("progress.ranking_caption", previous=tables.previous_label(ctx, report)))
    if not report.rows:
        st.info(ctx.t("progress.ranking_empty"))
    else:
        excel = tables.excel_text(ctx, report, pilot_name, scope_name, date.today())
        st.download_button(  # the workbook is made when the button is clicked
            ctx.t("progress.download_excel"), lambda: ranking_workbook(report, excel),
            file_name=f"xep-hang-{pilot_group}-{period}{'-' + district if district else ''}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:",
            on_click="ignore", key="ranking-excel",
        )
        with st.container(key="ranking"):
            st.table(tables.ranking_styler(ctx, tables.ranking_table(ctx, report)))
ctx.finish()
