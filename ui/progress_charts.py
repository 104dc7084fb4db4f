"""Plotly figures of the progress page: a target's history with its line, deadline and forecast;
communes by band; coverage of each criterion; the security criterion against its targets.

Months are drawn at their last day, because a month's figure is the state at its end: the value of
12/2013 then sits on the deadline 31/12/2013. Numbers follow the page's language (14,16%).
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from domain.forecast import Forecast
from domain.months import Month
from domain.targets import Target
from ui.charts import FONT, integer_axis
from ui.formatting import chart_month_format, chart_separators, fmt_date, fmt_number
from ui.labels import band_label

ACTUAL = ("#1a7f37", "#6a3d9a", "#1f78b4")  # one colour per line
TARGET = "#c62828"
FORECAST = "#ef6c00"
CHART_CONFIG = {"displayModeBar": False}


def month_end(period: str) -> pd.Timestamp:
    return pd.Timestamp(Month.parse(period).last_day)


def _layout(fig: go.Figure, ctx, height: int) -> go.Figure:
    fig.update_layout(
        height=height, margin=dict(l=10, r=10, t=40, b=10), font=FONT, plot_bgcolor="white",
        separators=chart_separators(ctx.lang),
        legend=dict(orientation="h", y=1.02, x=0, yanchor="bottom"),
    )
    fig.update_yaxes(gridcolor="#e5e5e5")
    return fig


def _time_axis(fig: go.Figure, ctx, start: str, end: pd.Timestamp) -> None:
    fig.update_xaxes(tickformat=chart_month_format(ctx.lang),
                     range=[pd.Timestamp(Month.parse(start).first_day), end + pd.DateOffset(months=2)])


def _deadline(fig: go.Figure, ctx, deadline: date) -> None:
    # add_vline's own annotation fails on date axes: draw the label separately
    fig.add_vline(x=pd.Timestamp(deadline), line=dict(color="#555", dash="dash", width=1.5))
    fig.add_annotation(x=pd.Timestamp(deadline), y=0.02, yref="paper", yanchor="bottom", xanchor="right",
                       showarrow=False, bgcolor="rgba(255,255,255,0.8)", font=dict(size=13, color="#444"),
                       text=f"{ctx.t('progress.chart.deadline')} {fmt_date(deadline, ctx.lang)}")


def _forecast(fig: go.Figure, target: Target, start: tuple, fc: Forecast, label: str, colour: str) -> None:
    """A dotted line from the last month to the expected value at the deadline, and its range there."""
    deadline = pd.Timestamp(target.deadline)
    low = fc.expected if fc.low is None else fc.low
    high = fc.expected if fc.high is None else fc.high
    fig.add_scatter(x=[start[0], deadline], y=[start[1], fc.expected], name=label, legendgroup=label,
                    mode="lines", line=dict(color=colour, dash="dot", width=2))
    fig.add_scatter(x=[deadline], y=[fc.expected], name=label, legendgroup=label, showlegend=False,
                    mode="markers", marker=dict(size=10, color=FORECAST),
                    error_y=dict(type="data", symmetric=False, array=[high - fc.expected],
                                 arrayminus=[fc.expected - low], color=FORECAST, thickness=2, width=8))


def target_trend(ctx, target: Target, lines: list[tuple[str, pd.Series]], period: str,
                 forecasts: list[Forecast | None], height: int = 330) -> go.Figure:
    """Each reading's monthly figure up to `period`, the target line, the deadline and the forecast."""
    fig = go.Figure()
    start = period
    for i, ((name, series), fc) in enumerate(zip(lines, forecasts)):
        s = series[series.index <= period]
        if s.empty:
            continue
        start = min(start, str(s.index[0]))
        colour = ACTUAL[i % len(ACTUAL)]
        x = [month_end(p) for p in s.index]
        fig.add_scatter(x=x, y=s.to_numpy(), name=name, mode="lines", line=dict(color=colour, width=3))
        if fc is not None and not fc.is_actual and fc.expected is not None:
            label = ctx.t("progress.chart.forecast") + (f" ({name})" if len(lines) > 1 else "")
            _forecast(fig, target, (x[-1], float(s.iloc[-1])), fc, label, colour)
    fig.add_hline(y=target.target_value, line=dict(color=TARGET, dash="dash", width=2),
                  annotation_text=ctx.t("progress.chart.target_line"), annotation_position="top left",
                  annotation_font=dict(color=TARGET, size=13))
    _deadline(fig, ctx, target.deadline)
    _time_axis(fig, ctx, start, max(month_end(period), pd.Timestamp(target.deadline)))
    if target.by_percent:
        fig.update_yaxes(title=ctx.t("progress.chart.percent"), range=[0, 105], ticksuffix="%")
    else:
        tops = [target.target_value] + [float(s[s.index <= period].max()) for _, s in lines
                                        if not s[s.index <= period].empty]
        tops += [fc.high for fc in forecasts if fc is not None and not fc.is_actual and fc.high is not None]
        fig.update_yaxes(title=ctx.t("progress.chart.communes"), **integer_axis(max(tops)))
    return _layout(fig, ctx, height)


