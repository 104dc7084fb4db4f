"""Saving assessments: permissions, optimistic locking, audit; accounts and lockout. Both backends."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from accounts import auth
from accounts.permissions import PermissionDenied
from data_access import audit
from data_access.assessments import AssessmentEdit, Conflict, InvalidEdit, current_records
from data_access.bootstrap import ensure_database
from data_access.db import session_scope
from data_access.models import Assessment, Criterion
from domain.actor import ANONYMOUS, Actor
from services.assessments import save_assessments
from tests.conftest import BACKENDS
from tests.support import make_user, set_active

PERIOD = "2015-12"
AN_PHU_XA = "30346"  # Quốc Thái, huyện An Phú (886)
LONG_XUYEN_XA = "30310"  # Mỹ Khánh, TP Long Xuyên (883)


@pytest.fixture
def db(fresh_url):
    # No sample history (fast): the records the tests open are seeded here, version 1 each.
    engine = ensure_database(fresh_url, load_sample_data=False)
    with session_scope(engine) as s:
        for commune in (AN_PHU_XA, LONG_XUYEN_XA):
            for key, met in (("income", False), ("security", True)):
                s.add(Assessment(commune_code=commune, criterion_id=criterion_id(s, key), period=PERIOD, version=1,
                                 met=met, recorded_at=datetime(2016, 1, 5, 9, 0), recorded_by="seed"))
        make_user(s, "admin", "mat-khau-admin", "admin")
        make_user(s, "bientap", "mat-khau-editor", "editor")
        make_user(s, "anphu", "mat-khau-anphu", "editor", district_code="886")
        make_user(s, "xem", "mat-khau-viewer", "viewer")
    return engine


def criterion_id(s, key="income", period=PERIOD):
    from data_access.criteria import criteria_by_period
    ids = criteria_by_period(session=s, periods=[period])[period]
    return s.scalar(select(Criterion.id).where(Criterion.id.in_(ids.values()), Criterion.key == key))


def opened(engine, commune, key="income"):
    """What a person sees when opening the record: its id, version and value."""
    with session_scope(engine) as s:
        cid = criterion_id(s, key)
        rec = current_records(session=s, period=PERIOD, commune_codes=[commune])[(commune, cid)]
    return cid, rec


def edit_flipping(cid, rec, note="sửa thử"):
    return AssessmentEdit(rec.commune_code, cid, PERIOD, not rec.met, note, {}, rec.version)


pytestmark = pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)


def test_a_save_appends_a_version_and_is_audited(db):
    cid, rec = opened(db, AN_PHU_XA)
    with session_scope(db) as s:
        assert save_assessments(session=s, actor=Actor("bientap", "editor"), edits=[edit_flipping(cid, rec)]) == 1
    _, now = opened(db, AN_PHU_XA)
    assert (now.version, now.met, now.recorded_by, now.note) == (rec.version + 1, not rec.met, "bientap", "sửa thử")
    with session_scope(db) as s:
        log = audit.entries(session=s, table="assessment")
        assert s.scalar(select(func.count()).select_from(Assessment).where(
            Assessment.commune_code == AN_PHU_XA, Assessment.criterion_id == cid, Assessment.period == PERIOD)) == 2
    assert log.iloc[0]["username"] == "bientap"
    assert log.iloc[0]["row_key"] == f"{AN_PHU_XA}/{PERIOD}/income"
    assert f'"met": {str(rec.met).lower()}' in log.iloc[0]["old_value"]


def test_two_people_saving_the_same_record_the_second_is_refused_and_nothing_is_lost(db):
    cid, rec = opened(db, AN_PHU_XA)  # both open the same version
    first = AssessmentEdit(AN_PHU_XA, cid, PERIOD, not rec.met, "người thứ nhất", {}, rec.version)
    second = AssessmentEdit(AN_PHU_XA, cid, PERIOD, rec.met, "người thứ hai", {}, rec.version)
    with session_scope(db) as s:
        save_assessments(session=s, actor=Actor("bientap", "editor"), edits=[first])
    with pytest.raises(Conflict) as exc, session_scope(db) as s:
        save_assessments(session=s, actor=Actor("admin", "admin"), edits=[second])
    edit, theirs = exc.value.pairs[0]
    assert edit.note == "người thứ hai" and theirs.note == "người thứ nhất" and theirs.recorded_by == "bientap"
    _, now = opened(db, AN_PHU_XA)
    assert (now.note, now.version) == ("người thứ nhất", rec.version + 1)
    # Choosing "keep mine": save again from the version now stored.
    with session_scope(db) as s:
        save_assessments(session=s, actor=Actor("admin", "admin"), edits=[
            AssessmentEdit(AN_PHU_XA, cid, PERIOD, rec.met, "người thứ hai", {}, now.version)])
    _, last = opened(db, AN_PHU_XA)
    assert (last.note, last.version) == ("người thứ hai", rec.version + 2)


def test_a_conflict_in_one_record_writes_none_of_the_batch(db):
    cid, rec = opened(db, AN_PHU_XA)
    cid2, rec2 = opened(db, AN_PHU_XA, "security")
    with session_scope(db) as s:
        save_assessments(session=s, actor=Actor("admin", "admin"), edits=[edit_flipping(cid2, rec2)])
    with pytest.raises(Conflict), session_scope(db) as s:
        save_assessments(session=s, actor=Actor("admin", "admin"), edits=[edit_flipping(cid, rec), edit_flipping(cid2, rec2)])
    _, now = opened(db, AN_PHU_XA)
    assert now.version == rec.version  # the income record was not written either


@pytest.mark.parametrize("who,commune,allowed", [
    (ANONYMOUS, AN_PHU_XA, False),
    (Actor("xem", "viewer"), AN_PHU_XA, False),
    (Actor("anphu", "editor", "886"), AN_PHU_XA, True),
    (Actor("anphu", "editor", "886"), LONG_XUYEN_XA, False),
    (Actor("bientap", "editor"), LONG_XUYEN_XA, True),
    (Actor("admin", "admin"), LONG_XUYEN_XA, True),
])
def test_permissions_are_enforced_in_data_access(db, who, commune, allowed):
    cid, rec = opened(db, commune)
    if allowed:
        with session_scope(db) as s:
            assert save_assessments(session=s, actor=who, edits=[edit_flipping(cid, rec)]) == 1
    else:
        with pytest.raises(PermissionDenied), session_scope(db) as s:
            save_assessments(session=s, actor=who, edits=[edit_flipping(cid, rec)])
        _, now = opened(db, commune)
        assert now.version == rec.version


def test_a_forged_actor_gets_the_rights_of_its_account(db):
    cid, rec = opened(db, LONG_XUYEN_XA)
    with pytest.raises(PermissionDenied), session_scope(db) as s:  # "xem" is a viewer whatever the caller claims
        save_assessments(session=s, actor=Actor("xem", "admin"), edits=[edit_flipping(cid, rec)])
    with session_scope(db) as s:
        set_active(s, "bientap", False)
    with pytest.raises(PermissionDenied), session_scope(db) as s:
        save_assessments(session=s, actor=Actor("bientap", "editor"), edits=[edit_flipping(cid, rec)])


def test_invalid_edits_are_refused(db):
    cid, rec = opened(db, AN_PHU_XA)
    admin = Actor("admin", "admin")
    for edit, code in [
        (AssessmentEdit("99999", cid, PERIOD, True), "edit.unknown_commune"),
        (AssessmentEdit("30337", cid, PERIOD, True), "edit.not_assessed"),  # thị trấn An Phú
        (AssessmentEdit(AN_PHU_XA, cid, "2015-13", True), "edit.bad_period"),
    ]:
        with pytest.raises(InvalidEdit) as exc, session_scope(db) as s:
            save_assessments(session=s, actor=admin, edits=[edit])
        assert exc.value.code == code
    with session_scope(db) as s:
        old_set = criterion_id(s, "income", "2012-06")
    with pytest.raises(InvalidEdit), session_scope(db) as s:  # a criterion of the set in force in 2012, not in 2015
        save_assessments(session=s, actor=admin, edits=[AssessmentEdit(AN_PHU_XA, old_set, PERIOD, True)])


def test_login_lockout_grows_and_a_correct_password_resets_it(db):
    t0 = datetime(2026, 1, 1, 8, 0)
    with session_scope(db) as s:
        assert auth.authenticate(session=s, username="xem", password="mat-khau-viewer", now=t0).role == "viewer"
    for _i in range(3):
        with pytest.raises(auth.AuthError) as exc, session_scope(db) as s:
            auth.authenticate(session=s, username="xem", password="sai", now=t0)
        assert exc.value.code == "auth.failed"
    with pytest.raises(auth.AuthError) as exc, session_scope(db) as s:  # locked now, even with the right password
        auth.authenticate(session=s, username="xem", password="mat-khau-viewer", now=t0 + timedelta(seconds=30))
    assert exc.value.code == "auth.locked"
    assert auth.lock_duration(4) == 2 * auth.lock_duration(3)
    with session_scope(db) as s:
        assert auth.authenticate(session=s, username="xem", password="mat-khau-viewer", now=t0 + timedelta(minutes=2)).username == "xem"
    with pytest.raises(auth.AuthError) as exc, session_scope(db) as s:
        auth.authenticate(session=s, username="khong-co", password="x", now=t0)
    assert exc.value.code == "auth.failed"  # same message as a wrong password
