"""Map build benchmark: province (156 communes) and national scale (10,000 communes).

Prints one JSON object. "build" = what a Streamlit rerun does when the period, criterion or
group changes: per-feature fill/line colours and tooltip text, the FeatureCollection, the layers,
the pdk.Deck and ``deck.to_json()`` (the string st.pydeck_chart sends). Warm figures are medians
of repeated runs after loading; one-off work (reading, dissolving, simplifying, rounding
geometry) is reported separately as cold.

    python bench/bench_geo.py [--runs 20] [--national-runs 5]

Targets: province build <= 50 ms and payload <= 250 KB; national build <= 1 s and payload
<= 6 MB. The national file lives in the shared folder (env NTM_SHARED_DIR, default
<repo>/../shared); if it is missing the national figures are null.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
import zlib
from pathlib import Path

import geopandas as gpd
import numpy as np

from domain.bands import band_key, make_bands
from geo import colours, layers
from geo.boundaries import load_communes
from geo.districts import dissolve_districts
from geo.simplify import simplify_coverage, vertex_count

REPO = Path(__file__).resolve().parent.parent

PAYLOAD_LIMIT_NATIONAL = 6_000_000
TOTAL = 19


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _sample_counts(codes, seed: int) -> np.ndarray:
    """Deterministic criteria-met counts per commune (stand-in for the database figures)."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, TOTAL + 1, size=len(codes))


def _colour_and_tooltip(gdf, counts, is_rural, in_group, names, districts):
    """The per-rerun work: band, colour, dimming, tooltip text for every unit."""
    legend = colours.criteria_count_legend(make_bands(TOTAL))
    keys = [band_key(int(n), TOTAL) if rural else colours.NOT_ASSESSED_KEY
            for n, rural in zip(counts, is_rural)]
    out = gdf[[]].copy()  # index only; geometry comes from the cached dicts
    out["fill"] = colours.fill_colours(keys, legend, in_group)
    line = list(colours.LINE_RGBA)
    out["line"] = [line if g else colours.dim(line) for g in in_group]
    out["tooltip_title"] = list(names)
    out["tooltip_body"] = [
        f"{d}\n{n}/{TOTAL} tiêu chí" if rural else f"{d}\nKhông đánh giá NTM"
        for d, n, rural in zip(districts, counts, is_rural)
    ]
    return out


PROPS = ["fill", "line", "tooltip_title", "tooltip_body"]


def _build(frame, geometries, extra_layers, view_state, dimmed: bool = True) -> str:
    # Without a group selection every border is the same colour: send it once, not per feature.
    props = PROPS if dimmed else [p for p in PROPS if p != "line"]
    fc = layers.geojson_features(frame, properties=props, geometries=geometries)
    line = None if dimmed else colours.LINE_RGBA
    deck = layers.build_deck([layers.commune_layer(fc, line_color=line), *extra_layers], view_state=view_state)
    return deck.to_json()


