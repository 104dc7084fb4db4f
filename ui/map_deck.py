"""The province map as a pydeck spec, built from one month's figures. No Streamlit here, so the
bench and the tests build exactly what the page sends.

Geometry (the compact shapes of geo/compact.py at each level of detail, district borders, label
points) is computed once per process; a build only adds colours, tooltips and the few overlay
layers, then serialises. What the browser gets, per commune: its code (``id``, what a click on the
map returns), the tooltip's title and body (``t``, ``b``), a palette index (``c``), a halo width for
an outlined pilot (``h``) and one flat ring of integers per polygon part (``p``). Streamlit parses
the spec with JSON5, character by character, so every byte saved is parsing time saved too.
"""
from __future__ import annotations

import functools
from collections import namedtuple
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import pydeck as pdk
import shapely

from config import DEFAULT_BAND_EDGES
from domain.bands import make_bands
from domain.map_figures import colour_keys, key_counts
from geo import colours, compact, layers
from geo.boundaries import load_communes
from geo.districts import dissolve_districts, label_points
from geo.locator_svg import locator_svg
from geo.simplify import simplify_coverage
from i18n import translate
from ui.formatting import fmt_signed
from ui.labels import legend_label

MAP_HEIGHT = 680  # px; st.pydeck_chart gets the same height, or the fitted view is cropped
MAP_WIDTH_GUESS = 600  # the map column on a 1280 px projector with the sidebar open and the side panel
# The commune page's locator drawing, about the size of its column (2/5 of the page) at 1280 px.
LOCATOR_WIDTH, LOCATOR_HEIGHT = 340, 300
GROUP_OUTLINE_HEX = "#6a3d9a"  # purple: apart from every fill of every legend
PILOT_GROUPS = (("pilot34", 2.5), ("pilot17", 5.0))  # outline width in px: the 17 inside the 34 stand out
SELECTED_RGBA = (0, 0, 0, 255)
HALO_RGBA = (255, 255, 255, 255)
UNIT_KIND = {"xã": "commune", "phường": "ward", "thị trấn": "town"}
DISTRICT_KIND = {"huyện": "rural", "thị xã": "town", "thành phố": "city"}


# The main map's shapes in the browser (geo/compact.py), with a level of detail fitted to the view's
# zoom: coordinates on a grid of `quantum` degrees, simplified as one coverage by as much (so
# neighbours stay glued). The province (zoom ~9, 1 px ≈ 0.0014°) gets 2e-4° (~22 m, a seventh of a
# pixel); a district (zoom ≥ 10) 1e-4° (~11 m). tests/unit/test_map_deck.py checks that every
# commune keeps its code and a valid polygon, within 0.25 px and 2% of its area of the original.
DETAIL = ((10.0, 1e-4), (0.0, 2e-4))  # (from zoom, quantum = simplification tolerance), finest first


def detail_for(zoom: float) -> float:
    """The grid step (degrees) for a view at `zoom`: about a seventh of a pixel or finer."""
    return next(q for z, q in DETAIL if zoom >= z)


@dataclass(frozen=True)
class Shapes:
    """The communes at one level of detail, as the browser gets them."""

    grid: compact.Grid
    units: np.ndarray  # commune polygons on `grid`, in the order of `Geometry.communes`
    rings: tuple  # per commune, its polygon parts as flat rings (compact.flat_polygons)
    district_lines: dict | None  # district borders, each once, a MultiLineString on `grid`

    @classmethod
    def build(cls, communes: gpd.GeoDataFrame, quantum: float) -> Shapes:
        grid = compact.Grid.around(communes.total_bounds, quantum)
        try:
            simplified = simplify_coverage(communes, quantum, clean=True)
            units = compact.coverage_on_grid(simplified.geometry.values, grid)
        except (ValueError, shapely.errors.GEOSException):  # another boundary file: draw it unsimplified,
            units = grid.to_units(communes.geometry.values)  # neighbours may be a grid step apart
        districts = compact.dissolve(units, communes["district_code"].to_numpy())
        return cls(grid, units, tuple(compact.flat_polygons(g) for g in units),
                   compact.line_geometry(compact.edges(list(districts.values()))))


