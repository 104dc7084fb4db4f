"""Neighbouring map colours stay apart for deuteranopes and on a washed-out projector.

Deuteranopia: Machado, Oliveira & Fernandes (2009), full severity, applied in linear RGB.
Projector: 15% flare (room light and a lifted black mixed into every colour, about a 7:1 contrast),
which squeezes dark colours together. ΔE is CIE76 in CIELAB (D65).
"""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from domain.bands import make_bands
from geo import colours
from ui.labels import legend_label

DEUTAN = np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                   [-0.011820, 0.042940, 0.968881]])
SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
CONDITIONS = {"normal": (False, 0.0), "deutan": (True, 0.0), "projector": (False, 0.15),
              "deutan_projector": (True, 0.15)}


def lab(hex_colour: str, deutan: bool = False, flare: float = 0.0) -> np.ndarray:
    srgb = np.array(colours.hex_to_rgba(hex_colour)[:3]) / 255
    lin = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    if deutan:
        lin = np.clip(DEUTAN @ lin, 0, 1)
    lin = lin * (1 - flare) + flare  # white stays white: the eye adapts to the screen's white
    xyz = SRGB_TO_XYZ @ lin / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, condition: str) -> float:
    deutan, flare = CONDITIONS[condition]
    return float(np.linalg.norm(lab(a, deutan, flare) - lab(b, deutan, flare)))


def test_simulation_is_sane():
    assert delta_e("#ffffff", "#ffffff", "deutan_projector") == 0
    # red and green that normal eyes tell apart collapse for a deuteranope
    assert delta_e("#d62728", "#2ca02c", "normal") > 60 > 25 > delta_e("#d62728", "#2ca02c", "deutan")
    # the projector squeezes two dark greys far more than two light ones
    assert delta_e("#202020", "#404040", "projector") < 0.5 * delta_e("#202020", "#404040", "normal")


def test_the_old_17_18_and_19_greens_were_too_close():
    """The ramp before issue 11: 17–18 #056f4a and 19 #044b3e, 7 ΔE apart for a deuteranope on a projector."""
    assert delta_e("#056f4a", "#044b3e", "deutan_projector") < 8


BAND_MIN = 12.0  # neighbouring bands of an ordered scale
ANY_MIN = 10.0  # any two colours of one legend (neutrals included)


@pytest.mark.parametrize("condition", CONDITIONS)
@pytest.mark.parametrize("name,legend,n_scale", [
    ("count19", colours.criteria_count_legend(make_bands(19)), 6),
    ("count20", colours.criteria_count_legend(make_bands(20)), 6),
    ("change", colours.change_legend(), 7),
])
def test_neighbouring_bands_stay_apart(name, legend, n_scale, condition):
    hexes = [e.hex for e in legend]
    scale = hexes[:n_scale]
    worst = min(delta_e(a, b, condition) for a, b in zip(scale, scale[1:]))
    assert worst >= BAND_MIN, (name, condition, worst)
    worst_any = min(delta_e(a, b, condition) for a, b in itertools.combinations(hexes, 2))
    assert worst_any >= ANY_MIN, (name, condition, worst_any)


def test_count_ramp_17_18_and_19_apart_on_a_projector_for_deuteranopes():
    legend = colours.criteria_count_legend(make_bands(19))
    assert delta_e(legend.entry("17-18").hex, legend.entry("standard").hex, "deutan_projector") >= BAND_MIN


def test_change_scale_is_diverging_and_graduated():
    legend = colours.change_legend()
    keys = legend.keys()
    assert keys[:7] == ["lost3", "lost2", "lost1", "same", "gained1", "gained2", "gained3"]
    assert keys[7:] == ["no_data", "not_assessed"]
    light = [lab(legend.entry(k).hex)[0] for k in keys[:7]]
    assert light[0] < light[1] < light[2] and light[6] < light[5] < light[4]  # darker = more change
    b = [lab(legend.entry(k).hex, deutan=True)[2] for k in keys[:7]]
    assert all(v > 10 for v in b[:3]) and all(v < -10 for v in b[4:])  # yellow-brown vs blue, also for deutans
    assert legend_label(legend.entry("lost3"), "vi") == "Giảm 3 tiêu chí trở lên"
    assert legend_label(legend.entry("gained1"), "en") == "Gained 1 criterion"
    assert legend_label(legend.entry("gained2"), "en") == "Gained 2 criteria"
    assert legend_label(legend.entry("lost3"), "en") == "Lost 3 criteria or more"
    assert [colours.change_key(c) for c in (-9, -3, -2, -1, 0, 1, 2, 3, 12)] == [
        "lost3", "lost3", "lost2", "lost1", "same", "gained1", "gained2", "gained3", "gained3"]
