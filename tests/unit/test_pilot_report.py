"""The monthly pilot ranking (names, ▲/▼, missing criteria) and its Excel file, on hand-built months."""
from __future__ import annotations

from io import BytesIO

import openpyxl
import pandas as pd

from domain.pilot_report import PilotReport, RankingRow, criterion_names, criterion_order, pilot_report
from reports.ranking_workbook import CHANGE_FORMAT, ExcelText, header_row, ranking_workbook

KEYS = ["planning", "transport", "income", "security"]  # criterion numbers 1, 2, 10, 19
NUMBERS = {"planning": 1, "transport": 2, "income": 10, "security": 19}
SHORT = {"planning": "Quy hoạch", "transport": "Giao thông", "income": "Thu nhập", "security": "ANTT"}
COMMUNES = pd.DataFrame({
    "code": ["A", "B", "C", "D", "E"],
    "name": ["Vĩnh Tế", "Vĩnh Trạch", "Khánh An", "Long An", "Mỹ Khánh"],
    "district_name": ["Châu Đốc", "Thoại Sơn", "An Phú", "Tân Châu", "Long Xuyên"],
})


def status(months: dict[str, dict[str, set[str]]]) -> pd.DataFrame:
    """months[period][commune] = the set of criterion keys met; every key is assessed."""
    rows = [(c, p, k, NUMBERS[k], "S", k in met)
            for p, communes in months.items() for c, met in communes.items() for k in KEYS]
    columns = ["commune_code", "period", "criterion_key", "criterion_number", "set_id", "met"]
    return pd.DataFrame(rows, columns=columns)


NOV = {"A": {"planning", "transport", "income"}, "B": {"planning", "transport", "income", "security"},
       "C": {"planning"}, "E": {"planning", "security"}}
DEC = {"A": {"planning", "transport", "income", "security"}, "B": {"planning", "income", "security"},
       "C": {"planning", "security"}, "D": {"planning", "transport", "security"}, "E": {"planning"}}


def report(members="ABCD", previous="2013-11", sample=False) -> PilotReport:
    return pilot_report(status({"2013-11": NOV, "2013-12": DEC}), COMMUNES, members=members, group="pilot17", period="2013-12",
                        previous_period=previous, short_names=SHORT, sample=sample)


def test_ranking_rows_ties_slips_and_missing_criteria():
    rows = report().rows
    assert [(r.rank, r.commune_code, r.criteria_met, r.criteria_total) for r in rows] == [
        (1, "A", 4, 4), (2, "B", 3, 4), (2, "D", 3, 4), (4, "C", 2, 4)]
    a, b, d, c = rows
    assert (a.commune_name, a.district_name) == ("Vĩnh Tế", "Châu Đốc")
    assert (a.change, a.arrow, a.change_text) == (1, "▲", "▲ +1")
    assert (b.change, b.arrow, b.change_text) == (-1, "▼", "▼ -1")  # B slipped back: lost transport
    assert (d.change, d.arrow, d.change_text) == (None, "", "")  # D has no data in November
    assert c.change_text == "▲ +1"
    assert a.missing == () and b.missing == ("Giao thông",) and c.missing == ("Giao thông", "Thu nhập")


def test_members_without_data_are_left_out_and_no_previous_month():
    rep = report(members="ABZ", previous=None)
    assert [r.commune_code for r in rep.rows] == ["A", "B"]
    assert all(r.change is None and r.change_text == "" for r in rep.rows)
    assert rep.previous_period is None and rep.period == "2013-12"


def test_equal_month_gives_equals_sign():
    row = RankingRow(1, "A", "x", "y", 5, 19, 0, "=", ())
    assert row.change_text == "= 0"


def test_missing_criteria_follow_criterion_numbers_not_keys():
    month = status({"2013-12": {"A": set()}})
    assert criterion_order(month, "2013-12") == ["planning", "transport", "income", "security"]
    rep = pilot_report(month, COMMUNES, members="A", group="pilot17", period="2013-12", previous_period=None, short_names={})
    assert rep.rows[0].missing == ("planning", "transport", "income", "security")  # no name: the key


def test_criterion_names_prefer_the_set_in_force():
    criteria = pd.DataFrame({"set_id": ["OLD", "NEW", "NEW"], "key": ["market", "market", "post"],
                             "short_name_vi": ["Chợ (cũ)", "Chợ", None]})
    names = criterion_names(criteria, ["NEW"], "short_name_vi")
    assert names == {"market": "Chợ"}  # an empty name is left out (the key is shown instead)
    assert criterion_names(criteria, ["OLD"], "short_name_vi") == {"market": "Chợ (cũ)"}


TEXT = ExcelText(
    sheet="Xếp hạng", agency="VĂN PHÒNG ĐIỀU PHỐI",
    title="MỨC ĐỘ ĐẠT TIÊU CHÍ NÔNG THÔN MỚI CỦA 17 XÃ ĐIỂM – THÁNG 12/2013",
    subtitle="Xếp hạng theo số tiêu chí đạt; thay đổi so với tháng 11/2013", sample_note="DỮ LIỆU MẪU",
    headers=("Hạng", "Mã xã", "Xã", "Huyện", "Số tiêu chí đạt", "Tổng số tiêu chí", "Thay đổi",
             "Tiêu chí chưa đạt"),
    nothing_missing="Đã đạt đủ tiêu chí", footer="Nguồn: phần mềm",
)


def open_sheet(rep: PilotReport):
    return openpyxl.load_workbook(BytesIO(ranking_workbook(rep, TEXT))).active


def test_excel_file_holds_the_ranking_with_its_formatting():
    rep = report(sample=True)
    ws = open_sheet(rep)
    head = header_row(rep)
    assert ws.title == "Xếp hạng"
    assert ws["A3"].value.endswith("THÁNG 12/2013") and ws["A3"].font.b
    assert ws["A5"].value == "DỮ LIỆU MẪU"
    assert [c.value for c in ws[head]] == list(TEXT.headers)
    assert all(c.font.b for c in ws[head])
    assert ws.column_dimensions["C"].width == 24 and ws.column_dimensions["H"].width == 70
    last = head + len(rep.rows)
    body = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=head + 1, max_row=last)]
    assert body == [
        (1, "A", "Vĩnh Tế", "Châu Đốc", 4, 4, 1, "Đã đạt đủ tiêu chí"),
        (2, "B", "Vĩnh Trạch", "Thoại Sơn", 3, 4, -1, "Giao thông"),
        (2, "D", "Long An", "Tân Châu", 3, 4, None, "Thu nhập"),
        (4, "C", "Khánh An", "An Phú", 2, 4, 1, "Giao thông, Thu nhập"),
    ]
    assert ws.cell(head + 1, 7).number_format == CHANGE_FORMAT
    for row in ws.iter_rows(min_row=head + 1, max_row=last):  # rank, met, total, change: numeric cells
        assert [row[i].data_type for i in (0, 4, 5)] == ["n", "n", "n"]
        assert row[6].value is None or row[6].data_type == "n"
    assert ws.cell(head + len(rep.rows) + 2, 1).value == "Nguồn: phần mềm"
    assert ws.freeze_panes == f"A{head + 1}"


def test_excel_without_sample_data_has_no_note():
    rep = report(sample=False)
    ws = open_sheet(rep)
    assert header_row(rep) == 5
    assert ws["A5"].value == "Hạng"
    assert "DỮ LIỆU MẪU" not in [c.value for row in ws.iter_rows() for c in row]
