"""Colour scales and legends as plain data (hex for legends and reports, RGBA for pydeck).

Choices, and why:
- Criteria-met bands use one sequential ramp from a saturated light yellow to a dark blue-green,
  lightness falling at every step, faster towards the dark end and the darkest turning blue: a
  washed-out projector (room light on the screen) squeezes dark colours together, and the 17–18
  and 19 bands must stay apart there and for deuteranopes. Lightness is what red-green
  colour-blind viewers still see; the lightest band is a real yellow, never near-white.
- Single criterion (met / not met) uses dark green vs orange. Change is graduated and diverging:
  lost ≥3, 2, 1 in browns/oranges, no change in a mid grey, gained 1, 2, ≥3 in blues. Each pair
  differs in lightness and on the blue-yellow axis that colour-blind viewers keep.
- Neutral greys mean "nothing to colour": light = no data, darker = not assessed (phường, thị trấn
  are urban and outside NTM). tests/unit/test_geo.py checks every legend under simulated CVD,
  tests/unit/test_palette.py neighbouring bands under deuteranopia and a washed-out projector.
- Units outside the selected group keep their colour at low alpha, so the map still shows them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

FILL_ALPHA = 235
DIM_ALPHA = 70
LINE_RGBA = (96, 96, 96, 200)  # commune borders: visible on the lightest and the darkest fill
DISTRICT_LINE_RGBA = (33, 33, 33, 255)
NO_DATA_KEY, NOT_ASSESSED_KEY = "no_data", "not_assessed"


def hex_to_rgba(hex_colour: str, alpha: int = FILL_ALPHA) -> tuple[int, int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), int(alpha)


@dataclass(frozen=True)
class LegendEntry:
    """A legend's entry. Its label is a catalogue key (legend.*) with its values, which the UI
    translates (ui/labels.legend_label); `label_n` chooses the plural form ("Lost 1 criterion")."""
    key: str
    label_key: str
    hex: str
    rgba: tuple[int, int, int, int]
    label_values: tuple[tuple[str, int | str], ...] = ()  # a tuple, so the legend stays hashable
    label_n: int | None = None


def _entry(key: str, label_key: str, hex_colour: str, n: int | None = None, **values: int | str) -> LegendEntry:
    return LegendEntry(key, label_key, hex_colour, hex_to_rgba(hex_colour), tuple(values.items()), n)


NO_DATA = _entry(NO_DATA_KEY, "legend.no_data", "#f7f7f7")
NOT_ASSESSED = _entry(NOT_ASSESSED_KEY, "legend.not_assessed", "#a3a3a3")


class Legend(tuple):
    """An ordered, immutable (hashable, cache-friendly) tuple of LegendEntry."""

    def keys(self) -> list[str]:
        return [e.key for e in self]

    def entry(self, key: str) -> LegendEntry:
        for e in self:
            if e.key == key:
                return e
        raise KeyError(key)

    def colour_for(self, key: str | None, in_group: bool = True) -> list[int]:
        """RGBA list for a key; unknown or None keys get the no-data colour, never an error."""
        rgba = next((e.rgba for e in self if e.key == key), NO_DATA.rgba)
        return dim(rgba) if not in_group else list(rgba)

    def colour_map(self) -> dict[str, list[int]]:
        return {e.key: list(e.rgba) for e in self}


def dim(rgba: Sequence[int], alpha: int = DIM_ALPHA) -> list[int]:
    """Same hue, low alpha: the unit stays visible but recedes (never raises alpha)."""
    return [int(rgba[0]), int(rgba[1]), int(rgba[2]), min(int(rgba[3]), alpha)]


def fill_colours(keys: Iterable[str | None], legend: Legend,
                 in_group: Iterable[bool] | None = None) -> list[list[int]]:
    """One RGBA per unit, dimmed where ``in_group`` is False (e.g. not a pilot commune)."""
    cmap = legend.colour_map()
    keys = list(keys)
    flags = [True] * len(keys) if in_group is None else list(in_group)
    return [(c if f else dim(c)) for c, f in
            ((cmap.get(k, list(NO_DATA.rgba)), bool(f)) for k, f in zip(keys, flags))]


# --- sequential ramp -------------------------------------------------------------------------

def _lch_to_hex(lum: float, chroma: float, hue: float) -> tuple[str, bool]:
    """CIE LCh(ab), D65 -> sRGB hex; second value is False when out of gamut (then clipped)."""
    a, b = chroma * math.cos(math.radians(hue)), chroma * math.sin(math.radians(hue))
    fy = (lum + 16) / 116
    fx, fz = fy + a / 500, fy - b / 200

    def finv(t: float) -> float:
        return t ** 3 if t ** 3 > 0.008856 else (t - 16 / 116) / 7.787

    x, y, z = finv(fx) * 0.95047, finv(fy), finv(fz) * 1.08883
    lin = (3.2406 * x - 1.5372 * y - 0.4986 * z,
           -0.9689 * x + 1.8758 * y + 0.0415 * z,
           0.0557 * x - 0.2040 * y + 1.0570 * z)
    ok = all(-1e-4 <= v <= 1 + 1e-4 for v in lin)
    out = []
    for v in lin:
        v = min(max(v, 0.0), 1.0)
        s = 12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055
        out.append(round(s * 255))
    return "#" + "".join(f"{c:02x}" for c in out), ok


# (position 0..1, L*, hue°, chroma): lightness steps grow towards the dark end, the hue turns from
# yellow through green to blue-green; tuned so neighbouring bands differ by ΔE*ab >= 12 for normal
# and deuteranopic vision, also on a projector with 15% flare (tests/unit/test_palette.py).
RAMP_ANCHORS = ((0.0, 95, 108, 72), (0.2, 81, 115, 70), (0.4, 70, 135, 60), (0.6, 56, 145, 60),
                (0.8, 44, 160, 52), (1.0, 27, 208, 40))


def _ramp_at(t: float) -> tuple[float, float, float]:
    for (t0, *a), (t1, *b) in zip(RAMP_ANCHORS, RAMP_ANCHORS[1:]):
        if t <= t1 + 1e-12:
            w = (t - t0) / (t1 - t0)
            return tuple(x + (y - x) * w for x, y in zip(a, b))  # type: ignore[return-value]
    return tuple(RAMP_ANCHORS[-1][1:])  # type: ignore[return-value]


def sequential_ramp(n: int) -> list[str]:
    """``n`` colours, light yellow (L*=95) to dark blue-green (L*=27), along RAMP_ANCHORS.

    Chroma is lowered step by step until each colour is inside sRGB, so hue and lightness
    (what carries the order) stay exact.
    """
    out = []
    for i in range(n):
        t = i / (n - 1) if n > 1 else 1.0
        lum, hue, chroma = _ramp_at(t)
        while True:
            hx, ok = _lch_to_hex(lum, chroma, hue)
            if ok or chroma < 1:
                break
            chroma -= 1
        out.append(hx)
    return out


# --- criteria-met bands ----------------------------------------------------------------------

class _Label(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def values(self) -> Mapping[str, Any]: ...
    @property
    def n(self) -> int | None: ...


class BandLike(Protocol):
    """A band of `domain.bands` (the one band model): its key and its label (a catalogue key)."""
    @property
    def key(self) -> str: ...
    @property
    def label(self) -> _Label: ...


def criteria_count_legend(bands: Sequence[BandLike], *, not_assessed: bool = True, no_data: bool = True) -> Legend:
    """Legend for "number of criteria met": one colour of the ramp per band of `domain.bands`
    (`make_bands(total, edges)`), keyed by the band's key, lowest band first, the standard last."""
    entries = [LegendEntry(b.key, b.label.key, hx, hex_to_rgba(hx), tuple(b.label.values.items()), b.label.n)
               for b, hx in zip(bands, sequential_ramp(len(bands)))]
    return _with_neutrals(entries, not_assessed, no_data)


