"""Unit tests of geo/: boundaries, dissolve, coverage simplification, colours, pydeck layers."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

import numpy as np
import pytest
import shapely

from domain.bands import band_key, make_bands
from geo import colours, layers
from geo.boundaries import load_communes
from geo.districts import dissolve_districts
from geo.simplify import simplify_coverage, vertex_count
from ui.labels import legend_label

GEO_DIR = Path(__file__).resolve().parents[2] / "geo"
UTM48N = "EPSG:32648"  # metric CRS for An Giang areas


@pytest.fixture(scope="module")
def communes():
    return load_communes()


@pytest.fixture(scope="module")
def districts(communes):
    return dissolve_districts(communes)


def _overlap_m2(gdf) -> float:
    """Sum of pairwise intersection areas between neighbours, in m²."""
    geoms = np.asarray(gdf.to_crs(UTM48N).geometry.values, dtype=object)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    keep = left < right
    return float(shapely.area(shapely.intersection(geoms[left[keep]], geoms[right[keep]])).sum())


def _hole_area_m2(gdf) -> float:
    union = shapely.union_all(np.asarray(gdf.to_crs(UTM48N).geometry.values, dtype=object))
    return sum(shapely.Polygon(ring).area for part in shapely.get_parts(union) for ring in part.interiors)


def _union_area_m2(gdf) -> float:
    return shapely.union_all(np.asarray(gdf.to_crs(UTM48N).geometry.values, dtype=object)).area


# --- boundaries ------------------------------------------------------------------------------

def test_every_unit_has_valid_nonempty_geometry(communes):
    geoms = communes.geometry.values
    assert shapely.is_valid(geoms).all()
    assert not communes.geometry.is_empty.any()
    assert (shapely.area(geoms) > 0).all()
    assert communes.crs.to_epsg() == 4326


def test_unit_counts_types_and_districts(communes):
    assert len(communes) == 156
    assert communes["type"].value_counts().to_dict() == {"xã": 119, "phường": 21, "thị trấn": 16}
    expected = {"883", "884"} | {str(c) for c in range(886, 895)}
    assert set(communes["district_code"]) == expected and len(expected) == 11
    assert list(communes.index) == list(communes["code"]) and communes.index.is_unique
    assert all(isinstance(c, str) and len(c) == 5 for c in communes["code"])
    for col in ("code", "name", "type", "district_code", "district_name", "area_km2", "geometry"):
        assert col in communes.columns
    assert communes.loc["30280", "name"] == "Mỹ Bình"


def test_load_returns_independent_copies():
    first = load_communes()
    first["fill"] = 1
    first.loc["30280", "name"] = "changed"
    again = load_communes()
    assert "fill" not in again.columns and again.loc["30280", "name"] == "Mỹ Bình"


# --- districts -------------------------------------------------------------------------------

def test_dissolve_gives_eleven_districts_without_holes(communes, districts):
    assert len(districts) == 11
    assert set(districts["district_code"]) == set(communes["district_code"])
    for geom in districts.geometry:
        assert geom.is_valid and not geom.is_empty
        for part in shapely.get_parts(geom):
            assert all(shapely.Polygon(r).area < 1e-8 for r in part.interiors), "hairline hole"
    assert districts.loc["883", "district_name"] == "Long Xuyên"


def test_dissolve_preserves_area(communes, districts):
    union_km2 = districts.to_crs(UTM48N).area.sum() / 1e6
    communes_km2 = communes.to_crs(UTM48N).area.sum() / 1e6
    assert union_km2 == pytest.approx(communes_km2, rel=1e-3)
    assert union_km2 == pytest.approx(communes["area_km2"].sum(), rel=1e-3)


def test_label_points_fall_inside_their_district(districts):
    inside = shapely.contains_xy(districts.geometry.values, districts["label_lon"].to_numpy(),
                                 districts["label_lat"].to_numpy())
    assert inside.all()


# --- simplification --------------------------------------------------------------------------

TOLERANCE = 0.003  # degrees, ~330 m: above the source's own 0.00145° generalisation


def test_coverage_simplify_removes_vertices_and_keeps_neighbours_glued(communes):
    simplified = simplify_coverage(communes, TOLERANCE)
    assert vertex_count(simplified) <= 0.8 * vertex_count(communes)  # really simplifies
    assert list(simplified.columns) == list(communes.columns)
    assert (simplified.index == communes.index).all()
    assert (simplified["name"] == communes["name"]).all()
    assert shapely.is_valid(simplified.geometry.values).all()
    # The shipped file carries one 148 m² residual overlap and 8 spots where neighbours' vertices
    # differ by ~1e-5°: simplification adds no overlap and only slivers of a few hundred m² there
    # (a map pixel at province zoom is ~40,000 m²). clean=True removes even those (next test).
    assert _overlap_m2(simplified) <= _overlap_m2(communes) + 10.0
    assert _hole_area_m2(simplified) <= _hole_area_m2(communes) + 2_000.0
    assert _union_area_m2(simplified) == pytest.approx(_union_area_m2(communes), rel=5e-3)


def test_clean_coverage_simplify_is_exact(communes):
    simplified = simplify_coverage(communes, TOLERANCE, clean=True)
    assert shapely.coverage_is_valid(simplified.geometry.values)
    assert _overlap_m2(simplified) < 1.0 and _hole_area_m2(simplified) < 1.0
    assert _union_area_m2(simplified) == pytest.approx(_union_area_m2(communes), rel=5e-3)
    assert vertex_count(simplified) <= 0.8 * vertex_count(communes)


def test_plain_simplify_opens_gaps_and_overlaps(communes):
    """The control: if this stops failing plain simplify, the test above proves nothing."""
    plain = communes.copy()
    plain["geometry"] = shapely.simplify(communes.geometry.values, TOLERANCE)
    overlap_gap_km2 = (_overlap_m2(plain) - _overlap_m2(communes)
                       + _hole_area_m2(plain) - _hole_area_m2(communes)) / 1e6
    assert overlap_gap_km2 > 1.0


def test_simplify_zero_tolerance_is_a_copy(communes):
    same = simplify_coverage(communes, 0)
    assert same is not communes and shapely.equals(same.geometry.values, communes.geometry.values).all()
    with pytest.raises(ValueError):
        simplify_coverage(communes, -1)


# --- colours ---------------------------------------------------------------------------------

def test_criteria_legend_default():
    legend = colours.criteria_count_legend(make_bands(19))
    assert legend.keys() == ["lt5", "5-9", "10-14", "15-16", "17-18", "standard", "no_data", "not_assessed"]
    assert legend_label(legend.entry("standard"), "vi") == "Đạt chuẩn (19/19)"
    assert [legend_label(e, "en") for e in legend][:2] == ["Below 5 criteria", "5–9 criteria"]
    assert legend.entry("not_assessed").hex == colours.NOT_ASSESSED.hex
    assert len(colours.criteria_count_legend(make_bands(19), not_assessed=False, no_data=False)) == 6


ALL_LEGENDS = {
    "count19": colours.criteria_count_legend(make_bands(19)),
    "count20": colours.criteria_count_legend(make_bands(20)),
    "count_fine": colours.criteria_count_legend(make_bands(19, (3, 6, 9, 12, 15, 18))),
    "criterion": colours.criterion_legend(),
    "change": colours.change_legend(),
}


@pytest.mark.parametrize("name", ALL_LEGENDS)
def test_legend_entries_are_complete(name):
    legend = ALL_LEGENDS[name]
    assert len(set(legend.keys())) == len(legend)
    labels = {lang: [legend_label(e, lang) for e in legend] for lang in ("vi", "en")}
    for e, vi, en in zip(legend, labels["vi"], labels["en"]):
        assert vi.strip() and en.strip() and not vi.startswith("legend.") and not en.startswith("legend.")
        assert colours.hex_to_rgba(e.hex, e.rgba[3]) == e.rgba and len(e.hex) == 7
    assert len(set(labels["vi"])) == len(legend) == len(set(labels["en"]))


# Machado, Oliveira & Fernandes (2009) full-severity CVD matrices, applied in linear RGB.
_CVD = {
    "normal": np.eye(3),
    "protan": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                        [-0.003882, -0.048116, 1.051998]]),
    "deutan": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                        [-0.011820, 0.042940, 0.968881]]),
}


def _lab(hex_colour: str, matrix: np.ndarray) -> np.ndarray:
    srgb = np.array(colours.hex_to_rgba(hex_colour)[:3]) / 255
    lin = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    lin = np.clip(matrix @ lin, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ lin / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("name", ALL_LEGENDS)
@pytest.mark.parametrize("vision", _CVD)
def test_legend_colours_distinct_for_colour_blind_viewers(name, vision):
    """Every pair of legend colours differs by ΔE*ab >= 8 under normal, protan and deutan vision."""
    hexes = [e.hex for e in ALL_LEGENDS[name]]
    worst = min(np.linalg.norm(_lab(a, _CVD[vision]) - _lab(b, _CVD[vision]))
                for a, b in itertools.combinations(hexes, 2))
    assert worst >= 8.0


def test_sequential_ramp_gets_darker():
    ramp = colours.sequential_ramp(6)
    lightness = [_lab(h, np.eye(3))[0] for h in ramp]
    assert all(b < a - 10 for a, b in zip(lightness, lightness[1:]))


def test_dimming_and_fill_colours():
    legend = colours.criterion_legend()
    assert colours.dim([1, 2, 3, 235]) == [1, 2, 3, colours.DIM_ALPHA]
    fills = colours.fill_colours(["met", "not_met", None, "bogus"], legend, [True, False, True, True])
    assert fills[0] == list(legend.entry("met").rgba)
    assert fills[1][:3] == list(legend.entry("not_met").rgba[:3]) and fills[1][3] < fills[0][3]
    assert fills[2] == fills[3] == list(colours.NO_DATA.rgba)
    assert legend.colour_for("met", in_group=False)[3] == colours.DIM_ALPHA


# --- layers ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def province_fc(communes):
    frame = communes.copy()
    legend = colours.criteria_count_legend(make_bands(19))
    keys = [band_key(i % 20, 19) if t == "xã" else colours.NOT_ASSESSED_KEY
            for i, t in enumerate(frame["type"])]
    frame["fill"] = colours.fill_colours(keys, legend)
    frame["line"] = [list(colours.LINE_RGBA)] * len(frame)
    frame["tooltip_title"] = frame["full_name"]
    frame["tooltip_body"] = frame["district_full_name"] + "\n12/19 tiêu chí"
    return layers.geojson_features(frame, properties=["fill", "line", "tooltip_title", "tooltip_body"])


def test_geojson_features_payload_and_properties(communes, province_fc):
    payload = json.dumps(province_fc, separators=(",", ":"), ensure_ascii=False).encode()
    assert len(payload) < 250_000
    assert len(province_fc["features"]) == 156
    feature = province_fc["features"][0]
    assert feature["id"] == communes.index[0]
    assert set(feature["properties"]) == {"fill", "line", "tooltip_title", "tooltip_body"}
    coords = np.array(feature["geometry"]["coordinates"][0])
    assert np.allclose(coords, np.round(coords, 5), atol=0)


def test_geojson_features_geometry_round_trip_and_nan(communes):
    frame = communes.iloc[:5].copy()
    frame["value"] = [1.5, float("nan"), None, 2, 3]
    fc = layers.geojson_features(frame, properties=["value"], precision=5)
    assert [f["properties"]["value"] for f in fc["features"]] == [1.5, None, None, 2, 3]
    back = [shapely.geometry.shape(f["geometry"]) for f in fc["features"]]
    assert shapely.equals_exact(back, frame.geometry.values, tolerance=1e-9).all()
    cached = layers.geometry_dicts(frame)
    assert layers.geojson_features(frame, properties=["value"], geometries=cached) == fc
    json.dumps(fc, allow_nan=False)  # strict JSON: no NaN sneaks through


def test_geojson_features_multipolygon(districts):
    frame = districts.copy()
    frame.loc["886", "geometry"] = shapely.MultiPolygon(
        [frame.loc["886", "geometry"], shapely.box(104.0, 10.0, 104.01, 10.01)])
    fc = layers.geojson_features(frame, properties=["district_name"])
    types = {f["id"]: f["geometry"]["type"] for f in fc["features"]}
    assert types["886"] == "MultiPolygon" and types["883"] == "Polygon"
    assert shapely.geometry.shape(fc["features"][2]["geometry"]).equals(frame.geometry.iloc[2])


def test_view_state_zooms_in_for_a_district(communes, districts):
    province = layers.view_state_for_bounds(communes.total_bounds)
    district = layers.view_state_for_bounds(districts.loc["883"].geometry.bounds)
    assert district.zoom > province.zoom + 1
    minx, miny, maxx, maxy = communes.total_bounds
    assert minx < province.longitude < maxx and miny < province.latitude < maxy
    world = layers.view_state_for_bounds((-180, -85.05113, 180, 85.05113), width_px=512, height_px=512, padding=0)
    assert world.zoom == pytest.approx(0, abs=0.01)
    assert 8 < province.zoom < 11  # An Giang (~0.8° wide) in 900x600 px


def test_layers_and_offline_deck(communes, districts, province_fc):
    outlines = layers.geojson_features(districts, properties=["district_name"])
    deck_layers = [layers.commune_layer(province_fc), layers.district_outline_layer(outlines),
                   layers.district_label_layer(districts)]
    view = layers.view_state_for_bounds(communes.total_bounds)
    spec = json.loads(layers.build_deck(deck_layers, view_state=view).to_json())
    # No tiles, no internet: Streamlit drops pydeck's "__MAP_STYLE__" placeholder and adds no
    # basemap, whereas an absent mapStyle makes it fetch CARTO Positron.
    assert spec.get("mapProvider") is None and spec["mapStyle"] == "__MAP_STYLE__"
    by_id = {layer["id"]: layer for layer in spec["layers"]}
    assert by_id["communes"]["pickable"] is True
    assert by_id["communes"]["getFillColor"] == "@@=properties.fill"
    assert by_id["communes"]["lineWidthUnits"] == "pixels"  # a literal, not an expression
    labels = by_id["district-labels"]
    assert labels["@@type"] == "TextLayer" and labels["characterSet"] == "auto"
    assert {d["text"] for d in labels["data"]} >= {"Châu Đốc", "Tịnh Biên", "Thoại Sơn"}
    assert by_id["districts"]["pickable"] is False


def test_deck_json_is_compact_and_tile_basemap_optional(communes, province_fc):
    view = layers.view_state_for_bounds(communes.total_bounds)
    offline = layers.build_deck([layers.commune_layer(province_fc)], view_state=view)
    text = offline.to_json()
    assert "\n  " not in text and "Mỹ Bình" in text  # no indentation, UTF-8 not \\u escapes
    assert offline._tooltip["html"].count("{tooltip_") == 2  # Streamlit reads the tooltip here
    style = "https://basemaps.cartocdn.com/gl/positron-gl-style/style.json"
    tiles = layers.build_deck([], view_state=view, basemap_style=style)
    spec = json.loads(tiles.to_json())
    assert spec["mapProvider"] == "carto" and "cartocdn" in spec["mapStyle"]


def test_geo_never_imports_streamlit():
    for path in GEO_DIR.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import streamlit" not in text and "from streamlit" not in text, path.name


def test_view_state_handles_a_point():
    view = layers.view_state_for_bounds((105.4, 10.4, 105.4, 10.4))
    assert math.isfinite(view.zoom) and view.zoom <= 16
