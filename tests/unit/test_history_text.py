"""The audit log as sentences (domain/history_text.py): every action of the write services, in
Vietnamese and in English, exact strings."""
from __future__ import annotations

import json
from datetime import date, datetime

import pandas as pd
import pytest

from domain.history_names import CriterionName, IndicatorName, Names, criterion_lookup, indicator_names
from domain.history_text import ACTIONS, Entry, Words, describe, when_text
from i18n import translate
from ui.formatting import fmt_number, fmt_period
from ui.plain import md, table


def words(lang: str) -> Words:
    return Words(t=lambda k, **kw: translate(k, lang, **kw), number=lambda v, d: fmt_number(v, d, lang),
                 period=lambda p: fmt_period(p, lang), today=date(2015, 12, 31))


NAMES = Names(
    criterion=lambda period, key: CriterionName(11, "Hộ nghèo") if key == "poverty" else None,
    indicators={"60": IndicatorName("11", "Tỷ lệ hộ nghèo", "percent", "<", 7.0, True),
                "61": IndicatorName("14.3", "Tỷ lệ lao động có việc làm qua đào tạo", "percent", ">", None, False)},
    indicators_by_code={"qd491_2009/14.2": IndicatorName("14.2", "Tỷ lệ học sinh tốt nghiệp THCS", "percent", ">=",
                                                         80.0, False)},
    people={"an": "Nguyễn Văn A"}, communes={"30346": "Vĩnh Hậu", "30337": "Phú Hữu"}, districts={"886": "An Phú"},
    groups={"pilot17": "17 xã điểm"}, agencies={"so_nn": "Sở NN&PTNT"}, events={"tt_huong_dan": "Thông tư hướng dẫn"},
)
AT = datetime(2015, 11, 30, 14, 2)


def audit_row(action, table_name, key, old, new, origin="page", user="an", at=AT):
    """An entry as the audit table holds it (JSON text, as data_access.audit.record writes it)."""
    return Entry.from_row({
        "at": at, "username": user, "action": action, "table_name": table_name, "row_key": key,
        "old_value": None if old is None else json.dumps(old, default=str),
        "new_value": None if new is None else json.dumps(new, default=str), "origin": origin})


CASES = [
    audit_row("save","assessment","30346/2015-12/poverty",{"met":False,"note":None,"values":{"60":8},"version":2},{"met":True,"note":"đã rà soát","values":{"60":5.5},"version":3}),
    audit_row("import","assessment","30346/2015-12/poverty",None,{"met":True,"note":None,"values":{"60":5.5,"61":30},"version":1},"cli","cli:root"),
    audit_row("status","task_status_update","2.1.3",None,{"status":"done","done_date":"2013-06-15","reason":None,"note":"xong"}),
    audit_row("status","task_status_update","2.4.1",None,{"status":"not_done","done_date":None,"reason":"chờ kinh phí","note":None}),
    audit_row("receipt","report_receipt","vpdp_bao_cao_dinh_ky/so_nn/2013-06-30",None,{"received_on":"2013-07-19","due_date":"2013-07-20"}),
    audit_row("event_date","awaited_event","tt_huong_dan",{"occurred_on":None},{"occurred_on":"2013-08-01"}),
    audit_row("freeze","meeting","3",None,{"name":"Họp quý III/2013","meeting_date":"2013-10-05","asof":"2013-10-05 14:00:00","period":"2013-09"}),
    audit_row("add","app_user","binh",None,{"role":"editor","district_code":"886","display_name":"Trần Thị Bình"},"cli","cli:root"),
    audit_row("role","app_user","binh",{"role":"editor","district_code":"886"},{"role":"admin","district_code":None}),
    audit_row("passwd","app_user","binh",None,None),
    audit_row("enable","app_user","binh",{"active":False},{"active":True}),
    audit_row("disable","app_user","binh",{"active":True},{"active":False}),
    audit_row("members","unit_group","pilot17",["30337"],["30346"]),
    audit_row("threshold","indicator","qd491_2009/14.2",{"threshold":80,"verified":False,"source":None},{"threshold":85,"verified":True,"source":"QĐ 342"}),
    audit_row("backup","database","ntm-20151130.sqlite3",None,{"file":"ntm-20151130.sqlite3"}),
    audit_row("restore","database","ntm-20151130.sqlite3",{"data_version":7,"safety_copy":"truoc-khoi-phuc-20151130-140200.sqlite3"},{"file":"ntm-20151130.sqlite3","data_version":8},None),
    audit_row("target_reading","programme_target","s2013_4_13",{"reading":"all"},{"reading":"pilots17"}),
]

