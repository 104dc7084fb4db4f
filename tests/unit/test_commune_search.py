"""Finding a commune by a name typed with or without diacritics, and with either tone placement."""
from __future__ import annotations

import pandas as pd

from domain.commune_search import canonical_word, fold, match_score, search_communes

COMMUNES = pd.DataFrame({
    "code": ["30385", "30313", "30307", "30457", "30430", "30427", "30433", "30373", "30337", "30514",
             "90001"],
    "name": ["Vĩnh Hòa", "Mỹ Hoà Hưng", "Mỹ Hòa", "Tân Hòa", "Hoà Lạc", "Phú Thạnh", "Phú Thành", "Đa Phước",
             "An Phú", "An Phú", "Vĩnh Hóa"],
    "district_name": ["Tân Châu", "Long Xuyên", "Long Xuyên", "Phú Tân", "Phú Tân", "Phú Tân", "Phú Tân",
                      "An Phú", "An Phú", "Tịnh Biên", "(made up)"],
    "assessed": [True, True, False, True, True, True, True, True, False, True, True],
})


def codes(query: str, **kwargs) -> list[str]:
    return search_communes(COMMUNES, query, **kwargs)["code"].tolist()


def test_fold_and_canonical_forms():
    assert fold("Vĩnh Hòa") == fold("VINH HOA") == "vinh hoa"
    assert fold("Đa Phước") == "da phuoc"
    assert canonical_word("Hoà") == canonical_word("hòa") != canonical_word("hóa")
    assert canonical_word("Thủy") == canonical_word("Thuỷ")  # the uy pair too


def test_typed_without_diacritics_finds_the_commune():
    assert codes("Vinh Hoa") == ["30385", "90001"]  # both spellings fold to "vinh hoa"; exact matches first
    assert codes("da phuoc") == ["30373"]
    assert codes("DA PHUOC") == ["30373"]


def test_typed_with_diacritics_matches_tones_wherever_the_mark_sits():
    assert codes("Vĩnh Hòa") == ["30385"]  # not Vĩnh Hóa
    assert codes("Vĩnh Hoà") == ["30385"]  # old-style placement, same name
    assert codes("Mỹ Hòa Hưng") == ["30313"]  # the data spells it "Hoà"
    assert codes("Hòa Lạc") == ["30430"]
    assert codes("Phú Thạnh") == ["30427"]  # not Phú Thành
    assert codes("phu thanh") == ["30427", "30433"]  # without marks both (same letters: by code)


def test_partly_typed_marks_and_unfinished_words():
    assert codes("Vĩnh Hoa") == ["30385", "90001"]  # the unmarked word matches any tone
    assert codes("vĩnh h") == ["30385", "90001"]
    assert codes("hoa")[:2] == ["30430", "30313"]  # a name starting with the word first, then inside a name
    assert set(codes("hoa")) == {"30313", "30457", "30430", "30385", "90001"}


def test_wards_and_towns_are_left_out_unless_asked():
    assert codes("An Phú") == ["30514"]
    assert codes("An Phu", assessed_only=False) == ["30337", "30514"]
    assert codes("my hoa") == ["30313"]
    assert codes("my hoa", assessed_only=False) == ["30307", "30313"]  # the exact name first


def test_scores_and_no_match():
    assert match_score("vinh hoa", "Vĩnh Hòa") == 0
    assert match_score("vinh", "Vĩnh Hòa") == 1
    assert match_score("hoa", "Vĩnh Hòa") == 2
    assert match_score("hoa vinh", "Vĩnh Hòa") is None
    assert match_score("", "Vĩnh Hòa") is None
    assert codes("") == [] and codes("   ") == [] and codes("xyz") == []
    assert codes("Vinh Hoa", limit=1) == ["30385"]
