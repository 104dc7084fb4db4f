"""A commune's place in its district as a small SVG drawing (the commune page's locator).

A drawing rather than a deck.gl map: the locator is not explored, only looked at, and a deck.gl
chart makes the browser start WebGL (software rendering on the office's machines and in headless
Chromium) and its bundle for about a dozen polygons. The drawing is a few kilobytes of paths the
browser paints at once, shown as an image (st.html's sanitiser removes inline SVG). Each commune
carries its name as a <title>, for whoever opens the drawing on its own.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

import shapely
from shapely.geometry.base import BaseGeometry

from geo.colours import DISTRICT_LINE_RGBA, LINE_RGBA

CHOSEN_RGB = (26, 136, 73)  # the commune: the map's "standard reached" green
OTHER_RGB = (235, 235, 235)  # its neighbours in the district
PADDING = 0.05  # of the drawing's width and height, on each side
FONT_FAMILY = "Noto Sans, Roboto, Segoe UI, Arial, sans-serif"  # all carry Vietnamese glyphs


def _rgba(colour: Sequence[int]) -> str:
    r, g, b, *a = colour
    return f"rgba({r},{g},{b},{(a[0] if a else 255) / 255:.2f})"


class _Frame:
    """Longitude/latitude to drawing pixels: an equirectangular projection at the area's middle
    latitude (east-west shrinks by its cosine), fitted into width × height with padding."""

    def __init__(self, bounds: Sequence[float], width: int, height: int) -> None:
        minx, miny, maxx, maxy = bounds
        self.shrink = math.cos(math.radians((miny + maxy) / 2))
        span_x, span_y = max((maxx - minx) * self.shrink, 1e-9), max(maxy - miny, 1e-9)
        self.scale = min(width * (1 - 2 * PADDING) / span_x, height * (1 - 2 * PADDING) / span_y)
        self.x0 = (width - span_x * self.scale) / 2 - minx * self.shrink * self.scale
        self.y0 = (height - span_y * self.scale) / 2 + maxy * self.scale

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return self.x0 + lon * self.shrink * self.scale, self.y0 - lat * self.scale

    def path(self, geom: BaseGeometry) -> str:
        """The shape as SVG path data, simplified to a third of a pixel (invisible at this size)."""
        simple = geom.simplify(1 / (3 * self.scale), preserve_topology=True)
        parts = []
        for polygon in shapely.get_parts(simple):
            for ring in shapely.get_rings(polygon):
                xy = [self.point(lon, lat) for lon, lat in ring.coords[:-1]]
                if len(xy) >= 3:
                    parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
        return "".join(parts)


def locator_svg(shapes: Mapping[str, BaseGeometry], *, chosen: str, titles: Mapping[str, str], label: str,
                label_at: tuple[float, float], outline: BaseGeometry | None, width: int, height: int,
                description: str) -> str:
    """An SVG of `shapes` (code -> polygon in longitude/latitude): the `chosen` one filled green with
    `label` printed at `label_at`, the others light, `outline` (the district) drawn over them.
    `titles` are the hover texts; `description` is what a screen reader says of the drawing."""
    drawn = [g for g in shapes.values() if g is not None and not g.is_empty]
    if outline is not None and not outline.is_empty:
        drawn.append(outline)
    frame = _Frame(shapely.total_bounds(drawn) if drawn else (0.0, 0.0, 1.0, 1.0), width, height)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-label="{escape(description)}" data-testid="ntm-locator">']
    line = _rgba(LINE_RGBA)
    for code in sorted(shapes, key=lambda c: c == chosen):  # the chosen commune last, on top
        geom = shapes[code]
        if geom is None or geom.is_empty:
            continue
        fill = f"rgb{CHOSEN_RGB if code == chosen else OTHER_RGB}"
        out.append(f'<path d="{frame.path(geom)}" fill="{fill}" fill-rule="evenodd" stroke="{line}" '
                   f'stroke-width="0.8" data-code="{escape(code)}"><title>{escape(titles.get(code, code))}</title>'
                   "</path>")
    if outline is not None and not outline.is_empty:
        out.append(f'<path d="{frame.path(outline)}" fill="none" stroke="{_rgba(DISTRICT_LINE_RGBA)}" '
                   'stroke-width="1.6" pointer-events="none"/>')
    x, y = frame.point(*label_at)
    half = 0.3 * 13 * len(label)  # about half the name's width at 13 px: kept inside the drawing
    x = min(max(x, half), width - half) if 2 * half < width else width / 2
    out.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" dominant-baseline="middle" '
               f'font-family="{FONT_FAMILY}" font-size="13" font-weight="600" fill="#303030" stroke="white" '
               f'stroke-width="3" paint-order="stroke" pointer-events="none">{escape(label)}</text>')
    out.append("</svg>")
    return "".join(out)
