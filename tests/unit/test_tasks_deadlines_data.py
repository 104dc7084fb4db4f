"""The deadlines of the 2013 work programme's tasks as data/tasks_2013.yaml holds them: each agrees
with its wording, and the dates, events and rhythms the programme gives (the rest of the catalogue:
test_tasks_data.py)."""
from datetime import date

import pytest

from domain.phrase import Phrase
from domain.tasks import deadline_phrases as ph
from domain.tasks import deadline_wording as wd
from domain.tasks import deadlines as dl
from domain.tasks.catalog import load_catalog


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


# --------------------------------------------------------------------------------------------
# Deadlines in the data
# --------------------------------------------------------------------------------------------


def test_parser_agrees_with_every_task_deadline(catalog):
    checked = 0
    for t in catalog.tasks:
        if not t.deadline_text:
            assert t.deadline_kind == "ongoing", t.id
            continue
        rec = t.deadline.recurrence
        expected = (t.deadline_kind, rec.rhythm if rec else t.deadline_value)
        assert ph.parse_deadline_phrase(t.deadline_text) == expected, t.id
        assert t.deadline_text in t.text_vi, t.id
        checked += 1
    assert checked == 17  # 2.3.2–2.3.4 name a plan's year, not a deadline (YEAR_RULE)


def test_deadline_kinds_in_the_data(catalog):
    by_kind = {}
    for t in catalog.tasks:
        by_kind.setdefault(t.deadline_kind, []).append(t.id)
    assert by_kind == {
        "date": ["2.1.4"],
        "month": ["2.1.1", "2.1.2", "2.7.1", "2.7.2", "2.7.4"],
        "quarter": ["2.1.6"],
        "year": ["2.2.6", "2.5.1", "2.5.2", "2.5.3", "2.6.6"],
        "after_event": ["2.1.3", "2.1.5"],
        "recurring": ["2.7.5", "2.8.1", "2.8.2"],
        "ongoing": ["2.2.1", "2.2.2", "2.2.3", "2.2.4", "2.2.5", "2.2.7", "2.2.8", "2.2.9", "2.3.1", "2.3.2", "2.3.3",
                    "2.3.4", "2.3.5",
                    "2.3.6", "2.3.7", "2.4.1", "2.4.2", "2.6.1", "2.6.2", "2.6.3", "2.6.4", "2.6.5", "2.7.3"],
    }


def test_so_xay_dung_task_due_15_06_2013(catalog):
    t = catalog.task("2.1.4")
    assert t.lead == "so_xay_dung"
    assert t.partners == ("so_khdt", "so_tai_chinh", "so_nnptnt", "cac_so_nganh_lien_quan")
    assert [catalog.agency(k).short_vi for k in t.partners[:3]] == ["Sở KH&ĐT", "Sở TC", "Sở NN&PTNT"]
    assert t.deadline_text == "chậm nhất đến ngày 15/6/2013"
    assert (t.deadline_kind, t.deadline_value) == ("date", "2013-06-15")
    assert t.due_date() == date(2013, 6, 15)
    assert t.text_vi.startswith("Sở Xây dựng chủ trì, phối hợp với Sở Kế hoạch và Đầu tư")
    assert "thiết kế điển hình các công trình có quy mô nhỏ" in t.text_vi  # joined across the page break


def test_cuc_thong_ke_software_due_q4_2013(catalog):
    t = catalog.task("2.1.6")
    assert t.lead == "cuc_thong_ke"
    assert catalog.agency(t.lead).name_vi == "Cục Thống kê tỉnh"
    assert (t.deadline_text, t.deadline_kind, t.deadline_value) == ("trong quý IV/2013", "quarter", "2013-Q4")
    assert t.due_date() == date(2013, 12, 31)
    assert wd.deadline_label(t) == Phrase("due.quarter.4", {"year": "2013"})  # "quý IV/2013"
    assert "phần mềm cập nhật tiêu chí NTM" in t.text_vi


def test_van_phong_dieu_phoi_tasks_of_2_1(catalog):
    t1, t2, t3 = catalog.task("2.1.1"), catalog.task("2.1.2"), catalog.task("2.1.3")
    assert {t1.lead, t2.lead, t3.lead} == {"van_phong_dieu_phoi"}
    assert t1.intro_vi == ("Giao Văn phòng Điều phối Chương trình MTQG xây dựng NTM tỉnh "
                           "(gọi tắt là Văn phòng Điều phối tỉnh):")
    assert "Quyết định số 1958/QĐ-UBND" in t1.text_vi
    assert (t1.deadline_kind, t1.deadline_value, t1.due_date()) == ("month", "2013-07", date(2013, 7, 31))
    assert "trong tháng 7/2013" in t1.deadline_text
    assert t2.deadline_text == "trình UBND tỉnh quyết định trong tháng 6/2013"
    assert (t2.deadline_kind, t2.deadline_value, t2.due_date()) == ("month", "2013-06", date(2013, 6, 30))
    assert t3.deadline_kind == "after_event"
    assert t3.event.key == "tt_sua_doi_tt54_2009"
    assert t3.due_date() is None
    assert t3.due_date(events={"tt_sua_doi_tt54_2009": date(2013, 10, 4)}) == date(2013, 11, 3)


