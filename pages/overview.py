"""Tổng quan: where the province stands in the chosen month.

The headline figures, then the figures as tables (communes by band, by district) or, on request
(`view=charts` in the link), the same as charts with the months before."""
from __future__ import annotations

import streamlit as st

from ui import filters, overview_view
from ui.formatting import fmt_period
from ui.sections import section_choice
from ui.shell import setup_page

ctx = setup_page("overview")
period, district, group = filters.shared(ctx)

st.title(ctx.t("overview.title"))
ctx.stop_without_data(period)

scope = overview_view.scope(period, district, group)
if not ctx.present:  # presentation mode writes the filters as one line itself
    st.caption(ctx.t("overview.caption", scope=overview_view.scope_name(ctx, scope),
                     period=fmt_period(period, ctx.lang, long=True), group=ctx.t(f"filter.group.{group}")))
overview_view.headline_metrics(ctx, scope)
overview_view.target_2015_line(ctx, scope)
if section_choice(ctx, list(overview_view.SECTIONS), "overview.view") == "figures":
    overview_view.distribution_table(ctx, scope)
    overview_view.districts_table(ctx, scope)
else:
    overview_view.charts_row(ctx, scope)
ctx.finish()
