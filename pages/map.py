"""Bản đồ: where the communes stand, by criteria met, by one criterion, or by change."""
from __future__ import annotations

import streamlit as st

from ui import data, filters, map_view, presentation
from ui.formatting import fmt_period
from ui.map_deck import district_title
from ui.shell import setup_page
from ui.tables import csv_download

PRESENT_MAP_AROUND_REM = 12.0  # above and below the map in presentation mode (rem), measured

ctx = setup_page("map")
period, district, group = filters.shared(ctx)

if not ctx.present:  # on a projector the map's own heading is the title
    st.title(ctx.t("map.title"))
ctx.stop_without_data(period)

districts = data.districts().set_index("code")
scope = (district_title(districts.at[district, "name"], districts.at[district, "type"], ctx.lang)
         if district else ctx.t("filter.all_districts"))
scope += f", {ctx.t(f'filter.group.{group}')}" if group != "all" else ""

controls = st.columns([3.5, 4, 2, 2.5], vertical_alignment="bottom")
mode = map_view.mode(ctx, controls[0])
criteria = map_view.criteria_in_force(period, ctx.lang)
criterion = map_view.criterion(ctx, criteria, controls[1]) if mode == "criterion" else None
compare = map_view.compare(ctx, period, controls[2])
pilots = map_view.pilots(ctx, controls[3])
selected = map_view.selected(ctx)

request = map_view.request_for(ctx, mode_key=mode, period=period, compare_period=compare,
                               criterion_key=criterion, criteria=criteria, district=district, group=group,
                               selected=selected, show_pilots=pilots)
if ctx.present:  # the map is the slide: it takes the window's height that is left
    request = presentation.fitted_request(request)
    presentation.fit_map(PRESENT_MAP_AROUND_REM)
built = map_view.build(request, criteria)
period_label, compare_label = fmt_period(period, ctx.lang), fmt_period(compare, ctx.lang)
if mode == "criterion":
    row = criteria.set_index("key").loc[criterion]
    heading = ctx.t("map.heading.criterion", number=row["number"], name=row["short"], scope=scope,
                    period=period_label)
elif mode == "change":
    heading = ctx.t("map.heading.change", scope=scope, compare=compare_label, period=period_label)
else:
    heading = ctx.t("map.heading.count", scope=scope, period=period_label)

if ctx.present:
    st.title(heading)
else:
    st.subheader(heading)
figures = map_view.figures(period, compare, criterion)
map_column, side_column = st.columns([4, 1.4])
with map_column:
    map_view.draw_map(built, ctx.t("map.alt", heading=heading))
with side_column:  # beside the map: choose a commune, its summary after a click, the legend
    if not ctx.present:
        map_view.picker(ctx, built.scope_codes, selected)
    if selected:
        map_view.profile_panel(ctx, figures, selected, period, criteria, compare if mode == "change" else None)
    map_view.legend(built.legend, ctx)

if ctx.present:  # one screen: the table and the download stay on the normal page
    ctx.finish()
    st.stop()

st.subheader(ctx.t("map.table"))
st.caption(ctx.t("map.table_help"))
number = int(criteria.set_index("key").at[criterion, "number"]) if criterion else None
table = map_view.table(ctx, request, built.scope_codes, number)
shown = [c for c in table.columns if c != ctx.t("map.col.code")]  # the code is in the CSV; on screen every column fits
st.dataframe(table, hide_index=True, width="stretch", height=min(38 + 35 * len(table), 640), column_order=shown)
suffix = (f"-{district}" if district else "") + (f"-{group}" if group != "all" else "")
csv_download(table, f"ban-do-{period}-{mode}{suffix}.csv", ctx.t("map.download_csv"),
             data=map_view.table(ctx, request, built.scope_codes, number, typed=True))
ctx.finish()
