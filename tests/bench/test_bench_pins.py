"""A PIN check at login or approval: under 0.5 s (PRODUCT.md), at the real argon2 cost.

Login is by PIN alone, so a PIN nobody has is checked against every user's hash: the stand's
users are the demo's four plus four more. A returning user costs one check (pins._recent).
"""

from datetime import datetime
from pathlib import Path

import pytest

from pos.services import login, pins, users
from pos.services.login import WrongPin
from pos.services.setup import init_database

ROUNDS = 15
TARGET_MS = 500
T0 = datetime(2026, 3, 2, 8, 0, 0)
STAND = [
    ("Pak Joko", "supervisor", "2222"),
    ("Sari", "kasir", "1111"),
    ("Budi", "kasir", "3333"),
    ("Rina", "kasir", "4444"),
    ("Dewi", "kasir", "5555"),
    ("Pak Harun", "supervisor", "6666"),
    ("Yanto", "kasir", "7777"),
]


@pytest.fixture
def stand_db(tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pins, "HASHER", pins.make_hasher())  # tests/conftest.py makes it cheap
    db = init_database(tmp_path / "lapak.db")
    admin = users.set_first_admin_pin(db, "9999")
    for name, role, pin in STAND:
        users.add_user(db, admin, name, role, pin)
    yield db
    db.close()


def _record(benchmark, record_percentiles, checks: int) -> None:  # type: ignore[no-untyped-def]
    record_percentiles(benchmark, target_ms=TARGET_MS)
    benchmark.extra_info["argon2_checks"] = checks
    benchmark.extra_info["argon2"] = (
        f"t={pins.TIME_COST} m={pins.MEMORY_KIB}KiB p={pins.PARALLELISM}"
    )


def test_one_argon2_check(benchmark, stand_db, record_percentiles) -> None:  # type: ignore[no-untyped-def]
    pin_hash = pins.hash_pin("1111")
    assert benchmark.pedantic(pins.matches, args=(pin_hash, "1111"), rounds=ROUNDS, iterations=1)
    _record(benchmark, record_percentiles, 1)


def _forget_everyone(db) -> None:  # type: ignore[no-untyped-def]
    pins._recent.clear()
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE users SET last_login_at = NULL")


def test_first_login_ever_of_the_last_user_8_users(benchmark, stand_db, record_percentiles) -> None:  # type: ignore[no-untyped-def]
    """The worst right PIN: nobody logged in yet, the user added last: all eight hashes tried."""
    actor = benchmark.pedantic(
        login.authenticate_pin,
        args=(stand_db, "7777"),
        kwargs={"now": T0},
        setup=lambda: _forget_everyone(stand_db),
        rounds=ROUNDS,
        iterations=1,
    )
    assert actor.name == "Yanto"
    _record(benchmark, record_percentiles, 8)


def _morning(db) -> None:  # type: ignore[no-untyped-def]
    """A new process after Sari, Budi and Pak Joko logged in, in that order."""
    pins._recent.clear()
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE users SET last_login_at = CASE name WHEN 'Sari' THEN '2026-03-02 07:01:00' "
            "WHEN 'Budi' THEN '2026-03-02 07:02:00' WHEN 'Pak Joko' THEN '2026-03-02 07:03:00' "
            "ELSE NULL END"
        )


def test_login_after_a_restart(benchmark, stand_db, record_percentiles) -> None:  # type: ignore[no-untyped-def]
    """Nothing remembered in the process: the users who logged in last are tried first."""
    actor = benchmark.pedantic(
        login.authenticate_pin,
        args=(stand_db, "1111"),
        kwargs={"now": T0},
        setup=lambda: _morning(stand_db),
        rounds=ROUNDS,
        iterations=1,
    )
    assert actor.name == "Sari"
    _record(benchmark, record_percentiles, 3)


def test_login_of_a_returning_user(benchmark, stand_db, record_percentiles) -> None:  # type: ignore[no-untyped-def]
    login.authenticate_pin(stand_db, "7777", now=T0)
    actor = benchmark.pedantic(
        login.authenticate_pin,
        args=(stand_db, "7777"),
        kwargs={"now": T0},
        rounds=ROUNDS,
        iterations=1,
    )
    assert actor.name == "Yanto"
    _record(benchmark, record_percentiles, 1)


def test_wrong_pin_8_users(benchmark, stand_db, record_percentiles) -> None:  # type: ignore[no-untyped-def]
    admin = users.find_user(stand_db, "Admin")
    from pos.services.auth import Actor

    def wrong() -> None:
        with pytest.raises(WrongPin):
            login.authenticate_pin(stand_db, "0000", now=T0)

    def reset() -> None:  # never reach the lockout while timing
        login.unlock(stand_db, Actor(admin.id, admin.name, admin.role))

    benchmark.pedantic(wrong, setup=reset, rounds=ROUNDS, iterations=1)
    _record(benchmark, record_percentiles, 8)
