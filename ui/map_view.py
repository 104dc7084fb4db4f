"""Streamlit pieces of the map page: its own URL-bound filters, the cached map build, the legend,
the table of what the map shows, and the selected commune.

URL parameters of this page (codes, never labels): mode=count|criterion|change,
criterion=<key or number> (written back as the key), compare=YYYY-MM, commune=<GSO code> (the
selected unit, whose summary shows in the panel beside the map), pilots=0 (hide the pilot outlines).
"""
from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from config import get_settings
from domain import map_figures
from domain.localized import localized
from i18n import translate
from ui import data
from ui.formatting import fmt_period, fmt_signed
from ui.map_deck import (
    MAP_HEIGHT,
    MapBuild,
    MapRequest,
    PrebuiltDeck,
    build_map,
    geometry,
    map_units,
    pilot_label,
    unit_title,
    unit_type_label,
)
from ui.shell import PageContext
from ui.url_state import url_selectbox, url_toggle

CHART_KEY = "map_chart"  # + a generation number: a choice in the list starts a fresh map selection
CHART_GENERATION = "_map_chart_generation"
PICK_KEY = "map_pick"
_COMPARE_AUTO = "_map_compare_default"  # the compare default last applied (follows the period)


# --- filters ---------------------------------------------------------------------------------

def mode(ctx: PageContext, container) -> str:
    """Count, one criterion, or change. A link with only `criterion=` opens the criterion view."""
    params = st.query_params
    default = "criterion" if "criterion" in params and "mode" not in params else "count"
    fmt = lambda m: ctx.t(f"map.mode.{m}")  # noqa: E731
    return url_selectbox("mode", ctx.t("map.mode"), list(map_figures.MODES), default, fmt,
                         on_invalid=lambda n, v: ctx.invalid(n, v, fmt(default)), container=container,
                         widget="radio")


@st.cache_data(show_spinner=False, max_entries=256)
def _set_in_force(url: str, version: str, asof, period: str) -> str | None:
    return map_figures.set_in_force(data.counts(asof, periods=[period]), period)


def criteria_in_force(period: str, lang: str) -> pd.DataFrame:
    """The criteria of the set in force in `period`: key, number, name (full), short (for tooltips)."""
    set_id = _set_in_force(get_settings().database_url, data.data_version(), data.current_asof(), period)
    table = data.criteria()
    rows = table[table["set_id"] == set_id] if set_id else table[table["set_id"] == table["set_id"].iloc[-1]]
    rows = rows.sort_values("number")
    name = localized(rows, "name", lang)  # a set without English names shows Vietnamese
    short = localized(rows.assign(short_name_vi=rows["short_name_vi"].fillna(rows["name_vi"])), "name", lang,
                      "short_name_vi")
    return pd.DataFrame({"key": rows["key"].tolist(), "number": rows["number"].astype(int).tolist(),
                         "name": name.tolist(), "short": short.tolist()})


def default_criterion(criteria: pd.DataFrame) -> str:
    """The criterion a programme target names first (security in 2013), else the first one."""
    named = [k for k in data.targets()["criterion_key"].dropna() if k in set(criteria["key"])]
    return named[0] if named else str(criteria["key"].iloc[0])


def criterion(ctx: PageContext, criteria: pd.DataFrame, container) -> str:
    """A criterion key; the URL may name it by key ("security") or number ("19")."""
    raw = st.query_params.get("criterion")
    key = map_figures.resolve_criterion(raw, criteria)
    if raw is not None and key is not None and key != raw:
        st.query_params["criterion"] = key  # one spelling in links: the key, stable across sets
    labels = {k: ctx.t("map.criterion_option", number=n, name=m)
              for k, n, m in zip(criteria["key"], criteria["number"], criteria["name"])}
    default = default_criterion(criteria)
    return url_selectbox("criterion", ctx.t("map.criterion"), list(labels), default, labels.get,
                         on_invalid=lambda n, v: ctx.invalid(n, v, labels[default]), container=container)


def compare(ctx: PageContext, period: str, container) -> str:
    """The earlier month for the change figures; by default 12 months before the period, and it
    keeps following the period until someone picks another month."""
    periods = data.periods()
    earlier = [p for p in reversed(periods) if p < period] or [period]
    default = map_figures.default_compare(periods, period)
    default = default if default in earlier else earlier[-1]
    previous_default = st.session_state.get(_COMPARE_AUTO)
    if previous_default and st.session_state.get("q_compare") == previous_default:
        st.session_state["q_compare"] = default
    st.session_state[_COMPARE_AUTO] = default
    fmt = lambda p: fmt_period(p, ctx.lang)  # noqa: E731
    return url_selectbox("compare", ctx.t("map.compare"), earlier, default, fmt,
                         on_invalid=lambda n, v: ctx.invalid(n, v, fmt(default)), container=container,
                         omit_default=True)