def median_ms(fn, runs: int) -> float:
    """The median time of `runs` calls of `fn`, in ms (also bench_map's)."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return _ms(statistics.median(times))


def bench_province(runs: int) -> dict:
    t0 = time.perf_counter()
    communes = load_communes()
    districts = dissolve_districts(communes)
    district_fc = layers.geojson_features(districts, properties=["district_name"])
    cold = time.perf_counter() - t0

    counts = _sample_counts(communes.index, seed=2013)
    is_rural = (communes["type"] == "xã").to_numpy()
    in_group = np.arange(len(communes)) % 4 != 0  # a "pilot" group: dimming on
    names = (communes["type"].str.capitalize() + " " + communes["name"]).tolist()
    dnames = communes["district_full_name"].tolist()
    view = layers.view_state_for_bounds(communes.total_bounds)

    def once() -> str:
        frame = _colour_and_tooltip(communes, counts, is_rural, in_group, names, dnames)
        frame["geometry"] = communes.geometry  # geometry rounded on every run (no cache)
        return _build(frame, None, [layers.district_outline_layer(district_fc),
                                    layers.district_label_layer(districts)], view)

    spec = once()
    return {
        "province_units": len(communes),
        "province_cold_ms": _ms(cold),
        "province_build_ms": median_ms(once, runs),
        "province_payload_bytes": len(spec.encode()),
        "province_payload_gzip_bytes": len(zlib.compress(spec.encode(), 6)),
    }


def _national_frame(path: Path, n: int) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(path).iloc[:n]
    gdf.index = [str(c) if c else f"src-{s}" for c, s in zip(gdf["ma_xa"], gdf["src_commune_id"])]
    return gdf


def bench_national(path: Path, n: int, runs: int) -> dict:
    t0 = time.perf_counter()
    raw = _national_frame(path, n)
    read_s = time.perf_counter() - t0

    counts = _sample_counts(raw.index, seed=2015)
    is_rural = (raw["commune_type"] == "xã").to_numpy()
    in_group = np.ones(len(raw), dtype=bool)  # national view: no group selected, nothing dimmed
    names = raw["commune_full_name"].fillna("(không tên)").tolist()
    dnames = (raw["district_name"].fillna("") + ", " + raw["province_name"].fillna("")).tolist()
    view = layers.view_state_for_bounds(raw.total_bounds)

    # Cold step: simplify only as much as the payload limit needs, then round geometry once.
    vertices_before = vertex_count(raw)
    tried = []
    for tol in (0.0, 0.003, 0.004, 0.005, 0.006, 0.008, 0.01):
        t1 = time.perf_counter()
        gdf = simplify_coverage(raw, tol) if tol else raw
        geoms = layers.geometry_dicts(gdf)
        cold_s = time.perf_counter() - t1
        frame = _colour_and_tooltip(gdf, counts, is_rural, in_group, names, dnames)
        size = len(_build(frame, geoms, [], view, dimmed=False).encode())
        tried.append({"tolerance": tol, "vertices": vertex_count(gdf), "payload_bytes": size})
        if size <= PAYLOAD_LIMIT_NATIONAL:
            break

    def warm() -> str:  # colours + tooltip + FeatureCollection + deck + JSON; geometry cached
        frame = _colour_and_tooltip(gdf, counts, is_rural, in_group, names, dnames)
        return _build(frame, geoms, [], view, dimmed=False)

    def uncached() -> str:  # the same, but rounding geometry again on every run
        frame = _colour_and_tooltip(gdf, counts, is_rural, in_group, names, dnames)
        frame["geometry"] = gdf.geometry
        return _build(frame, None, [], view, dimmed=False)

    spec = warm()
    return {
        "national_units": len(gdf),
        "national_read_ms": _ms(read_s),
        "national_vertices_before": vertices_before,
        "national_vertices_after": vertex_count(gdf),
        "national_simplify_tolerance_deg": tol,
        "national_cold_ms": _ms(cold_s),
        "national_build_ms": median_ms(warm, runs),
        "national_build_uncached_ms": median_ms(uncached, max(3, runs // 2)),
        "national_payload_bytes": len(spec.encode()),
        "national_payload_gzip_bytes": len(zlib.compress(spec.encode(), 6)),
        "national_tolerances_tried": tried,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--national-runs", type=int, default=5)
    ap.add_argument("--national-units", type=int, default=10_000)
    args = ap.parse_args(argv)

    result: dict = bench_province(args.runs)
    shared = Path(os.environ.get("NTM_SHARED_DIR", REPO.parent / "shared"))
    national = shared / "data" / "vn_communes_lowres.geojson"
    if national.exists():
        result.update(bench_national(national, args.national_units, args.national_runs))
    else:
        result.update({"national_build_ms": None, "national_payload_bytes": None,
                       "national_skipped": f"not found: {national}"})
    result["targets"] = {"province_build_ms": 50, "province_payload_bytes": 250_000,
                         "national_build_ms": 1000, "national_payload_bytes": PAYLOAD_LIMIT_NATIONAL}
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
