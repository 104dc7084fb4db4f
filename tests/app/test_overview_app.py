"""The overview page in AppTest, with filters taken from the URL; figures checked against the database."""
from streamlit.testing.v1 import AppTest

from data_access import queries
from data_access.db import get_engine, session_scope

APP = "../../app.py"



def expected(url, period, district=None):
    with session_scope(get_engine(url)) as s:
        status = queries.status(session=s, periods=[period])
        communes = queries.communes(session=s).set_index("code")
    per = status.groupby("commune_code")["met"].agg(["sum", "count"])
    if district:
        per = per[per.index.map(communes["district_code"]) == district]
    return int((per["sum"] == per["count"]).sum()), len(per), per["sum"].mean()


def run(params: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def test_default_view_is_the_latest_month_in_vietnamese(app_env):
    at = run({})
    assert not at.exception
    assert at.title[0].value == "Tổng quan"
    standard, n, avg = expected(app_env, "2015-12")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Xã đạt chuẩn NTM"] == f"{standard}/{n}" == "13/119"
    assert metrics["Bình quân tiêu chí/xã"] == f"{avg:.2f}".replace(".", ",")
    assert at.session_state["q_period"] == "2015-12"
    assert any("Dữ liệu mẫu" in m.value for m in at.main.markdown)


def test_filters_from_the_url_in_english(app_env):
    at = run({"district": "883", "period": "2013-12", "lang": "en"})
    assert not at.exception
    assert at.title[0].value == "Overview"
    standard, n, avg = expected(app_env, "2013-12", "883")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Communes at the NTM standard"] == f"{standard}/{n}"
    assert n == 2  # Long Xuyên has two xã
    assert metrics["Average criteria per commune"] == f"{avg:.2f}"
    assert at.session_state["q_district"] == "883"
    table = at.main.get_by_key("districts").table[0].value
    assert list(table.index) == ["Long Xuyên", "Total"]


def test_invalid_parameters_give_a_notice_and_the_defaults(app_env):
    at = run({"period": "2099-13", "district": "abc", "group": "nope"})
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("2099-13" in w and "period" in w for w in warnings)
    assert any("“abc”" in w for w in warnings)
    assert any("“nope”" in w for w in warnings)
    assert at.session_state["q_period"] == "2015-12"
    assert at.session_state["q_district"] == ""


def test_changing_a_filter_changes_the_figures(app_env):
    at = run({"period": "2013-12"})
    at.sidebar.selectbox(key="w_group").select("pilot17").run()
    assert at.session_state["q_group"] == "pilot17"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Xã đạt chuẩn NTM"].endswith("/17")


def test_the_figures_as_tables_first_and_the_charts_on_request(app_env):
    """The first screen draws no chart: communes by band (this month, last month, change) and by
    district; the charts are one choice away and named in the link."""
    at = run({"period": "2013-12"})
    assert not at.exception
    assert "plotly_chart" not in [e.type for e in at.main]
    now, before = expected_bands(app_env, "2013-12"), expected_bands(app_env, "2013-11")
    bands = at.main.get_by_key("distribution").table[0].value
    assert list(bands.columns) == ["Dưới 5 tiêu chí", "5–9 tiêu chí", "10–14 tiêu chí", "15–16 tiêu chí",
                                   "17–18 tiêu chí", "Đạt chuẩn (19/19)"]
    assert list(bands.loc["12/2013"]) == [str(n) for n in now]
    assert list(bands.loc["11/2013"]) == [str(n) for n in before]
    assert list(bands.loc["Tăng, giảm"]) == [f"{a - b:+d}" if a != b else "0" for a, b in zip(now, before)]
    assert sum(now) == 119
    assert len(at.main.get_by_key("districts").table[0].value) == 12
    choice = at.segmented_control(key="w_view")
    assert choice.options == ["Bảng số liệu", "Biểu đồ"] and "view" not in at.query_params
    choice.set_value("charts").run()
    assert not at.exception and at.query_params["view"] == "charts"
    assert [e.type for e in at.main].count("plotly_chart") == 2 and "table" not in [e.type for e in at.main]


def expected_bands(url, period):
    """Communes per band (below 5, 5–9, 10–14, 15–16, 17–18, all 19), counted from the rows."""
    with session_scope(get_engine(url)) as s:
        status = queries.status(session=s, periods=[period])
    per = status.groupby("commune_code")["met"].agg(["sum", "count"])
    full = per["sum"] == per["count"]
    met = per.loc[~full, "sum"]
    return [int((met < 5).sum()), int(met.between(5, 9).sum()), int(met.between(10, 14).sum()),
            int(met.between(15, 16).sum()), int((met >= 17).sum()), int(full.sum())]


def _share_box(at) -> tuple[str, str]:
    """(the link in the sidebar's box, the box's text without tags)."""
    import html
    import re

    box = next(h.value for h in at.sidebar.html if 'data-testid="ntm-share"' in h.value)
    link = html.unescape(re.search(r'<input id="ntm-share-link"[^>]* value="([^"]*)"', box).group(1))
    text = re.sub(r"<style>.*?</style>|<script>.*?</script>|<[^>]+>", " ", box, flags=re.S)
    return link, " ".join(html.unescape(text).split())


def test_the_sidebar_gives_the_link_of_this_view_to_copy(app_env):
    """The link box holds this page's address with every filter, in a box with a copy button, no
    code block (st.code makes every tab load a 1.5 MB highlighter)."""
    at = run({"period": "2013-12", "district": "886"})
    link, text = _share_box(at)
    assert link.endswith("/?period=2013-12&district=886") and "&amp;" not in link
    assert text == "Liên kết của màn hình này Sao chép"
    assert not at.sidebar.code
    at = run({"period": "2013-12", "lang": "en", "group": "pilot17"})
    link, text = _share_box(at)
    assert link.endswith("/?period=2013-12&lang=en&group=pilot17") and text == "Link to this view Copy"