@dataclass(frozen=True)
class Geometry:
    """Everything about the shapes that never changes while the process runs."""

    communes: gpd.GeoDataFrame  # indexed by GSO code, sorted
    districts: gpd.GeoDataFrame  # dissolved, with label_lon / label_lat
    label_lon: np.ndarray  # a point inside each commune, for its name
    label_lat: np.ndarray
    position: dict  # code -> row number in `communes`
    _details: dict = field(default_factory=dict, compare=False, repr=False)

    def shapes(self, zoom: float) -> Shapes:
        """The shapes for a view at `zoom`, made once per level of detail."""
        quantum = detail_for(zoom)
        if quantum not in self._details:
            self._details[quantum] = Shapes.build(self.communes, quantum)
        return self._details[quantum]


@functools.lru_cache(maxsize=1)
def geometry() -> Geometry:
    communes = load_communes()
    districts = dissolve_districts(communes)
    lon, lat = label_points(communes.geometry.values)
    return Geometry(communes, districts, lon, lat, {c: i for i, c in enumerate(communes.index.tolist())})


@dataclass(frozen=True)
class MapRequest:
    """What the page asks for; hashable, so it keys the page's cache."""

    mode: str  # count | criterion | change
    lang: str
    period: str
    compare: str | None
    criterion_key: str | None = None
    criterion_number: int | None = None  # its number in the set in force
    district: str = ""  # "" = whole province
    group: str = "all"
    group_members: frozenset = frozenset()
    selected: str | None = None
    basemap_style: str | None = None
    edges: tuple[int, ...] = DEFAULT_BAND_EDGES
    criteria_total: int = 19
    pilots: bool = True  # outline the pilot communes (URL pilots=0 hides them)
    fit_height: int = MAP_HEIGHT  # the map's height the view is fitted to (smaller on a projector)


@dataclass(frozen=True)
class LegendItem:
    key: str
    label: str
    hex: str
    count: int | None = None
    style: str = "fill"  # fill | faded | outline | line
    width: float = 3.0  # px of an outline or line swatch


@dataclass(frozen=True)
class MapBuild:
    spec: str  # the deck JSON st.pydeck_chart sends
    tooltip: dict
    legend: tuple[LegendItem, ...]
    scope_codes: tuple[str, ...] = field(default=())


class PrebuiltDeck(pdk.Deck):
    """A Deck whose JSON was built (and cached) before: st.pydeck_chart only calls to_json()."""

    def __init__(self, spec: str, tooltip: dict):
        super().__init__(layers=[], map_provider=None, tooltip=tooltip)
        self._spec = spec

    def to_json(self) -> str:
        return self._spec


def legend_for(request: MapRequest) -> colours.Legend:
    if request.mode == "count":
        return colours.criteria_count_legend(make_bands(request.criteria_total, request.edges))
    if request.mode == "criterion":
        return colours.criterion_legend()
    return colours.change_legend()


def unit_title(name: str, unit_type: str, lang: str) -> str:
    return translate(f"map.unit_title.{UNIT_KIND.get(unit_type, 'commune')}", lang, name=name)


def unit_type_label(unit_type: str, lang: str) -> str:
    """"xã" / "commune", "phường" / "ward", "thị trấn" / "town"."""
    return translate(f"map.unit.{UNIT_KIND.get(unit_type, 'commune')}", lang)


def district_title(name: str, district_type: str, lang: str) -> str:
    return translate(f"map.district_title.{DISTRICT_KIND.get(district_type, 'rural')}", lang, name=name)


def pilot_label(code: str, groups: Mapping[str, frozenset], lang: str) -> str:
    for key in ("pilot17", "pilot34"):
        if code in groups.get(key, ()):
            return translate(f"map.pilot.{key}", lang)
    return translate("map.pilot.none", lang)


