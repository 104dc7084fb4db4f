"""The periodic report on each backend: the Word document (opened with python-docx) and the Excel
annex (opened with openpyxl) hold the database's figures — the communes' counts, the 17 pilots'
table, the tasks not done and their reasons, the tasks done, the members' reports — for a quarter,
a half-year and a year; a bad period is refused clearly; the command line writes both files."""
import re
import subprocess
import sys
from datetime import date
from io import BytesIO

import docx
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from config import ROOT
from data_access import queries
from data_access.db import get_engine, session_scope
from data_access.tasks import queries as tq
from data_access.tasks.models import ReportReceipt
from i18n import explain, translate
from reports.annex import report_xlsx
from reports.content import report_content
from reports.period import PeriodError, parse_period
from reports.word import report_docx

PERIODS = ["2013-Q3", "2013-H2", "2013"]


def vi(value) -> str:
    """Vietnamese number style, written independently of the code under test."""
    if isinstance(value, float):
        return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{value:,d}".replace(",", ".")


def signed(value) -> str:
    text = vi(value)
    return text if text.startswith("-") or set(text) <= {"0", ","} else "+" + text


# --------------------------------------------------------------------------------------------
# What the database says
# --------------------------------------------------------------------------------------------


def criteria_met(s, month: str, cutoff) -> dict:
    status = queries.status(session=s, periods=[month], asof=cutoff)
    per = status.groupby("commune_code")["met"].agg(["sum", "count"])
    unmet = status[~status["met"]].sort_values("criterion_number").groupby("commune_code")["criterion_number"]
    return {"met": per["sum"].astype(int).to_dict(), "total": per["count"].astype(int).to_dict(),
            "unmet": {c: list(v) for c, v in unmet}}


def expected(s, code: str) -> dict:
    p = parse_period(code)
    cutoff = tq.end_of_day(p.end)
    now, before = criteria_met(s, p.last_month, cutoff), criteria_met(s, p.baseline_month, cutoff)
    pilots = sorted(queries.groups(session=s)["pilot17"], key=lambda c: (-now["met"][c], c))
    communes = queries.communes(session=s).set_index("code")
    board = tq.board(session=s, as_of=p.end)
    # overdue at the end: due before the period's last day (a task due that day is not late yet)
    due_by_end = board["due_date"].map(lambda d: d is not None and d < p.end)
    not_done = board[due_by_end & (board["status"] != "done")]
    done = board[(board["status"] == "done") & board["done_date"].map(lambda d: d is not None and p.start <= d <= p.end)]
    return {
        "period": p, "cutoff": cutoff, "now": now, "before": before,
        "pilots": [(c, communes.loc[c, "name"], communes.loc[c, "district_name"], before["met"][c], now["met"][c],
                    now["unmet"].get(c, [])) for c in pilots],
        "not_done": dict(zip(not_done["id"], not_done["reason"])), "done": set(done["id"]),
    }


def receipts_on_time(s, code: str, agencies: list[str]) -> tuple[int, int]:
    """Members' monthly reports due in the period (from the programme's issue): (received by the due
    day, received at all), straight from the receipts table. A report received after the cutoff
    counts too (as late): the report does not drop it."""
    p = parse_period(code)
    due_day = int(tq.obligations(session=s).set_index("key").loc[tq.MONTHLY_REPORT, "due_day"])
    start = max(p.start, tq.programme_issued(session=s))
    rows = s.execute(select(ReportReceipt.agency_key, ReportReceipt.due_date, ReportReceipt.received_on)
                     .where(ReportReceipt.obligation_key == tq.MONTHLY_REPORT,
                            ReportReceipt.due_date >= start, ReportReceipt.due_date <= p.end)).all()
    rows = [r for r in rows if r.agency_key in agencies and r.due_date.day == due_day]
    return sum(1 for r in rows if r.received_on <= r.due_date), len(rows)


# --------------------------------------------------------------------------------------------
# Reading the files
# --------------------------------------------------------------------------------------------


def docx_tables(payload: bytes) -> tuple[docx.document.Document, dict[str, list[list[str]]]]:
    """The document and its tables by caption number ("Bảng 3" → rows of cell texts)."""
    doc = docx.Document(BytesIO(payload))
    tables, caption = {}, None
    for item in doc.iter_inner_content():
        if isinstance(item, docx.text.paragraph.Paragraph):
            m = re.match(r"^(Bảng \d+)\. ", item.text)
            caption = m.group(1) if m else caption
        elif caption:
            tables[caption] = [[c.text for c in row.cells] for row in item.rows]
            caption = None
    return doc, tables


