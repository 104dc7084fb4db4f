"""The "Tạo báo cáo" section of /tasks in AppTest: the periods offered, the period from the URL,
the two download buttons, the preview's figures against the database, the free text kept per
period, and English."""
import re
from datetime import date

from streamlit.testing.v1 import AppTest

from data_access import queries
from data_access.db import get_engine, session_scope
from data_access.tasks import queries as tq
from tests.support import open_page


def run(params: dict) -> AppTest:
    return open_page("pages/tasks.py", params)


def downloads(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_the_section_offers_the_ended_periods_and_both_files(app_env):
    at = run({"view": "report"})
    assert not at.exception
    assert "Tạo báo cáo" in [h.value for h in at.header]
    box = at.selectbox(key="w_report")
    # The page's day is 10/01/2014 (the sample's last day): every period of 2013 from the programme's
    # issue (05/06/2013) has ended; at the end of December the yearly report comes first.
    assert box.options == ["Năm 2013", "6 tháng cuối năm 2013", "Quý IV năm 2013", "Quý III năm 2013",
                           "6 tháng đầu năm 2013", "Quý II năm 2013"]
    assert box.value == "2013"
    assert {"Tải báo cáo (Word)", "Tải phụ lục (Excel)"} <= set(downloads(at))
    assert [t.label for t in at.text_area] == ["III. Đề xuất, kiến nghị", "Nhiệm vụ trọng tâm kỳ tới (năm 2014)"]


def test_the_period_from_the_url_and_the_preview_figures(app_env):
    at = run({"report": "2013-Q3"})
    assert not at.exception
    assert at.session_state["q_report"] == "2013-Q3"
    with session_scope(get_engine(app_env)) as s:
        board = tq.board(session=s, as_of=date(2013, 9, 30))
        status = queries.status(session=s, periods=["2013-09"], asof=tq.end_of_day(date(2013, 9, 30)))
    # overdue on 30/09: due before that day (the report's rule is the tasks page's)
    late = board[board["due_date"].map(lambda d: d is not None and d < date(2013, 9, 30)) & (board["status"] != "done")]
    preview = next(e for e in at.expander if e.label == "Xem trước nội dung báo cáo")
    tables = [t.value for t in preview.table]
    not_done = next(t for t in tables if t.index.name == "Nhiệm vụ" and "Nguyên nhân" in t.columns)
    ids = {m.group(1) for m in (re.match(r"^(\d+\.\d+\.\d+)\. ", i) for i in not_done.index) if m}
    assert ids == set(late["id"]) == {"2.1.1", "2.7.2"}  # 2.1.5 waits for its document
    assert set(not_done["Nguyên nhân"]) >= set(late["reason"])
    counts = next(t for t in tables if t.index.name == "Nội dung")
    per = status.groupby("commune_code")["met"].sum()
    assert counts.loc["Số xã có số liệu đánh giá", "Cuối tháng 9/2013"] == str(len(per))
    assert counts.loc["Tổng số tiêu chí đạt của các xã", "Cuối tháng 9/2013"] == str(int(per.sum()))


def test_free_text_is_kept_per_period(app_env):
    at = run({"report": "2013-Q3"})
    at.text_area(key="w_report_proposals_2013-Q3").input("Đề nghị bổ sung vốn cho 17 xã điểm.").run()
    at.selectbox(key="w_report").select("2013-H1").run()
    assert not at.exception
    assert [t.value for t in at.text_area] == ["", ""]
    at.selectbox(key="w_report").select("2013-Q3").run()
    assert at.text_area(key="w_report_proposals_2013-Q3").value == "Đề nghị bổ sung vốn cho 17 xã điểm."
    preview = next(e for e in at.expander if e.label == "Xem trước nội dung báo cáo")
    assert "Đề nghị bổ sung vốn cho 17 xã điểm." in [c.value for c in preview.caption]


def test_english_and_an_invalid_period(app_env):
    at = run({"report": "2013-Q9", "lang": "en", "asof": "2013-09-30"})
    assert not at.exception
    assert "Create a report" in [h.value for h in at.header]
    assert at.selectbox(key="w_report").options == ["Q3 2013", "First half of 2013", "Q2 2013"]
    assert at.selectbox(key="w_report").value == "2013-Q3"
    assert any("2013-Q9" in w.value for w in at.warning)
    assert {"Download the report (Word)", "Download the annex (Excel)"} <= set(downloads(at))
    preview = next(e for e in at.expander if e.label == "Preview of the report")  # the report in English too
    shown = [m.value for m in preview.markdown]
    assert shown[0].startswith("**REPORT** · Results of the 2013 work programme and of new rural development, Q3 2013")
    assert "**I. RESULTS AGAINST THE NEW RURAL CRITERIA**" in shown
