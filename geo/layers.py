"""pydeck layers whose colours are computed in Python, and a Deck that works offline.

Colours travel as per-feature properties (``fill``, ``line``: RGBA lists) instead of deck.gl
expressions, so the legend, the map, the Excel export and the tests all read one Python mapping.

pydeck turns every plain string argument into a deck.gl expression ("@@=..."). Constants such as
"pixels" or "auto" must therefore be passed quoted (see ``_lit``), or deck.gl evaluates them as
(undefined) variables.
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
import pydeck as pdk
import shapely
from pydeck.bindings.json_tools import default_serialize

from geo.colours import DISTRICT_LINE_RGBA, LINE_RGBA, dim
from geo.compact import Grid

FONT_FAMILY = "Noto Sans, Roboto, Segoe UI, Arial, sans-serif"  # all carry Vietnamese glyphs
# Streamlit 1.67 HTML-escapes every {property} it substitutes into a tooltip (verified in its
# DeckGlJsonChart bundle), so markup must live in the template, not in the values. Multi-line
# bodies use "\n" and white-space: pre-line.
TOOLTIP = {
    "html": "<b>{tooltip_title}</b><br/>{tooltip_body}",
    "style": {"whiteSpace": "pre-line", "backgroundColor": "white", "color": "#212121",
              "fontSize": "14px", "border": "1px solid #9e9e9e", "maxWidth": "320px"},
}


# The compact map (``polygon_layer``): one-letter keys, the same text. t = title, b = body.
COMPACT_TOOLTIP = {"html": "<b>{t}</b><br/>{b}", "style": TOOLTIP["style"]}
HALO_RGBA = (255, 255, 255, 255)


def _lit(value: str) -> str:
    """Quote a string so pydeck passes it as a literal, not as a deck.gl expression."""
    return f'"{value}"'


def _clean(values: list) -> list:
    # NaN and pd.NA are not JSON (json.dumps would write NaN, which browsers reject).
    return [None if (v is pd.NA or (isinstance(v, float) and v != v)) else v for v in values]


_GEOJSON_TYPE = {
    shapely.GeometryType.POINT: "Point", shapely.GeometryType.LINESTRING: "LineString",
    shapely.GeometryType.POLYGON: "Polygon", shapely.GeometryType.MULTIPOINT: "MultiPoint",
    shapely.GeometryType.MULTILINESTRING: "MultiLineString",
    shapely.GeometryType.MULTIPOLYGON: "MultiPolygon",
}


def _coordinates(geoms: np.ndarray, precision: int) -> list[tuple[str, list] | None]:
    """(type, coordinates) per geometry, built from one vectorised ragged array.

    Rounding with numpy and ``tolist`` gives shortest-repr floats (105.44622, not
    105.44622000000001), which is what cuts the payload; to_ragged_array avoids a Python loop
    over every vertex.
    """
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    out: list[tuple[str, list] | None] = [None] * len(geoms)
    idx = np.flatnonzero(~empty)
    if len(idx) == 0:
        return out
    gtype, coords, offsets = shapely.to_ragged_array(geoms[idx])
    pts = np.round(coords, precision).tolist()
    if gtype == shapely.GeometryType.POINT:
        parts = pts
    else:
        groups = pts
        for off in offsets:  # innermost level first: coords -> rings -> polygons -> multi
            bounds = off.tolist()
            groups = [groups[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
        parts = groups
    name = _GEOJSON_TYPE[gtype]
    for i, coords_i in zip(idx, parts):
        if name.startswith("Multi") and len(coords_i) == 1:
            out[i] = (name[5:], coords_i[0])  # a one-part multipolygon is just a polygon
        else:
            out[i] = (name, coords_i)
    return out


@contextlib.contextmanager
def _gc_paused():
    """Pause the cyclic GC while building many small lists.

    Creating ~10^5 coordinate lists triggers repeated collections that scan them all; pausing
    makes building the national FeatureCollection about 3x faster. The lists hold no cycles.
    The switch is process-wide; concurrent reruns can only delay a collection, and the first
    caller that found the GC enabled always switches it back on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def geometry_dicts(gdf, precision: int = 5) -> list[dict | None]:
    """GeoJSON geometry dicts with rounded coordinates, one per row (None if empty).

    This is the expensive, colour-independent part of ``geojson_features``: compute it once and
    pass it back through ``geometries=`` when only colours or tooltips change. The dicts are
    shared, not copied: treat them as read-only.
    """
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    with _gc_paused():
        return [None if g is None else {"type": g[0], "coordinates": g[1]}
                for g in _coordinates(geoms, precision)]


def geojson_features(gdf, *, properties: Sequence[str], precision: int = 5,
                     geometries: Sequence[dict | None] | None = None) -> dict:
    """A GeoJSON FeatureCollection (plain dict) with only ``properties`` and rounded coordinates.

    Feature ``id`` is the index as a string (the GSO code for communes), so a map selection
    returned by Streamlit can be joined back without a name lookup. ``geometries`` (from
    ``geometry_dicts`` on the same rows) skips the geometry work.
    """
    if geometries is None:
        geometries = geometry_dicts(gdf, precision)
    elif len(geometries) != len(gdf):
        raise ValueError("geometries and gdf differ in length")
    columns = [(p, _clean(gdf[p].tolist())) for p in properties]
    ids = [str(i) for i in gdf.index]
    with _gc_paused():
        features = [
            {"type": "Feature", "id": fid,
             "properties": {p: col[row] for p, col in columns}, "geometry": geom}
            for row, (fid, geom) in enumerate(zip(ids, geometries))
        ]
    return {"type": "FeatureCollection", "features": features}