def sheet_rows(wb, name: str, first: str) -> list[tuple]:
    """The rows of a sheet after the header row whose first cell is `first` (and its second row)."""
    rows = list(wb[name].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == first)
    if start + 1 < len(rows) and rows[start + 1][0] is None:
        start += 1  # a grouped header takes two rows
    return [r for r in rows[start + 1:] if any(v not in (None, "") for v in r)]


@pytest.fixture(scope="module", params=PERIODS)
def report(request, ready_url):
    with session_scope(get_engine(ready_url)) as s:
        content = report_content(session=s, period=parse_period(request.param), proposals="Đề nghị thứ nhất.\nĐề nghị thứ hai.",
                                 made_on=date(2014, 1, 10))
        exp = expected(s, request.param)
        exp["reports"] = receipts_on_time(s, request.param, tq.reporting_agency_keys(session=s))
    doc, tables = docx_tables(report_docx(content))
    wb = load_workbook(BytesIO(report_xlsx(content)))
    return exp, doc, tables, wb


def test_heading_title_and_free_text(report):
    exp, doc, _, _ = report
    p = exp["period"]
    head = [c.text.strip() for row in doc.tables[0].rows for c in row.cells]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc" in head
    assert any(t.startswith("Số:") and t.endswith("/BC-VPĐP") for t in head)  # the Coordination Office's report
    assert "An Giang, ngày 10 tháng 01 năm 2014" in head  # the day it is made, not the period's year
    texts = [para.text for para in doc.paragraphs]
    i = texts.index("BÁO CÁO")
    label = translate(p.label.key, **p.label.values)  # "quý III năm 2013"
    assert texts[i + 1] == f"Kết quả thực hiện Chương trình công tác năm 2013\nvà xây dựng nông thôn mới {label}"
    assert {"Đề nghị thứ nhất.", "Đề nghị thứ hai."} <= set(texts)
    assert any("dữ liệu mẫu" in t for t in texts)
    intro = next(t for t in texts if t.startswith("Thực hiện Chương trình công tác năm 2013"))
    assert f"báo cáo kết quả thực hiện {label} (số liệu tính đến hết ngày {p.end:%d/%m/%Y})" in intro
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.left_margin.cm, 1), round(section.right_margin.cm, 1)) == (
        21.0, 3.0, 1.5)


def test_commune_counts_equal_the_database(report):
    exp, _, tables, wb = report
    now, before = exp["now"], exp["before"]
    n, b = len(now["met"]), len(before["met"])
    std = sum(1 for c in now["met"] if now["met"][c] == now["total"][c])
    avg, avg_b = sum(now["met"].values()) / n, sum(before["met"].values()) / b
    rows = tables["Bảng 1"]
    assert rows[0][2] == f"Cuối tháng {int(exp['period'].last_month[5:])}/{exp['period'].year}"
    assert rows[1][1:] == [vi(b), vi(n), signed(n - b)]
    assert rows[2][2] == vi(std)
    assert rows[3][1:] == [vi(avg_b), vi(avg), signed(avg - avg_b)]
    assert rows[4][2] == vi(sum(now["met"].values()))
    sheet = sheet_rows(wb, "Tổng hợp", "Nội dung")
    assert sheet[0][1:3] == (b, n)
    assert sheet[2][2] == pytest.approx(avg)
    assert sheet[3][2] == sum(now["met"].values())
    bands = tables["Bảng 2"]
    assert bands[-1][:3] == ["Tổng số xã", vi(b), vi(n)]
    below5 = sum(1 for m in now["met"].values() if m < 5)
    assert bands[1][0] == "Dưới 5 tiêu chí" and bands[1][2] == vi(below5)
    assert sum(int(r[2]) for r in bands[1:-1]) == n