def criteria_lines(fig, names: Mapping[str, str], t) -> list[str]:
    """Which criteria a commune has not met, or, when that is shorter, which it has met and how many
    others it has not (early months: a commune meeting 2 of 19 criteria would list 17 names; at 156
    communes that is what kept the map's payload over 90 KB). The met ones are `names` (the
    criteria in force, in order) less the unmet; listed only when they agree with the counts."""
    unmet = [t("map.tip.unmet", names=", ".join(names.get(k, k) for k in fig.unmet))]
    missed = set(fig.unmet)
    met = [k for k in names if k not in missed]
    if len(met) != fig.criteria_met or len(met) + len(missed) != fig.criteria_total:
        return unmet
    listed = ([t("map.tip.met", names=", ".join(names[k] for k in met)), t("map.tip.unmet_rest", n=len(missed))]
              if met else [t("map.tip.met_none")])
    return listed if len("".join(listed)) < len(unmet[0]) else unmet


def tooltip_text(fig, unit, request: MapRequest, names: Mapping[str, str], pilot: str,
                 compare_label: str, period_label: str) -> tuple[str, str]:
    """(title, body) of one unit's tooltip, plain text with one fact per line."""
    t = functools.partial(translate, lang=request.lang)
    lines = [district_title(unit.district_name, unit.district_type, request.lang)]
    if not fig.assessed:
        lines.append(t("map.tip.not_assessed"))
        return unit_title(unit.name, unit.type, request.lang), "\n".join(lines)
    if not fig.has_data:
        lines.append(t("map.tip.no_data", period=period_label))
    else:
        lines.append(t("map.tip.assessed", met=fig.criteria_met, total=fig.criteria_total))
        lines += criteria_lines(fig, names, t) if fig.unmet else [t("map.tip.standard")]
    if request.mode == "criterion" and request.criterion_key:
        lines.append(t("map.tip.criterion", number=request.criterion_number,
                       state=t(f"map.state.{fig.criterion_status}")))
    if request.mode == "change":
        if fig.change is None:
            lines.append(t("map.tip.change_unknown", compare=compare_label))
        else:
            lines.append(t("map.tip.change", compare=compare_label,
                           change=fmt_signed(fig.change, 0, request.lang), before=fig.compare_met,
                           now=fig.criteria_met))
    lines.append(pilot)
    return unit_title(unit.name, unit.type, request.lang), "\n".join(lines)


def _rows(frame: pd.DataFrame) -> list:
    """Plain namedtuples of a frame; much faster than itertuples over Arrow-backed strings."""
    Row = namedtuple("Row", list(frame.columns), rename=True)
    return [Row(*values) for values in zip(*(frame[c].tolist() for c in frame.columns))]


def map_units(communes: pd.DataFrame, districts: pd.DataFrame, geo: Geometry | None = None) -> pd.DataFrame:
    """The database's units in the order of the boundary file, with their district's type.

    A shape the database does not know is kept (drawn, not assessed) with the file's names.
    """
    geo = geo or geometry()
    shapes = geo.communes
    units = communes.set_index("code").reindex(shapes.index)
    missing = units["name"].isna()
    for col in ("name", "type", "district_code", "district_name"):
        units.loc[missing, col] = shapes.loc[missing, col]
    units["assessed"] = units["assessed"].fillna(False).astype(bool)
    district_types = dict(zip(districts["code"], districts["type"]))
    units["district_type"] = units["district_code"].map(district_types).fillna("")
    units.index.name = "code"
    return units.reset_index()


def _outline(shapes: Shapes, codes, layer_id: str, rgba: Sequence[int], width: float,
             position: Mapping[str, int]) -> pdk.Layer:
    """Each of these communes outlined (a stroke-only polygon layer, drawn over the fills)."""
    rings = [ring for c in sorted(codes) if c in position for ring in shapes.rings[position[c]]]
    return layers.outline_layer(rings, shapes.grid, layer_id=layer_id, color=rgba, width_px=width)