def commune_layer(feature_collection: dict, *, layer_id: str = "communes",
                  line_width_px: float = 1.0, line_color: Sequence[int] | None = None) -> pdk.Layer:
    """Filled communes, selectable (Streamlit selection needs ``id`` and ``pickable``).

    Fill comes from ``properties.fill``; the border from ``properties.line`` unless a constant
    ``line_color`` is given (saves ~30 bytes per feature when nothing is dimmed).
    """
    return pdk.Layer(
        "GeoJsonLayer", feature_collection, id=layer_id, pickable=True, auto_highlight=True,
        highlight_color=[255, 255, 255, 90], stroked=True, filled=True,
        get_fill_color="properties.fill",
        get_line_color=list(line_color) if line_color is not None else "properties.line",
        line_width_units=_lit("pixels"), get_line_width=line_width_px,
        line_width_min_pixels=line_width_px,
    )


def _json(value) -> str:
    return json.dumps(value, separators=(",", ":"))


def polygon_layer(records: list[dict], grid: Grid, palette: Sequence[Sequence[int]], *,
                  layer_id: str = "communes", dim_from: int | None = None,
                  line_color: Sequence[int] = LINE_RGBA, halo_color: Sequence[int] = HALO_RGBA,
                  line_width_px: float = 1.0) -> pdk.Layer:
    """Filled, selectable polygons in the compact form of ``geo.compact``.

    Each record: ``id`` (the unit's code, what a map selection returns), ``t`` / ``b`` (tooltip
    title and body, see COMPACT_TOOLTIP), ``c`` (index into ``palette``), ``p`` (one flat ring in
    ``grid`` units, from ``compact.flat_polygons``) and, for a unit outlined on top, ``h``: the
    width in px of a halo drawn as its own border, under the outline layer. Colours are chosen
    in the browser by one deck.gl expression over the palette, so a record carries one small
    number instead of an RGBA list. Records with ``c >= dim_from`` get a faded border (the
    palette's second half holds the faded fills). Records are drawn in order: put the haloed
    ones last, so no neighbour's border crosses their halo.
    """
    has_halo = any("h" in r for r in records)
    line: object = list(line_color)
    if dim_from is not None or has_halo:
        expr = _json(list(line_color))
        if dim_from is not None:
            expr = f"c>={int(dim_from)}?{_json(dim(line_color))}:{expr}"
        if has_halo:
            expr = f"h?{_json(list(halo_color))}:{expr}"
        line = expr
    return pdk.Layer(
        "PolygonLayer", records, id=layer_id, pickable=True, auto_highlight=True,
        highlight_color=[255, 255, 255, 90], stroked=True, filled=True,
        get_polygon="p", position_format=_lit("XY"),
        get_fill_color=f"({_json([list(c) for c in palette])})[c]",
        get_line_color=line, line_width_units=_lit("pixels"),
        get_line_width=f"h?h:{line_width_px:g}" if has_halo else line_width_px,
        line_width_min_pixels=line_width_px, **grid.layer_props(),
    )


def outline_layer(rings: list, grid: Grid, *, layer_id: str, color: Sequence[int],
                  width_px: float) -> pdk.Layer:
    """Polygons (flat rings in ``grid`` units) outlined, not filled, not pickable. A polygon layer:
    Streamlit fades only its fill colour when a commune is selected on the map, so the outline
    stays as it is (it would fade a PathLayer's colour)."""
    return pdk.Layer(
        "PolygonLayer", [{"p": r} for r in rings], id=layer_id, pickable=False, stroked=True,
        filled=False, get_polygon="p", position_format=_lit("XY"), get_line_color=list(color),
        line_width_units=_lit("pixels"), get_line_width=width_px, line_width_min_pixels=width_px,
        **grid.layer_props(),
    )


def line_layer(geometry: dict | None, grid: Grid, *, layer_id: str, color: Sequence[int],
               width_px: float) -> pdk.Layer:
    """Lines in ``grid`` units (a GeoJSON MultiLineString from ``compact.line_geometry``), not
    pickable. A GeoJsonLayer, not a PathLayer: Streamlit fades the colours of path layers when a
    commune is selected on the map, and these outlines must stay as they are. Round caps close
    the joins where the merged lines of a border network meet."""
    features = [] if geometry is None else [{"type": "Feature", "properties": {}, "geometry": geometry}]
    return pdk.Layer(
        "GeoJsonLayer", {"type": "FeatureCollection", "features": features}, id=layer_id, pickable=False,
        stroked=True, filled=False, get_line_color=list(color), line_width_units=_lit("pixels"),
        get_line_width=width_px, line_width_min_pixels=width_px, line_cap_rounded=True,
        **grid.layer_props(),
    )


