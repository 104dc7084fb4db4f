"""Bands of communes by number of criteria met: the one band model (keys, edges, labels).

The edges are band starts, from `config` (`NTM_BAND_EDGES`, default `config.DEFAULT_BAND_EDGES`:
5, 10, 15, 17), and give the bands the targets need: dưới 5 | 5–9 | 10–14 | 15–16 | 17–(N-1) | N
(đạt chuẩn), where N is the number of criteria in the set in force. Edges <= 0 or >= N are ignored,
so one edge list serves a 19- and a 20-criteria set (and a future 10-criteria set) alike.

A band's key is a plain code ("lt5", "5-9", "18", "standard"): the map's legend, its colours
(`geo.colours`) and the tables key on it. Its label is a catalogue key with values (`label`, a
Phrase), which `ui/` or a report translates; domain writes no sentence.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from config import get_settings
from domain.phrase import Phrase

STANDARD = "standard"  # the key of the last band: every criterion of the set met


@dataclass(frozen=True)
class Band:
    low: int  # inclusive
    high: int  # inclusive
    total: int  # criteria in the set; the band (total, total) is the standard

    @property
    def key(self) -> str:
        if self.low == self.total:
            return STANDARD
        if self.low == 0:
            return f"lt{self.high + 1}"
        return f"{self.low}-{self.high}" if self.high > self.low else str(self.low)

    @property
    def label(self) -> Phrase:
        """"Dưới 5 tiêu chí", "5–9 tiêu chí", "18 tiêu chí", "Đạt chuẩn (19/19)" as a key and values."""
        if self.low == self.total:
            return Phrase("band.standard", {"total": self.total})
        if self.low == 0:
            return Phrase("band.below", {"below": self.high + 1})
        if self.low == self.high:
            return Phrase("band.one", {"n": self.low})
        return Phrase("band.range", {"low": self.low, "high": self.high})


def edges_in_force(edges: Sequence[int] | None = None) -> tuple[int, ...]:
    """The given edges, or the configured ones (`NTM_BAND_EDGES`) when None."""
    return tuple(int(e) for e in (get_settings().band_edges if edges is None else edges))


def make_bands(total: int, edges: Sequence[int] | None = None) -> list[Band]:
    """Bands covering 0..total, lowest first; the last one is exactly `total` (the standard)."""
    return list(_bands(int(total), edges_in_force(edges)))


@functools.lru_cache(maxsize=64)
def _bands(total: int, edges: tuple[int, ...]) -> tuple[Band, ...]:
    if total < 1:
        raise ValueError("total must be >= 1")
    if any(b <= a for a, b in zip(edges, edges[1:])):
        raise ValueError(f"edges must increase strictly: {list(edges)}")
    starts = [0] + [e for e in edges if 0 < e < total]
    ends = [s - 1 for s in starts[1:]] + [total - 1]
    return tuple(Band(lo, hi, total) for lo, hi in zip(starts, ends)) + (Band(total, total, total),)


def band_of(count: int, total: int, edges: Sequence[int] | None = None) -> Band:
    """The band of a commune meeting `count` of `total` criteria."""
    if not 0 <= int(count) <= int(total):
        raise ValueError(f"criteria met {count} outside 0..{total}")
    return _table(int(total), edges_in_force(edges))[int(count)]


def band_key(count: int, total: int, edges: Sequence[int] | None = None) -> str:
    return band_of(count, total, edges).key


@functools.lru_cache(maxsize=64)
def _table(total: int, edges: tuple[int, ...]) -> tuple[Band, ...]:
    # One band per possible count: banding 10,000 communes is then a list lookup each.
    return tuple(b for b in _bands(total, edges) for _ in range(b.low, b.high + 1))
