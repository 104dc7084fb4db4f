"""District polygons dissolved from the communes, with a label point inside each one."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

# The commune file is snapped to a 1e-5 degree grid. Unioning on the same grid makes shared
# edges cancel exactly; a plain union leaves ~100 m² hairline holes in An Phú (data/SOURCES_boundaries.md §7).
GRID_SIZE = 1e-5


def dissolve_districts(communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per district: district_code, district_name, geometry, label_lon, label_lat.

    Indexed by district_code (str), sorted. ``district_full_name`` is carried when present.
    """
    extra = [c for c in ("district_type", "district_full_name") if c in communes.columns]
    rows = []
    for code, group in communes.groupby("district_code", sort=True):
        geom = shapely.union_all(group.geometry.values, grid_size=GRID_SIZE)
        first = group.iloc[0]
        rows.append(
            {"district_code": str(code), "district_name": first["district_name"],
             **{c: first[c] for c in extra}, "geometry": geom}
        )
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs=communes.crs)
    lon, lat = label_points(out.geometry.values)
    out["label_lon"] = lon
    out["label_lat"] = lat
    out.index = out["district_code"].to_numpy()
    return out


def label_points(geoms) -> tuple[np.ndarray, np.ndarray]:
    """A point well inside each polygon, where a name can be printed.

    The centroid of a crescent-shaped district can fall outside it, and representative_point
    often hugs an edge. The centre of the largest inscribed circle (pole of inaccessibility) is
    the point farthest from any border, so the label sits visibly inside its district. For a
    multipolygon the largest part is used. Computed in degrees: at 10°N the east-west distortion
    (cos 10° = 0.98) does not matter for placing a label.
    """
    xs, ys = [], []
    for geom in geoms:
        if geom is None or geom.is_empty:
            xs.append(np.nan)
            ys.append(np.nan)
            continue
        part = max(shapely.get_parts(geom), key=lambda p: p.area)
        # tolerance ~ 1/200 of the part's size: precise enough for a label, fast.
        minx, miny, maxx, maxy = part.bounds
        tol = max(maxx - minx, maxy - miny) / 200 or 1e-6
        try:
            centre = shapely.get_point(shapely.maximum_inscribed_circle(part, tol), 0)
        except (AttributeError, shapely.errors.GEOSException):  # older GEOS: still inside
            centre = part.representative_point()
        xs.append(centre.x)
        ys.append(centre.y)
    return np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