IDS = ['save', 'import', 'status_done', 'status_not_done', 'receipt', 'event_date', 'freeze', 'add', 'role', 'passwd', 'enable', 'disable', 'members', 'threshold', 'backup', 'restore', 'target_reading']

EXPECTED_VI = [
    'Vĩnh Hậu · 12/2015 · TC11 Hộ nghèo: Chưa đạt → Đạt; tỷ lệ hộ nghèo 8% → 5,5% (ngưỡng < 7%); ghi chú: đã rà soát; Nguyễn Văn A, 14:02 30/11 (lưu, trên trang)',
    'Vĩnh Hậu · 12/2015 · TC11 Hộ nghèo: chưa có → Đạt; tỷ lệ hộ nghèo 5,5% (ngưỡng < 7%); tỷ lệ lao động có việc làm qua đào tạo 30% (ngưỡng chưa rõ, tạm tính); quản trị máy chủ (root), 14:02 30/11 (nhập từ Excel, dòng lệnh)',
    'Nhiệm vụ 2.1.3: tình trạng: Đã hoàn thành (hoàn thành ngày 15/06/2013); ghi chú: xong; Nguyễn Văn A, 14:02 30/11 (đổi tình trạng nhiệm vụ, trên trang)',
    'Nhiệm vụ 2.4.1: tình trạng: Không hoàn thành; lý do: chờ kinh phí; Nguyễn Văn A, 14:02 30/11 (đổi tình trạng nhiệm vụ, trên trang)',
    '“Báo cáo định kỳ (quý, 6 tháng, năm)” của Sở NN&PTNT, kỳ đến 30/06/2013: nhận ngày 19/07/2013 (hạn 20/07/2013); Nguyễn Văn A, 14:02 30/11 (ghi nhận báo cáo, trên trang)',
    'Sự kiện “Thông tư hướng dẫn”: ngày xảy ra chưa có → 01/08/2013; Nguyễn Văn A, 14:02 30/11 (ghi ngày sự kiện, trên trang)',
    'Cuộc họp “Họp quý III/2013”: họp ngày 05/10/2013; số liệu 09/2013 chốt đến 14:00 05/10/2013; Nguyễn Văn A, 14:02 30/11 (chốt số liệu, trên trang)',
    'Tài khoản binh: vai trò cán bộ nhập liệu; huyện An Phú; tên hiển thị Trần Thị Bình; quản trị máy chủ (root), 14:02 30/11 (thêm tài khoản, dòng lệnh)',
    'Tài khoản binh: vai trò cán bộ nhập liệu → quản trị viên; huyện An Phú → tất cả; Nguyễn Văn A, 14:02 30/11 (đổi vai trò, trên trang)',
    'Tài khoản binh: mật khẩu được đặt lại; Nguyễn Văn A, 14:02 30/11 (đặt lại mật khẩu, trên trang)',
    'Tài khoản binh: được mở lại; Nguyễn Văn A, 14:02 30/11 (mở lại tài khoản, trên trang)',
    'Tài khoản binh: bị khóa; Nguyễn Văn A, 14:02 30/11 (khóa tài khoản, trên trang)',
    'Nhóm 17 xã điểm: thêm Vĩnh Hậu; bớt Phú Hữu; nay có 1 xã; Nguyễn Văn A, 14:02 30/11 (đổi thành viên nhóm, trên trang)',
    'Chỉ tiêu 14.2 “Tỷ lệ học sinh tốt nghiệp THCS” (qd491_2009): ngưỡng ≥ 80%, tạm tính → ≥ 85%; nguồn: QĐ 342; Nguyễn Văn A, 14:02 30/11 (sửa ngưỡng, trên trang)',
    'Cơ sở dữ liệu: sao lưu vào tệp ntm-20151130.sqlite3; Nguyễn Văn A, 14:02 30/11 (sao lưu, trên trang)',
    'Cơ sở dữ liệu: khôi phục từ tệp ntm-20151130.sqlite3; bản sao trước khi khôi phục: truoc-khoi-phuc-20151130-140200.sqlite3; Nguyễn Văn A, 14:02 30/11 (khôi phục)',
    'Mục tiêu “4 xã đạt 17 tiêu chí và 13 xã đạt 15 tiêu chí” (cuối năm 2013): tính trên toàn bộ các xã → tính trên 17 xã điểm của tỉnh; Nguyễn Văn A, 14:02 30/11 (chọn cách hiểu mục tiêu, trên trang)',
]

