"""data/tasks_2013.yaml, data/agencies.yaml, data/reporting_obligations.yaml and
domain/tasks/catalog.py: the work programme as shipped data, checked against the programme's own text
(10/CTCT-BCĐNTM, read from the shared folder when it is there). Its deadlines:
test_tasks_deadlines_data.py."""

import re
import shutil
import unicodedata
from datetime import date
from pathlib import Path

import pytest
import yaml

from config import DATA_DIR
from domain.tasks import deadlines as dl
from domain.tasks import reporting_calendar as rc
from domain.tasks.catalog import (
    CatalogError,
    load_agencies,
    load_catalog,
    load_tasks,
)
from i18n import translate

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "seed" / "000_c56b6b1e6115d9aa.txt"

EXPECTED_COUNTS = {"2.1": 6, "2.2": 9, "2.3": 7, "2.4": 2, "2.5": 3, "2.6": 6, "2.7": 5, "2.8": 2}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def seed_text():
    """The seed with page breaks joined, whitespace collapsed and Markdown emphasis dropped."""
    if not SEED.exists():
        pytest.skip(f"seed not found at {SEED}")
    return re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8").replace("*", ""))


# --------------------------------------------------------------------------------------------
# Structure
# --------------------------------------------------------------------------------------------


def test_catalog_loads_with_40_tasks(catalog):
    assert len(catalog.tasks) == 40
    assert catalog.programme_year == 2013
    assert catalog.source["document"] == "10/CTCT-BCĐNTM"
    assert catalog.source["date"] == "2013-06-05"


def test_every_section_has_the_expected_number_of_tasks(catalog):
    counts = {s: len(catalog.tasks_in_section(s)) for s, _ in catalog.sections()}
    assert counts == EXPECTED_COUNTS


def test_ids_are_unique_and_numbered_in_order(catalog):
    ids = [t.id for t in catalog.tasks]
    assert len(set(ids)) == len(ids)
    expected = [f"{s}.{i}" for s, n in EXPECTED_COUNTS.items() for i in range(1, n + 1)]
    assert ids == expected


def test_yaml_header_states_the_counts():
    header = (DATA_DIR / "tasks_2013.yaml").read_text(encoding="utf-8").split("\nsource:")[0]
    blocks = dict(re.findall(r"^#   (2\.[1-8]) (.*?)(?=^#   2\.[1-8] |^#   Total)", header, re.M | re.S))
    assert list(blocks) == list(EXPECTED_COUNTS)
    for section, n in EXPECTED_COUNTS.items():
        assert f"-> {n} tasks" in blocks[section], section
        assert "All present." in blocks[section], section
    assert "= 40 tasks" in header


def test_section_titles(catalog):
    titles = dict(catalog.sections())
    assert titles["2.1"] == ("Tiến hành rà soát, điều chỉnh, bổ sung các văn bản đã ban hành và ban hành "
                             "văn bản hướng dẫn thực hiện")
    assert titles["2.7"] == "Tổ chức hội nghị"
    assert titles["2.8"] == "Tăng cường công tác chỉ đạo, kiểm tra và thực hiện chế độ báo cáo"
    assert list(titles) == list(EXPECTED_COUNTS)


def test_every_agency_key_resolves(catalog):
    for t in catalog.tasks:
        for key in t.agency_keys:
            assert key in catalog.agencies, (t.id, key)
    for o in catalog.obligations:
        for key in (o.who, *o.to, *([o.via] if o.via else [])):
            assert key in catalog.agencies, (o.key, key)
    for a in catalog.agencies.values():
        for m in a.members:
            assert m in catalog.agencies, (a.key, m)


def test_agency_keys_are_ascii_slugs_and_every_agency_is_used(catalog):
    used = {k for t in catalog.tasks for k in t.agency_keys}
    used |= {k for o in catalog.obligations for k in (o.who, *o.to, o.via) if k}
    used |= {m for a in catalog.agencies.values() for m in a.members}
    for key in catalog.agencies:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", key), key
    assert set(catalog.agencies) - used == set()


