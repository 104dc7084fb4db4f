"""Every write action × every kind of actor, on SQLite and PostgreSQL.

Each action is a service of services/; each actor but the admin must be refused with its own
reason, and a refused write must leave no trace: no audit entry, no new data version, no row.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from accounts.permissions import PermissionDenied
from data_access.assessments import AssessmentEdit, current_records
from data_access.backup import table_counts
from data_access.bootstrap import ensure_database
from data_access.criteria import criteria_by_period
from data_access.db import session_scope
from data_access.meta import DATA_VERSION, get_meta
from data_access.models import AuditLog, Indicator
from domain.actor import ANONYMOUS, Actor
from sample.loader import load_sample
from services import accounts, assessments, backups, meetings, reference_edits, tasks
from services.guard import command_line_actor
from tests.conftest import BACKENDS
from tests.support import make_user

PERIOD = "2013-12"
LONG_XUYEN_XA = "30310"  # Mỹ Khánh, district 883
AN_PHU = "886"

ACTORS = {
    "anonymous": (ANONYMOUS, "perm.login_required"),
    "viewer": (Actor("xem", "viewer"), None),  # read_only, or admin_only for admin actions
    "editor_of_A_on_B": (Actor("anphu", "editor", AN_PHU), None),
    "disabled_admin": (Actor("quantri_nghi", "admin"), "perm.account_disabled"),
    "forged_role": (Actor("xem", "admin"), "perm.account_changed"),
    "admin": (Actor("quantri", "admin"), "ok"),
}


@pytest.fixture(scope="module", params=BACKENDS)
def world(request, tmp_path_factory):
    """One database per backend for the module: refused writes change nothing, and each allowed
    write uses names of its own."""
    from tests.conftest import _worker, drop_pg_schema, fresh_pg_url
    tmp = tmp_path_factory.mktemp("writes")
    patch = pytest.MonkeyPatch()
    patch.setenv("NTM_BACKUP_DIR", str(tmp / "tu-dong"))
    if request.param == "sqlite":
        url, schema = f"sqlite:///{tmp / 'writes.sqlite3'}", None
    else:
        schema = f"ntm_writes_matrix_{_worker()}"  # two runs at once must not share it
        url = fresh_pg_url(schema)
    engine = ensure_database(url, load_sample_data=False)
    with session_scope(engine) as s:
        load_sample(session=s, periods=[PERIOD])
        make_user(s, "quantri", "mat-khau-quan-tri", "admin")
        make_user(s, "quantri_nghi", "mat-khau-quan-tri", "admin")
        make_user(s, "anphu", "mat-khau-an-phu", "editor", AN_PHU)
        make_user(s, "xem", "mat-khau-nguoi-xem", "viewer")
        make_user(s, "tam", "mat-khau-tam-thoi", "viewer")  # the allowed account writes change these two
        make_user(s, "tam2", "mat-khau-tam-thoi", "viewer")
        accounts.set_active(session=s, actor=command_line_actor(), username="quantri_nghi", active=False, origin="cli")
    backup_file = backups.make_backup(engine=engine, actor=command_line_actor(), target=tmp / "goc.bak", origin="cli")
    yield {"engine": engine, "backup": backup_file, "tmp": tmp}
    patch.undo()
    if schema:
        from data_access.db import get_engine
        engine.dispose()
        get_engine.cache_clear()
        drop_pg_schema(schema)


def _assessment(s, actor, w, uid):
    cid = criteria_by_period(session=s, periods=[PERIOD])[PERIOD][10]
    rec = current_records(session=s, period=PERIOD, commune_codes=[LONG_XUYEN_XA])[(LONG_XUYEN_XA, cid)]
    assessments.save_assessments(session=s, actor=actor, edits=[
        AssessmentEdit(LONG_XUYEN_XA, cid, PERIOD, not rec.met, f"kiểm tra {uid}", dict(rec.values), rec.version)])


def _indicator(s) -> int:
    return s.scalar(select(Indicator.id).where(Indicator.comparison != "achieved").order_by(Indicator.id))


ACTIONS = {
    "assessment": ("district", _assessment),
    "task_status": ("province", lambda s, a, w, uid: tasks.update_task_status(
        session=s, actor=a, task_id="2.1.4", status="in_progress", done_date=None, reason=f"Chờ ý kiến {uid}", note=None)),
    "report_receipt": ("province", lambda s, a, w, uid: tasks.record_report(
        session=s, actor=a, obligation_key="tv_bcd_bao_cao_thang", agency_key="so_khdt", period_end=date(2013, 7, 31),
        received_on=date(2013, 7, 18))),
    "event_date": ("province", lambda s, a, w, uid: tasks.record_event_date(
        session=s, actor=a, event_key="bkhdt_huong_dan_qd498", occurred_on=date(2013, 8, 7))),
    "meeting": ("province", lambda s, a, w, uid: meetings.freeze(
        session=s, actor=a, name=f"Họp {uid}", meeting_date=date(2013, 12, 20), period=PERIOD)),
    "add_user": ("admin", lambda s, a, w, uid: accounts.add_user(
        session=s, actor=a, username=f"moi_{uid}", password="mat-khau-moi-1", role="viewer")),
    "set_role": ("admin", lambda s, a, w, uid: accounts.set_role(
        session=s, actor=a, username="tam2", role="editor", district_code=AN_PHU)),
    "reset_password": ("admin", lambda s, a, w, uid: accounts.reset_password(
        session=s, actor=a, username="anphu", password="mat-khau-an-phu")),
    "set_active": ("admin", lambda s, a, w, uid: accounts.set_active(session=s, actor=a, username="tam", active=False)),
    "group_members": ("admin", lambda s, a, w, uid: reference_edits.set_group_members(
        session=s, actor=a, group_key="pilot17", codes=[LONG_XUYEN_XA])),
    "threshold": ("admin", lambda s, a, w, uid: reference_edits.correct_threshold(
        session=s, actor=a, indicator_id=_indicator(s), threshold=70.0, source=f"QĐ kiểm tra {uid}")),
    "backup": ("admin", lambda s, a, w, uid: backups.make_backup(
        engine=w["engine"], actor=a, target=w["tmp"] / f"sao-luu-{uid}.bak")),
    "restore": ("admin", lambda s, a, w, uid: backups.restore(engine=w["engine"], actor=a, source=w["backup"])),
}


def _expected(kind: str, actor_key: str) -> str:
    actor, code = ACTORS[actor_key]
    if code:
        return code
    if actor_key == "viewer":
        return "perm.admin_only" if kind == "admin" else "perm.read_only"
    return {"district": "perm.other_district", "province": "perm.province_only", "admin": "perm.admin_only"}[kind]


def _trace(engine) -> tuple:
    with session_scope(engine) as s:
        return (s.scalar(select(func.count()).select_from(AuditLog)), get_meta(session=s, key=DATA_VERSION),
                tuple(sorted(table_counts(engine).items())))


@pytest.mark.parametrize("actor_key", list(ACTORS))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_write_checks_the_account_it_acts_for(world, action, actor_key):
    kind, run = ACTIONS[action]
    actor, _ = ACTORS[actor_key]
    expected = _expected(kind, actor_key)
    engine = world["engine"]
    uid = f"{action}_{actor_key}"
    before = _trace(engine)
    if expected == "ok":
        with session_scope(engine) as s:
            run(s, actor, world, uid)
        audit_before, version_before, _ = before
        audit_after, version_after, _ = _trace(engine)
        if action != "restore":  # a restore brings the file's log back, then adds its own entry
            assert audit_after > audit_before, "an allowed write is audited"
        if action != "backup":  # a backup reads the data; it changes none
            assert int(version_after) > int(version_before), "an allowed write advances the data version"
        with session_scope(engine) as s:
            last = s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
        assert last.username == "quantri" and last.origin == "page"
        return
    with pytest.raises(PermissionDenied) as refused, session_scope(engine) as s:
        run(s, actor, world, uid)
    assert refused.value.code == expected
    assert _trace(engine) == before, "a refused write leaves no trace"
    if action == "backup":
        assert not Path(world["tmp"] / f"sao-luu-{uid}.bak").exists()


def test_an_editor_of_a_district_writes_its_own_communes(world):
    engine = world["engine"]
    with session_scope(engine) as s:
        cid = criteria_by_period(session=s, periods=[PERIOD])[PERIOD][10]
        rec = current_records(session=s, period=PERIOD, commune_codes=["30346"])[("30346", cid)]
        n = assessments.save_assessments(session=s, actor=ACTORS["editor_of_A_on_B"][0], edits=[
            AssessmentEdit("30346", cid, PERIOD, not rec.met, "xã của huyện mình", dict(rec.values), rec.version)])
    assert n == 1


def test_the_refusal_names_the_commune_and_the_district(world):
    from i18n import explain
    with pytest.raises(PermissionDenied) as refused, session_scope(world["engine"]) as s:
        _assessment(s, ACTORS["editor_of_A_on_B"][0], world, "x")
    assert explain(refused.value, "vi") == "Xã Mỹ Khánh không thuộc huyện An Phú mà bạn được phân công."
    assert explain(refused.value, "en") == "Commune Mỹ Khánh is not in district An Phú, which you are assigned to."


def test_the_operator_actor_is_accepted_only_from_the_command_line(world):
    with pytest.raises(PermissionDenied) as refused, session_scope(world["engine"]) as s:
        accounts.add_user(session=s, actor=command_line_actor(), username="tu_trang", password="mat-khau-123",
                          role="admin", origin="page")
    assert refused.value.code == "perm.forged"
    with pytest.raises(PermissionDenied), session_scope(world["engine"]) as s:  # a look-alike name is no operator either
        accounts.add_user(session=s, actor=Actor("quantri", "operator"), username="tu_trang", password="mat-khau-123",
                          role="admin", origin="cli")
