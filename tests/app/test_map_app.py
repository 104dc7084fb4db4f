"""The map page in AppTest: its filters from the URL, the table under the map against the database."""
import pytest
from streamlit.testing.v1 import AppTest

from data_access import queries
from data_access.db import get_engine, session_scope
from tests.support import open_page


@pytest.fixture(scope="module")
def db(sqlite_ready_url):
    with session_scope(get_engine(sqlite_ready_url)) as s:
        return {"status": queries.status(session=s), "communes": queries.communes(session=s), "groups": queries.groups(session=s)}


def open_map(params: dict) -> AppTest:
    return open_page("pages/map.py", params)


def table(at):
    return at.dataframe[0].value


def met_per_commune(db, period):
    rows = db["status"][db["status"]["period"] == period]
    return rows.groupby("commune_code")["met"].agg(["sum", "count"])


def test_a_district_and_a_criterion_by_number(app_env, db):
    at = open_map({"district": "886", "criterion": "19", "period": "2013-12"})
    assert not at.exception and not at.warning
    assert at.title[0].value == "Bản đồ"
    assert at.session_state["q_mode"] == "criterion"  # a link with only criterion= opens that view
    assert at.session_state["q_criterion"] == "security"  # written back as the key
    assert at.query_params["criterion"] == "security"
    df = table(at)
    units = db["communes"][db["communes"]["district_code"] == "886"]
    # the assessed communes first, the two towns (not assessed) after them
    expected = units.loc[units["assessed"], "code"].tolist() + units.loc[~units["assessed"], "code"].tolist()
    assert df["Mã xã"].tolist() == expected and len(df) == 14
    assert df["Loại"].tolist()[-2:] == ["thị trấn", "thị trấn"]
    per = met_per_commune(db, "2013-12")
    sec = db["status"][(db["status"]["period"] == "2013-12") & (db["status"]["criterion_key"] == "security")]
    sec = dict(zip(sec["commune_code"], sec["met"]))
    for row in df.to_dict("records"):
        code = row["Mã xã"]
        if code in per.index:
            assert row["Tiêu chí đạt"] == f"{per.at[code, 'sum']}/{per.at[code, 'count']}"
            assert row["Tiêu chí 19"] == ("Đạt" if sec[code] else "Chưa đạt")
        else:
            assert row["Tiêu chí đạt"] == row["Tiêu chí 19"] == "Không đánh giá"
    assert (df["Loại"] == "thị trấn").sum() == 2
    assert "Tiêu chí 19 (ANTT) · Huyện An Phú · 12/2013" in [h.value for h in at.subheader]


def test_criterion_by_key_gives_the_same_view(app_env):
    by_key = table(open_map({"district": "886", "criterion": "security", "period": "2013-12"}))
    by_number = table(open_map({"district": "886", "criterion": "19", "period": "2013-12"}))
    assert by_key.equals(by_number)


def test_change_mode_against_the_default_compare_month(app_env, db):
    at = open_map({"mode": "change", "period": "2013-12", "group": "pilot17", "lang": "en"})
    assert not at.exception
    assert at.session_state["q_compare"] == "2012-12"  # 12 months before the period
    df = table(at)
    assert sorted(df["Commune code"]) == sorted(db["groups"]["pilot17"])
    now, then = met_per_commune(db, "2013-12"), met_per_commune(db, "2012-12")
    for code, change in zip(df["Commune code"], df["Change since Dec 2012"]):
        diff = int(now.at[code, "sum"] - then.at[code, "sum"])
        assert change == (f"+{diff}" if diff > 0 else str(diff))
    assert set(df["Pilot"]) == {"Provincial pilot (17)"}