def test_agency_records(catalog):
    a = catalog.agency("so_khdt")
    assert (a.name_vi, a.short_vi, a.name_en, a.kind) == (
        "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", "Department of Planning and Investment", "sở/ngành")
    assert catalog.agency("so_nnptnt").short_vi == "Sở NN&PTNT"
    assert catalog.agency("van_phong_dieu_phoi").short_vi == "Văn phòng Điều phối tỉnh"
    groups = {k for k, a in catalog.agencies.items() if a.kind == "group"}
    assert {"cac_so_nganh_phu_trach_tieu_chi", "cac_so_nganh_lien_quan", "ubnd_cac_huyen", "ubnd_cac_xa",
            "ubmttq_va_to_chuc_thanh_vien", "lanh_dao_ubnd_tinh_va_thanh_vien_bcd"} <= groups
    assert catalog.agency("cac_so_nganh_phu_trach_tieu_chi").name_vi == \
        "Các sở, ngành được phân công phụ trách tiêu chí NTM"
    assert catalog.agency("ubmttq_va_to_chuc_thanh_vien").members == (
        "ubmttq_tinh", "lien_doan_lao_dong", "hoi_nong_dan", "hoi_lhpn", "hoi_ccb", "doan_tncs")
    assert catalog.agency("so_khdt").name("en") == "Department of Planning and Investment"
    assert catalog.agency("so_khdt").name("vi", short=True) == "Sở KH&ĐT"


# --------------------------------------------------------------------------------------------
# Against the seed
# --------------------------------------------------------------------------------------------


def test_task_texts_are_verbatim_from_the_seed(catalog, seed_text):
    for t in catalog.tasks:
        assert t.text_vi in seed_text, t.id
        if t.intro_vi:
            assert t.intro_vi in seed_text, t.id
        assert t.section_title_vi in seed_text, t.id


def test_agency_names_are_spelled_as_in_the_seed(catalog, seed_text):
    for a in catalog.agencies.values():
        assert a.seed_names or a.source == "criteria", a.key  # the seed names it, or it leads a criterion
        for name in a.seed_names:
            assert name in seed_text, (a.key, name)


def test_obligation_texts_are_verbatim_from_the_seed(catalog, seed_text):
    for o in catalog.obligations:
        assert o.text_vi in seed_text, o.key
        assert o.deadline_text in o.text_vi, o.key


def test_seed_lines_point_at_the_bullets(catalog):
    if not SEED.exists():
        pytest.skip(f"seed not found at {SEED}")
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for t in catalog.tasks:
        line = lines[t.seed_line - 1].replace("*", "")
        assert line[:2] in ("- ", "+ "), t.id
        assert line[2:40] == t.text_vi[:38], t.id


def test_text_is_nfc_with_the_seed_diacritics(catalog):
    for t in catalog.tasks:
        for s in (t.text_vi, t.section_title_vi, t.deadline_text, t.note or "", t.intro_vi or ""):
            assert unicodedata.is_normalized("NFC", s), t.id
    for a in catalog.agencies.values():
        assert unicodedata.is_normalized("NFC", a.name_vi + a.short_vi + "".join(a.seed_names)), a.key


def test_all_bullets_of_the_seed_sections_are_covered(catalog, seed_text):
    """Every '-' / '+' bullet of §2.1–§2.8 is a task's text, an intro of sub-bullets, or (2.6.5/2.6.6)
    split into two tasks."""
    raw = SEED.read_text(encoding="utf-8")
    body = raw[raw.index("2.1- "):raw.index("## II. Tổ chức thực hiện")]
    body = re.sub(r"\n\n(?![-+] |#)", " ", body)  # join the page breaks
    bullets = [re.sub(r"\s+", " ", b[2:].replace("*", "")).strip()
               for b in body.split("\n") if b[:2] in ("- ", "+ ")]
    assert len(bullets) == 42  # 35 "-" + 7 "+"
    texts = {t.text_vi for t in catalog.tasks}
    intros = {t.intro_vi for t in catalog.tasks if t.intro_vi}
    assert len(intros) == 3
    for b in bullets:
        assert b in texts or b in intros, b[:60]


# --------------------------------------------------------------------------------------------
# Reporting obligations
# --------------------------------------------------------------------------------------------


