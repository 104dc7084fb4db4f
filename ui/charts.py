"""Plotly figures shared by the pages, labelled in the page's language with Vietnamese numbers."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ui.formatting import chart_separators, fmt_number, fmt_period
from ui.labels import band_label

FONT = dict(size=16)


def integer_dtick(max_value: float | None, max_ticks: int = 8) -> int:
    """A whole-number tick step (1, 2, 5, 10, 20, 50, …) giving at most `max_ticks` steps up to
    `max_value`: an axis of counts never shows 0,5 (or "0 1 1 2 2" once rounded)."""
    top = max(float(max_value or 0), 1.0)
    step = 1
    while top / step > max_ticks:
        for factor in (2, 2.5, 2):  # 1 → 2 → 5 → 10 → 20 → 50 …
            step = int(step * factor)
            if top / step <= max_ticks:
                break
    return step


def integer_axis(max_value: float | None, max_ticks: int = 8) -> dict:
    """Plotly axis settings for a count: integer ticks from 0, thousands grouped."""
    return dict(tickformat=",d", rangemode="tozero", tick0=0, dtick=integer_dtick(max_value, max_ticks))


def _layout(fig: go.Figure, lang: str, height: int = 380) -> go.Figure:
    fig.update_layout(
        height=height, margin=dict(l=10, r=10, t=40, b=10), font=FONT,
        # Anchored by its bottom just above the plot: on a narrow slide the plot is short, and a legend
        # placed at a fixed height covered the labels on top of the tallest bars.
        separators=chart_separators(lang), legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
        plot_bgcolor="white",
    )
    fig.update_yaxes(gridcolor="#e5e5e5")
    return fig


def band_bars(dist: pd.DataFrame, ctx) -> go.Figure:
    labels = [band_label(p, ctx.lang) for p in dist["label"]]
    fig = go.Figure()
    if dist["previous"].notna().any():
        fig.add_bar(x=labels, y=dist["previous"], name=ctx.t("overview.prev_month"), marker_color="#c9c9c9")
    fig.add_bar(
        x=labels, y=dist["communes"], name=ctx.t("overview.this_month"), marker_color="#1a7f37",
        text=[fmt_number(v, 0, ctx.lang) for v in dist["communes"]], textposition="outside",
    )
    fig.update_layout(barmode="group", yaxis_title=ctx.t("chart.communes"))
    fig.update_yaxes(**integer_axis(dist[["communes", "previous"]].max().max() * 1.15))
    return _layout(fig, ctx.lang)


def trend(totals: pd.DataFrame, period: str, ctx) -> go.Figure:
    """Communes at the standard (bars) and average criteria met (line) up to the chosen month, from
    one row per month (domain.overview.monthly_totals / data_access.queries.monthly_totals)."""
    by = totals[totals["period"] <= period].set_index("period")
    by = by.assign(average=by["criteria_met"] / by["communes"])
    x = [fmt_period(p, ctx.lang) for p in by.index]
    fig = go.Figure()
    fig.add_bar(x=x, y=by["standard"], name=ctx.t("overview.trend_standard"), marker_color="#1a9850")
    fig.add_scatter(x=x, y=by["average"], name=ctx.t("overview.trend_average"), mode="lines",
                    line=dict(color="#3f51b5", width=3), yaxis="y2")
    fig.update_layout(
        yaxis=dict(title=ctx.t("overview.trend_standard"), **integer_axis(by["standard"].max()),
                   range=[0, max(1, int(by["standard"].max() or 0)) * 1.1]),
        yaxis2=dict(title=ctx.t("overview.trend_average"), overlaying="y", side="right",
                    range=[0, int(by["criteria_max"].max() or 19)], showgrid=False, dtick=5),
        xaxis=dict(nticks=12),
    )
    return _layout(fig, ctx.lang)