def district_outline_layer(feature_collection: dict, *, layer_id: str = "districts",
                           color: Sequence[int] = DISTRICT_LINE_RGBA,
                           width_px: float = 2.5) -> pdk.Layer:
    """District borders drawn over the communes; not pickable so clicks reach the communes."""
    return pdk.Layer(
        "GeoJsonLayer", feature_collection, id=layer_id, pickable=False, stroked=True,
        filled=False, get_line_color=list(color), line_width_units=_lit("pixels"),
        get_line_width=width_px, line_width_min_pixels=width_px,
    )


def district_label_layer(districts, *, text_column: str = "district_name",
                         layer_id: str = "district-labels", size_px: int = 15,
                         color: Sequence[int] = (33, 33, 33, 255)) -> pdk.Layer:
    """District names at label_lon/label_lat, with a white halo for legibility on any fill.

    deck.gl's default glyph atlas is ASCII only: character_set "auto" builds it from the
    actual text, so Vietnamese diacritics (ạ, ố, ữ…) render instead of blanks.
    """
    data = [{"text": str(t), "position": [round(float(x), 5), round(float(y), 5)]}
            for t, x, y in zip(districts[text_column], districts["label_lon"], districts["label_lat"])]
    return pdk.Layer(
        "TextLayer", data, id=layer_id, pickable=False, get_text="text", get_position="position",
        character_set=_lit("auto"), font_family=_lit(FONT_FAMILY), font_weight=600,
        get_size=size_px, size_units=_lit("pixels"), get_color=list(color),
        get_text_anchor=_lit("middle"), get_alignment_baseline=_lit("center"),
        font_settings={"sdf": True}, outline_width=4, outline_color=[255, 255, 255, 230],
    )


def view_state_for_bounds(bounds: Sequence[float], *, width_px: int = 900, height_px: int = 600,
                          padding: float = 0.06, max_zoom: float = 16.0) -> pdk.ViewState:
    """A view that fits (minx, miny, maxx, maxy) in lon/lat into a width x height viewport.

    deck.gl's Web-Mercator world is 512 px wide at zoom 0 and doubles per zoom level; latitude
    spans are measured in Mercator y, so the fit stays right away from the equator too.
    """
    minx, miny, maxx, maxy = (float(v) for v in bounds)

    def merc_y(lat: float) -> float:  # in [-0.5, 0.5] world units
        lat = max(min(lat, 85.05113), -85.05113)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)

    usable_w, usable_h = width_px * (1 - 2 * padding), height_px * (1 - 2 * padding)
    span_x = max((maxx - minx) / 360.0, 1e-12)
    y0, y1 = merc_y(miny), merc_y(maxy)
    span_y = max(y1 - y0, 1e-12)
    zoom = min(math.log2(usable_w / (512 * span_x)), math.log2(usable_h / (512 * span_y)), max_zoom)
    ymid = (y0 + y1) / 2
    lat_c = math.degrees(2 * math.atan(math.exp(ymid * 2 * math.pi)) - math.pi / 2)
    return pdk.ViewState(longitude=(minx + maxx) / 2, latitude=lat_c, zoom=round(zoom, 2),
                         pitch=0, bearing=0)


class CompactDeck(pdk.Deck):
    """A Deck whose JSON is compact (st.pydeck_chart sends ``to_json()`` to the browser).

    pydeck's own to_json uses indent=2, which roughly doubles a polygon payload, and escapes
    every Vietnamese letter as \\uXXXX (6 bytes instead of 2-3).
    """

    def to_json(self) -> str:
        return json.dumps(self, default=default_serialize, separators=(",", ":"),
                          ensure_ascii=False)


def build_deck(layers: Iterable[pdk.Layer], *, view_state: pdk.ViewState,
               basemap_style: str | None = None, tooltip: dict | bool = TOOLTIP,
               height: int = 600) -> pdk.Deck:
    """A Deck on a plain background (``basemap_style=None``: nothing loaded from the internet)
    or over CARTO tiles when a style URL is given (e.g. pdk.map_styles.CARTO_LIGHT).

    Offline needs ``map_provider=None`` with pydeck's *default* map_style: the spec then carries
    "mapStyle": "__MAP_STYLE__", which Streamlit 1.67 drops without adding a basemap. With
    ``map_style=None`` the key is absent and Streamlit falls back to CARTO Positron, fetched
    from basemaps.cartocdn.com (seen in a browser test: the request goes out).

    ``height`` only matters for pydeck's HTML export: st.pydeck_chart takes its own height; pass
    the same one to it and to ``view_state_for_bounds`` or the fitted map is cropped.
    """
    if tooltip is TOOLTIP:
        tooltip = {**TOOLTIP, "style": dict(TOOLTIP["style"])}  # callers may edit their copy
    if basemap_style is None:
        return CompactDeck(layers=list(layers), initial_view_state=view_state, map_provider=None,
                           tooltip=tooltip, height=height)
    return CompactDeck(layers=list(layers), initial_view_state=view_state, map_provider="carto",
                       map_style=basemap_style, tooltip=tooltip, height=height)