def pilots(ctx: PageContext, container) -> bool:
    """Pilot outlines on the map, on unless the link says pilots=0."""
    return url_toggle("pilots", ctx.t("map.pilots"), True, container=container, help=ctx.t("map.pilots_help"),
                      on_invalid=lambda n, v: ctx.invalid(n, v, ctx.t("map.pilots")))


# --- the map ---------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def _units(url: str, version: str) -> pd.DataFrame:
    return map_units(data.communes(), data.districts(), geometry())


def units() -> pd.DataFrame:
    """Every unit of the boundary file with its database facts (read-only, shared)."""
    return _units(get_settings().database_url, data.data_version())


@st.cache_data(show_spinner=False, max_entries=64)
def _figures(url: str, version: str, asof, period: str, compare_period: str | None, criterion_key: str | None,
             edges: tuple[int, ...]) -> pd.DataFrame:
    # The summary's counts and masks of the two months, not their criterion rows (19 times fewer),
    # month by month: the month's read is the one criteria_in_force made (cached).
    counts = pd.concat([data.counts(asof, periods=[p]) for p in dict.fromkeys([period, compare_period]) if p],
                       ignore_index=True)
    return map_figures.month_figures_from_counts(counts, data.criteria(), units(), period=period, compare=compare_period,
                                                 criterion=criterion_key, edges=edges)


def figures(period: str, compare_period: str | None, criterion_key: str | None) -> pd.DataFrame:
    """Per-unit figures of a month, as recorded at the page's `asof` (cached)."""
    settings = get_settings()
    return _figures(settings.database_url, data.data_version(), data.current_asof(), period, compare_period,
                    criterion_key, settings.band_edges)


@st.cache_data(show_spinner=False, max_entries=128)
def _build(url: str, version: str, asof, request: MapRequest, names: tuple[tuple[str, str], ...]) -> MapBuild:
    figs = figures(request.period, request.compare, request.criterion_key)
    return build_map(figs, units(), request, data.groups(), dict(names),
                     fmt_period(request.compare, request.lang) if request.compare else "",
                     fmt_period(request.period, request.lang))


def build(request: MapRequest, criteria: pd.DataFrame) -> MapBuild:
    """The map for these filters, built once per data version and filters."""
    names = tuple((k, f"{n}. {s}") for k, n, s in zip(criteria["key"], criteria["number"], criteria["short"]))
    return _build(get_settings().database_url, data.data_version(), data.current_asof(), request, names)


def request_for(ctx: PageContext, *, mode_key: str, period: str, compare_period: str,
                criterion_key: str | None, criteria: pd.DataFrame, district: str, group: str,
                selected: str | None, show_pilots: bool = True) -> MapRequest:
    settings = get_settings()
    in_criterion_mode = mode_key == "criterion" and criterion_key is not None
    number = int(criteria.set_index("key").at[criterion_key, "number"]) if in_criterion_mode else None
    return MapRequest(
        mode=mode_key, lang=ctx.lang, period=period, compare=compare_period,
        criterion_key=criterion_key if in_criterion_mode else None, criterion_number=number,
        district=district, group=group, group_members=data.groups().get(group, frozenset()),
        selected=selected, basemap_style=settings.basemap_style, edges=settings.band_edges,
        criteria_total=len(criteria), pilots=show_pilots,
    )


