"""Unfolding a commune-month's masks into one row per criterion assessed (bit n-1 for number n)."""
import pandas as pd

from domain.criterion_masks import ROW_COLUMNS, unfold

CRITERIA = pd.DataFrame({"set_id": ["old", "old", "old", "new", "new"], "key": ["a", "b", "c", "a", "d"],
                         "number": [1, 2, 3, 1, 4]})


def test_each_assessed_bit_is_a_row_and_the_met_bit_its_result():
    counts = pd.DataFrame({
        "commune_code": ["2", "1", "3"], "period": ["2013-12", "2013-12", "2013-11"], "set_id": ["old", "old", "new"],
        "met_mask": [0b001, 0b110, 0b1000], "assessed_mask": [0b101, 0b111, 0b1011],
    })
    rows = unfold(counts, CRITERIA)
    assert list(rows.columns) == ROW_COLUMNS
    assert [tuple(r) for r in rows.itertuples(index=False)] == [
        ("3", "2013-11", "a", 1, "new", False), ("3", "2013-11", "d", 4, "new", True),  # number 2 is no criterion of "new"
        ("1", "2013-12", "a", 1, "old", False), ("1", "2013-12", "b", 2, "old", True),
        ("1", "2013-12", "c", 3, "old", True),
        ("2", "2013-12", "a", 1, "old", True), ("2", "2013-12", "c", 3, "old", False),  # b was not assessed
    ]


def test_nothing_to_unfold_gives_the_columns_and_no_row():
    empty = pd.DataFrame(columns=["commune_code", "period", "set_id", "met_mask", "assessed_mask"])
    rows = unfold(empty, CRITERIA)
    assert list(rows.columns) == ROW_COLUMNS and rows.empty
    unknown_set = pd.DataFrame({"commune_code": ["1"], "period": ["2013-12"], "set_id": ["gone"], "met_mask": [1],
                                "assessed_mask": [1]})
    assert unfold(unknown_set, CRITERIA).empty
