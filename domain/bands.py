"""Bands of communes by number of criteria met, with configurable edges.

The default edges (config.DEFAULT_BAND_EDGES: 5, 10, 15, 17) give the bands the targets need: dưới 5 | 5–9 | 10–14 |
15–16 | 17–(N-1) | N (đạt chuẩn), where N is the number of criteria in the set in force.
"""
from __future__ import annotations

from dataclasses import dataclass

from config import DEFAULT_BAND_EDGES as DEFAULT_EDGES


@dataclass(frozen=True)
class Band:
    key: str  # e.g. "lt5", "5-9", "standard"
    low: int  # inclusive
    high: int  # inclusive
    label_vi: str
    label_en: str


def make_bands(total: int, edges: tuple[int, ...] = DEFAULT_EDGES) -> list[Band]:
    """Bands covering 0..total; the last band is exactly `total` (meets every criterion)."""
    edges = tuple(e for e in sorted(set(edges)) if 0 < e < total)
    bands = []
    if edges:
        bands.append(Band(f"lt{edges[0]}", 0, edges[0] - 1, f"Dưới {edges[0]} tiêu chí", f"Below {edges[0]} criteria"))
    bounds = list(edges or (0,)) + [total]
    for low, nxt in zip(bounds, bounds[1:]):
        high = nxt - 1
        if low == high:
            vi, en = f"{low} tiêu chí", f"{low} criteria"
        else:
            vi, en = f"{low}–{high} tiêu chí", f"{low}–{high} criteria"
        bands.append(Band(f"{low}-{high}", low, high, vi, en))
    bands.append(Band("standard", total, total, f"Đạt chuẩn ({total}/{total})", f"Standard met ({total}/{total})"))
    return bands


def band_of(count: int, total: int, edges: tuple[int, ...] = DEFAULT_EDGES) -> Band:
    for band in make_bands(total, edges):
        if band.low <= count <= band.high:
            return band
    raise ValueError(f"{count} criteria is outside 0..{total}")