def test_compare_month_from_the_url_and_counts_mode(app_env, db):
    at = open_map({"mode": "count", "period": "2015-12", "compare": "2015-06", "district": "883"})
    assert not at.exception and not at.warning
    df = table(at)
    assert "Thay đổi so với 06/2015" in df.columns and "Tiêu chí 19" not in df.columns
    now, then = met_per_commune(db, "2015-12"), met_per_commune(db, "2015-06")
    xa = df[df["Loại"] == "xã"]
    assert len(xa) == 2 and len(df) == 13  # Long Xuyên: 11 phường and 2 xã
    for code, change in zip(xa["Mã xã"], xa["Thay đổi so với 06/2015"]):
        diff = int(now.at[code, "sum"] - then.at[code, "sum"])
        assert change == (f"+{diff}" if diff > 0 else str(diff))


def test_invalid_values_give_notices_and_defaults(app_env):
    at = open_map({"mode": "pie", "compare": "2099-01", "commune": "abc"})
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "“pie”" in warnings and "“2099-01”" in warnings and "“abc”" in warnings
    assert at.session_state["q_mode"] == "count"
    assert at.session_state["q_compare"] == "2014-12"
    at = open_map({"mode": "criterion", "criterion": "99"})
    assert "“99”" in " ".join(w.value for w in at.warning)
    assert at.session_state["q_criterion"] == "security"


def test_choosing_a_commune_in_the_list_offers_its_profile(app_env, db):
    at = open_map({"district": "886", "period": "2013-12"})
    at.selectbox(key="map_pick").select("30352").run()
    assert not at.exception
    panel = at.main.get_by_key("map-profile")  # beside the map, not below it
    text = " ".join(m.value for m in panel.markdown)
    rows = db["status"][(db["status"]["period"] == "2013-12") & (db["status"]["commune_code"] == "30352")]
    met, total = int(rows["met"].sum()), len(rows)
    assert "**Xã Phú Hữu** · An Phú" in text and f"Đạt {met}/{total} tiêu chí" in text
    unmet = rows.loc[~rows["met"].astype(bool)].sort_values("criterion_number")
    caption = panel.caption[0].value
    assert caption.startswith(f"Chưa đạt ({len(unmet)}): ")
    numbers = [part.split(".")[0] for part in caption.split(": ", 1)[1].split("; ")]
    assert numbers == [str(n) for n in unmet["criterion_number"]]
    links = [el.proto for el in at.main if getattr(el, "type", "") == "page_link"]
    assert [(p.page, p.label, p.query_string) for p in links] == [
        ("commune", "Xem hồ sơ Xã Phú Hữu", "commune=30352&period=2013-12")]
    assert at.query_params["commune"] == "30352"  # the selection is part of the link to this view


def test_commune_in_the_url_opens_the_panel_and_a_town_says_it_is_not_assessed(app_env):
    at = open_map({"commune": "30337", "period": "2013-12", "lang": "en"})  # thị trấn An Phú
    assert not at.exception
    panel = at.main.get_by_key("map-profile")
    assert "not assessed" in panel.info[0].value
    assert not [el for el in at.main if getattr(el, "type", "") == "page_link"]


def test_pilot_outlines_toggle_is_bound_to_the_url(app_env):
    at = open_map({"period": "2013-12"})
    assert not at.exception
    assert at.toggle(key="w_pilots").value is True and "pilots" not in at.query_params  # on by default
    legend = " ".join(h.value for h in at.html)
    assert 'data-testid="ntm-legend-item" data-key="pilot34_outline"' in legend
    assert "Viền tím: 34 xã được chọn làm điểm" in legend and "Viền tím đậm: 17 xã điểm của tỉnh (đăng ký với TW)" in legend
    at.toggle(key="w_pilots").set_value(False).run()
    assert at.session_state["q_pilots"] is False
    assert "Viền tím" not in " ".join(h.value for h in at.html)
    hidden = open_map({"period": "2013-12", "pilots": "0", "mode": "change"})
    assert not hidden.exception
    assert hidden.toggle(key="w_pilots").value is False and hidden.query_params["pilots"] == "0"
    assert "Viền tím" not in " ".join(h.value for h in hidden.html)
    bad = open_map({"pilots": "maybe"})
    assert "“maybe”" in " ".join(w.value for w in bad.warning) and bad.toggle(key="w_pilots").value is True
