"""The report settings on /admin ("Báo cáo định kỳ") and their effect on /tasks, in AppTest, on
each backend: an admin has the Committee sign, the change is audited, the report section names the
new issuer and signer, and the date line's day can be chosen."""
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from data_access import audit
from data_access.bootstrap import ensure_database
from data_access.db import session_scope
from domain.actor import Actor
from services.report_settings import report_heading
from tests.conftest import BACKENDS, module_database
from tests.support import make_user

APP = "../../app.py"
CHANH = Actor("chanh", "admin")


@pytest.fixture(scope="module", params=BACKENDS)
def settings_db(request, tmp_path_factory):
    with module_database(request.param, tmp_path_factory, "rs") as url:
        engine = ensure_database(url, load_sample_data=False)
        with session_scope(engine) as s:
            make_user(s, "chanh", "mat-khau-chanh-1", "admin")
        yield url, engine


def open_admin(monkeypatch, url: str, lang: str | None = None) -> AppTest:
    monkeypatch.setenv("NTM_DATABASE_URL", url)
    monkeypatch.setenv("NTM_LOAD_SAMPLE", "0")
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["actor"] = CHANH
    if lang:
        at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/admin.py").run()
    assert not at.exception, at.exception
    return at


def field(at, label: str):
    return next(w for w in list(at.text_input) + list(at.text_area) if w.label == label)


def test_an_admin_has_the_committee_sign_and_it_is_audited(settings_db, monkeypatch):
    url, engine = settings_db
    at = open_admin(monkeypatch, url)
    assert "Báo cáo định kỳ" in [t.label for t in at.tabs]
    assert field(at, "Ký hiệu văn bản").value == "BC-VPĐP"
    assert field(at, "Chức vụ người ký").value == "CHÁNH VĂN PHÒNG"
    field(at, "Ký hiệu văn bản").input("BC-BCĐNTM")
    field(at, "Thẩm quyền ký (nếu có)").input("KT. TRƯỞNG BAN")
    field(at, "Chức vụ người ký").input("PHÓ TRƯỞNG BAN")
    field(at, "Họ và tên người ký").input("Nguyễn Văn A")
    next(b for b in at.button if b.label == "Lưu cài đặt báo cáo").click().run()
    assert not at.exception
    assert "Đã lưu; báo cáo tạo từ nay dùng cài đặt mới." in [s.value for s in at.success]
    with session_scope(engine) as s:
        h = report_heading(session=s)
        assert (h.symbol, h.signer_authority, h.signer_title, h.signer_name) == (
            "BC-BCĐNTM", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Văn A")
        log = audit.entries(session=s, table="app_meta")
        assert list(log["username"]) == ["chanh"] and list(log["origin"]) == ["page"]
    # An empty required field is refused with a sentence; nothing changes.
    at = open_admin(monkeypatch, url)
    field(at, "Ký hiệu văn bản").input("")
    next(b for b in at.button if b.label == "Lưu cài đặt báo cáo").click().run()
    assert "Cần ghi ký hiệu văn bản (ví dụ BC-VPĐP)." in [e.value for e in at.error]
    with session_scope(engine) as s:
        assert report_heading(session=s).symbol == "BC-BCĐNTM"
    # Back to the defaults.
    at = open_admin(monkeypatch, url, lang="en")
    assert "Periodic report" in [t.label for t in at.tabs]
    next(b for b in at.button if b.label == "Back to the defaults (issued by the Coordination Office)").click().run()
    assert not at.exception
    with session_scope(engine) as s:
        assert report_heading(session=s).symbol == "BC-VPĐP"


def test_the_report_section_names_the_issuer_and_takes_the_date(app_env):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["report"] = "2013-Q3"
    at.run()
    at.switch_page("pages/tasks.py").run()
    assert not at.exception
    made_on = at.date_input(key="w_report_made_on")
    assert made_on.label == "Ngày báo cáo" and made_on.value == date.today()
    assert any(c.value.startswith("Cơ quan ban hành: Văn phòng Điều phối chương trình xây dựng NTM tỉnh · ký hiệu: "
                                  "Số …/BC-VPĐP · người ký: CHÁNH VĂN PHÒNG (chưa ghi họ tên)") for c in at.caption)
    made_on.set_value(date(2013, 10, 5)).run()
    assert not at.exception and at.date_input(key="w_report_made_on").value == date(2013, 10, 5)
