"""The commune profile in AppTest: a known xã against the database, unknown and urban codes, search."""
import pytest
from streamlit.testing.v1 import AppTest

from data_access import queries
from data_access.db import get_engine, session_scope
from tests.support import open_page


@pytest.fixture(scope="module")
def db(sqlite_ready_url):
    with session_scope(get_engine(sqlite_ready_url)) as s:
        return {"status": queries.status(session=s), "criteria": queries.criteria(session=s),
                "indicators": queries.indicators(session=s), "groups": queries.groups(session=s)}


def open_profile(params: dict) -> AppTest:
    return open_page("pages/commune.py", params)


def test_a_known_commune_against_the_database(app_env, db):
    at = open_profile({"commune": "30340", "period": "2013-12"})
    assert not at.exception and not at.warning
    assert at.header[0].value == "Xã Khánh An"
    month = db["status"][(db["status"]["period"] == "2013-12") & (db["status"]["commune_code"] == "30340")]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Tiêu chí đạt, 12/2013"] == f"{int(month['met'].sum())}/{len(month)}"
    assert "30340" in db["groups"]["pilot34"]
    assert metrics["Xếp hạng trong 34 xã được chọn làm điểm"].endswith("/34")

    criteria = at.table[0].value
    set_id = month["set_id"].iloc[0]
    expected = db["criteria"][db["criteria"]["set_id"] == set_id].sort_values("number")
    assert list(criteria.index) == [str(n) for n in expected["number"]]
    met = dict(zip(month["criterion_key"], month["met"]))
    assert criteria["Kết quả"].tolist() == ["Đạt" if met[k] else "Chưa đạt" for k in expected["key"]]
    assert set(criteria["Người cập nhật"]) == {"dữ liệu mẫu"}

    indicators = at.table[1].value
    rows = db["indicators"][db["indicators"]["set_id"] == set_id]
    assert len(indicators) == len(rows)
    assert set(indicators["Giá trị của xã"]) == {"chưa có số liệu"}  # no indicator values in the sample
    provisional = indicators["Yêu cầu"].str.endswith("(tạm tính)")
    assert provisional.sum() == int((~rows["verified"].astype(bool)).sum())
    assert at.query_params["commune"] == "30340"


def test_reached_the_standard_in_english(app_env, db):
    month = db["status"][db["status"]["period"] == "2015-12"]
    counts = month.groupby("commune_code")["met"].agg(["sum", "count"])
    standard = counts[counts["sum"] == counts["count"]].index[0]
    at = open_profile({"commune": standard, "lang": "en"})
    assert not at.exception
    value = {m.label: m.value for m in at.metric}["New rural standard"]
    history = db["status"][db["status"]["commune_code"] == standard].groupby("period")["met"].all()
    since = "2015-12"
    for period in sorted(history.index, reverse=True):
        if not history[period]:
            break
        since = period
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert value == f"Met since {months[int(since[5:]) - 1]} {since[:4]}"


def test_unknown_code_gives_a_notice_and_a_search(app_env):
    at = open_profile({"commune": "99999"})
    assert not at.exception
    assert any("“99999”" in w.value for w in at.warning)
    assert not at.header  # no profile drawn
    at.text_input(key="commune_search").input("vinh hoa").run()
    assert not at.exception
    assert at.selectbox(key="commune_pick").options[0] == "Vĩnh Hòa (Tân Châu)"


def test_a_ward_is_not_assessed(app_env):
    at = open_profile({"commune": "30280", "lang": "en"})
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    assert "Mỹ Bình ward" in warning and "not assessed" in warning
    assert not at.header


def test_picking_a_commune_from_the_search_opens_it(app_env):
    at = open_profile({"commune": "99999"})
    at.text_input(key="commune_search").input("Mỹ Hoà Hưng").run()  # the other tone placement finds it too
    at.selectbox(key="commune_pick").select("30313").run()
    assert not at.exception
    assert at.header[0].value == "Xã Mỹ Hòa Hưng"  # one orthography (data/an_giang_2013.yaml)


def test_the_history_heatmap_sends_its_sentence_once_and_a_state_per_cell(app_env, db):
    import json

    at = open_profile({"commune": "30340", "period": "2013-12"})
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    heat = spec["data"][0]
    assert heat["hovertemplate"] == "%{y}<br>%{x}: %{customdata}<extra></extra>" and "text" not in heat
    history = db["status"][db["status"]["commune_code"] == "30340"]
    months = sorted(p for p in history["period"].unique() if p <= "2013-12")
    assert heat["x"] == [f"{p[5:]}/{p[:4]}" for p in months]
    states = {"Đạt", "Chưa đạt", "Chưa có số liệu"}
    assert all(len(row) == len(months) and set(row) <= states for row in heat["customdata"])
    met_cells = sum(row.count("Đạt") for row in heat["customdata"])
    assert met_cells == int(history[history["period"] <= "2013-12"]["met"].sum())
