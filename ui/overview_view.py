"""The overview's pieces: headline figures, the 2015 target line, the distribution and district
tables, the charts. The overview page and the briefing's first slide draw them the same way."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from config import get_settings
from domain import overview
from ui import charts, data
from ui.formatting import fmt_number, fmt_percent, fmt_period, fmt_signed
from ui.labels import band_label
from ui.tables import csv_download, district_table

# The overview's sections (`view=`): the figures as tables first (no chart code to load), the charts
# on request.
SECTIONS = ("figures", "charts")


@dataclass
class Scope:
    """The communes and month a view shows, with everything computed once for it."""

    period: str
    district: str
    group: str
    codes: list[str]
    prev: str | None
    head: overview.Headline
    dist: pd.DataFrame
    districts: pd.DataFrame  # domain.overview.by_district

    @property
    def trend(self) -> pd.DataFrame:
        """The scope's figures per month (the trend chart), counted in the database."""
        return data.monthly_totals(self.district, self.group)


@st.cache_data(show_spinner=False, max_entries=64)
def _figures(url: str, version: str, asof, period: str, district: str, group: str) -> tuple:
    # Cached by view: a new tab (a new session) no longer recomputes them. Only the month and the
    # month before are read (the trend has its own totals per month).
    communes = data.communes()
    codes = overview.scope_codes(communes, data.groups(), district=district, group=group)
    prev = overview.previous_period(data.periods(asof), period)
    counts = data.counts(asof, periods=[p for p in (period, prev) if p])
    return (codes, prev, overview.headline(counts, codes, period=period, prev=prev),
            overview.distribution(counts, codes, period=period, prev=prev),
            overview.by_district(counts, communes, codes=codes, period=period, prev=prev))


def scope(period: str, district: str = "", group: str = "all") -> Scope:
    figures = _figures(get_settings().database_url, data.data_version(), data.current_asof(), period, district, group)
    return Scope(period, district, group, *figures)


def scope_name(ctx, sc: Scope) -> str:
    communes = data.communes()
    if not sc.district:
        return ctx.t("filter.all_districts")
    return communes.loc[communes["district_code"] == sc.district, "district_name"].iloc[0]


def _delta(ctx, sc: Scope, change, decimals=0) -> dict:
    """Change against last month, as st.metric arguments (no arrow when nothing changed)."""
    if change is None:
        return {}
    text = ctx.t("overview.delta_prev", change=fmt_signed(change, decimals, ctx.lang),
                 period=fmt_period(sc.prev, ctx.lang) if sc.prev else "")
    return {"delta": text, **({"delta_arrow": "off", "delta_color": "off"} if round(change, decimals) == 0 else {})}


def headline_metrics(ctx, sc: Scope) -> None:
    head, below5 = sc.head, sc.dist.loc[sc.dist["high"] < 5]
    cols = st.columns(4)
    cols[0].metric(ctx.t("overview.standard"), f"{head.standard}/{head.communes}",
                   **_delta(ctx, sc, head.standard_change))
    cols[1].metric(ctx.t("overview.standard_share"), fmt_percent(head.standard_share, 2, ctx.lang))
    cols[2].metric(ctx.t("overview.average"), fmt_number(head.average_met, 2, ctx.lang),
                   **_delta(ctx, sc, head.average_change, 2))
    change = None if below5["change"].isna().any() else int(below5["change"].sum())
    cols[3].metric(ctx.t("overview.below5"), fmt_number(int(below5["communes"].sum()), 0, ctx.lang),
                   **{"delta_color": "inverse", **_delta(ctx, sc, change)})


def target_2015_line(ctx, sc: Scope) -> None:
    """The end-2015 target against the communes at the standard (province-wide views only)."""
    if sc.district or sc.group != "all":
        return
    goal = data.targets().set_index("key").loc["t2015_standard"]
    head = sc.head
    gap = max(0, int(goal["target_count"]) - head.standard)
    st.info(ctx.t(
        "overview.target_2015" if gap else "overview.target_2015_met",
        count=int(goal["target_count"]), denominator=int(goal["denominator"]),
        percent=fmt_percent(goal["target_percent"], 2, ctx.lang), actual=head.standard, assessed=head.communes,
        actual_percent=fmt_percent(head.standard_share, 2, ctx.lang), gap=gap,
    ) + " " + ctx.t("overview.denominator_note", denominator=int(goal["denominator"]), assessed=head.communes),
        icon=":material/flag:")


def charts_row(ctx, sc: Scope) -> None:
    left, right = st.columns(2)
    with left:
        st.subheader(ctx.t("overview.distribution"))
        st.plotly_chart(charts.band_bars(sc.dist, ctx), width="stretch", config={"displayModeBar": False})
    with right:
        st.subheader(ctx.t("overview.trend"))
        st.plotly_chart(charts.trend(sc.trend, sc.period, ctx), width="stretch",
                        config={"displayModeBar": False})


def distribution_frame(ctx, sc: Scope) -> pd.DataFrame:
    """Communes per band of criteria met: one column per band, a row for this month and, when
    there is one, the previous month and the change."""
    dist = sc.dist
    rows = {fmt_period(sc.period, ctx.lang): [fmt_number(v, 0, ctx.lang) for v in dist["communes"]]}
    if sc.prev and dist["previous"].notna().all():
        rows[fmt_period(sc.prev, ctx.lang)] = [fmt_number(v, 0, ctx.lang) for v in dist["previous"]]
        rows[ctx.t("overview.change")] = [fmt_signed(v, 0, ctx.lang) for v in dist["change"]]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[band_label(p, ctx.lang) for p in dist["label"]])
    table.index.name = ctx.t("overview.month")
    return table


def distribution_table(ctx, sc: Scope) -> None:
    st.subheader(ctx.t("overview.distribution"))
    with st.container(key="distribution"):
        st.table(distribution_frame(ctx, sc))


def districts_table(ctx, sc: Scope) -> None:
    st.subheader(ctx.t("overview.by_district"))
    figures = sc.districts
    table = district_table(figures, ctx)
    with st.container(key="districts"):
        st.table(table.set_index(ctx.t("col.district")))
    suffix = f"-{sc.district}" if sc.district else ""
    csv_download(table, f"tong-quan-{sc.period}{suffix}.csv", ctx.t("overview.download_csv"),
                 data=district_table(figures, ctx, typed=True))
