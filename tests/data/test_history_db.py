"""Writes made through the services read back from the audit log as sentences, with the names of
the database (criteria by number and name, indicator text, unit and threshold, display names), on
SQLite and PostgreSQL."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from accounts.auth import actor_for
from data_access import audit, queries
from data_access.assessments import AssessmentEdit
from data_access.bootstrap import ensure_database
from data_access.criteria import criteria_by_period
from data_access.db import session_scope
from data_access.models import Criterion, Indicator
from domain.history_names import Names, criterion_lookup, indicator_names
from domain.history_text import Entry, Words, describe, when_text
from i18n import translate
from services import accounts, reference_edits
from services.assessments import save_assessments
from services.guard import command_line_actor
from services.tasks import update_task_status
from tests.conftest import BACKENDS
from ui.formatting import fmt_number, fmt_period

pytestmark = pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)
HOSTILE = "![x](http://127.0.0.1:9/x.png) $x^2$ **đậm** <img src=x onerror=alert(1)>"
SAVED_AT = datetime(2015, 12, 30, 14, 2)


def words(lang):
    return Words(t=lambda k, **kw: translate(k, lang, **kw), number=lambda v, d: fmt_number(v, d, lang),
                 period=lambda p: fmt_period(p, lang), today=date(2015, 12, 31))


def names_from(s, lang):
    by_id, by_code = indicator_names(queries.indicators(session=s), lang)
    communes = queries.communes(session=s)
    return Names(criterion=criterion_lookup(queries.criteria_sets(session=s), queries.criteria(session=s), lang),
                 indicators=by_id, indicators_by_code=by_code, people={"an": "Nguyễn Văn A"},
                 communes=dict(zip(communes["code"], communes["name"])))


@pytest.fixture
def db(fresh_url):
    engine = ensure_database(fresh_url, load_sample_data=False)
    with session_scope(engine) as s:
        accounts.add_user(session=s, actor=command_line_actor(), username="an", password="mat-khau-an-1", role="admin",
                          display_name="Nguyễn Văn A", origin="cli")
    return engine


def test_an_assessment_save_reads_as_a_sentence_with_the_indicator_and_the_note_as_typed(db):
    with session_scope(db) as s:
        cid = criteria_by_period(session=s, periods=["2015-12"])["2015-12"][11]
        assert s.get(Criterion, cid).key == "poverty"
        ind = s.scalar(select(Indicator).where(Indicator.criterion_id == cid))
        actor = actor_for(session=s, username="an")
        save_assessments(session=s, actor=actor, now=SAVED_AT, edits=[
            AssessmentEdit("30346", cid, "2015-12", True, HOSTILE, {ind.id: 5.5}, 0)])
    with session_scope(db) as s:
        log = audit.entries(session=s, table="assessment", key_prefix="30346/")
        assert len(log) == 1 and log.iloc[0]["origin"] == "page"
        entry = Entry.from_row(log.iloc[0].to_dict())
        vi = describe(entry, names_from(s, "vi"), words("vi"), with_commune=False).sentence(words("vi"))
        en = describe(entry, names_from(s, "en"), words("en"))
    assert vi == ("12/2015 · TC11 Hộ nghèo: chưa có → Đạt; tỷ lệ hộ nghèo 5,5% (ngưỡng < 7%); "
                  f"ghi chú: {HOSTILE}; Nguyễn Văn A, 14:02 30/12 (lưu, trên trang)")
    assert en.text == ("Quốc Thái · Dec 2015 · C11 Poor households: none → met; poor-household rate "
                       f"(2011-2015 income poverty line) 5.5% (threshold < 7%); note: {HOSTILE}")


def test_task_status_threshold_and_account_entries_read_as_sentences(db):
    with session_scope(db) as s:
        actor = actor_for(session=s, username="an")
        update_task_status(session=s, actor=actor, task_id="2.1.4", status="in_progress", done_date=None,
                           reason="chờ _kinh phí_", note="**đang** làm")
        ind = s.scalar(select(Indicator).where(Indicator.verified.is_(False), Indicator.comparison == ">=",
                                               Indicator.threshold.is_not(None)).order_by(Indicator.id))
        key = f"{ind.criterion.set_id}/{ind.code}"
        old = ind.threshold
        reference_edits.correct_threshold(session=s, actor=actor, indicator_id=ind.id, threshold=old + 5, source="QĐ 342")
        accounts.set_active(session=s, actor=command_line_actor(), username="an", active=False, origin="cli")
    with session_scope(db) as s:
        log = audit.entries(session=s)
        names = names_from(s, "vi")
        got = {r["action"]: describe(Entry.from_row(r), names, words("vi")) for r in log.to_dict("records")}
    assert set(got) == {"add", "status", "threshold", "disable"}
    status = got["status"]
    assert status.text == "Nhiệm vụ 2.1.4: tình trạng: Đang thực hiện; lý do: chờ _kinh phí_; ghi chú: **đang** làm"
    assert (status.who, status.action, status.origin) == ("Nguyễn Văn A", "đổi tình trạng nhiệm vụ", "trên trang")
    assert status.when == when_text(log[log["action"] == "status"]["at"].iloc[0].to_pydatetime(), date(2015, 12, 31))
    number = fmt_number(old, 0 if float(old).is_integer() else 1, "vi")
    new = fmt_number(old + 5, 0 if float(old).is_integer() else 1, "vi")
    assert got["threshold"].detail == f"ngưỡng ≥ {number}%, tạm tính → ≥ {new}%; nguồn: QĐ 342"
    assert got["threshold"].subject.startswith(f"Chỉ tiêu {ind.code} “") and key.split("/")[0] in got["threshold"].subject
    assert got["disable"].text == "Tài khoản an: bị khóa" and got["disable"].origin == "dòng lệnh"
    assert got["add"].text == "Tài khoản an: vai trò quản trị viên; huyện tất cả; tên hiển thị Nguyễn Văn A"
    assert got["add"].who.startswith("quản trị máy chủ (")
    for line in got.values():
        assert '{"' not in line.sentence(words("vi"))