def criterion_legend(*, not_assessed: bool = True, no_data: bool = True) -> Legend:
    """One criterion: met / not met."""
    entries = [_entry("met", "legend.met", "#1a8849"), _entry("not_met", "legend.not_met", "#e66101")]
    return _with_neutrals(entries, not_assessed, no_data)


CHANGE_STEPS = (-3, -2, -1, 0, 1, 2, 3)  # the ends mean "3 or more"
_CHANGE_HEX = ("#a6611a", "#e3913a", "#fcd5a0", "#d4d4d4", "#b5d4ee", "#5e9fd4", "#1f5fa6")


def change_key(change: int) -> str:
    """Legend key of a change in criteria met: "lost3" (3 or more lost) … "same" … "gained3"."""
    c = max(-3, min(3, int(change)))
    return "same" if c == 0 else f"{'gained' if c > 0 else 'lost'}{abs(c)}"


def change_legend(*, not_assessed: bool = True, no_data: bool = True) -> Legend:
    """Change in criteria met between two months, lost ≥3 … no change … gained ≥3."""
    entries = []
    for step, hx in zip(CHANGE_STEPS, _CHANGE_HEX):
        n = abs(step)
        if step == 0:
            entries.append(_entry(change_key(step), "legend.change.same", hx))
            continue
        way = "lost" if step < 0 else "gained"
        label_key = f"legend.change.{way}_more" if n == 3 else f"legend.change.{way}"  # 3: "3 or more"
        entries.append(_entry(change_key(step), label_key, hx, n=n, count=n))
    return _with_neutrals(entries, not_assessed, no_data)


def _with_neutrals(entries: list[LegendEntry], not_assessed: bool, no_data: bool) -> Legend:
    return Legend(entries + ([NO_DATA] if no_data else []) + ([NOT_ASSESSED] if not_assessed else []))
