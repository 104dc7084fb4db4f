"""The progress page in AppTest: target cards against domain.evaluate on the same database, forecasts
before the deadlines, English, the target filter and the pilot ranking counted directly."""
import pytest
from streamlit.testing.v1 import AppTest

from data_access import queries
from data_access.db import get_engine, session_scope
from domain import target_wording as words
from domain.target_readings import alternatives, chosen_targets, target_readings
from domain.targets import Target, evaluate
from tests.support import open_page

VERDICT_VI = {"met": "đạt", "not_met": "chưa đạt", "on_track": "chưa đến hạn — dự báo đạt",
              "off_track": "chưa đến hạn — dự báo chưa đạt"}



@pytest.fixture(scope="module")
def db(sqlite_ready_url):
    with session_scope(get_engine(sqlite_ready_url)) as s:
        return {"status": queries.status(session=s), "groups": queries.groups(session=s), "communes": queries.communes(session=s),
                "targets": chosen_targets(Target.from_mapping(r) for r in queries.targets(session=s).to_dict("records")),
                "all_targets": [Target.from_mapping(r) for r in queries.targets(session=s).to_dict("records")]}


def run(params: dict) -> AppTest:
    return open_page("pages/progress.py", params)


def vi_number(value: float, decimals: int = 0) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def expected_value(target: Target, ev) -> str:
    if target.denominator:
        return f"{ev.value.count}/{target.denominator}"
    return vi_number(ev.value.share, 2) + "%" if target.by_percent else str(ev.value.count)


def card_figures(block) -> tuple[list[str], str]:
    return [m.value for m in block.metric], " ".join(m.value for m in block.markdown)


def test_cards_for_december_2013_equal_evaluate(app_env, db):
    at = run({"period": "2013-12"})
    assert not at.exception
    assert at.title[0].value == "Tiến độ thực hiện mục tiêu"
    targets = db["targets"]
    assert len(targets) == 7  # the chosen reading's six and the pilots' 2015 target (§2.6)
    for t in targets:
        readings = target_readings(t, targets=targets)
        parts = [(f"reading-{t.key}-{name}", r) for name, r in readings.items()] if len(readings) > 1 \
            else [(f"card-{t.key}", t)]
        for key, r in parts:
            ev = evaluate(r, db["status"], groups=db["groups"], period="2013-12")
            values, text = card_figures(at.main.get_by_key(key))
            assert values[0] == expected_value(r, ev), key
            assert values[2] == str(ev.gap_communes), key
            assert "**Hiện nay (12/2013): " in text, key
            assert f"Đến 31/12/2013: {VERDICT_VI[ev.status]}" in text or t.deadline.year == 2015, key
        card = at.main.get_by_key(f"card-{t.key}")
        assert t.wording_vi in " ".join(m.value for m in card.markdown)
    # the 2015 target keeps the seed's 17/120 (14,16%) and shows the communes actually assessed
    card = at.main.get_by_key("card-t2015_standard")
    assert [m.value for m in card.metric][1] == "≥ 17/120"
    captions = " ".join(c.value for c in card.caption)
    assert "14,16%" in captions and "0/119 xã có số liệu" in captions
    # both readings of "13 xã đạt 15 tiêu chí": at least 15 counts the communes at 17 too
    at_least = at.main.get_by_key("reading-t2013_min15-at_least").metric[0].value
    band = at.main.get_by_key("reading-t2013_min15-band").metric[0].value
    month = db["status"][db["status"]["period"] == "2013-12"].groupby("commune_code")["met"].sum()
    assert (at_least, band) == (str(int((month >= 15).sum())), str(int(month.between(15, 16).sum())))


def test_december_2015_states_now_and_the_2013_verdict_apart(app_env, db):
    """At 12/2015 a 2013 target shows the month's figure and the deadline's verdict as two facts, and
    the forecast line says why there is none (the deadline has passed)."""
    at = run({"period": "2015-12"})
    assert not at.exception
    by_key = {t.key: t for t in db["targets"]}
    below = by_key["t2013_none_below5"]
    ev = evaluate(below, db["status"], groups=db["groups"], period="2015-12")
    _, text = card_figures(at.main.get_by_key("card-t2013_none_below5"))
    situation, verdict = words.situation(ev), words.verdict(ev)
    count = ev.value.count
    assert f"**Hiện nay (12/2015): {count} xã dưới 5 tiêu chí" in text
    if count == 0:  # the sample history: none below 5 in 2015, so "0 ≤ 0" reads "đạt" now
        assert situation.key == "target.now.below.met" and "0 xã dưới 5 tiêu chí — đạt" in text
    dv = ev.deadline_value
    word = "đạt" if ev.status == "met" else "chưa đạt"
    assert f"Đến 31/12/2013: {word} (tháng 12/2013: {dv.count} xã dưới 5 tiêu chí)" in text
    assert verdict.key == f"target.by.{ev.status}_at"
    assert "Không dự báo: đã qua thời hạn 31/12/2013" in text
    reading = target_readings(by_key["t2013_min15"], targets=db["targets"])["at_least"]
    ev = evaluate(reading, db["status"], groups=db["groups"], period="2015-12")
    _, text = card_figures(at.main.get_by_key("reading-t2013_min15-at_least"))
    over = ev.value.count - 13
    assert over > 0 and f"**Hiện nay (12/2015): {ev.value.count} xã, vượt {over}**" in text
    # the 2015 target in its own deadline month: the forecast line says why there is none
    std = evaluate(by_key["t2015_standard"], db["status"], groups=db["groups"], period="2015-12")
    card = " ".join(m.value for m in at.main.get_by_key("card-t2015_standard").markdown)
    assert "Không dự báo: tháng đang xem là tháng của thời hạn 31/12/2015" in card
    assert std.status in ("met", "not_met")


