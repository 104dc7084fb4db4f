"""Streamlit pieces of the commune profile: which commune, finding one by name, its tables,
its history chart, its locator map and its rank among the pilots.

The commune comes from the URL (`commune=<GSO code>`, not bound to a widget, so links from the
map may set it); without one, the last commune shown in this session.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from domain import commune_profile
from domain.commune_search import search_communes
from domain.localized import localized
from domain.ranking import pilot_ranking
from geo.colours import criterion_legend
from ui import data
from ui.formatting import author_text, fmt_datetime, fmt_number, fmt_period
from ui.map_deck import (
    LegendItem,
    district_title,
    locator_drawing,
    pilot_label,
    unit_title,
    unit_type_label,
)
from ui.map_view import legend, units
from ui.plain import md
from ui.shell import PageContext

LAST = "_commune_last"
SEARCH_KEY, PICK_KEY = "commune_search", "commune_pick"
SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
PILOT_GROUPS = ("pilot34", "pilot17")
UNITS_SHOWN = ("percent", "million_VND_per_person_per_year", "ratio")  # suffixes in the catalogue


def requested_code() -> str | None:
    code = st.query_params.get("commune")
    return code.strip() if code else st.session_state.get(LAST)


def lookup(code: str | None) -> pd.Series | None:
    """The unit with this code (any type), or None."""
    if not code:
        return None
    table = units()
    rows = table[table["code"] == code]
    return None if rows.empty else rows.iloc[0]


def remember(code: str) -> None:
    """Keep the shown commune in the URL (a copied link reopens it) and for the next visit."""
    st.session_state[LAST] = code
    if st.query_params.get("commune") != code:
        st.query_params["commune"] = code


def notice(ctx: PageContext, code: str | None, unit: pd.Series | None) -> None:
    if not code:
        ctx.notices.info(ctx.t("commune.choose"), icon=":material/search:")
    elif unit is None:
        ctx.notices.warning(ctx.t("commune.unknown", code=code), icon="⚠️")
    else:
        text = ctx.t("commune.not_assessed", name=unit_title(unit["name"], unit["type"], ctx.lang),
                     district=unit["district_name"], type=unit_type_label(unit["type"], ctx.lang))
        ctx.notices.warning(text, icon="⚠️")


def _go_to(code: str) -> None:
    st.query_params["commune"] = code
    st.session_state[LAST] = code


def _go_to_picked() -> None:
    code = st.session_state.get(PICK_KEY)
    if code:
        _go_to(code)


def search(ctx: PageContext) -> None:
    """Find a commune by name typed with or without diacritics; results as buttons and a list."""
    table = units()
    query = st.text_input(ctx.t("commune.search"), key=SEARCH_KEY, max_chars=100,
                          placeholder=ctx.t("commune.search_placeholder"))
    hits = search_communes(table, query, limit=None) if query.strip() else table[table["assessed"]]
    labels = {c: ctx.t("commune.result_label", name=n, district=d)
              for c, n, d in zip(hits["code"], hits["name"], hits["district_name"])}
    if query.strip():
        if not labels:
            st.info(ctx.t("commune.no_results", query=query))
            return
        st.caption(ctx.nt("commune.results", len(labels), count=len(labels)))
        cols = st.columns(3)
        # Buttons, not page links: a link to the page already open leaves the old code in the URL.
        for i, (code, label) in enumerate(list(labels.items())[:12]):
            cols[i % 3].button(label, key=f"commune_hit_{code}", icon=":material/location_on:",
                               type="tertiary", on_click=_go_to, args=(code,))
    st.session_state[PICK_KEY] = None
    st.selectbox(ctx.t("commune.pick"), list(labels), index=None, format_func=labels.get, key=PICK_KEY,
                 placeholder=ctx.t("commune.pick_placeholder"), on_change=_go_to_picked)


# --- the profile -----------------------------------------------------------------------------

def pilot_text(code: str, ctx: PageContext) -> str:
    return pilot_label(code, data.groups(), ctx.lang)


def heading(ctx: PageContext, unit: pd.Series) -> None:
    st.header(unit_title(unit["name"], unit["type"], ctx.lang))
    district = district_title(unit["district_name"], unit["district_type"], ctx.lang)
    pilot = pilot_text(unit["code"], ctx)
    st.caption(ctx.t("commune.caption", district=district, code=unit["code"], pilot=pilot))


def _ranking(code: str, period: str, previous: str | None) -> list[tuple[str, tuple[int, int, bool]]]:
    """(group, (rank, of, shared)) for each pilot group the commune belongs to."""
    out = []
    for group in PILOT_GROUPS:
        members = data.groups().get(group, frozenset())
        if code in members:
            ranking = pilot_ranking(data.status(periods=[period, previous]), members, period=period, previous_period=previous)
            rank = commune_profile.rank_in_group(ranking, code)
            if rank:
                out.append((group, rank))
    return out


def headline(ctx: PageContext, code: str, period: str, previous: str | None) -> list:
    """Three figures: criteria met (change from last month), the standard, the rank among pilots."""
    counts = data.counts()
    mine = counts[counts["commune_code"] == code].set_index("period")
    cols = st.columns(3)
    if period in mine.index:
        now = mine.loc[period]
        delta = {}
        if previous in mine.index:
            change = int(now["criteria_met"] - mine.at[previous, "criteria_met"])
            delta = {"delta": ctx.t("commune.delta", change=f"{change:+d}" if change else "0",
                                    period=fmt_period(previous, ctx.lang))}
            if change == 0:
                delta.update(delta_arrow="off", delta_color="off")
        cols[0].metric(ctx.t("commune.met_now", period=fmt_period(period, ctx.lang)),
                       f"{int(now['criteria_met'])}/{int(now['criteria_total'])}", **delta)
    else:
        cols[0].metric(ctx.t("commune.met_now", period=fmt_period(period, ctx.lang)), "–")
    first, since = commune_profile.standard_months(counts, code, period)
    if since:
        standard = ctx.t("commune.standard_since", period=fmt_period(since, ctx.lang))
    elif first:
        standard = ctx.t("commune.standard_lost", period=fmt_period(first, ctx.lang))
    else:
        standard = ctx.t("commune.standard_not_yet")
    cols[1].metric(ctx.t("commune.standard"), standard)
    ranks = _ranking(code, period, previous)
    if ranks:
        group, (rank, total, shared) = ranks[0]
        cols[2].metric(ctx.t("commune.rank", group=ctx.t(f"filter.group.{group}")),
                       ctx.t("commune.rank_value", rank=rank, total=total),
                       help=ctx.t("commune.rank_shared") if shared else None)
    else:
        cols[2].metric(ctx.t("commune.rank", group=ctx.t("filter.group.pilot34")), "–",
                       help=ctx.t("commune.rank_none"))
    return ranks


def criteria_table(ctx: PageContext, code: str, period: str, criteria: pd.DataFrame) -> pd.DataFrame:
    """Every criterion of the set in force with the commune's result, note, who and when, for
    st.table: the note and the name are escaped (shown as typed, never as Markdown)."""
    states = commune_profile.criteria_in_month(data.status(periods=[period]), criteria, code=code, period=period)
    records, _ = data.commune_record(code, period)
    rec = records.set_index("criterion_key") if len(records) else pd.DataFrame()
    if len(records):
        latest = records.sort_values("recorded_at").iloc[-1]
        st.caption(ctx.t("commune.last_update", who=md(author_text(latest["recorded_by"], ctx.lang)),
                         when=fmt_datetime(pd.Timestamp(latest["recorded_at"]).to_pydatetime(), ctx.lang)))
    else:
        st.info(ctx.t("commune.no_record", period=fmt_period(period, ctx.lang, long=True)))

    def field(key: str, col: str):
        return rec.at[key, col] if key in rec.index and pd.notna(rec.at[key, col]) else None

    rows = []
    for r in states.itertuples(index=False):
        when = field(r.key, "recorded_at")
        rows.append({
            ctx.t("commune.col.number"): str(r.number),
            ctx.t("commune.col.criterion"): r.name,
            ctx.t("commune.col.state"): ctx.t(f"commune.state.{r.state}"),
            ctx.t("commune.col.note"): md(field(r.key, "note")),
            ctx.t("commune.col.who"): md(author_text(field(r.key, "recorded_by"), ctx.lang)),
            ctx.t("commune.col.when"): fmt_datetime(pd.Timestamp(when).to_pydatetime(), ctx.lang)
            if when else "",
        })
    return pd.DataFrame(rows)


def styled(table: pd.DataFrame, ctx: PageContext, column_key: str):
    """Results in colour (the map's colours) and bold, so a projector shows what is not met."""
    colours = {ctx.t("commune.state.met"): criterion_legend().entry("met").hex,
               ctx.t("commune.state.not_met"): criterion_legend().entry("not_met").hex}
    column = ctx.t(column_key)

    def css(value):
        return f"color:{colours[value]};font-weight:600" if value in colours else ""
    return table.style.map(css, subset=[column])


def threshold_text(row, ctx: PageContext) -> str:
    if row.comparison == "achieved":
        text = ctx.t("commune.threshold.achieved")
    elif row.threshold is None or pd.isna(row.threshold):
        text = ctx.t("commune.threshold.unknown")
    else:
        decimals = 0 if float(row.threshold).is_integer() else 1
        unit = ctx.t(f"commune.unit.{row.unit}") if row.unit in UNITS_SHOWN else ""
        symbol = SYMBOLS.get(row.comparison, row.comparison)
        text = f"{symbol} {fmt_number(row.threshold, decimals, ctx.lang)}{unit}"
    return f"{text} ({ctx.t('commune.provisional')})" if not row.verified else text


def indicator_table(ctx: PageContext, code: str, period: str, set_id: str) -> pd.DataFrame:
    """The set's indicators: requirement (provisional marked), the commune's value, the verdict."""
    table = data.indicators()
    rows = table[table["set_id"] == set_id]
    _, values = data.commune_record(code, period)
    merged = commune_profile.indicators_with_values(rows, values)
    out = []
    for r in merged.itertuples(index=False):
        text = localized(r, "text", ctx.lang)
        value = r.value
        out.append({
            ctx.t("commune.col.number"): r.code,
            ctx.t("commune.col.indicator"): text,
            ctx.t("commune.col.threshold"): threshold_text(r, ctx),
            ctx.t("commune.col.value"): ctx.t("commune.no_value") if value is None or pd.isna(value)
            else fmt_number(value, 0 if float(value).is_integer() else 2, ctx.lang),
            ctx.t("commune.col.meets"): "–" if r.meets is None else ctx.t(
                "commune.state.met" if r.meets else "commune.state.not_met"),
        })
    return pd.DataFrame(out)


def history_chart(ctx: PageContext, code: str, period: str, criteria: pd.DataFrame) -> go.Figure:
    """Criteria × months heatmap: met (green), not met (orange), no data (blank)."""
    matrix = commune_profile.history_matrix(data.status(communes=[code]), code, period=period, order=list(criteria["key"]))
    labels = [f"{n}. {s}" for n, s in zip(criteria["number"], criteria["short"])]
    months = [fmt_period(p, ctx.lang) for p in matrix.columns]
    legend = criterion_legend()
    met, not_met = legend.entry("met").hex, legend.entry("not_met").hex
    state = {1.0: ctx.t("commune.state.met"), 0.0: ctx.t("commune.state.not_met")}
    no_data = ctx.t("commune.state.no_data")
    # The sentence goes once, as plotly's hover template; each cell sends only its state word. A whole
    # sentence per cell (19 criteria × 60 months) was most of the page's websocket.
    states = [[state.get(v, no_data) for v in row] for row in matrix.to_numpy()]
    template = ctx.t("commune.history_hover", criterion="%{y}", period="%{x}", state="%{customdata}")
    fig = go.Figure(go.Heatmap(
        z=matrix.to_numpy(), x=months, y=labels, zmin=0, zmax=1, showscale=False, xgap=1, ygap=1,
        colorscale=[[0, not_met], [0.5, not_met], [0.5, met], [1, met]], customdata=states,
        hovertemplate=template + "<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=14))
    fig.update_xaxes(nticks=16, tickangle=-45)
    fig.update_layout(height=120 + 26 * len(labels), margin=dict(l=10, r=10, t=10, b=10), font=dict(size=14),
                      plot_bgcolor="#f7f7f7")
    return fig


def history_legend(ctx: PageContext) -> None:
    entries = criterion_legend(not_assessed=False)
    items = [LegendItem(e.key, ctx.t(f"commune.state.{e.key}"), "#f7f7f7" if e.key == "no_data" else e.hex)
             for e in entries]
    legend(items, ctx, inline=True)


def locator(ctx: PageContext, unit: pd.Series) -> None:
    district = district_title(unit["district_name"], unit["district_type"], ctx.lang)
    st.markdown(f"**{ctx.t('commune.locator', district=district)}**")
    description = ctx.t("commune.locator_description", name=unit["name"], district=district)
    st.image(locator_drawing(units(), unit["code"], ctx.lang, description), width="stretch")


def ranking_lines(ctx: PageContext, ranks, period: str) -> None:
    if not ranks:
        return
    st.markdown(f"**{ctx.t('commune.ranking')}**")
    for group, (rank, total, shared) in ranks:
        shared_text = f" ({ctx.t('commune.rank_shared')})" if shared else ""
        st.markdown(ctx.t("commune.ranking_line", rank=rank, total=total,
                          group=ctx.t(f"filter.group.{group}"), shared=shared_text,
                          period=fmt_period(period, ctx.lang)))


def set_name(set_id: str, lang: str) -> str:
    sets = data.criteria_sets().set_index("id")
    if set_id not in sets.index:
        return set_id
    return localized(sets.loc[set_id], "name", lang)
