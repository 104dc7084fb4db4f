"""geo/compact.py: integer grid, flat rings, shared borders once, and the map's shapes at each level
of detail against the full-precision boundaries (every commune, its code, a valid polygon, within a
fraction of a pixel and 2% of its area)."""
from __future__ import annotations

import json
import math

import numpy as np
import pydeck as pdk
import pytest
import shapely

from geo import compact, layers
from geo.boundaries import load_communes
from geo.simplify import simplify_coverage
from ui.map_deck import DETAIL, detail_for, fitted_view, geometry


def test_grid_round_trip_and_layer_props():
    grid = compact.Grid.around((104.77807, 10.18352, 105.57559, 10.96122), 1e-4)
    assert grid.origin == (105.1768, 10.5724)
    square = shapely.box(105.0, 10.5, 105.01234, 10.51)
    units = grid.to_units([square])[0]
    xy = shapely.get_coordinates(units)
    assert np.array_equal(xy, np.rint(xy)) and xy[:, 0].min() == -1768 and xy[:, 0].max() == -1645  # 105.01234 → .0123
    back = grid.to_degrees([units])[0]
    assert shapely.hausdorff_distance(back, square) <= 0.5e-4 * math.sqrt(2)
    props = grid.layer_props()
    assert props["model_matrix"][0] == props["model_matrix"][5] == 1e-4 and props["model_matrix"][15] == 1
    lay = json.loads(pdk.Deck(layers=[pdk.Layer("PolygonLayer", [], **props)]).to_json())["layers"][0]
    # a literal for deck.gl, not an "@@=" expression; the matrix scales units back to degrees
    assert lay["coordinateSystem"] == "lnglat-offsets" and lay["coordinateOrigin"] == [105.1768, 10.5724, 0]
    with pytest.raises(ValueError):
        compact.Grid.around((0, 0, 1, 1), 0)


def test_flat_polygons_holes_and_parts():
    outer = shapely.Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(2, 2), (2, 4), (4, 4), (4, 2)]])
    multi = shapely.MultiPolygon([outer, shapely.box(20, 0, 21, 1)])
    parts = compact.flat_polygons(multi)
    assert len(parts) == 2
    holed, plain = parts
    assert holed["holeIndices"] == [8] and len(holed["positions"]) == 16  # 4 + 4 vertices, no closing ones
    assert len(plain) == 8 and all(isinstance(v, int) for v in plain)
    assert compact.decode_flat(holed).equals(outer) and compact.decode_flat(plain).equals(shapely.box(20, 0, 21, 1))
    assert compact.flat_polygons(None) == [] and compact.flat_polygons(shapely.Polygon()) == []


def test_edges_send_a_shared_border_once():
    left, right = shapely.box(0, 0, 10, 10), shapely.box(10, 0, 20, 10)
    lines = compact.edges([left, right])
    # the outline of both plus their shared border, each once: 20 + 10 + 20 + 10 + 10
    assert lines.length == 70
    geom = compact.line_geometry(lines)
    assert geom["type"] == "MultiLineString" and all(isinstance(v, int) for line in geom["coordinates"]
                                                     for xy in line for v in xy)
    assert compact.line_geometry(compact.edges([])) is None
    dissolved = compact.dissolve([left, right, shapely.box(30, 0, 31, 1)], ["a", "a", "b"])
    assert dissolved["a"].equals(shapely.box(0, 0, 20, 10)) and list(dissolved) == ["a", "b"]


@pytest.fixture(scope="module")
def reference():
    """The full-precision boundaries, and the same cleaned as one coverage (the source has a
    zero-width spike in 30328, which cleaning removes: the reference for distances)."""
    communes = load_communes()
    return communes, simplify_coverage(communes, 0, clean=True).geometry.values


def _px(zoom: float) -> float:
    """Degrees of longitude per pixel at `zoom` (deck.gl: the world is 512 px wide at zoom 0)."""
    return 360 / (512 * 2 ** zoom)