def test_after_event_tasks_name_their_events(catalog):
    assert catalog.event_keys() == ["tt_sua_doi_tt54_2009", "bkhdt_huong_dan_qd498"]
    t = catalog.task("2.1.5")
    assert t.lead == "so_khdt"
    assert t.deadline_text == "sau khi Bộ Kế hoạch & Đầu tư có văn bản hướng dẫn thực hiện"


def test_pilot_commune_tasks_of_2_6(catalog):
    t5, t6 = catalog.task("2.6.5"), catalog.task("2.6.6")
    assert t5.lead == t6.lead == "ubnd_cac_xa"
    assert t5.deadline_kind == "ongoing"
    assert t6.text_vi.endswith("trong đó, 17 xã điểm của tỉnh phải hoàn thành trong năm 2014.")
    assert (t6.deadline_kind, t6.deadline_value, t6.due_date()) == ("year", "2014", date(2014, 12, 31))
    assert t6.commune_group == "pilot17"
    assert {t.id for t in catalog.tasks if t.commune_group == "pilot17"} == {"2.6.2", "2.6.3", "2.6.6"}
    assert catalog.task("2.6.3").leads == ("so_khdt", "so_tai_chinh")


def test_conferences_of_2_7_are_tentative_months(catalog):
    assert [(t.id, t.deadline_value, t.tentative) for t in catalog.tasks if t.tentative] == [
        ("2.7.1", "2013-09", True), ("2.7.2", "2013-07", True), ("2.7.4", "2013-07", True)]
    assert catalog.task("2.7.4").lead == "so_gtvt"
    assert catalog.task("2.7.1").lead == "ubnd_tinh"


def test_recurring_tasks(catalog):
    meetings, inspections, reports = catalog.task("2.7.5"), catalog.task("2.8.1"), catalog.task("2.8.2")
    assert meetings.deadline.recurrence == dl.Recurrence("quarterly+half-year+year")
    assert meetings.obligation == "hoi_nghi_bcd"
    assert inspections.deadline.recurrence == dl.Recurrence("weekly", weekday=6)
    assert inspections.lead == "lanh_dao_ubnd_tinh_va_thanh_vien_bcd"
    assert reports.deadline.recurrence == dl.Recurrence("monthly", day=20)
    assert reports.due_date(on_or_after=date(2013, 6, 21)) == date(2013, 7, 20)
    assert reports.due_date() is None


def test_nhnn_sub_bullets_inherit_the_lead(catalog):
    t5, t6 = catalog.task("2.3.5"), catalog.task("2.3.6")
    assert t5.lead == t6.lead == "nhnn_chi_nhanh"
    assert t5.intro_vi == t6.intro_vi == "Ngân hàng Nhà nước Việt Nam chi nhánh tỉnh, chỉ đạo:"
    assert t5.directs == ("cac_chi_nhanh_ngan_hang_qtd",)
    assert t6.directs == ("nhcsxh",)


def test_what_was_overdue_on_30_09_2013(catalog):
    assert [t.id for t in catalog.overdue(date(2013, 9, 30))] == ["2.1.1", "2.1.2", "2.1.4", "2.7.2", "2.7.4"]
    statuses = {"2.1.2": "done", "2.7.2": "done", "2.7.4": "cancelled"}
    assert [t.id for t in catalog.overdue(date(2013, 9, 30), statuses)] == ["2.1.1", "2.1.4"]
    assert [t.id for t in catalog.overdue(date(2013, 10, 1))] == [
        "2.1.1", "2.1.2", "2.1.4", "2.7.1", "2.7.2", "2.7.4"]
    assert [t.id for t in catalog.overdue(date(2014, 1, 1))] == [
        "2.1.1", "2.1.2", "2.1.4", "2.1.6", "2.2.6", "2.5.1", "2.5.2", "2.5.3",
        "2.7.1", "2.7.2", "2.7.4"]
    events = {"tt_sua_doi_tt54_2009": date(2013, 8, 1)}
    assert "2.1.3" in [t.id for t in catalog.overdue(date(2013, 9, 30), events=events)]


def test_due_dates_of_all_tasks(catalog):
    due = catalog.due_dates(on_or_after=date(2013, 6, 5))
    assert due["2.1.2"] == date(2013, 6, 30)
    assert due["2.7.1"] == date(2013, 9, 30)
    assert due["2.2.1"] is None
    assert due["2.1.3"] is None
    assert due["2.7.5"] == date(2013, 6, 30)
    assert due["2.8.1"] == date(2013, 6, 9)
    assert due["2.8.2"] == date(2013, 6, 20)


def test_tasks_for_agency(catalog):
    # 2.2.7, 2.6.1 and 2.7.3 are led by "các sở, ngành phụ trách tiêu chí": Sở Xây dựng leads
    # criteria 1 and 9, so they are its tasks too.
    assert [t.id for t in catalog.tasks_for_agency("so_xay_dung")] == ["2.1.4", "2.2.7", "2.5.2", "2.6.1", "2.7.3"]
    assert [t.id for t in catalog.tasks_for_agency("so_tai_chinh", roles=("lead",))] == ["2.6.3"]
    assert [t.id for t in catalog.tasks_for_agency("so_tai_chinh")] == ["2.1.4", "2.6.3"]
    assert [t.id for t in catalog.tasks_for_agency("hoi_nong_dan")] == ["2.2.4"]  # through its group


