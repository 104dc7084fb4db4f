"""The one band model (domain/bands.py): keys, edges (given, or from NTM_BAND_EDGES), labels as
catalogue keys that read the same on the map, the overview, the progress page and the report."""
import pytest

from domain.bands import STANDARD, band_key, band_of, edges_in_force, make_bands
from geo import colours
from ui.labels import band_label, legend_label


def test_default_bands_for_19_criteria_match_the_targets():
    bands = make_bands(19)
    assert [(b.low, b.high) for b in bands] == [(0, 4), (5, 9), (10, 14), (15, 16), (17, 18), (19, 19)]
    assert [b.key for b in bands] == ["lt5", "5-9", "10-14", "15-16", "17-18", STANDARD]
    assert [(b.label.key, b.label.values) for b in bands[::5]] == [("band.below", {"below": 5}),
                                                                   ("band.standard", {"total": 19})]
    assert [band_label(b.label, "vi") for b in bands] == [
        "Dưới 5 tiêu chí", "5–9 tiêu chí", "10–14 tiêu chí", "15–16 tiêu chí", "17–18 tiêu chí", "Đạt chuẩn (19/19)",
    ]
    assert [band_label(b.label, "en") for b in bands[::5]] == ["Below 5 criteria", "Standard met (19/19)"]


@pytest.mark.parametrize("count,key", [(0, "lt5"), (4, "lt5"), (5, "5-9"), (9, "5-9"), (10, "10-14"), (14, "10-14"),
                                       (15, "15-16"), (16, "15-16"), (17, "17-18"), (18, "17-18"), (19, STANDARD)])
def test_band_boundaries(count, key):
    assert band_of(count, 19).key == key == band_key(count, 19)


@pytest.mark.parametrize("n, key", [(4, "lt5"), (16, "15-16"), (17, "17-19"), (19, "17-19"), (20, STANDARD)])
def test_a_20_criteria_set(n, key):
    assert band_key(n, 20) == key


def test_custom_edges_single_value_bands_and_errors():
    bands = make_bands(20, (6, 10, 15))
    assert [(b.low, b.high) for b in bands] == [(0, 5), (6, 9), (10, 14), (15, 19), (20, 20)]
    assert band_key(5, 19, (6, 10, 15)) == "lt6"  # Thừa Thiên Huế used "dưới 6"
    single = band_of(18, 19, (5, 10, 15, 18))
    assert single.key == "18" and band_label(single.label, "vi") == "18 tiêu chí"
    assert band_key(9, 10) == "5-9" and band_key(10, 10) == STANDARD  # edges >= total are dropped
    with pytest.raises(ValueError):
        band_of(21, 20)
    with pytest.raises(ValueError):
        band_key(3, 19, (10, 5))
    with pytest.raises(ValueError):
        make_bands(0)


def test_a_small_set_without_edges_inside_still_covers_every_count():
    bands = make_bands(4)
    assert [(b.low, b.high, b.key) for b in bands] == [(0, 3, "lt4"), (4, 4, STANDARD)]


@pytest.mark.parametrize("total", [1, 2, 10, 19, 20, 25])
@pytest.mark.parametrize("edges", [(), (5, 10, 15, 17), (1, 2, 3), (5, 15, 18, 19, 30)])
def test_bands_partition_0_to_total_and_the_legend_has_each(total, edges):
    bands = make_bands(total, edges)
    assert (bands[0].low, bands[-1].low, bands[-1].high) == (0, total, total)
    assert all(b.low == a.high + 1 for a, b in zip(bands, bands[1:]))
    assert len({b.key for b in bands}) == len(bands)
    legend_keys = colours.criteria_count_legend(bands).keys()
    assert {band_key(n, total, edges) for n in range(total + 1)} == {b.key for b in bands} <= set(legend_keys)


def test_edges_come_from_the_settings(monkeypatch):
    monkeypatch.delenv("NTM_BAND_EDGES", raising=False)
    assert edges_in_force() == (5, 10, 15, 17) and band_key(5, 19) == "5-9"
    monkeypatch.setenv("NTM_BAND_EDGES", "6,12")
    assert edges_in_force() == (6, 12) and edges_in_force((5,)) == (5,)
    assert [b.key for b in make_bands(19)] == ["lt6", "6-11", "12-18", STANDARD] and band_key(5, 19) == "lt6"


def test_the_legend_and_the_tables_say_the_same():
    bands = make_bands(19)
    legend = colours.criteria_count_legend(bands)
    for lang in ("vi", "en"):
        assert [legend_label(legend.entry(b.key), lang) for b in bands] == [band_label(b.label, lang) for b in bands]