def test_pilots_table_equals_the_database(report):
    exp, _, tables, wb = report
    rows = tables["Bảng 3"][2:-1]  # two header rows, the average row last
    assert len(rows) == len(exp["pilots"]) == 17
    for row, (code, name, district, before, now, unmet) in zip(rows, exp["pilots"]):
        assert row[1:] == [name, district, vi(before), vi(now), signed(now - before),
                           ", ".join(map(str, unmet)) or "–"], code
    ranks = [int(r[0]) for r in rows]
    assert ranks[0] == 1 and all(r == i + 1 or r == ranks[i - 1] for i, r in enumerate(ranks))
    sheet = [r for r in sheet_rows(wb, "Xã điểm", "Xếp hạng") if r[1]]  # not the average row, not the note
    assert [(r[1], r[5], r[6], r[7]) for r in sheet] == [(c, b, n, n - b) for c, _, _, b, n, _ in exp["pilots"]]


def test_tasks_not_done_and_their_reasons_equal_the_database(report):
    exp, _, tables, wb = report
    if not exp["not_done"]:  # nothing overdue at the period's end (2013: the tasks due 31/12 are not late that day)
        assert not [r for r in sheet_rows(wb, "Nhiệm vụ chưa hoàn thành", "Mã nhiệm vụ") if r[1]]
        return
    rows = tables["Bảng 7"][1:]
    found = {}
    for row in rows:
        m = re.match(r"^(\d+\.\d+\.\d+)\. ", row[0])
        if m:
            found[m.group(1)] = row[4]
        else:
            assert len(set(row)) == 1 and re.match(r"^2\.\d\. ", row[0])  # a section heading spans the row
    assert found == {k: v or "Chưa nêu nguyên nhân" for k, v in exp["not_done"].items()}
    sheet = sheet_rows(wb, "Nhiệm vụ chưa hoàn thành", "Mã nhiệm vụ")
    by_id = {r[0]: r for r in sheet if r[1]}
    assert set(by_id) == set(exp["not_done"])
    assert all(by_id[k][9] == (v or "Chưa nêu nguyên nhân") for k, v in exp["not_done"].items())


def test_tasks_done_in_the_period_equal_the_database(report):
    exp, _, tables, wb = report
    ids = {re.match(r"^(\d+\.\d+\.\d+)\. ", r[0]).group(1) for r in tables.get("Bảng 6", [[]])[1:]}
    assert ids == exp["done"]
    assert {r[0] for r in sheet_rows(wb, "Nhiệm vụ hoàn thành", "Mã nhiệm vụ")} == exp["done"]
    sections = tables["Bảng 5"]
    assert sections[-1][0] == "Tổng cộng" and sections[-1][1] == "40"
    assert sections[-1][2] == vi(len(exp["done"])) and sections[-1][4] == vi(len(exp["not_done"]))


def test_members_reports_equal_the_receipts(report):
    exp, _, tables, wb = report
    on_time, received = exp["reports"]
    total = tables["Bảng 9"][-1]
    assert total[0] == "Tổng cộng" and total[2] == vi(on_time)
    assert int(total[2]) + int(total[3]) == received
    cells = sheet_rows(wb, "Chi tiết báo cáo", "Cơ quan")
    monthly = [r for r in cells if r[1] == "Tháng"]
    assert sum(1 for r in monthly if r[5] == "Đúng hạn") == on_time
    assert sum(1 for r in monthly if r[4] is not None) == received


def test_the_third_quarter_of_the_sample(ready_url):
    with session_scope(get_engine(ready_url)) as s:
        content = report_content(session=s, period=parse_period("2013-Q3"))
        exp = expected(s, "2013-Q3")
    _, tables = docx_tables(report_docx(content))
    assert set(exp["not_done"]) == {"2.1.1", "2.7.2"}  # the tasks page's overdue list on 30/09/2013 (2.1.5
    # waits for its document: the sample records no date for it)
    assert all(exp["not_done"].values())
    assert exp["done"] == {"2.1.4", "2.7.1", "2.7.4"}
    assert [r[-1] for r in tables["Bảng 6"][1:]] == ["Đúng hạn", "Trễ 52 ngày", "Đúng hạn"]  # 2.1.4: due 15/06
    assert load_workbook(BytesIO(report_xlsx(content))).sheetnames == [
        "Thông tin", "Tổng hợp", "Phân nhóm xã", "Xã điểm", "Mục tiêu", "Nhiệm vụ theo mục", "Nhiệm vụ hoàn thành",
        "Nhiệm vụ chưa hoàn thành", "Nhiệm vụ theo cơ quan", "Chế độ báo cáo", "Chi tiết báo cáo"]