EXPECTED_EN = [
    'Vĩnh Hậu · Dec 2015 · C11 Hộ nghèo: not met → met; tỷ lệ hộ nghèo 8% → 5.5% (threshold < 7%); note: đã rà soát; Nguyễn Văn A, 14:02 30/11 (saved, on the page)',
    'Vĩnh Hậu · Dec 2015 · C11 Hộ nghèo: none → met; tỷ lệ hộ nghèo 5.5% (threshold < 7%); tỷ lệ lao động có việc làm qua đào tạo 30% (threshold unknown, provisional); server operator (root), 14:02 30/11 (imported from Excel, command line)',
    'Task 2.1.3: status: Done (done on 15/06/2013); note: xong; Nguyễn Văn A, 14:02 30/11 (task status changed, on the page)',
    'Task 2.4.1: status: Not done; reason: chờ kinh phí; Nguyễn Văn A, 14:02 30/11 (task status changed, on the page)',
    '“Periodic report (quarter, half-year, year)” from Sở NN&PTNT, period ending 30/06/2013: received on 19/07/2013 (due 20/07/2013); Nguyễn Văn A, 14:02 30/11 (report receipt recorded, on the page)',
    'Event “Thông tư hướng dẫn”: date none → 01/08/2013; Nguyễn Văn A, 14:02 30/11 (event date recorded, on the page)',
    'Meeting “Họp quý III/2013”: held on 05/10/2013; figures of Sep 2013 frozen as of 14:00 05/10/2013; Nguyễn Văn A, 14:02 30/11 (figures frozen, on the page)',
    'Account binh: role data-entry officer; district An Phú; display name Trần Thị Bình; server operator (root), 14:02 30/11 (account added, command line)',
    'Account binh: role data-entry officer → administrator; district An Phú → all; Nguyễn Văn A, 14:02 30/11 (role changed, on the page)',
    'Account binh: password reset; Nguyễn Văn A, 14:02 30/11 (password reset, on the page)',
    'Account binh: enabled again; Nguyễn Văn A, 14:02 30/11 (account enabled, on the page)',
    'Account binh: disabled; Nguyễn Văn A, 14:02 30/11 (account disabled, on the page)',
    'Group 17 xã điểm: added Vĩnh Hậu; removed Phú Hữu; 1 in the group now; Nguyễn Văn A, 14:02 30/11 (group members changed, on the page)',
    'Indicator 14.2 “Tỷ lệ học sinh tốt nghiệp THCS” (qd491_2009): threshold ≥ 80%, provisional → ≥ 85%; source: QĐ 342; Nguyễn Văn A, 14:02 30/11 (threshold corrected, on the page)',
    'Database: backed up to file ntm-20151130.sqlite3; Nguyễn Văn A, 14:02 30/11 (backup, on the page)',
    'Database: restored from file ntm-20151130.sqlite3; copy taken before: truoc-khoi-phuc-20151130-140200.sqlite3; Nguyễn Văn A, 14:02 30/11 (restore)',
    "Target “4 communes at 17 criteria and 13 at 15” (end of 2013): counted over all communes → counted over the province's 17 pilot communes; Nguyễn Văn A, 14:02 30/11 (target reading chosen, on the page)",
]



