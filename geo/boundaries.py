"""Commune boundaries of An Giang (156 units, 2013 structure), loaded once per process.

The shipped file and its provenance are described in data/SOURCES_boundaries.md. The join key
everywhere in the app is the GSO commune code (``ma_xa``), never a name: names have mixed tone
placement ("Hoà"/"Hòa") and two units share near-identical names.
"""

from __future__ import annotations

import functools
from pathlib import Path

import geopandas as gpd
import shapely

from config import DATA_DIR

DEFAULT_PATH = DATA_DIR / "an_giang_communes_2013.geojson"

# Source property -> our column. Everything else in the file (source IDs, 2009 population with
# known duplicated values) is left out on purpose: nobody should join or compute on it by accident.
_COLUMNS = {
    "ma_xa": "code",
    "commune_name": "name",
    "commune_type": "type",
    "commune_full_name": "full_name",
    "ma_huyen": "district_code",
    "district_name": "district_name",
    "district_type": "district_type",
    "district_full_name": "district_full_name",
    "area_km2": "area_km2",
}

#: The unit types that are assessed against NTM criteria. Phường and thị trấn are urban, not assessed.
RURAL_TYPE = "xã"
UNIT_TYPES = ("xã", "phường", "thị trấn")


def load_communes(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """The commune polygons, indexed by GSO code (str), EPSG:4326.

    Columns: code, name, type (xã/phường/thị trấn), full_name, district_code, district_name,
    district_type, district_full_name, area_km2, geometry. Rows are sorted by code.

    The file is parsed once per process and path; every call returns a fresh copy (cheap:
    shapely geometries are immutable and shared), so a caller that adds colour columns cannot
    corrupt what the next caller sees.
    """
    resolved = Path(path).resolve() if path is not None else DEFAULT_PATH
    return _load_cached(str(resolved)).copy()


@functools.lru_cache(maxsize=4)
def _load_cached(path: str) -> gpd.GeoDataFrame:
    raw = gpd.read_file(path)
    missing = set(_COLUMNS) - set(raw.columns)
    if missing:
        raise ValueError(f"{path}: missing properties {sorted(missing)}")
    gdf = raw[list(_COLUMNS) + ["geometry"]].rename(columns=_COLUMNS)
    for col in ("code", "district_code"):
        # Codes are strings with leading zeros elsewhere in Vietnam ("00001"); never let them be ints.
        gdf[col] = gdf[col].astype(str)
    gdf = gdf.set_crs("EPSG:4326", allow_override=True)
    if gdf["code"].duplicated().any():
        raise ValueError(f"{path}: duplicate commune codes")
    bad = ~shapely.is_valid(gdf.geometry.values) | gdf.geometry.is_empty.to_numpy()
    if bad.any():
        raise ValueError(f"{path}: invalid or empty geometry for {gdf.loc[bad, 'code'].tolist()}")
    gdf = gdf.set_index("code", drop=False).sort_index()
    # Unnamed index: a level named like the `code` column makes groupby/merge on "code" ambiguous.
    gdf.index.name = None
    return gdf