@pytest.mark.parametrize("level", range(len(DETAIL)))
def test_map_shapes_keep_every_commune_within_a_fraction_of_a_pixel(reference, level):
    communes, cleaned = reference
    geo = geometry()
    from_zoom, quantum = DETAIL[level]
    shapes = geo.shapes(from_zoom)
    assert shapes.grid.quantum == quantum == detail_for(from_zoom)
    # every commune, in the boundary file's order (codes intact), one valid polygon each
    assert list(geo.communes.index) == list(communes.index) and len(shapes.rings) == len(communes) == 156
    polygons = [shapely.union_all([compact.decode_flat(r) for r in rings]) for rings in shapes.rings]
    assert all(shapely.is_valid(polygons)) and not any(shapely.is_empty(polygons))
    assert shapely.coverage_is_valid(np.asarray(polygons, dtype=object))  # neighbours still glued
    assert all(isinstance(v, int) for rings in shapes.rings for r in rings for v in r)
    drawn = shapes.grid.to_degrees(polygons)
    # area: within 2% for the smallest ward (a long border for its size), 0.1% for the province
    area, full = shapely.area(drawn), shapely.area(communes.geometry.values)
    assert np.max(np.abs(area - full) / full) < 0.02
    assert abs(area.sum() - full.sum()) / full.sum() < 0.001
    # shape: at the deepest zoom this level serves (the next level's start, or a close district
    # view at 12), no vertex is more than half a pixel off
    deepest = DETAIL[level - 1][0] if level else 12.0
    distance = shapely.hausdorff_distance(drawn, cleaned, densify=0.1)
    assert distance.max() / _px(deepest) < 0.5
    # the district borders are one linework drawn over these polygons' edges
    borders = shapely.from_geojson(json.dumps(shapes.district_lines))
    edges = compact.edges(polygons)
    assert shapely.difference(borders, edges).length < 1e-9 and borders.length < edges.length


def test_each_view_gets_its_level_of_detail():
    geo = geometry()
    province = fitted_view(geo.communes.total_bounds).zoom
    assert province < 10 and detail_for(province) == 2e-4  # a seventh of a pixel at ~8.9
    assert 360 / (512 * 2 ** province) / detail_for(province) > 5
    for code, group in geo.communes.groupby("district_code"):
        zoom = fitted_view(group.total_bounds).zoom
        assert zoom >= 10 and detail_for(zoom) == 1e-4, code
    assert geo.shapes(8.0) is geo.shapes(9.5)  # made once per level


def test_layers_in_compact_form():
    grid = compact.Grid((105.0, 10.0), 1e-4)
    palette = [[1, 2, 3, 235], [4, 5, 6, 235]]
    records = [{"id": "1", "t": "A", "b": "x", "c": 0, "p": [0, 0, 10, 0, 10, 10]},
               {"id": "2", "t": "B", "b": "y", "c": 1, "h": 7.5, "p": [10, 0, 20, 0, 20, 10]}]
    spec = json.loads(layers.build_deck([layers.polygon_layer(records, grid, palette, dim_from=1),
                                         layers.outline_layer([[0, 0, 1, 0, 1, 1]], grid, layer_id="o",
                                                              color=(1, 1, 1, 255), width_px=3),
                                         layers.line_layer(None, grid, layer_id="l", color=(0, 0, 0, 255),
                                                           width_px=2)],
                                        view_state=pdk.ViewState(longitude=105, latitude=10, zoom=9)).to_json())
    polygons, outline, lines = spec["layers"]
    assert polygons["@@type"] == "PolygonLayer" and polygons["positionFormat"] == "XY"
    assert polygons["getPolygon"] == "@@=p" and polygons["pickable"] is True
    # jsep parses `[..][c]` as two arrays: the palette must be in parentheses
    assert polygons["getFillColor"] == "@@=([[1,2,3,235],[4,5,6,235]])[c]"
    assert polygons["getLineColor"] == "@@=h?[255,255,255,255]:c>=1?[96,96,96,70]:[96,96,96,200]"
    assert polygons["getLineWidth"] == "@@=h?h:1"
    assert outline["filled"] is False and outline["pickable"] is False and outline["getLineWidth"] == 3
    assert lines["@@type"] == "GeoJsonLayer" and lines["data"]["features"] == [] and lines["lineCapRounded"]
    for lay in (polygons, outline, lines):
        assert lay["coordinateSystem"] == "lnglat-offsets" and lay["modelMatrix"][0] == 1e-4
    plain = json.loads(layers.build_deck([layers.polygon_layer(records[:1], grid, palette)],
                                         view_state=pdk.ViewState(longitude=105, latitude=10, zoom=9)).to_json())
    assert plain["layers"][0]["getLineColor"] == [96, 96, 96, 200] and plain["layers"][0]["getLineWidth"] == 1.0
