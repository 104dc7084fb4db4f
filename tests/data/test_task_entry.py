"""Task status and report receipts through the checked, audited layer."""
from datetime import date

import pytest

from accounts.permissions import PermissionDenied
from data_access import audit
from data_access.bootstrap import ensure_database
from data_access.db import session_scope
from data_access.tasks.queries import status_history
from data_access.tasks.writes import TaskRuleError
from domain.actor import Actor
from services.tasks import record_report, update_task_status
from tests.conftest import BACKENDS
from tests.support import make_user

pytestmark = pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)


@pytest.fixture
def db(fresh_url):
    engine = ensure_database(fresh_url, load_sample_data=False)
    with session_scope(engine) as s:
        make_user(s, "bientap", "mat-khau-editor", "editor")
        make_user(s, "xem", "mat-khau-viewer", "viewer")
    return engine


def test_a_late_task_not_done_needs_a_reason_and_viewers_cannot_write(db):
    editor = Actor("bientap", "editor")
    with pytest.raises(TaskRuleError) as exc, session_scope(db) as s:  # 2.1.4 was due 15/06/2013: long past
        update_task_status(session=s, actor=editor, task_id="2.1.4", status="in_progress", done_date=None, reason="",
                           note=None)
    assert "reason_required" in exc.value.problems
    with pytest.raises(PermissionDenied), session_scope(db) as s:
        update_task_status(session=s, actor=Actor("xem", "viewer"), task_id="2.1.4", status="in_progress",
                           done_date=None, reason="chờ ý kiến", note=None)
    with session_scope(db) as s:
        update_task_status(session=s, actor=editor, task_id="2.1.4", status="in_progress", done_date=None,
                           reason="Chờ ý kiến các sở", note="họp ngày 20/6")
    with session_scope(db) as s:
        history = status_history(session=s, task_id="2.1.4")
        log = audit.entries(session=s, table="task_status_update")
    assert history.iloc[-1]["reason"] == "Chờ ý kiến các sở" and history.iloc[-1]["recorded_by"] == "bientap"
    assert log.iloc[0]["row_key"] == "2.1.4" and log.iloc[0]["username"] == "bientap"


def test_a_report_receipt_is_recorded_and_audited(db):
    with session_scope(db) as s:
        record_report(session=s, actor=Actor("bientap", "editor"), obligation_key="tv_bcd_bao_cao_thang",
                      agency_key="so_khdt", period_end=date(2013, 7, 31), received_on=date(2013, 7, 21))
    with session_scope(db) as s:
        log = audit.entries(session=s, table="report_receipt")
    assert log.iloc[0]["row_key"] == "tv_bcd_bao_cao_thang/so_khdt/2013-07-31"
    assert '"due_date": "2013-07-20"' in log.iloc[0]["new_value"]
