"""data/reporting_agencies.yaml: who owes the members' progress reports, and the criteria's lead
agencies that the seed's "các sở, ngành phụ trách tiêu chí" stands for, checked against their two
sources (the tasks and data/ntm_criteria.yaml)."""
import re

import pytest
import yaml

from config import DATA_DIR
from domain.tasks.catalog import CatalogError, load_agencies, load_catalog, load_tasks
from domain.tasks.reporting_agencies import CRITERIA_GROUP, derive_reporting, load_reporting

CATALOG = load_catalog()


def _criteria_departments() -> dict[int, str]:
    """Criterion number -> responsible department (the first one named) of the 2013 set."""
    doc = yaml.safe_load((DATA_DIR / "ntm_criteria.yaml").read_text(encoding="utf-8"))
    sets = doc["versions"]
    chosen = next(s for s in sets if s["id"] == "QD491-2009+QD342-2013")
    return {c["number"]: c["responsible_department"]["name_vi"] for c in chosen["criteria"]}


def test_the_list_is_what_its_two_sources_give():
    raw = load_agencies()  # as in agencies.yaml: the criteria group has no members of its own
    tasks, _ = load_tasks(agencies=raw)
    derived = derive_reporting(raw, tasks, CATALOG.criteria_leads)
    doc = yaml.safe_load((DATA_DIR / "reporting_agencies.yaml").read_text(encoding="utf-8"))
    listed = {a["key"]: set(a["because"]) for a in doc["agencies"]}
    assert listed == derived
    assert len(CATALOG.reporting) == 25
    assert {"so_gddt", "so_y_te"} <= set(CATALOG.reporting)
    assert listed["so_gddt"] == listed["so_y_te"] == {"criteria"}
    assert not set(CATALOG.reporting) & {"van_phong_dieu_phoi", "ubnd_tinh", "ubnd_cac_huyen", "nhcsxh"}


def test_criteria_leads_match_the_criteria_reference():
    names = _criteria_departments()
    assert sorted(CATALOG.criteria_leads) == list(range(1, 20)) == sorted(names)
    for number, key in CATALOG.criteria_leads.items():
        first = re.split(r" \(| / ", names[number])[0]
        agency = CATALOG.agency(key)
        # The criteria file spells some names differently ("Sở Công Thương", "Sở Lao động -
        # Thương binh và Xã hội"): compare letters only, case-insensitively.
        squash = lambda s: re.sub(r"[^\w]", "", s).lower()  # noqa: E731
        assert squash(first) == squash(agency.name_vi), (number, first, agency.name_vi)
    assert CATALOG.criteria_leads[5] == CATALOG.criteria_leads[14] == "so_gddt"
    assert CATALOG.criteria_leads[15] == "so_y_te"


def test_the_criteria_group_resolves_to_the_criteria_leads():
    members = CATALOG.agency(CRITERIA_GROUP).members
    assert set(members) == set(CATALOG.criteria_leads.values()) and len(members) == 13
    for key in ("so_gddt", "so_y_te", "cong_an_tinh"):
        ids = [t.id for t in CATALOG.tasks_for_agency(key, roles=("lead",))]
        assert {"2.2.7", "2.6.1", "2.7.3"} <= set(ids), key
    assert [t.id for t in CATALOG.tasks_for_agency("so_y_te")] == ["2.2.7", "2.6.1", "2.7.3"]


def test_a_wrong_list_is_refused():
    agencies = load_agencies()
    with pytest.raises(CatalogError, match="'so_zz' is not a single agency"):
        load_reporting({"criteria_leads": {}, "agencies": [{"key": "so_zz", "because": ["tasks"]}]}, agencies)
    with pytest.raises(CatalogError, match="criterion 5: unknown agency key 'so_gd'"):
        load_reporting({"criteria_leads": {5: "so_gd"}, "agencies": []}, agencies)
    with pytest.raises(CatalogError, match="'so_khdt' is listed twice"):
        load_reporting({"criteria_leads": {}, "agencies": [{"key": "so_khdt", "because": ["tasks"]}] * 2}, agencies)
    with pytest.raises(CatalogError, match="'because' must list"):
        load_reporting({"criteria_leads": {}, "agencies": [{"key": "so_khdt", "because": ["guess"]}]}, agencies)
