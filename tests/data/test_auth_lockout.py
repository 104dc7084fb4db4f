"""The login lockout holds under parallel attempts: the count and the lock change in one UPDATE,
committed even though the login fails. Both backends."""
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from threading import Barrier

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update

from accounts import auth
from data_access.bootstrap import ensure_database
from data_access.db import session_scope
from data_access.models import AppUser
from tests.conftest import BACKENDS
from tests.support import make_user, set_active

PASSWORD = "mat-khau-dung"
T0 = datetime(2026, 3, 2, 8, 0)

pytestmark = pytest.mark.parametrize("fresh_url", BACKENDS, indirect=True)


# An account whose hash was made with cheap parameters (as by an older version): verifying it
# takes milliseconds, so 20 parallel attempts test the database, not the CPU. A successful login
# rehashes it with the current parameters (checked below).
OLD_HASH = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)


@pytest.fixture
def db(fresh_url):
    engine = ensure_database(fresh_url, load_sample_data=False)
    with session_scope(engine) as s:
        make_user(s, "nhanvien", PASSWORD, "editor")
        s.execute(update(AppUser).where(AppUser.username == "nhanvien").values(password_hash=OLD_HASH))
    return engine


def attempt(engine, password: str, now: datetime, barrier: Barrier | None = None) -> str:
    """One login in its own session (its own connection): 'ok' or the refusal's code."""
    if barrier is not None:
        barrier.wait()
    try:
        with session_scope(engine) as s:
            auth.authenticate(session=s, username="nhanvien", password=password, now=now)
        return "ok"
    except auth.AuthError as exc:
        return exc.code


def state(engine) -> tuple[int, datetime | None]:
    with session_scope(engine) as s:
        row = s.execute(select(AppUser.failed_logins, AppUser.locked_until)
                        .where(AppUser.username == "nhanvien")).one()
    return row[0], row[1]


def in_parallel(engine, passwords: list[str], now: datetime) -> list[str]:
    barrier = Barrier(len(passwords))
    with ThreadPoolExecutor(max_workers=len(passwords)) as pool:
        return list(pool.map(lambda p: attempt(engine, p, now, barrier), passwords))


def test_twenty_parallel_wrong_passwords_count_twenty_and_lock_for_the_hour(db):
    results = in_parallel(db, ["sai-mat-khau"] * 20, T0)
    assert all(r in ("auth.failed", "auth.locked") for r in results)
    count, locked_until = state(db)
    assert count == 20
    assert locked_until == T0 + auth.MAX_LOCK  # 20 failures: the longest lock
    # The right password afterwards is refused while the lock lasts, and does not count.
    assert attempt(db, PASSWORD, T0 + timedelta(minutes=59)) == "auth.locked"
    assert state(db) == (20, T0 + auth.MAX_LOCK)
    # After the lock, the right password logs in and the count goes back to 0 (in SQL).
    assert attempt(db, PASSWORD, T0 + timedelta(minutes=61)) == "ok"
    assert state(db) == (0, None)
    with session_scope(db) as s:
        new_hash = s.scalar(select(AppUser.password_hash).where(AppUser.username == "nhanvien"))
    assert new_hash != OLD_HASH and "m=65536" in new_hash  # rehashed with today's parameters


def test_a_right_password_racing_twenty_wrong_ones_never_logs_in_once_locked(db):
    results = in_parallel(db, ["sai"] * 20 + [PASSWORD], T0)
    right = results[-1]
    count, locked_until = state(db)
    assert locked_until is not None and locked_until > T0
    if right == "ok":
        # It may only have won the race before the third failure: at most 2 were then reset.
        assert 18 <= count <= 20
    else:
        assert right == "auth.locked" and count == 20


def test_a_right_password_among_wrong_ones_after_the_lock_is_refused(db):
    assert in_parallel(db, ["sai"] * 10, T0).count("auth.failed") >= 3
    results = in_parallel(db, ["sai"] * 10 + [PASSWORD] * 3, T0 + timedelta(seconds=5))
    assert results[-3:] == ["auth.locked"] * 3
    assert state(db)[0] == 20


def test_the_lock_grows_one_two_four_minutes_up_to_an_hour(db):
    locks = []
    for _ in range(11):
        assert attempt(db, "sai", T0) in ("auth.failed", "auth.locked")
        locks.append(state(db)[1])
    minutes = [None if lock is None else (lock - T0) / timedelta(minutes=1) for lock in locks]
    assert minutes == [None, None, 1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_messages_unknown_name_like_wrong_password_and_a_disabled_account_with_the_right_one(db):
    with pytest.raises(auth.AuthError) as exc, session_scope(db) as s:
        auth.authenticate(session=s, username="khong-ai", password=PASSWORD, now=T0)
    assert exc.value.code == "auth.failed"
    with session_scope(db) as s:
        set_active(s, "nhanvien", False)
    assert attempt(db, "sai", T0) == "auth.failed"  # a wrong password does not tell it is disabled
    assert attempt(db, PASSWORD, T0) == "auth.disabled"
    assert state(db) == (1, None)
