"""Plotly figures of the tasks page: the timeline of due dates with the as-of line, and the status
of the tasks each agency leads. Labelled in the page's language, dates as 15/06/2013."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
import plotly.graph_objects as go

from domain.tasks.board import STATUSES
from ui.charts import integer_axis
from ui.formatting import chart_separators, fmt_date

FONT = dict(size=15)
STATE_COLOURS = {"done": "#2e7d32", "done_late": "#9e9d24", "overdue": "#c62828", "open": "#1565c0"}
STATUS_COLOURS = {"not_started": "#9e9e9e", "in_progress": "#1565c0", "done": "#2e7d32", "not_done": "#ef6c00"}
DAY_MS = 86_400_000


def _state(task) -> str:
    if task.status == "done":
        return "done_late" if task.done_late else "done"
    return "overdue" if task.overdue else "open"


def _layout(fig: go.Figure, lang: str, height: int) -> go.Figure:
    # The legend sits at the very top of the figure, the as-of label just above the plot area.
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=75, b=10), font=FONT, plot_bgcolor="white",
                      separators=chart_separators(lang), barmode="overlay",
                      legend=dict(orientation="h", yref="container", y=1, yanchor="top", x=0))
    return fig


def timeline(frame: pd.DataFrame, names: dict[str, str], start: date, as_of: date, ctx,
             latest: date | None = None) -> go.Figure:
    """One bar per task with a due date, from the day the programme was issued to the due day;
    colour: done on time, done late, overdue, not yet due; a diamond on the day it was done. The
    axis ends a little after the as-of day or the programme year; later due dates run off it."""
    tasks = frame[frame["due_date"].notna()].copy()
    tasks["label"] = [f"{t.id} · {names[t.lead_key]}" for t in tasks.itertuples()]
    tasks["state"] = [_state(t) for t in tasks.itertuples()]
    fig = go.Figure()
    for state, colour in STATE_COLOURS.items():
        part = tasks[tasks["state"] == state]
        if part.empty:
            continue
        fig.add_bar(
            y=part["label"], x=[(d - start).days * DAY_MS for d in part["due_date"]], base=[start.isoformat()] * len(part),
            orientation="h", name=ctx.t(f"tasks.state.{state}"), marker_color=colour, opacity=0.85,
            customdata=[[fmt_date(d, ctx.lang), ctx.t(f"tasks.status.{s}")] for d, s in zip(part["due_date"], part["status"])],
            hovertemplate="%{y}<br>" + ctx.t("tasks.timeline.due") + ": %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    done = tasks[tasks["done_date"].notna() & (tasks["status"] == "done")]
    if len(done):
        fig.add_scatter(
            y=done["label"], x=[d.isoformat() for d in done["done_date"]], mode="markers",
            marker=dict(symbol="diamond", size=12, color="#1b1b1b"), name=ctx.t("tasks.timeline.done"),
            customdata=[fmt_date(d, ctx.lang) for d in done["done_date"]],
            hovertemplate="%{y}<br>" + ctx.t("tasks.timeline.done") + ": %{customdata}<extra></extra>",
        )
    day = datetime.combine(as_of, time(12)).isoformat()
    fig.add_shape(type="line", x0=day, x1=day, y0=0, y1=1, yref="paper", line=dict(color="#c62828", width=3, dash="dash"))
    fig.add_annotation(x=day, y=1.0, yref="paper", yanchor="bottom", showarrow=False, font=dict(color="#c62828", size=15),
                       text=ctx.t("tasks.timeline.asof", asof=fmt_date(as_of, ctx.lang)), bgcolor="white")
    fig.update_yaxes(categoryorder="array", categoryarray=list(tasks["label"]), autorange="reversed", title=None)
    end = max(as_of, latest or as_of, date(start.year, 12, 31)) + timedelta(days=20)
    fig.update_xaxes(type="date", tickformat="%d/%m/%Y", gridcolor="#e5e5e5",
                     range=[(start - timedelta(days=10)).isoformat(), end.isoformat()])
    return _layout(fig, ctx.lang, 140 + 30 * len(tasks))


def agency_status(counts: pd.DataFrame, names: dict[str, str], ctx) -> go.Figure:
    """Stacked bars: the tasks each agency leads, by status (`by_lead` counts)."""
    counts = counts.sort_values("tasks", ascending=True)
    labels = [names[k] for k in counts["agency_key"]]
    fig = go.Figure()
    for status in STATUSES:
        fig.add_bar(y=labels, x=counts[status], orientation="h", name=ctx.t(f"tasks.status.{status}"),
                    marker_color=STATUS_COLOURS[status], text=[v if v else "" for v in counts[status]],
                    textposition="inside", textangle=0, insidetextanchor="middle")
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=ctx.t("tasks.col.tasks"), **integer_axis(counts["tasks"].max(), 10), gridcolor="#e5e5e5")
    fig = _layout(fig, ctx.lang, 120 + 28 * len(counts))
    fig.update_layout(barmode="stack")
    return fig
