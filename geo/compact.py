"""Compact shapes for the browser: integer coordinates on a grid, flat polygon rings, and each
shared border sent once.

A GeoJSON province map spends most of its bytes on coordinates written as text
("105.44622,10.57261") and on the JSON around them. Here a shape is first moved onto a grid of
``quantum`` degrees around an ``origin`` (1e-4° ≈ 11 m: a tenth of a pixel at the province's zoom,
a third at a district's) and written as small integers ("-1538,712"). deck.gl draws them in
place with ``coordinateSystem: "lnglat-offsets"`` (offsets in degrees from ``coordinateOrigin``)
and a ``modelMatrix`` that scales the integers back to degrees; see ``Grid.layer_props``.
Polygons travel as flat rings (``positionFormat: "XY"``: x, y, x, y, …, no closing vertex);
outlines as the merged linework of a group's borders, so a border between two outlined units is
drawn from one line instead of two rings.

Everything here is plain shapely and numpy: no Streamlit, no pydeck.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely

LNGLAT_OFFSETS = "lnglat-offsets"  # deck.gl 9's COORDINATE_SYSTEM.LNGLAT_OFFSETS


@dataclass(frozen=True)
class Grid:
    """Integer grid of ``quantum`` degrees whose (0, 0) is ``origin`` (lon, lat)."""

    origin: tuple[float, float]
    quantum: float

    @classmethod
    def around(cls, bounds: Sequence[float], quantum: float = 1e-4) -> Grid:
        """A grid centred on ``bounds`` (minx, miny, maxx, maxy), its origin a grid point of the
        plain lon/lat grid, so rounding onto it is rounding to ``quantum`` degrees."""
        if quantum <= 0:
            raise ValueError("quantum must be > 0")
        minx, miny, maxx, maxy = (float(b) for b in bounds)
        ox = round(round((minx + maxx) / 2 / quantum) * quantum, 10)
        oy = round(round((miny + maxy) / 2 / quantum) * quantum, 10)
        return cls((ox, oy), float(quantum))

    def to_units(self, geoms) -> np.ndarray:
        """Geometries (lon/lat) on the grid: every vertex rounded to the nearest grid point.

        Only a geometry that rounding made invalid (a ring touching itself) is repaired, with
        GEOS ``make_valid`` (polygons only). The others are not snap-rounded as a whole:
        that collapses features narrower than a grid step, such as a long thin strip of a
        commune, which the map draws as a line."""
        arr = np.asarray(geoms, dtype=object)
        origin = np.asarray(self.origin)
        units = shapely.transform(arr, lambda xy: np.rint((xy - origin) / self.quantum))
        bad = ~shapely.is_valid(units)
        if bad.any():
            units[bad] = shapely.make_valid(units[bad], method="structure", keep_collapsed=False)
        return units

    def to_degrees(self, geoms) -> np.ndarray:
        """Back from grid units to lon/lat (what deck.gl draws)."""
        origin = np.asarray(self.origin)
        return shapely.transform(np.asarray(geoms, dtype=object), lambda xy: xy * self.quantum + origin)

    def layer_props(self) -> dict:
        """pydeck keyword arguments that make a layer read grid units as lon/lat.

        ``modelMatrix`` multiplies every position before deck.gl projects it (in the shader and in
        ``viewport.project``), and with LNGLAT_OFFSETS the result is an offset in degrees from
        ``coordinateOrigin``. deck.gl projects such offsets with the scale at the origin plus its
        first derivative: over half a degree of latitude at 10°N that is off by under a metre.
        """
        q = self.quantum
        return {
            "coordinate_system": f'"{LNGLAT_OFFSETS}"',  # quoted: a literal for pydeck, not an expression
            "coordinate_origin": [self.origin[0], self.origin[1], 0],
            "model_matrix": [q, 0, 0, 0, 0, q, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
        }


def coverage_on_grid(geoms, grid: Grid) -> np.ndarray:
    """A polygon coverage (neighbours sharing their borders exactly, e.g. after
    ``simplify_coverage(..., clean=True)``) moved onto ``grid``, still a coverage.

    Rounding moves a vertex that sat on a neighbour's edge off that edge, which opens slivers a
    fraction of a grid step wide; then ``coverage_clean`` closes gaps narrower than one step and
    resolves overlaps. Raises if the result is not a valid coverage of
    non-empty polygons.
    """
    units = grid.to_units(geoms)
    if not shapely.coverage_is_valid(units):
        # No snapping: it would move vertices of thin strips that rounding kept. The few nodes
        # cleaning adds where edges cross go back onto the grid.
        units = shapely.transform(shapely.coverage_clean(units, snapping_distance=0.0, gap_width=1.0), np.rint)
    bad = shapely.is_empty(units) | ~shapely.is_valid(units) | ~np.isin(shapely.get_type_id(units), (3, 6))
    if bad.any() or not shapely.coverage_is_valid(units):
        raise ValueError(f"shapes no longer form a valid coverage on {grid}")
    return units


def _ring(ring) -> list[int]:
    """x, y, x, y, … of a closed ring without its closing vertex (deck.gl closes rings itself)."""
    coords = shapely.get_coordinates(ring)[:-1]
    return coords.astype(np.int64).ravel().tolist()


def flat_polygons(geom) -> list:
    """One entry per polygon part, as deck.gl's PolygonLayer reads it with positionFormat "XY":
    a flat ring ``[x, y, x, y, …]``, or ``{"positions": […], "holeIndices": […]}`` when the part
    has holes (hole starts as indices into ``positions``). Empty for an empty geometry."""
    if geom is None or shapely.is_empty(geom):
        return []
    out = []
    for part in shapely.get_parts(geom):
        if shapely.get_type_id(part) != 3:  # set_precision may leave a stray line: not drawable
            continue
        outer = _ring(part.exterior)
        holes = [_ring(r) for r in part.interiors]
        if not holes:
            out.append(outer)
            continue
        positions, starts = list(outer), []
        for hole in holes:
            starts.append(len(positions))
            positions += hole
        out.append({"positions": positions, "holeIndices": starts})
    return out


def decode_flat(part) -> shapely.Polygon:
    """The polygon (grid units) of one ``flat_polygons`` entry; for tests and checks."""
    positions = part["positions"] if isinstance(part, dict) else part
    bounds = [0, *(part.get("holeIndices", []) if isinstance(part, dict) else []), len(positions)]
    rings = [np.asarray(positions[a:b], dtype=float).reshape(-1, 2) for a, b in zip(bounds, bounds[1:])]
    return shapely.Polygon(rings[0], rings[1:])


def edges(geoms) -> shapely.Geometry:
    """The borders of ``geoms`` (grid units) as one merged linework: a border shared by two of them
    appears once. Exact on the integer grid, where neighbours share identical vertices."""
    arr = np.asarray([g for g in geoms if g is not None and not shapely.is_empty(g)], dtype=object)
    if len(arr) == 0:
        return shapely.MultiLineString()
    lines = shapely.union_all(shapely.boundary(arr), grid_size=1.0)
    return shapely.line_merge(lines)


def line_geometry(lines) -> dict | None:
    """A GeoJSON MultiLineString with integer coordinates (None when there is nothing to draw)."""
    if lines is None or shapely.is_empty(lines):
        return None
    parts = [p for p in shapely.get_parts(lines) if shapely.get_type_id(p) in (1, 2)]
    coords = [shapely.get_coordinates(p).astype(np.int64).tolist() for p in parts]
    return {"type": "MultiLineString", "coordinates": coords}


def dissolve(geoms, keys: Sequence) -> dict:
    """key -> union of the geometries (grid units) with that key; exact on the grid."""
    arr = np.asarray(geoms, dtype=object)
    keys = np.asarray(keys)
    return {k: shapely.union_all(arr[keys == k], grid_size=1.0) for k in dict.fromkeys(keys.tolist())}