def test_every_action_of_the_services_has_a_case():
    assert sorted({e.action for e in CASES}) == sorted(ACTIONS)
    assert len(CASES) == len(IDS) == len(EXPECTED_VI) == len(EXPECTED_EN)


@pytest.mark.parametrize("entry,expected", list(zip(CASES, EXPECTED_VI)), ids=IDS)
def test_sentence_vi(entry, expected):
    assert describe(entry, NAMES, words("vi")).sentence(words("vi")) == expected


@pytest.mark.parametrize("entry,expected", list(zip(CASES, EXPECTED_EN)), ids=IDS)
def test_sentence_en(entry, expected):
    assert describe(entry, NAMES, words("en")).sentence(words("en")) == expected


def test_no_json_no_codes_in_any_sentence():
    for lang in ("vi", "en"):
        for entry in CASES:
            text = describe(entry, NAMES, words(lang)).sentence(words(lang))
            assert '{"' not in text and "2015-12/poverty" not in text and "not_done" not in text
            if lang == "vi":  # no action code left as it is stored (English words may coincide)
                assert entry.action not in text.replace(",", " ").replace("(", " ").split()


def test_commune_page_leaves_the_commune_out_and_keeps_the_year_when_not_this_year():
    entry = audit_row("save", "assessment", "30346/2015-12/poverty", {"met": True, "note": "cũ", "values": {"60": 5.5}},
              {"met": True, "note": None, "values": {"60": 5.5}}, origin=None, at=datetime(2014, 3, 5, 9, 7))
    line = describe(entry, NAMES, words("vi"), with_commune=False)
    assert line.sentence(words("vi")) == "12/2015 · TC11 Hộ nghèo: Đạt (không đổi); bỏ ghi chú; Nguyễn Văn A, 09:07 05/03/2014 (lưu)"
    assert line.origin == ""  # rows written before the origin column: no "from where"
    assert describe(entry, NAMES, words("en"), with_commune=False).sentence(words("en")) == (
        "Dec 2015 · C11 Hộ nghèo: met (unchanged); note removed; Nguyễn Văn A, 09:07 05/03/2014 (saved)")


def test_indicator_value_removed_and_unknown_criterion_and_indicator():
    entry = audit_row("save", "assessment", "30346/2015-12/roads", {"met": None, "note": None, "values": {"60": 8, "99": 1}},
              {"met": False, "note": None, "values": {}})
    assert describe(entry, NAMES, words("vi")).text == (
        "Vĩnh Hậu · 12/2015 · tiêu chí roads: Chưa đánh giá → Chưa đạt; tỷ lệ hộ nghèo 8% → chưa có (ngưỡng < 7%); "
        "chỉ tiêu số 99 1 → chưa có")


def test_hostile_note_is_kept_as_typed_for_the_page_to_escape():
    note = "![x](http://127.0.0.1:9/x.png) $x^2$ **đậm** <img src=x onerror=alert(1)>"
    entry = audit_row("save", "assessment", "30346/2015-12/poverty", None, {"met": True, "note": note, "values": {}})
    line = describe(entry, NAMES, words("vi"))
    assert line.detail == f"chưa có → Đạt; ghi chú: {note}"


def test_unknown_action_and_person_show_their_codes_not_json():
    entry = audit_row("merge", "something", "k1", {"a": 1}, {"a": 2}, user="ghost")
    line = describe(entry, NAMES, words("vi"))
    assert (line.who, line.action, line.text) == ("ghost", "merge", "something k1")


def test_when_text():
    assert when_text(datetime(2015, 11, 30, 14, 2), date(2015, 12, 31)) == "14:02 30/11"
    assert when_text(datetime(2013, 1, 5, 8, 0), date(2015, 12, 31)) == "08:00 05/01/2013"