def test_a_bad_period_is_refused_with_a_clear_message():
    with pytest.raises(PeriodError) as err:
        parse_period("2013-Q5")
    assert explain(err.value).startswith("Kỳ báo cáo không hợp lệ: '2013-Q5'")
    assert explain(err.value, "en").startswith("Invalid report period '2013-Q5'")


def test_the_command_line_writes_the_report_and_refuses_a_bad_period(ready_url, tmp_path):
    out, annex = tmp_path / "bao-cao.docx", tmp_path / "phu-luc.xlsx"
    cmd = [sys.executable, "-m", "data_access", "--database-url", ready_url, "report"]
    ok = subprocess.run(cmd + ["--period", "2013-Q3", "--out", str(out), "--annex", str(annex),
                               "--proposals", "Đề nghị từ dòng lệnh."], cwd=ROOT, capture_output=True, text=True,
                        timeout=300, check=False)
    assert ok.returncode == 0, ok.stderr
    assert "Đề nghị từ dòng lệnh." in [p.text for p in docx.Document(out).paragraphs]
    assert load_workbook(annex).sheetnames[1] == "Tổng hợp"
    bad = subprocess.run(cmd + ["--period", "2013-Q5", "--out", str(tmp_path / "x.docx")], cwd=ROOT,
                         capture_output=True, text=True, timeout=300, check=False)
    assert bad.returncode == 2
    assert "Kỳ báo cáo không hợp lệ: '2013-Q5'" in bad.stderr
    assert not (tmp_path / "x.docx").exists()
    bad_en = subprocess.run([*cmd[:-1], "--lang", "en", "report", "--period", "2013-Q5", "--out", str(tmp_path / "x.docx")],
                            cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert bad_en.returncode == 2 and "Invalid report period '2013-Q5'" in bad_en.stderr


def test_the_report_in_english(ready_url, tmp_path):
    """`--lang en` (and the page in English) writes the document and the annex in English; the
    default stays Vietnamese (compared text for text with the version before the catalogue)."""
    out, annex = tmp_path / "report.docx", tmp_path / "annex.xlsx"
    cmd = [sys.executable, "-m", "data_access", "--database-url", ready_url, "--lang", "en", "report",
           "--period", "2013-Q3", "--out", str(out), "--annex", str(annex)]
    ok = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert ok.returncode == 0, ok.stderr
    texts = [p.text for p in docx.Document(out).paragraphs]
    assert texts[:2] == ["REPORT", "Results of the 2013 work programme\nand of new rural development, Q3 2013"]
    for heading in ("I. RESULTS AGAINST THE NEW RURAL CRITERIA", "II. RESULTS OF THE WORK PROGRAMME'S TASKS",
                    "III. PROPOSALS AND PRIORITIES FOR THE NEXT PERIOD", "2. Priorities for Q4 2013",
                    "Table 1. The communes' results against the criteria"):
        assert heading in texts
    wb = load_workbook(annex)
    assert wb.sheetnames[:3] == ["About", "Summary", "Bands"]
    assert [c.value for c in wb["Summary"][5]] == ["Item", "End of June 2013", "End of September 2013", "Up (+), down (-)"]
    assert [c.value for c in wb["Summary"][6]] == ["Communes assessed", 119, 119, 0]
    # names stored in two languages are read in English too (the tasks' wording exists in Vietnamese only)
    assert "Department of Planning and Investment" in [r[0] for r in wb["Member reports"].iter_rows(values_only=True)]


def test_a_period_before_the_work_programme_reports_the_criteria_only(ready_url):
    with session_scope(get_engine(ready_url)) as s:
        content = report_content(session=s, period=parse_period("2012-Q1"))
    assert content.now is not None and content.now.month == "2012-03"
    assert content.report_cells == () and content.not_done == () and content.done == ()
    doc, tables = docx_tables(report_docx(content))
    texts = [p.text for p in doc.paragraphs]
    assert "Kết quả thực hiện Chương trình MTQG\nxây dựng nông thôn mới quý I năm 2012" in texts
    assert any("được ban hành sau quý I năm 2012; kỳ báo cáo này chưa có nhiệm vụ nào" in t for t in texts)
    assert any("quý I năm 2012 (số liệu tính đến hết ngày 31/03/2012)" in t for t in texts)
    assert sorted(tables) == ["Bảng 1", "Bảng 2", "Bảng 3", "Bảng 4"]  # the criteria's tables only