def test_june_2013_forecasts_end_2013_and_end_2015(app_env, db):
    at = run({"period": "2013-06"})
    assert not at.exception
    for t in db["targets"]:
        ev = evaluate(t, db["status"], groups=db["groups"], period="2013-06")
        assert ev.forecast is not None and not ev.forecast.is_actual
        _, text = card_figures(at.main.get_by_key(f"card-{t.key}"))
        deadline = f"{t.deadline.month:02d}/{t.deadline.year}"
        assert f"Dự báo đến {deadline}" in text, t.key
        fc = ev.forecast.expected
        expected = vi_number(fc, 2) + "%" if t.by_percent else f"{round(fc)} xã"
        assert f"**{expected}**" in text, t.key
    method = " ".join(m.value for m in at.main.expander[0].markdown)
    assert "Ngoại suy tuyến tính" in method and "chưa đến hạn" in method


def test_english_view(app_env, db):
    at = run({"period": "2013-06", "lang": "en"})
    assert not at.exception
    assert at.title[0].value == "Progress against targets"
    card = at.main.get_by_key("card-t2015_standard")
    values, text = card_figures(card)
    assert card.metric[0].label == "Communes, Jun 2013"
    assert "By the end of 2015, 17 of 120 communes meet the NTM standard" in text
    assert "Forecast for Dec 2015" in text
    sec = at.main.get_by_key("card-t2013_security_all")
    target = next(t for t in db["targets"] if t.key == "t2013_security_all")
    ev = evaluate(target, db["status"], groups=db["groups"], period="2013-06")
    assert sec.metric[0].value == f"{ev.value.share:.2f}%" and sec.metric[1].value == "> 70%"


def test_invalid_target_gives_a_notice_and_all_targets(app_env):
    at = run({"period": "2013-12", "target": "t2099"})
    assert not at.exception
    assert any("“t2099”" in w.value and "target" in w.value for w in at.warning)
    assert at.session_state["q_target"] == ""
    at.main.get_by_key("trend-t2013_min17")  # every target's chart is drawn


def test_target_parameter_focuses_the_charts(app_env):
    at = run({"period": "2013-06", "target": "t2015_standard"})
    assert not at.exception and not at.warning
    assert at.session_state["q_target"] == "t2015_standard"
    at.main.get_by_key("trend-t2015_standard")
    with pytest.raises(KeyError):
        at.main.get_by_key("trend-t2013_min17")


def test_pilot_ranking_counted_directly(app_env, db):
    at = run({"period": "2013-12", "group": "pilot34", "view": "ranking"})
    assert not at.exception
    status = db["status"]
    pilots = db["groups"]["pilot34"]
    month = status[(status["period"] == "2013-12") & status["commune_code"].isin(pilots)]
    met = month.groupby("commune_code")["met"].sum().astype(int)
    table = at.table[-1].value
    assert len(table) == 34
    assert list(table["Mã xã"]) == sorted(met.index, key=lambda c: (-met[c], c))
    assert [int(v.split("/")[0]) for v in table["Số tiêu chí đạt"]] == sorted(met, reverse=True)
    ranks = [int(r) for r in table["Hạng"]]
    assert ranks == [1 + int((met > met[c]).sum()) for c in table["Mã xã"]]


