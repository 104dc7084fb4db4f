"""reports/tasks.py: each task's category at the end of a report period, the summaries by
section and lead agency, the members' report counts, the short wording of a task."""
from datetime import date

import pandas as pd

from reports import tasks as rt

START, END = date(2013, 7, 1), date(2013, 9, 30)


def board(*rows):
    cols = ["id", "position", "section", "section_title_vi", "lead_key", "co_leads", "status", "done_date",
            "due_date", "deadline_kind", "reason"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


BOARD = board(
    ("2.1.1", 1, "2.1", "Văn bản", "vpdp", (), "in_progress", None, date(2013, 7, 31), "month", "Chờ ý kiến"),
    ("2.1.2", 2, "2.1", "Văn bản", "vpdp", (), "done", date(2013, 6, 27), date(2013, 6, 30), "month", None),
    ("2.1.4", 3, "2.1", "Văn bản", "so_xd", (), "done", date(2013, 8, 6), date(2013, 6, 15), "date", None),
    ("2.1.6", 4, "2.1", "Văn bản", "cuc_tk", (), "in_progress", None, date(2013, 12, 31), "quarter", None),
    ("2.1.3", 5, "2.1", "Văn bản", "vpdp", (), "not_started", None, None, "after_event", None),
    ("2.2.1", 6, "2.2", "Tuyên truyền", "dai", ("bao",), "in_progress", None, None, "ongoing", None),
    ("2.7.1", 7, "2.7", "Hội nghị", "ubnd", (), "not_done", None, date(2013, 9, 20), "date", " "),
    ("2.7.5", 8, "2.7", "Hội nghị", "bcd", (), "in_progress", None, None, "recurring", None),
    ("2.7.2", 9, "2.7", "Hội nghị", "ubnd", (), "in_progress", None, date(2013, 9, 30), "month", None),
)


def test_categories_at_the_period_end():
    got = dict(zip(BOARD["id"], rt.classify(BOARD, START, END)["category"]))
    assert got == {"2.1.1": "not_done", "2.1.2": "done_before", "2.1.4": "done_in_period", "2.1.6": "not_due",
                   "2.1.3": "not_due", "2.2.1": "regular", "2.7.1": "not_done", "2.7.5": "regular",
                   "2.7.2": "not_due"}  # due on the period's last day: not overdue on that day


def test_days_late_and_finished_late():
    c = rt.classify(BOARD, START, END).set_index("id")
    assert c.loc["2.1.1", "days_late"] == 61  # due 31/07, still open on 30/09
    assert c.loc["2.7.1", "days_late"] == 10  # due 20/09, still open on 30/09
    assert c.loc["2.7.2", "days_late"] == 0  # due on the period's last day itself: not late
    assert c.loc["2.1.4", "finished_late_days"] == 52  # due 15/06, done 06/08


def test_a_task_done_after_the_period_is_not_done_at_its_end():
    late = board(("2.1.1", 1, "2.1", "Văn bản", "vpdp", (), "done", date(2013, 10, 15), date(2013, 7, 31),
                  "month", None))
    assert rt.classify(late, START, END)["category"].tolist() == ["not_done"]


def test_by_section_counts_every_category():
    s = rt.by_section(rt.classify(BOARD, START, END)).set_index("section")
    assert s.loc["2.1", ["tasks", "done_in_period", "done_before", "not_done", "not_due", "regular"]].tolist() == [
        5, 1, 1, 1, 2, 0]
    assert s.loc["2.7", ["not_done", "not_due", "regular"]].tolist() == [1, 1, 1]
    assert list(s.index) == ["2.1", "2.2", "2.7"]


def test_by_lead_counts_co_leads_and_missing_reasons():
    leads = rt.by_lead(rt.classify(BOARD, START, END), ["so_xd", "vpdp", "ubnd", "dai", "bao"]).set_index("agency_key")
    assert leads.loc["vpdp", ["tasks", "done_in_period", "not_done", "not_done_no_reason"]].tolist() == [3, 0, 1, 0]
    assert leads.loc["ubnd", "not_done_no_reason"] == 1  # a blank reason is no reason
    assert leads.loc["bao", "tasks"] == 1  # co-lead
    assert list(leads.index[:3]) == ["so_xd", "vpdp", "ubnd"]


def test_not_done_grouped_by_section_then_lead_agency():
    c = rt.classify(BOARD, START, END)
    assert rt.not_done(c, ["ubnd", "vpdp"])["id"].tolist() == ["2.1.1", "2.7.1"]
    assert rt.due_within(c, date(2013, 10, 1), date(2013, 12, 31))["id"].tolist() == ["2.1.6"]
    # the report lists what falls due from its last day on (report_content: period.end … next period)
    assert rt.due_within(c, END, date(2013, 12, 31))["id"].tolist() == ["2.7.2", "2.1.6"]


def test_report_counts_leave_out_reports_not_yet_due():
    cells = pd.DataFrame({"agency_key": ["a", "a", "a", "b", "b"],
                          "state": ["on_time", "late", "not_due", "missing", "on_time"]})
    counts = rt.report_counts(cells)
    assert counts.loc["a"].tolist() == [2, 1, 1, 0, 0]  # due, on time, late, missing, late after cutoff
    assert counts.loc["b"].tolist() == [2, 1, 0, 1, 0]


def test_short_text_cuts_after_a_clause():
    text = ("Tiến hành rà soát, điều chỉnh, bổ sung Quyết định số 1958/QĐ-UBND ngày 19/10/2010 của UBND tỉnh, "
            "ban hành Bộ tiêu chí xây dựng xã NTM, phù hợp với sửa đổi, bổ sung một số tiêu chí NTM")
    assert rt.short_text(text) == ("Tiến hành rà soát, điều chỉnh, bổ sung Quyết định số 1958/QĐ-UBND ngày "
                                   "19/10/2010 của UBND tỉnh…")
    assert rt.short_text("Ngắn gọn.") == "Ngắn gọn."
    assert len(rt.short_text("chữ " * 100, 50)) <= 51