def fitted_view(bounds: Sequence[float], height: int = MAP_HEIGHT) -> pdk.ViewState:
    """The view of the main map that shows `bounds` (the province, or one district) whole in a map
    `height` px tall."""
    return layers.view_state_for_bounds(bounds, width_px=MAP_WIDTH_GUESS, height_px=height, padding=0.04)


def build_map(figures: pd.DataFrame, units: pd.DataFrame, request: MapRequest,
              groups: Mapping[str, frozenset], names: Mapping[str, str], compare_label: str,
              period_label: str, geo: Geometry | None = None) -> MapBuild:
    """The whole map for one request.

    `figures` comes from domain.map_figures.month_figures over `units` (the communes table of
    the database: code, name, type, district_code, district_name, district_type, assessed), both
    in the order of the boundary file. `names` maps a criterion key to the name shown for it.
    """
    geo = geo or geometry()
    legend = legend_for(request)
    keys = colour_keys(figures, request.mode)
    codes = units["code"].tolist()
    in_district = [not request.district or d == request.district for d in units["district_code"]]
    in_group = [request.group == "all" or c in request.group_members for c in codes]
    in_scope = [a and b for a, b in zip(in_district, in_group)]
    faded = not all(in_scope)

    if request.district:
        bounds = geo.communes.loc[[c for c, d in zip(codes, in_district) if d]].total_bounds
    else:
        bounds = geo.communes.total_bounds
    view = fitted_view(bounds, request.fit_height)
    shapes = geo.shapes(view.zoom)
    pos = geo.position

    # Colours: one palette for the legend's entries (and their faded twins), one index per unit.
    palette = [list(e.rgba) for e in legend]
    index = {e.key: i for i, e in enumerate(legend)}
    no_data = index[colours.NO_DATA_KEY]
    dim_from = len(palette) if faded else None
    if faded:
        palette += [colours.dim(c) for c in palette]
    purple = colours.hex_to_rgba(GROUP_OUTLINE_HEX, 255)
    pilot_groups = [(g, w) for g, w in PILOT_GROUPS if groups.get(g)] if request.pilots else []
    halo: dict[str, float] = {}  # a white halo under the purple keeps it visible on the darkest fills
    for g, width in pilot_groups:
        for c in groups[g]:
            halo[c] = max(halo.get(c, 0.0), width + 2.5)

    records = []
    for f, u, key, scope in zip(_rows(figures), _rows(units), keys, in_scope):
        title, body = tooltip_text(f, u, request, names, pilot_label(u.code, groups, request.lang),
                                   compare_label, period_label)
        base = {"id": u.code, "t": title, "b": body, "c": index.get(key, no_data) + (0 if scope else len(legend))}
        if u.code in halo:
            base["h"] = halo[u.code]
        records += [{**base, "p": ring} for ring in (shapes.rings[pos[u.code]] if u.code in pos else ())]
    records.sort(key=lambda r: r.get("h", 0.0))  # haloed units last: no neighbour's border crosses a halo

    deck_layers = [layers.polygon_layer(records, shapes.grid, palette, dim_from=dim_from)]
    inner = set().union(*(groups[g] for g, _ in pilot_groups if g == "pilot17"))
    for g, width in pilot_groups:  # each pilot once: the 34's outline leaves the 17 to their own layer
        members = groups[g] - inner if g == "pilot34" else groups[g]
        deck_layers.append(_outline(shapes, members, f"{g}-outline", purple, width, pos))
    group_outline = request.group != "all" and request.group not in dict(pilot_groups)
    if group_outline:
        members = [c for c, g in zip(codes, in_group) if g]
        deck_layers.append(_outline(shapes, members, "group-outline", purple, 3.0, pos))
    deck_layers.append(layers.line_layer(shapes.district_lines, shapes.grid, layer_id="districts",
                                         color=colours.DISTRICT_LINE_RGBA, width_px=2.5))
    if request.selected in pos:
        deck_layers += [_outline(shapes, [request.selected], "selected-halo", HALO_RGBA, 7.0, pos),
                        _outline(shapes, [request.selected], "selected", SELECTED_RGBA, 3.0, pos)]
    if request.district:
        deck_layers.append(_commune_labels(geo, [c for c, d in zip(codes, in_district) if d], units))
        others = geo.districts[geo.districts["district_code"] != request.district]
        deck_layers.append(layers.district_label_layer(others, size_px=16))
    else:
        deck_layers.append(layers.district_label_layer(geo.districts, size_px=16))
    tooltip = {**layers.COMPACT_TOOLTIP, "style": dict(layers.COMPACT_TOOLTIP["style"])}
    deck = layers.build_deck(deck_layers, view_state=view, basemap_style=request.basemap_style, tooltip=tooltip,
                             height=MAP_HEIGHT)

    counts = key_counts([k for k, s in zip(keys, in_scope) if s])
    items = [LegendItem(e.key, legend_label(e, request.lang), e.hex, counts.get(e.key, 0)) for e in legend]
    for g, width in pilot_groups:
        label = translate(f"map.legend.pilot_outline.{g}", request.lang)
        items.append(LegendItem(f"{g}_outline", label, GROUP_OUTLINE_HEX, style="outline", width=width))
    if group_outline:
        group_name = translate(f"filter.group.{request.group}", request.lang)
        label = translate("map.legend.group_outline", request.lang, group=group_name)
        items.append(LegendItem("group_outline", label, GROUP_OUTLINE_HEX, style="outline"))
    if faded:
        label = translate("map.legend.dimmed", request.lang)
        items.append(LegendItem("faded", label, "#b0b0b0", style="faded"))
    label = translate("map.legend.district_outline", request.lang)
    items.append(LegendItem("district_outline", label, "#212121", style="line"))
    scope = tuple(c for c, s in zip(codes, in_scope) if s)
    return MapBuild(deck.to_json(), tooltip, tuple(items), scope)


