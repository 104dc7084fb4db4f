import pytest

from domain.bands import band_of, make_bands


def test_default_bands_for_19_criteria_match_the_targets():
    bands = make_bands(19)
    assert [(b.low, b.high) for b in bands] == [(0, 4), (5, 9), (10, 14), (15, 16), (17, 18), (19, 19)]
    assert [b.label_vi for b in bands] == [
        "Dưới 5 tiêu chí", "5–9 tiêu chí", "10–14 tiêu chí", "15–16 tiêu chí", "17–18 tiêu chí", "Đạt chuẩn (19/19)",
    ]
    assert bands[-1].label_en == "Standard met (19/19)"


@pytest.mark.parametrize("count,key", [(0, "lt5"), (4, "lt5"), (5, "5-9"), (9, "5-9"), (10, "10-14"),
                                       (15, "15-16"), (16, "15-16"), (17, "17-18"), (18, "17-18"), (19, "standard")])
def test_band_boundaries(count, key):
    assert band_of(count, 19).key == key


def test_any_number_of_criteria_and_custom_edges():
    bands = make_bands(20, (6, 10, 15))
    assert [(b.low, b.high) for b in bands] == [(0, 5), (6, 9), (10, 14), (15, 19), (20, 20)]
    assert band_of(19, 20).key == "17-19"
    with pytest.raises(ValueError):
        band_of(21, 20)


def test_a_small_set_without_edges_inside_still_covers_every_count():
    bands = make_bands(4)
    assert [(b.low, b.high) for b in bands] == [(0, 3), (4, 4)]
    assert band_of(0, 4).key == "0-3"
