"""Logins kept across reloads: only the token's hash is stored; a login ends when idle for 8 hours,
after 7 days, at logout, and when the account is disabled, changed or restored. Both backends."""
import hashlib
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, text, update

from accounts import login_sessions as ls
from data_access.bootstrap import ensure_database
from data_access.db import session_scope
from data_access.models import AppUser, UserSession
from domain.actor import Actor
from services import accounts
from services.guard import command_line_actor
from tests.conftest import BACKENDS
from tests.support import make_user, set_active

T0 = datetime(2026, 3, 2, 8, 0)
EDITOR = Actor("anphu", "editor", "886")

pytestmark = pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)


@pytest.fixture
def db(fresh_url):
    engine = ensure_database(fresh_url, load_sample_data=False)
    with session_scope(engine) as s:
        make_user(s, "anphu", "mat-khau-anphu", "editor", district_code="886")
        make_user(s, "khac", "mat-khau-khac", "viewer")
    return engine


def login(engine, actor=EDITOR, now=T0) -> str:
    with session_scope(engine) as s:
        token, kept = ls.create(session=s, actor=actor, now=now)
    assert kept.expires_at == now + timedelta(days=7)
    return token


def look(engine, token, now):
    with session_scope(engine) as s:
        kept = ls.lookup(session=s, token=token, now=now)
    return kept.actor if kept else None


def rows(engine) -> list[tuple]:
    with session_scope(engine) as s:
        return [tuple(r) for r in s.execute(text("SELECT * FROM user_session ORDER BY id")).all()]


def test_the_database_holds_only_the_hash_of_a_random_token(db):
    first, second = login(db), login(db)
    assert first != second and len(first) >= 43  # 32 random bytes, URL-safe base64
    stored = rows(db)
    assert len(stored) == 2
    for row in stored:
        assert not any(first in str(v) or second in str(v) for v in row)
    with session_scope(db) as s:
        hashes = s.scalars(select(UserSession.token_hash).order_by(UserSession.id)).all()
    assert hashes == [hashlib.sha256(t.encode()).hexdigest() for t in (first, second)]
    assert look(db, first, T0 + timedelta(minutes=1)) == EDITOR
    assert look(db, "x" + first[1:], T0) is None and look(db, "", T0) is None and look(db, None, T0) is None


def test_the_restored_login_has_the_accounts_current_rights(db):
    token = login(db)
    with session_scope(db) as s:  # changed behind the services' back: the lookup still reads it
        s.execute(update(AppUser).where(AppUser.username == "anphu").values(district_code="883"))
    assert look(db, token, T0 + timedelta(minutes=1)) == Actor("anphu", "editor", "883")


def test_idle_for_eight_hours_ends_a_login_and_use_keeps_it_open(db):
    token = login(db)
    assert look(db, token, T0 + timedelta(hours=7, minutes=59)) == EDITOR  # used: last seen moves on
    assert look(db, token, T0 + timedelta(hours=15, minutes=58)) == EDITOR
    assert look(db, token, T0 + timedelta(hours=24)) is None  # 8 h 2 min since the last use
    idle = login(db)
    assert look(db, idle, T0 + timedelta(hours=8, minutes=1)) is None


def test_seven_days_end_a_login_even_if_used_all_along(db):
    token = login(db)
    moment = T0
    while moment < T0 + timedelta(days=7) - timedelta(hours=4):
        moment += timedelta(hours=4)
        assert look(db, token, moment) == EDITOR
    assert look(db, token, T0 + timedelta(days=7, minutes=-1)) == EDITOR
    assert look(db, token, T0 + timedelta(days=7, minutes=1)) is None


def test_last_seen_is_written_at_most_every_five_minutes(db):
    token = login(db)

    def last_seen():
        with session_scope(db) as s:
            return s.scalar(select(UserSession.last_seen_at))

    look(db, token, T0 + timedelta(minutes=3))
    assert last_seen() == T0
    look(db, token, T0 + timedelta(minutes=6))
    assert last_seen() == T0 + timedelta(minutes=6)
    with session_scope(db) as s:
        assert ls.touch(session=s, token=token, now=T0 + timedelta(minutes=7)) is False
        assert ls.touch(session=s, token=token, now=T0 + timedelta(minutes=12)) is True


def test_logout_ends_only_that_login(db):
    laptop, phone = login(db), login(db)
    with session_scope(db) as s:
        assert ls.revoke(session=s, token=laptop, now=T0 + timedelta(minutes=1)) is True
        assert ls.revoke(session=s, token=laptop, now=T0 + timedelta(minutes=2)) is False  # already ended
    assert look(db, laptop, T0 + timedelta(minutes=3)) is None
    assert look(db, phone, T0 + timedelta(minutes=3)) == EDITOR


def test_disabling_the_account_ends_its_logins_for_good(db):
    token, other = login(db), login(db, Actor("khac", "viewer"))
    with session_scope(db) as s:
        set_active(s, "anphu", False)
    assert look(db, token, T0 + timedelta(minutes=1)) is None
    with session_scope(db) as s:
        set_active(s, "anphu", True)
    assert look(db, token, T0 + timedelta(minutes=2)) is None  # enabling again does not reopen it
    assert look(db, other, T0 + timedelta(minutes=2)) == Actor("khac", "viewer")


def test_a_password_reset_or_a_role_change_ends_the_accounts_logins(db):
    cli = command_line_actor()
    token = login(db)
    with session_scope(db) as s:
        accounts.reset_password(session=s, actor=cli, username="anphu", password="mat-khau-moi-1", origin="cli")
    assert look(db, token, T0 + timedelta(minutes=1)) is None
    token = login(db)
    with session_scope(db) as s:
        accounts.set_role(session=s, actor=cli, username="anphu", role="editor", district_code=None, origin="cli")
    assert look(db, token, T0 + timedelta(minutes=1)) is None


def test_a_restore_ends_every_login(db, tmp_path):
    from services import backups

    cli = command_line_actor()
    before = login(db)  # open when the backup is made: the file holds it unrevoked
    target = tmp_path / f"sao-luu{backups.backup_suffix(engine=db)}"
    backups.make_backup(engine=db, actor=cli, target=target, origin="cli")
    after = login(db, Actor("khac", "viewer"))
    backups.restore(engine=db, actor=cli, source=target, origin="cli")
    assert look(db, before, T0 + timedelta(minutes=1)) is None
    assert look(db, after, T0 + timedelta(minutes=1)) is None
