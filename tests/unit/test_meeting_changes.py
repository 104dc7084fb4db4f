import pandas as pd

from domain.meeting_changes import changes_between


def frame(period, rows):
    return pd.DataFrame([{"commune_code": c, "period": period, "criterion_key": k, "met": m} for c, k, m in rows])


def test_gains_and_losses_between_two_moments():
    before = frame("2013-06", [("A", "planning", True), ("A", "income", False), ("B", "planning", True),
                               ("B", "income", True), ("C", "planning", True)])
    after = frame("2013-09", [("A", "planning", True), ("A", "income", True), ("B", "planning", True),
                              ("B", "income", False), ("C", "planning", True)])
    out = changes_between(before, after, before_period="2013-06", after_period="2013-09").set_index("commune_code")
    assert list(out.index) == ["A", "B"]  # C did not change; the largest gain comes first
    assert (out.loc["A", "before"], out.loc["A", "after"], out.loc["A", "change"]) == (1, 2, 1)
    assert out.loc["A", "gained"] == ["income"] and out.loc["B", "lost"] == ["income"]
