"""The sample history agrees with what the province published (data/an_giang_2013.yaml)."""
from collections import Counter

import pytest

from sample.history import generate, month_range

# 119 synthetic communes over 11 districts; codes of the "recognised" ones among them.
COMMUNES = {f"{30000 + i:05d}": f"{880 + i % 11}" for i in range(119)}
RECOGNISED = ["30003", "30010", "30020", "30031", "30042", "30055"]
LATER = ("30004", "30005", "30006")


@pytest.fixture(scope="module")
def history():
    return generate(COMMUNES, preferred_pilots=RECOGNISED + ["30007"] + list(LATER), recognised=RECOGNISED, later_recognised=LATER)


def test_months_2011_to_2015():
    assert month_range("2011-01", "2015-12")[0] == "2011-01"
    assert len(month_range("2011-01", "2015-12")) == 60


def test_baseline_matches_the_published_2011_figures(history):
    counts = [history.count(c, "2011-01") for c in COMMUNES]
    assert sum(1 for n in counts if n == 10) == 2
    assert sum(1 for n in counts if 6 <= n <= 9) == 36
    assert sum(1 for n in counts if n <= 5) == 81
    assert round(sum(counts) / len(counts), 1) == 4.8


def test_thirteen_communes_at_the_standard_by_end_2015_including_the_recognised(history):
    at_standard = {c for c in COMMUNES if history.count(c, "2015-12") == 19}
    assert len(at_standard) == 13
    assert set(RECOGNISED) <= at_standard
    assert not at_standard & set(LATER)
    assert at_standard == set(history.standard)


def test_pilots_are_34_with_17_registered_and_ahead_on_average(history):
    assert len(history.pilot34) == 34 and len(history.pilot17) == 17
    assert set(history.pilot17) <= set(history.pilot34)
    assert set(RECOGNISED) <= set(history.pilot17)
    mean = lambda codes: sum(history.count(c, "2013-12") for c in codes) / len(codes)  # noqa: E731
    others = [c for c in COMMUNES if c not in history.pilot34]
    assert mean(history.pilot34) > mean(others) + 2


def test_planning_early_income_and_environment_late(history):
    met = Counter(n for c in COMMUNES for n in history.met[(c, "2013-12")])
    assert met[1] > met[10] and met[1] > met[17]
    assert met[19] > met[11]


def test_some_communes_slip_back_and_the_history_is_deterministic(history):
    periods = history.periods
    slips = sum(
        1 for c in COMMUNES for a, b in zip(periods, periods[1:]) if history.count(c, b) < history.count(c, a)
    )
    assert slips > 0
    again = generate(COMMUNES, preferred_pilots=RECOGNISED + ["30007"] + list(LATER), recognised=RECOGNISED, later_recognised=LATER)
    assert again.met == history.met