def band_bars(ctx, dist: pd.DataFrame, below: int | None) -> go.Figure:
    """Communes per band; bands entirely below `below` criteria (the "none below" target) in red."""
    labels = [band_label(p, ctx.lang) for p in dist["label"]]
    colours = ["#d73027" if below is not None and hi < below else "#1a7f37" for hi in dist["upper"]]
    fig = go.Figure(go.Bar(
        x=labels, y=dist["communes"], marker_color=colours, name=ctx.t("progress.chart.communes"),
        text=[fmt_number(v, 0, ctx.lang) for v in dist["communes"]], textposition="outside", cliponaxis=False,
    ))
    fig.update_yaxes(title=ctx.t("progress.chart.communes"), **integer_axis(dist["communes"].max() * 1.15))
    return _layout(fig, ctx, 380)


def coverage_bars(ctx, cov: pd.DataFrame, labels: dict[str, str], all_name: str, group_name: str,
                  group_column: str) -> go.Figure:
    """Share of communes meeting each criterion, lowest first (at the top), all against the pilots."""
    cov = cov.sort_values(["pct_all", "criterion_key"], ascending=[True, True])
    y = [labels.get(k, k) for k in cov["criterion_key"]]
    fig = go.Figure()
    fig.add_bar(y=y, x=cov["pct_all"], orientation="h", name=all_name, marker_color="#1a7f37",
                texttemplate="%{x:.1f}%", textposition="outside", cliponaxis=False)
    if group_column in cov:
        fig.add_bar(y=y, x=cov[group_column], orientation="h", name=group_name, marker_color="#9ccc65",
                    texttemplate="%{x:.1f}%", textposition="outside", cliponaxis=False)
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(autorange="reversed", gridcolor="rgba(0,0,0,0)")
    fig.update_xaxes(range=[0, 112], ticksuffix="%", gridcolor="#e5e5e5")
    return _layout(fig, ctx, 70 + 40 * len(cov))


def share_lines(ctx, shares: list[tuple[str, pd.Series]], goals: list[tuple[str, float]], deadline: date,
                period: str) -> go.Figure:
    """A criterion's share of communes month by month per group, with each target as a line."""
    fig = go.Figure()
    start = period
    for i, (name, s) in enumerate(shares):
        s = s[s.index <= period]
        if s.empty:
            continue
        start = min(start, str(s.index[0]))
        fig.add_scatter(x=[month_end(p) for p in s.index], y=s.to_numpy(), name=name, mode="lines",
                        line=dict(color=ACTUAL[i % len(ACTUAL)], width=3))
    for name, percent in goals:
        fig.add_hline(y=percent, line=dict(color=TARGET, dash="dash", width=2), annotation_text=name,
                      annotation_position="bottom right", annotation_font=dict(color=TARGET, size=13))
    _deadline(fig, ctx, deadline)
    _time_axis(fig, ctx, start, max(month_end(period), pd.Timestamp(deadline)))
    fig.update_yaxes(title=ctx.t("progress.chart.percent"), range=[0, 105], ticksuffix="%")
    return _layout(fig, ctx, 380)
