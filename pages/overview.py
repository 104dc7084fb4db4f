"""Tổng quan: where the province stands in the chosen month."""
from __future__ import annotations

import streamlit as st

from domain import overview
from ui import charts, data, filters
from ui.formatting import fmt_number, fmt_percent, fmt_period, fmt_signed
from ui.shell import setup_page
from ui.tables import csv_download, district_table

ctx = setup_page("overview")
filters.heading(ctx)
period = filters.period(ctx)
district = filters.district(ctx)
group = filters.group(ctx)

st.title(ctx.t("overview.title"))
if period is None:
    st.info(ctx.t("app.no_data"))
    ctx.finish()
    st.stop()

communes = data.communes()
counts = data.counts()
codes = overview.scope_codes(communes, data.groups(), district, group)
prev = overview.previous_period(data.periods(), period)
scope_name = (
    communes.loc[communes["district_code"] == district, "district_name"].iloc[0]
    if district else ctx.t("filter.all_districts")
)
if not ctx.present:  # presentation mode writes the filters as one line itself
    st.caption(ctx.t("overview.caption", scope=scope_name, period=fmt_period(period, ctx.lang, long=True),
                     group=ctx.t(f"filter.group.{group}")))

head = overview.headline(counts, codes, period, prev)
dist = overview.distribution(counts, codes, period, prev)
prev_label = fmt_period(prev, ctx.lang) if prev else ""


def delta(change, decimals=0):
    """Change against last month, as st.metric arguments (no arrow when nothing changed)."""
    if change is None:
        return {}
    text = ctx.t("overview.delta_prev", change=fmt_signed(change, decimals, ctx.lang), period=prev_label)
    return {"delta": text, **({"delta_arrow": "off", "delta_color": "off"} if round(change, decimals) == 0 else {})}


below5 = dist.loc[dist["high"] < 5]
cols = st.columns(4)
cols[0].metric(ctx.t("overview.standard"), f"{head.standard}/{head.communes}", **delta(head.standard_change))
cols[1].metric(ctx.t("overview.standard_share"), fmt_percent(head.standard_share, 2, ctx.lang))
cols[2].metric(ctx.t("overview.average"), fmt_number(head.average_met, 2, ctx.lang),
               **delta(head.average_change, 2))
below5_change = None if below5["change"].isna().any() else int(below5["change"].sum())
cols[3].metric(ctx.t("overview.below5"), fmt_number(int(below5["communes"].sum()), 0, ctx.lang),
               **{"delta_color": "inverse", **delta(below5_change)})

goal = data.targets().set_index("key").loc["t2015_standard"]
if not district and group == "all":
    gap = max(0, int(goal["target_count"]) - head.standard)
    st.info(ctx.t(
        "overview.target_2015" if gap else "overview.target_2015_met",
        count=int(goal["target_count"]), denominator=int(goal["denominator"]),
        percent=fmt_percent(goal["target_percent"], 2, ctx.lang), actual=head.standard, assessed=head.communes,
        actual_percent=fmt_percent(head.standard_share, 2, ctx.lang), gap=gap,
    ) + " " + ctx.t("overview.denominator_note", denominator=int(goal["denominator"]), assessed=head.communes),
        icon=":material/flag:")

left, right = st.columns(2)
with left:
    st.subheader(ctx.t("overview.distribution"))
    st.plotly_chart(charts.band_bars(dist, ctx), width="stretch", config={"displayModeBar": False})
with right:
    st.subheader(ctx.t("overview.trend"))
    st.plotly_chart(charts.trend(counts, codes, period, ctx), width="stretch", config={"displayModeBar": False})

st.subheader(ctx.t("overview.by_district"))
table = district_table(overview.by_district(counts, communes, codes, period, prev), ctx)
st.table(table.set_index(ctx.t("col.district")))
csv_download(table, f"tong-quan-{period}{'-' + district if district else ''}.csv", ctx.t("overview.download_csv"))
ctx.finish()