def test_the_other_reading_is_shown_under_its_card(app_env, db):
    at = run({"period": "2013-12"})
    assert not at.exception
    every = {t.key: t for t in db["all_targets"]}
    for key in ("t2013_min17", "t2013_min15"):
        (other,) = alternatives(every[key], every.values())
        ev = evaluate(other, db["status"], groups=db["groups"], period="2013-12")
        line = " ".join(c.value for c in at.main.get_by_key(f"card-{key}").caption)
        assert "Đang tính theo cách hiểu: tính trên toàn bộ các xã" in line
        assert f"Cách hiểu khác (tính trên 17 xã điểm của tỉnh): {other.wording_vi}" in line
        assert f"hiện nay (12/2013): {ev.value.count} xã" in line and "đến 31/12/2013: chưa đạt" in line
        assert "Văn bản: “Phần đầu đến cuối năm 2013 có 4 xã đạt 17 tiêu chí" in line
    card = at.main.get_by_key("card-t2015_pilots17_standard")
    assert "17 xã đăng ký với Trung ương phấn đấu đến năm 2015 đạt chuẩn xã NTM" in card.markdown[0].value
    assert [m.value for m in card.metric][:2] == ["0", "≥ 17"]


def element_types(at) -> list[str]:
    return [e.type for e in at.main]


def test_the_first_screen_is_the_cards_and_each_section_is_one_choice_away(app_env, db):
    """Only the cards are drawn at first (no chart, no table); choosing a section draws it alone,
    names it in the link, and the default section leaves the link again."""
    at = run({"period": "2013-12"})
    assert not at.exception
    choice = at.segmented_control(key="w_view")
    assert choice.value == "targets" and choice.label == "Xem"
    assert choice.options == ["Mục tiêu", "Diễn biến và dự báo", "Phân bố xã, tiêu chí an ninh", "Mức đạt từng tiêu chí",
                              "Theo huyện", "Xếp hạng xã điểm"]
    assert "plotly_chart" not in element_types(at) and "table" not in element_types(at)
    assert len(at.main.metric) == 3 * 8  # 7 cards, one of them read two ways
    assert "view" not in at.query_params
    choice.set_value("districts").run()
    assert not at.exception and at.session_state["q_view"] == "districts" and at.query_params["view"] == "districts"
    with pytest.raises(KeyError):
        at.main.get_by_key("card-t2013_min17")
    table = at.table[0].value
    month = db["status"][db["status"]["period"] == "2013-12"].groupby("commune_code")["met"].sum()
    province = table.loc["Toàn tỉnh"]
    assert province["Số xã"] == str(len(month)) == "119"
    assert province["Xã từ 17 TC"] == str(int((month >= 17).sum()))
    assert province["Xã 15–16 TC"] == str(int(month.between(15, 16).sum()))
    assert len(table) == 12  # 11 districts and the province
    at.segmented_control(key="w_view").set_value("targets").run()
    assert "view" not in at.query_params and at.main.get_by_key("card-t2013_min17")


@pytest.mark.parametrize("view,element", [("trends", "trend-t2013_min17"), ("bands", "share-security")])
def test_each_chart_section_draws_its_charts(app_env, view, element):
    at = run({"period": "2013-12", "view": view})
    assert not at.exception and at.session_state["q_view"] == view
    at.main.get_by_key(element)
    charts = element_types(at).count("plotly_chart")
    assert charts == (7 if view == "trends" else 2)


def test_the_criteria_section_ranks_the_criteria(app_env, db):
    import base64
    import json

    import numpy as np

    at = run({"period": "2013-12", "view": "criteria"})
    assert not at.exception and element_types(at).count("plotly_chart") == 1
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    shown = np.frombuffer(base64.b64decode(bars["x"]["bdata"]), dtype=bars["x"]["dtype"])
    month = db["status"][db["status"]["period"] == "2013-12"]
    share = (month.groupby("criterion_key")["met"].mean() * 100).sort_values(kind="stable")
    assert list(shown) == pytest.approx(list(share))  # lowest first, every criterion
    numbers = month.groupby("criterion_key")["criterion_number"].min()
    assert bars["y"][0].startswith(f"TC{numbers[share.index[0]]}. ")


def test_an_invalid_section_gives_a_notice_and_the_cards(app_env):
    at = run({"period": "2013-12", "view": "graphs"})
    assert not at.exception
    assert any("“graphs”" in w.value and "view" in w.value for w in at.warning)
    assert at.session_state["q_view"] == "targets"
    at.main.get_by_key("card-t2013_min17")


def test_a_link_naming_a_target_opens_the_trends_and_leaving_them_drops_it_from_the_link(app_env):
    at = run({"period": "2013-06", "target": "t2015_standard"})
    assert at.session_state["q_view"] == "trends" and at.query_params["view"] == "trends"
    at.main.get_by_key("trend-t2015_standard")
    at.segmented_control(key="w_view").set_value("ranking").run()
    assert not at.exception
    assert "target" not in at.query_params and at.query_params["view"] == "ranking"
    at.segmented_control(key="w_view").set_value("trends").run()  # the session still has the target
    assert at.query_params["target"] == "t2015_standard"
    with pytest.raises(KeyError):
        at.main.get_by_key("trend-t2013_min17")