def test_obligations(catalog):
    keys = [o.key for o in catalog.obligations]
    assert keys == ["tv_bcd_bao_cao_thang", "tv_bcd_bao_cao_quy", "vpdp_bao_cao_dinh_ky",
                    "vpdp_cap_nhat_17_xa", "kiem_tra_hang_tuan", "hoi_nghi_bcd"]
    monthly = catalog.obligation("tv_bcd_bao_cao_thang")
    assert (monthly.who, monthly.to, monthly.via) == ("thanh_vien_bcd_tinh", ("tt_ban_chi_dao_tinh",),
                                                      "van_phong_dieu_phoi")
    assert monthly.recurrence == dl.Recurrence("monthly", day=20)
    assert monthly.due_dates(date(2013, 6, 5), date(2013, 8, 31)) == [date(2013, 6, 20), date(2013, 7, 20),
                                                                     date(2013, 8, 20)]
    quarterly = catalog.obligation("tv_bcd_bao_cao_quy")
    assert quarterly.due_dates(date(2013, 1, 1), date(2013, 12, 31)) == [
        date(2013, 3, 15), date(2013, 6, 15), date(2013, 9, 15), date(2013, 12, 15)]
    office = catalog.obligation("vpdp_bao_cao_dinh_ky")
    assert office.recurrence == dl.Recurrence("quarterly+half-year+year")
    assert office.alternative_due_day == 15
    assert [(translate(p.label.key, "vi", **p.label.values), p.due)
            for p in office.periods(date(2013, 6, 5), date(2013, 12, 31))] == [
        ("6 tháng đầu năm 2013", date(2013, 6, 30)), ("quý III/2013", date(2013, 9, 30)),
        ("năm 2013", date(2013, 12, 31))]
    update = catalog.obligation("vpdp_cap_nhat_17_xa")
    assert update.due_dates(date(2014, 2, 1), date(2014, 2, 28)) == [date(2014, 2, 28)]
    assert update.to == ("huyen_uy", "ubnd_cac_huyen", "cac_xa_diem")
    weekly = catalog.obligation("kiem_tra_hang_tuan")
    assert weekly.next_due(date(2013, 6, 5)) == date(2013, 6, 9)
    assert catalog.obligation("hoi_nghi_bcd").tasks == ("2.7.5",)


def test_timeliness_of_members_reports(catalog):
    monthly = catalog.obligation("tv_bcd_bao_cao_thang")
    (due,) = monthly.due_dates(date(2013, 7, 1), date(2013, 7, 31))
    assert rc.timeliness(due, date(2013, 7, 20), date(2013, 8, 1)) == "on_time"
    assert rc.timeliness(due, date(2013, 7, 21), date(2013, 8, 1)) == "late"
    assert rc.timeliness(due, None, date(2013, 7, 21)) == "missing"


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


def _copy_data(tmp_path):
    for name in ("agencies.yaml", "tasks_2013.yaml", "reporting_obligations.yaml", "reporting_agencies.yaml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return yaml.safe_load((tmp_path / "tasks_2013.yaml").read_text(encoding="utf-8"))


def _write_tasks(tmp_path, doc):
    (tmp_path / "tasks_2013.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
                                              encoding="utf-8")


@pytest.mark.parametrize("edit,message", [
    (lambda doc: doc["tasks"][3]["partners"].append("so_khong_co"),
     r"task 2\.1\.4: unknown partner agency key 'so_khong_co'"),
    (lambda doc: doc["tasks"][1].update(id="2.1.1"), r"task 2\.1\.1: duplicate id"),
    (lambda doc: doc["tasks"][0].update(deadline_value="2013-06"),
     r"task 2\.1\.1: deadline_text .* reads as \('month', '2013-07'\)"),
], ids=["unknown_partner", "duplicate_id", "deadline_disagreeing_with_its_wording"])
def test_a_broken_task_is_rejected_naming_it(tmp_path, edit, message):
    doc = _copy_data(tmp_path)
    edit(doc)
    _write_tasks(tmp_path, doc)
    with pytest.raises(CatalogError, match=message):
        load_catalog(tmp_path)


def test_unknown_lead_key_names_the_task(tmp_path):
    doc = _copy_data(tmp_path)
    doc["tasks"][5]["lead"] = "cuc_thong_ke_tinh"
    _write_tasks(tmp_path, doc)
    with pytest.raises(CatalogError, match=r"task 2\.1\.6: unknown lead agency key 'cuc_thong_ke_tinh'"):
        load_tasks(tmp_path / "tasks_2013.yaml", load_agencies(tmp_path / "agencies.yaml"))


def test_unknown_obligation_agency_is_rejected(tmp_path):
    _copy_data(tmp_path)
    path = tmp_path / "reporting_obligations.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("who: van_phong_dieu_phoi", "who: vpdp", 1),
                    encoding="utf-8")
    with pytest.raises(CatalogError,
                       match=r"obligation vpdp_bao_cao_dinh_ky: unknown 'who' agency key 'vpdp'"):
        load_catalog(tmp_path)
