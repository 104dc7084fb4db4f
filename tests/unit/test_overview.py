"""Overview figures on a hand-built history (exact counts)."""
import pandas as pd
import pytest

from domain.overview import by_district, commune_counts, distribution, headline, previous_period, scope_codes


def status_rows(spec: dict[tuple[str, str], int], total: int = 19) -> pd.DataFrame:
    rows = []
    for (code, period), met in spec.items():
        for n in range(1, total + 1):
            rows.append({"commune_code": code, "period": period, "criterion_key": f"c{n}", "criterion_number": n,
                         "set_id": "S", "met": n <= met})
    return pd.DataFrame(rows)


COMMUNES = pd.DataFrame([
    {"code": "A1", "name": "A1", "district_code": "D1", "district_name": "Một", "assessed": True},
    {"code": "A2", "name": "A2", "district_code": "D1", "district_name": "Một", "assessed": True},
    {"code": "B1", "name": "B1", "district_code": "D2", "district_name": "Hai", "assessed": True},
    {"code": "P1", "name": "P1", "district_code": "D2", "district_name": "Hai", "assessed": False},
])


@pytest.fixture
def counts():
    return commune_counts(status_rows({
        ("A1", "2013-11"): 18, ("A1", "2013-12"): 19,
        ("A2", "2013-11"): 4, ("A2", "2013-12"): 5,
        ("B1", "2013-11"): 16, ("B1", "2013-12"): 15,  # slips back
    }))


def test_counts_per_commune_month(counts):
    row = counts[(counts.commune_code == "A1") & (counts.period == "2013-12")].iloc[0]
    assert (row.criteria_met, row.criteria_total) == (19, 19)


def test_scope_by_district_and_group():
    groups = {"pilot17": frozenset({"A1", "B1"})}
    assert scope_codes(COMMUNES, groups, district=None, group="all") == ["A1", "A2", "B1"]
    assert scope_codes(COMMUNES, groups, district="D2", group=None) == ["B1"]
    assert scope_codes(COMMUNES, groups, district="D1", group="pilot17") == ["A1"]


def test_headline_and_change(counts):
    h = headline(counts, ["A1", "A2", "B1"], period="2013-12", prev="2013-11")
    assert (h.communes, h.standard, h.criteria_total) == (3, 1, 19)
    assert h.standard_share == pytest.approx(100 / 3)
    assert h.average_met == pytest.approx(13.0)
    assert h.standard_change == 1
    assert h.average_change == pytest.approx(13.0 - 38 / 3)


def test_distribution_over_bands(counts):
    d = distribution(counts, ["A1", "A2", "B1"], period="2013-12", prev="2013-11").set_index("band")
    assert d.loc["standard", "communes"] == 1
    assert d.loc["5-9", "communes"] == 1
    assert d.loc["15-16", "communes"] == 1
    assert d.loc["lt5", "communes"] == 0 and d.loc["lt5", "previous"] == 1 and d.loc["lt5", "change"] == -1
    assert d["communes"].sum() == 3


def test_by_district_with_total(counts):
    t = by_district(counts, COMMUNES, codes=["A1", "A2", "B1"], period="2013-12", prev="2013-11").set_index("district_code")
    assert t.loc["D1", "communes"] == 2 and t.loc["D1", "standard"] == 1
    assert t.loc["D1", "average_met"] == pytest.approx(12.0)
    assert t.loc["D2", "average_change"] == pytest.approx(-1.0)
    assert t.loc["", "communes"] == 3 and t.loc["", "standard"] == 1


def test_previous_period_skips_months_without_data():
    assert previous_period(["2013-10", "2013-12"], "2013-12") == "2013-10"
    assert previous_period(["2013-12"], "2013-12") is None