def legend(items, ctx: PageContext, inline: bool = False) -> None:
    """The legend as data: swatches with labels (and counts), a column beside the map or a row."""
    parts = []
    for item in items:
        if item.style == "fill":
            swatch = f"background:{item.hex};border:1px solid #606060"
        elif item.style == "faded":
            swatch = "background:rgba(120,120,120,0.25);border:1px solid rgba(96,96,96,0.3)"
        elif item.style == "outline":
            swatch = f"background:transparent;border:{item.width:g}px solid {item.hex}"
        else:
            swatch = f"background:transparent;border-top:{item.width:g}px solid {item.hex};height:0"
        label = html.escape(item.label if item.count is None else
                            ctx.t("map.legend.count", label=item.label, count=item.count))
        spacing = "margin:2px 18px 2px 0" if inline else "margin:5px 0"
        parts.append(
            f'<div data-testid="ntm-legend-item" data-key="{html.escape(item.key)}" '
            f'style="display:flex;align-items:center;gap:10px;{spacing};font-size:1.05rem;line-height:1.25">'
            f'<span style="flex:none;display:inline-block;width:30px;height:20px;'
            f'box-sizing:border-box;{swatch}"></span><span>{label}</span></div>'
        )
    layout = "display:flex;flex-wrap:wrap;align-items:center" if inline else ""
    title = (f'<div style="font-weight:600;margin:{"0 14px 0 0" if inline else "0 0 6px 0"}">'
             f'{html.escape(ctx.t("map.legend"))}</div>')
    # st.html, not st.markdown(unsafe_allow_html): plain HTML needs no markdown parser, and the map
    # page then never loads the browser's HTML-in-markdown pipeline (rehype-raw). The negative
    # bottom margin is the one Streamlit gives markdown: the page keeps its height (a projector's
    # map page fits 1280×720 exactly).
    st.html(f'<div style="{layout};margin-bottom:-1rem">{title}{"".join(parts)}</div>')


def _selected_from_chart() -> None:
    """on_select: the clicked unit becomes the page's `commune` (clicking empty space clears it)."""
    event = st.session_state.get(_chart_key()) or {}
    objects = (event.get("selection") or {}).get("objects") or {}
    picked = objects.get("communes") or []
    if picked:
        feature = picked[0]
        code = feature.get("id") or (feature.get("properties") or {}).get("code")
        st.query_params["commune"] = str(code)
    elif "commune" in st.query_params:
        del st.query_params["commune"]


def _chart_key() -> str:
    return f"{CHART_KEY}_{st.session_state.get(CHART_GENERATION, 0)}"


def _selected_from_list() -> None:
    # Streamlit keeps (and fades all but) the object last clicked on the map; a new chart key
    # drops that selection, so the map shows only the commune chosen here.
    st.session_state[CHART_GENERATION] = st.session_state.get(CHART_GENERATION, 0) + 1
    code = st.session_state.get(PICK_KEY)
    if code:
        st.query_params["commune"] = code
    elif "commune" in st.query_params:
        del st.query_params["commune"]


def selected(ctx: PageContext) -> str | None:
    """The unit chosen on the map or in the list (URL `commune`); an unknown code gives a notice."""
    code = st.query_params.get("commune")
    if code is None:
        return None
    if code not in set(units()["code"]):
        ctx.invalid("commune", code, ctx.t("map.no_selection"))
        del st.query_params["commune"]
        return None
    return code


def draw_map(build_result: MapBuild, alt: str) -> None:
    st.pydeck_chart(PrebuiltDeck(build_result.spec, build_result.tooltip), height=MAP_HEIGHT,
                    on_select=_selected_from_chart, selection_mode="single-object", key=_chart_key(), alt=alt)


@st.cache_resource(show_spinner=False, max_entries=8)
def _pick_labels(url: str, version: str) -> dict[str, str]:
    """Assessed commune -> "name (district)" (shared, read-only)."""
    u = units()
    return {c: f"{n} ({d})" for c, n, d, a in zip(u["code"], u["name"], u["district_name"], u["assessed"]) if a}


def picker(ctx: PageContext, scope: tuple[str, ...], code: str | None) -> None:
    """The list to choose a commune: the way without a mouse on the map."""
    every = _pick_labels(get_settings().database_url, data.data_version())
    labels = {c: every[c] for c in scope if c in every}
    st.session_state[PICK_KEY] = code if code in labels else None
    st.selectbox(ctx.t("map.pick"), list(labels), format_func=labels.get, key=PICK_KEY,
                 placeholder=ctx.t("map.pick_placeholder"), on_change=_selected_from_list,
                 help=ctx.t("map.pick_help"))