def test_names_from_the_reference_frames():
    sets = pd.DataFrame({"id": ["qd491_2009", "qd342_2013", "provincial"], "scope": ["national", "national", "provincial"],
                         "in_force_from": [date(2009, 6, 4), date(2013, 2, 20), date(2013, 1, 1)],
                         "in_force_until": [date(2013, 2, 19), None, None]})
    criteria = pd.DataFrame({"set_id": ["qd491_2009", "qd342_2013", "provincial"], "key": ["poverty"] * 3,
                             "number": [11, 10, 99], "name_vi": ["Hộ nghèo", "Hộ nghèo (mới)", "x"],
                             "name_en": ["Poor households", None, "x"]})
    lookup = criterion_lookup(sets, criteria, "en")
    assert lookup("2013-01", "poverty") == CriterionName(11, "Poor households")
    assert lookup("2013-02", "poverty") == CriterionName(10, "Hộ nghèo (mới)")  # no English name: Vietnamese
    assert lookup("2013-02", "security") is None and lookup("bad", "poverty") is None
    frame = pd.DataFrame({"id": [60], "set_id": ["qd491_2009"], "code": ["11"], "text_vi": ["Tỷ lệ hộ nghèo"],
                          "text_en": ["Poor-household rate"], "unit": ["percent"], "comparison": ["<"],
                          "threshold": [float("nan")], "verified": [False]})
    by_id, by_code = indicator_names(frame, "vi")
    assert by_id["60"] == by_code["qd491_2009/11"] == IndicatorName("11", "Tỷ lệ hộ nghèo", "percent", "<", None, False)


def test_markdown_escape_defuses_every_construct_and_leaves_plain_text_alone():
    hostile = "![x](http://127.0.0.1:9/x.png) $x^2$ **bold** <img src=x onerror=alert(1)> :red[r] ~~s~~ a_b |c|"
    assert md(hostile) == ("!\\[x\\](http\\:\u2060//127.0.0.1:9/x.png) \\$x^2\\$ \\*\\*bold\\*\\* "
                           "\\<img src=x onerror=alert(1)> \\:red\\[r\\] \\~\\~s\\~\\~ a\\_b \\|c\\|")
    blocks = "# h\n> q\n- l\n+ l\n1. n\n2) n\n---\n===\n&amp; www.x.vn"
    assert md(blocks) == ("\\# h  \n\\> q  \n\\- l  \n\\+ l  \n1\\. n  \n2\\) n  \n\\---  \n\\===  \n"
                          "\\&amp; www\u2060\\.x.vn")
    plain = "Nhiệm vụ 2.1.6 của Sở NN&PTNT: 14:02, -5%, 5,5% (ngưỡng 7%)"
    assert md(plain) == plain
    assert md(None) == "" and md(float("nan")) == ""
    assert md("thư a@b.vn") == "thư a@\u2060b.vn"  # no mailto link either


def test_table_escapes_cells_headers_and_index():
    frame = table(pd.DataFrame({"ghi *chú*": ["**x**", 3]}, index=pd.Index(["_a_", "b"], name="[k]")))
    assert list(frame.columns) == ["ghi \\*chú\\*"] and list(frame.iloc[:, 0]) == ["\\*\\*x\\*\\*", 3]
    assert list(frame.index) == ["\\_a\\_", "b"] and frame.index.name == "\\[k\\]"


def test_audit_log_filters_by_account_action_kind_days_and_words_without_diacritics():
    from ui.commune_audit import filter_log

    log = pd.DataFrame({
        "_raw_username": ["an", "binh", "an"], "_raw_action": ["save", "status", "add"],
        "_raw_table": ["assessment", "task_status_update", "app_user"],
        "_at": pd.to_datetime(["2015-11-30 14:02", "2015-12-01 08:00", "2015-12-02 09:30"]),
        "_search": ["nguyen van a quoc thai 12 2015 tc11 ho ngheo", "nhiem vu 2 1 4 dang thuc hien", "tai khoan binh"],
    })
    assert list(filter_log(log, who="an")["_raw_action"]) == ["save", "add"]
    assert list(filter_log(log, action="status")["_raw_username"]) == ["binh"]
    assert list(filter_log(log, kind="app_user")["_raw_action"]) == ["add"]
    assert list(filter_log(log, start=date(2015, 12, 1), end=date(2015, 12, 1))["_raw_action"]) == ["status"]
    assert list(filter_log(log, text="Quốc Thái hộ nghèo")["_raw_action"]) == ["save"]
    assert filter_log(log, who="an", action="status").empty
