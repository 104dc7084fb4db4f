"""The map spec the page sends: colours, tooltips, legend counts, layers, basemap, size."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from xml.etree import ElementTree

import pandas as pd
import pytest

from domain.bands import make_bands
from domain.map_figures import month_figures
from geo import colours
from ui.map_deck import MapRequest, build_map, geometry, locator_drawing, map_units

KEYS = [f"k{i}" for i in range(1, 20)]
NAMES = {k: f"{i}. Tên {i}" for i, k in enumerate(KEYS, 1)}


@pytest.fixture(scope="module")
def units():
    geo = geometry()
    shapes = geo.communes
    communes = pd.DataFrame({
        "code": shapes["code"], "name": shapes["name"], "type": shapes["type"],
        "district_code": shapes["district_code"], "district_name": shapes["district_name"],
        "assessed": shapes["type"] == "xã",
    })
    districts = pd.DataFrame({"code": geo.districts["district_code"], "name": geo.districts["district_name"],
                              "type": geo.districts["district_type"]})
    return map_units(communes, districts, geo)


@pytest.fixture(scope="module")
def figures(units):
    """Every xã meets (its code's last digit + 10) criteria; k19 is met only when that is 19."""
    rows = []
    for code in units.loc[units["assessed"], "code"]:
        met = min(19, int(code[-1]) + 10)
        rows += [(code, "2013-12", k, i + 1, "S", i < met) for i, k in enumerate(KEYS)]
    status = pd.DataFrame(rows, columns=["commune_code", "period", "criterion_key", "criterion_number", "set_id",
                                         "met"])
    return month_figures(status, units, "2013-12", criterion="k19")


def spec_of(build) -> dict:
    return json.loads(build.spec)


def layer(spec: dict, layer_id: str) -> dict | None:
    return next((lay for lay in spec["layers"] if lay["id"] == layer_id), None)


def communes_of(spec: dict) -> dict:
    """code -> the commune layer's record (t: tooltip title, b: body, c: colour, h: halo px)."""
    return {r["id"]: r for r in layer(spec, "communes")["data"]}


def fill(spec: dict, code: str) -> list[int]:
    """The fill colour deck.gl computes for a commune: the palette of the layer's expression."""
    expr = layer(spec, "communes")["getFillColor"]
    assert expr.startswith("@@=(") and expr.endswith(")[c]")
    return json.loads(expr[len("@@=("):-len(")[c]")])[communes_of(spec)[code]["c"]]


def outlined(spec: dict, layer_id: str) -> list[str]:
    """The communes whose outline a stroke-only layer draws (its rings are theirs)."""
    shapes = geometry().shapes(spec["initialViewState"]["zoom"])
    owner = {json.dumps(ring): code for code, rings in zip(geometry().communes.index, shapes.rings)
             for ring in rings}
    return sorted(owner[json.dumps(d["p"])] for d in layer(spec, layer_id)["data"])


def test_province_count_map(units, figures):
    request = MapRequest(mode="count", lang="vi", period="2013-12", compare=None)
    build = build_map(figures, units, request, {}, NAMES, "", "12/2013")
    spec = spec_of(build)
    features = communes_of(spec)
    assert len(features) == 156 and len(build.scope_codes) == 156
    khanh_an = features["30340"]  # a xã of An Phú, meets 10
    assert khanh_an["t"] == "Xã Khánh An" and build.tooltip["html"] == "<b>{t}</b><br/>{b}"
    body = khanh_an["b"].split("\n")
    assert body[0] == "Huyện An Phú" and body[1] == "Đạt 10/19 tiêu chí"
    assert body[2] == "Chưa đạt: " + ", ".join(NAMES[k] for k in KEYS[10:])
    assert body[-1] == "Không thuộc nhóm xã điểm"
    assert set(khanh_an) == {"id", "t", "b", "c", "p"}  # what the tooltip, the colour and a click need
    legend = colours.criteria_count_legend(make_bands(19))
    assert fill(spec, "30340") == list(legend.entry("10-14").rgba)
    assert fill(spec, "30337") == list(colours.NOT_ASSESSED.rgba)  # thị trấn An Phú
    counts = {item.key: item.count for item in build.legend}
    assert counts["not_assessed"] == 37 and sum(v for v in counts.values() if v) == 156
    assert layer(spec, "districts") and layer(spec, "district-labels") and not layer(spec, "commune-labels")
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in json.dumps(spec)  # nothing online
    assert len(build.spec.encode()) < 90_000


def test_district_criterion_map_with_a_group_and_a_selection(units, figures):
    members = frozenset({"30340", "30343", "30310"})
    request = MapRequest(mode="criterion", lang="en", period="2013-12", compare=None, criterion_key="k19",
                         criterion_number=19, district="886", group="pilot17", group_members=members,
                         selected="30340")
    build = build_map(figures, units, request, {"pilot17": members}, NAMES, "", "Dec 2013")
    spec = spec_of(build)
    assert build.scope_codes == ("30340", "30343")  # in An Phú and in the group
    features = communes_of(spec)
    assert fill(spec, "30340")[3] == colours.FILL_ALPHA
    assert fill(spec, "30310")[3] == colours.DIM_ALPHA  # in the group, not in the district
    assert fill(spec, "30346")[3] == colours.DIM_ALPHA  # in the district, not in the group
    assert fill(spec, "30346")[:3] == fill(spec, "30343")[:3] == list(colours.criterion_legend().entry("not_met").rgba[:3])
    assert "Criterion 19: Not met" in features["30340"]["b"]
    assert "Provincial pilot, registered with the centre (17)" in features["30340"]["b"]
    # the pilot outlines are on by default: the chosen pilot group is outlined as a pilot group
    assert outlined(spec, "pilot17-outline") == sorted(members) and not layer(spec, "group-outline")
    assert outlined(spec, "selected") == outlined(spec, "selected-halo") == ["30340"]
    labels = [d["text"] for d in layer(spec, "commune-labels")["data"]]
    assert len(labels) == 14 and "Khánh An" in labels
    assert "An Phú" not in [d["text"] for d in layer(spec, "district-labels")["data"]]
    keys = [item.key for item in build.legend]
    assert keys == ["met", "not_met", "no_data", "not_assessed", "pilot17_outline", "faded", "district_outline"]
    # pilots=0: no pilot outline, the chosen group keeps its own outline
    off = build_map(figures, units, replace(request, pilots=False), {"pilot17": members}, NAMES, "", "Dec 2013")
    assert not layer(spec_of(off), "pilot17-outline")
    assert outlined(spec_of(off), "group-outline") == sorted(members)
    assert "h" not in communes_of(spec_of(off))["30340"]  # no pilot halo either
    assert "group_outline" in [item.key for item in off.legend]


def test_pilot_outlines_in_every_mode_and_their_toggle(units, figures):
    pilot34 = frozenset({"30340", "30343", "30310", "30316"})
    groups = {"pilot34": pilot34, "pilot17": frozenset({"30340", "30310"})}
    for mode in ("count", "criterion", "change"):
        request = MapRequest(mode=mode, lang="vi", period="2013-12", compare="2012-12",
                             criterion_key="k19" if mode == "criterion" else None)
        build = build_map(figures, units, request, groups, NAMES, "12/2012", "12/2013")
        spec = spec_of(build)
        # each pilot outlined once: the 17 in their own, wider outline, the rest of the 34 in theirs
        assert outlined(spec, "pilot34-outline") == ["30316", "30343"]
        assert outlined(spec, "pilot17-outline") == ["30310", "30340"]
        widths = {lay["id"]: lay["getLineWidth"] for lay in spec["layers"] if lay["id"].endswith("-outline")}
        assert widths["pilot17-outline"] > widths["pilot34-outline"]
        # their white halo is their own border in the commune layer, wider than the outline on top
        records = layer(spec, "communes")["data"]
        halos = {r["id"]: r["h"] for r in records if "h" in r}
        assert halos == {"30310": 7.5, "30340": 7.5, "30316": 5.0, "30343": 5.0}
        assert halos["30340"] > widths["pilot17-outline"] and halos["30343"] > widths["pilot34-outline"]
        assert [r["id"] for r in records[-4:]] == ["30316", "30343", "30310", "30340"]  # drawn last
        items = {item.key: item for item in build.legend}
        assert items["pilot34_outline"].label == "Viền tím: 34 xã được chọn làm điểm"
        assert items["pilot17_outline"].width > items["pilot34_outline"].width
        hidden = spec_of(build_map(figures, units, replace(request, pilots=False), groups, NAMES, "", ""))
        assert not [lay for lay in hidden["layers"] if lay["id"].startswith("pilot")]
        assert not [r for r in layer(hidden, "communes")["data"] if "h" in r]


def test_change_map_is_graduated_with_counts(units):
    """Every xã gained (last digit of its code − 4) criteria, capped at ±3 on the scale."""
    rows = []
    for code in units.loc[units["assessed"], "code"]:
        before, change = 10, int(code[-1]) - 4
        for period, met in (("2012-12", before), ("2013-12", before + change)):
            rows += [(code, period, k, i + 1, "S", i < met) for i, k in enumerate(KEYS)]
    status = pd.DataFrame(rows, columns=["commune_code", "period", "criterion_key", "criterion_number", "set_id",
                                         "met"])
    figs = month_figures(status, units, "2013-12", compare="2012-12")
    request = MapRequest(mode="change", lang="en", period="2013-12", compare="2012-12")
    build = build_map(figs, units, request, {}, NAMES, "Dec 2012", "Dec 2013")
    legend = colours.change_legend()
    digits = [int(c[-1]) - 4 for c in units.loc[units["assessed"], "code"]]
    expected = {colours.change_key(d): 0 for d in range(-3, 4)}
    for d in digits:
        expected[colours.change_key(d)] += 1
    counts = {item.key: item.count for item in build.legend if item.style == "fill"}
    assert {k: counts[k] for k in expected} == expected and counts["not_assessed"] == 37
    assert sum(expected.values()) == 119
    labels = {item.key: item.label for item in build.legend}
    assert labels["lost3"] == "Lost 3 criteria or more" and labels["gained1"] == "Gained 1 criterion"
    code = next(c for c in units.loc[units["assessed"], "code"] if c.endswith("9"))  # +5: gained ≥3
    assert fill(spec_of(build), code) == list(legend.entry("gained3").rgba)


def test_a_basemap_only_when_configured(units, figures):
    request = MapRequest(mode="count", lang="vi", period="2013-12", compare=None,
                         basemap_style="https://example.org/style.json")
    spec = spec_of(build_map(figures, units, request, {}, NAMES, "", "12/2013"))
    assert spec["mapStyle"] == "https://example.org/style.json" and spec["mapProvider"] == "carto"


def test_locator_draws_the_district_with_the_commune_filled(units):
    svg = locator_drawing(units, "30340", "vi", "Bản đồ vị trí")
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    paths = root.findall(f"{ns}path")
    communes = [p for p in paths if p.get("data-code")]
    assert len(communes) == 14 and len(paths) == 15  # the district's 14 units and its outline
    assert [p.get("data-code") for p in communes if p.get("fill") != "rgb(235, 235, 235)"] == ["30340"]
    assert communes[-1].get("data-code") == "30340"  # drawn last, on top of its neighbours
    titles = {p.get("data-code"): p.find(f"{ns}title").text for p in communes}
    assert titles["30340"].startswith("Xã ") and titles["30340"].endswith(units.set_index("code").at["30340",
                                                                                                          "district_name"])
    assert root.get("aria-label") == "Bản đồ vị trí" and root.find(f"{ns}text").text == units.set_index(
        "code").at["30340", "name"]
    assert len(svg) < 20_000  # a few kilobytes, not a deck.gl chart
    # every point of the drawing is inside it
    numbers = [float(v) for p in paths for v in re.findall(r"-?\d+\.\d", p.get("d"))]
    assert min(numbers) >= 0 and max(numbers) <= 520


def test_a_commune_meeting_few_criteria_lists_the_met_ones_and_counts_the_rest(units):
    """Whichever list is shorter: 2 of 19 met names the 2 and counts the 17 others; none met says so;
    names that do not agree with the counts (a criterion missing from `names`) keep the unmet list."""
    met_by_code = {"30340": 2, "30343": 0, "30346": 17}
    rows = [(code, "2011-01", k, i + 1, "S", i < met) for code, met in met_by_code.items() for i, k in enumerate(KEYS)]
    status = pd.DataFrame(rows, columns=["commune_code", "period", "criterion_key", "criterion_number", "set_id",
                                         "met"])
    figures = month_figures(status, units, "2011-01")
    request = MapRequest(mode="count", lang="vi", period="2011-01", compare=None)
    bodies = {c: r["b"].split("\n") for c, r in communes_of(spec_of(build_map(figures, units, request, {}, NAMES, "",
                                                                                "01/2011"))).items()}
    assert bodies["30340"][1:4] == ["Đạt 2/19 tiêu chí", "Đã đạt: 1. Tên 1, 2. Tên 2", "Chưa đạt: 17 tiêu chí còn lại"]
    assert bodies["30343"][1:3] == ["Đạt 0/19 tiêu chí", "Chưa đạt: tất cả các tiêu chí"]
    assert bodies["30346"][2] == "Chưa đạt: 18. Tên 18, 19. Tên 19"  # the unmet list is the shorter one
    english = replace(request, lang="en")
    body = communes_of(spec_of(build_map(figures, units, english, {}, NAMES, "", "Jan 2011")))["30340"]["b"]
    assert body.split("\n")[2:4] == ["Met: 1. Tên 1, 2. Tên 2", "Not met: the other 17"]
    partial = {k: v for k, v in NAMES.items() if k != "k1"}  # k1 unknown: the met list cannot be trusted
    body = communes_of(spec_of(build_map(figures, units, request, {}, partial, "", "01/2011")))["30340"]["b"]
    assert body.split("\n")[2] == "Chưa đạt: " + ", ".join(NAMES[k] for k in KEYS[2:])


def test_a_name_at_the_drawings_edge_stays_inside_it():
    from shapely.geometry import box

    from geo.locator_svg import locator_svg
    shapes = {"a": box(105.0, 10.0, 105.1, 10.1), "b": box(105.1, 10.0, 105.5, 10.1)}
    svg = locator_svg(shapes, chosen="a", titles={}, label="Vĩnh Thạnh Trung", label_at=(105.0, 10.05),
                      outline=None, width=340, height=300, description="")
    x = float(ElementTree.fromstring(svg).find("{http://www.w3.org/2000/svg}text").get("x"))
    assert 0.3 * 13 * len("Vĩnh Thạnh Trung") <= x <= 340 - 0.3 * 13 * len("Vĩnh Thạnh Trung")