def profile_panel(ctx: PageContext, figs: pd.DataFrame, code: str, period: str, criteria: pd.DataFrame,
                  compare_period: str | None = None) -> None:
    """The chosen unit's summary beside the map (no scrolling after a click): name, the link to its
    full profile first (it must stay in view), criteria met, the unmet ones by number and name."""
    info = units().set_index("code")
    unit = info.loc[code]
    name = unit_title(unit["name"], unit["type"], ctx.lang)
    with st.container(border=True, key="map-profile"):
        st.markdown(f"**{name}** · {unit['district_name']}")
        if not unit["assessed"]:
            st.info(ctx.t("map.selected_not_assessed", name=name, type=unit_type_label(unit["type"], ctx.lang)))
            return
        # the URL carries ?lang=en only for English (Vietnamese is the default): a link, not a translation
        params = {"commune": code, "period": period, **({"lang": ctx.lang} if ctx.lang != "vi" else {})}
        st.page_link("pages/commune.py", label=ctx.t("map.open_profile", name=name),
                     icon=":material/arrow_forward:", query_params=params)
        fig = figs.set_index("code").loc[code]
        if not fig["has_data"]:
            st.markdown(ctx.t("map.tip.no_data", period=fmt_period(period, ctx.lang)))
            return
        lines = [ctx.t("map.panel.met", met=fig["criteria_met"], total=fig["criteria_total"])]
        if compare_period and fig["change"] is not None:
            lines.append(ctx.t("map.panel.change", compare=fmt_period(compare_period, ctx.lang),
                               change=fmt_signed(fig["change"], 0, ctx.lang)))
        pilot = pilot_label(code, data.groups(), ctx.lang)
        if pilot != ctx.t("map.pilot.none"):
            lines.append(pilot)
        st.markdown("  \n".join(lines))
        names = dict(zip(criteria["key"], (f"{n}. {m}" for n, m in zip(criteria["number"], criteria["short"]))))
        unmet = [names.get(k, k) for k in fig["unmet"]]
        st.caption(ctx.t("map.panel.unmet", n=len(unmet), names="; ".join(unmet)) if unmet
                   else ctx.t("map.panel.standard"))


# --- the table -------------------------------------------------------------------------------

def table(ctx: PageContext, request: MapRequest, scope: tuple[str, ...], criterion_number: int | None,
          typed: bool = False) -> pd.DataFrame:
    """The map's figures for the units in scope, assessed communes first, then wards and towns;
    formatted as shown, or with `typed` as downloaded: numbers as numbers (criteria met and the
    criteria count in two integer columns, the change an integer, empty where there is none, and
    the unit's state in words). Made once per data version and view."""
    return _table(get_settings().database_url, data.data_version(), data.current_asof(), ctx.lang, request.period,
                  request.compare, request.criterion_key, request.mode, criterion_number, tuple(scope), typed)


@st.cache_data(show_spinner=False, max_entries=64)
def _table(url: str, version: str, asof, lang: str, period: str, compare_period: str | None,
           criterion_key: str | None, mode_key: str, criterion_number: int | None, scope: tuple[str, ...],
           typed: bool) -> pd.DataFrame:
    info = units().set_index("code").to_dict("index")
    by_code = figures(period, compare_period, criterion_key).set_index("code").to_dict("index")
    groups = data.groups()

    def t(key: str, **kwargs) -> str:
        return translate(key, lang, **kwargs)

    compare_label = fmt_period(compare_period, lang) if compare_period else ""
    rows = []
    ordered = [c for c in scope if info[c]["assessed"]] + [c for c in scope if not info[c]["assessed"]]
    for code in ordered:  # the assessed communes first; wards and towns (not assessed) after them
        unit, fig = info[code], by_code[code]
        if not fig["assessed"]:
            met = t("map.state.not_assessed")
        elif fig["has_data"]:
            met = f"{fig['criteria_met']}/{fig['criteria_total']}"
        else:
            met = t("map.state.no_data")
        row = {
            t("map.col.code"): code,
            t("map.col.commune"): unit["name"],
            t("map.col.district"): unit["district_name"],
            t("map.col.type"): unit_type_label(unit["type"], lang),
            t("map.col.criteria_met"): met,
        }
        if typed:
            has = bool(fig["assessed"] and fig["has_data"])
            row[t("map.col.criteria_met")] = int(fig["criteria_met"]) if has else None
            row[t("map.col.criteria_count")] = int(fig["criteria_total"]) if has else None
            row[t("map.col.state")] = "" if has else met
        if mode_key == "criterion" and criterion_number is not None:
            row[t("map.col.criterion", number=criterion_number)] = t(f"map.state.{fig['criterion_status']}")
        change = fig["change"]
        if typed:
            row[t("map.col.change", compare=compare_label)] = None if change is None or pd.isna(change) else int(change)
        else:
            row[t("map.col.change", compare=compare_label)] = (
                fmt_signed(change, 0, lang) if change is not None else "–")
        pilot = next((g for g in ("pilot17", "pilot34") if code in groups.get(g, ())), None)
        row[t("map.col.pilot")] = t(f"map.pilot_short.{pilot}") if pilot else "–"  # short: the column fits
        rows.append(row)
    return pd.DataFrame(rows)