def _commune_labels(geo: Geometry, codes: Sequence[str], units: pd.DataFrame) -> pdk.Layer:
    """Commune names at a point inside each commune (drawn only when a district is shown)."""
    pos = geo.position
    rows = [pos[c] for c in codes if c in pos]
    name = dict(zip(units["code"].tolist(), units["name"].tolist()))
    codes_in_order = geo.communes.index.tolist()
    frame = pd.DataFrame({"name": [name[codes_in_order[i]] for i in rows],
                          "label_lon": geo.label_lon[rows], "label_lat": geo.label_lat[rows]})
    return layers.district_label_layer(frame, text_column="name", layer_id="commune-labels", size_px=13,
                                       color=(48, 48, 48, 255))


def locator_drawing(units: pd.DataFrame, code: str, lang: str, description: str, geo: Geometry | None = None) -> str:
    """A small drawing of the commune's district (SVG, geo.locator_svg): the commune filled, its
    neighbours light, the district's outline, the commune's name; each commune's name on hover."""
    geo = geo or geometry()
    info = units.set_index("code")
    district = info.at[code, "district_code"]
    members = [c for c in units["code"] if info.at[c, "district_code"] == district and c in geo.position]
    titles = {c: f"{unit_title(info.at[c, 'name'], info.at[c, 'type'], lang)}, "
                 f"{district_title(info.at[c, 'district_name'], info.at[c, 'district_type'], lang)}" for c in members}
    row = geo.position[code]
    outline = geo.districts.geometry.get(district)
    return locator_svg({c: geo.communes.geometry.iloc[geo.position[c]] for c in members}, chosen=code, titles=titles,
                       label=str(info.at[code, "name"]), label_at=(geo.label_lon[row], geo.label_lat[row]),
                       outline=outline, width=LOCATOR_WIDTH, height=LOCATOR_HEIGHT, description=description)
