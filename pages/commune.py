"""Hồ sơ xã: one commune's criteria, indicators, history, location and rank among the pilots."""
from __future__ import annotations

import streamlit as st

from domain import map_figures
from domain.overview import previous_period
from ui import commune_audit, commune_view, data, filters, map_view
from ui.formatting import fmt_period
from ui.shell import setup_page

ctx = setup_page("commune")
filters.heading(ctx)
period = filters.period(ctx)

st.title(ctx.t("commune.title"))
if period is None:
    st.info(ctx.t("app.no_data"))
    ctx.finish()
    st.stop()

code = commune_view.requested_code()
unit = commune_view.lookup(code)
if unit is None or not unit["assessed"]:
    commune_view.notice(ctx, code, unit)
    commune_view.search(ctx)
    ctx.finish()
    st.stop()

commune_view.remember(code)
commune_view.heading(ctx, unit)
ranks = commune_view.headline(ctx, code, period, previous_period(data.periods(), period))

criteria = map_view.criteria_in_force(period, ctx.lang)
set_id = map_figures.set_in_force(data.status(periods=[period]), period)
period_long = fmt_period(period, ctx.lang, long=True)
left, right = st.columns([3, 2])
with left:
    st.subheader(ctx.t("commune.criteria", period=period_long))
    st.caption(ctx.t("commune.criteria_set", name=commune_view.set_name(set_id, ctx.lang)))
    table = commune_view.criteria_table(ctx, code, period, criteria).set_index(ctx.t("commune.col.number"))
    st.table(commune_view.styled(table, ctx, "commune.col.state"))
with right:
    commune_view.locator(ctx, unit)
    commune_view.ranking_lines(ctx, ranks, period)
    st.page_link("pages/map.py", label=ctx.t("commune.open_map"), icon=":material/map:",
                 query_params={"commune": code, "district": unit["district_code"], "period": period,
                               **({"lang": ctx.lang} if ctx.lang != "vi" else {})})  # ?lang=en only: a link

st.subheader(ctx.t("commune.history"))
commune_view.history_legend(ctx)
st.plotly_chart(commune_view.history_chart(ctx, code, period, criteria), width="stretch",
                config={"displayModeBar": False})

st.subheader(ctx.t("commune.indicators", period=period_long))
st.caption(ctx.t("commune.indicators_help"))
indicators = commune_view.indicator_table(ctx, code, period, set_id).set_index(ctx.t("commune.col.number"))
st.table(commune_view.styled(indicators, ctx, "commune.col.meets"))

commune_audit.changes(ctx, code)

with st.expander(ctx.t("commune.search_other"), icon=":material/search:"):
    commune_view.search(ctx)
ctx.finish()
