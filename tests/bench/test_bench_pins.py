"""A PIN check at login or approval: under 0.5 s (PRODUCT.md), at the real argon2 cost.

Login is by PIN alone; the PIN's lookup tag picks the one user whose argon2 hash is checked
(pos.services.pins), whoever logged in before. The stand's users are the demo's four plus four
more. `argon2_checks` in extra_info is counted, not assumed.
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


@pytest.fixture
def counted(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    """argon2 checks of the last timed call (the spy costs nothing next to argon2)."""
    calls = [0]
    real = pins.matches

    def matches(pin_hash: str, pin: str) -> bool:
        calls[0] += 1
        return real(pin_hash, pin)

    monkeypatch.setattr(pins, "matches", matches)
    return calls


def _record(benchmark, record_percentiles, checks: int) -> None:  # type: ignore[no-untyped-def]
    record_percentiles(benchmark, target_ms=TARGET_MS)
    benchmark.extra_info["argon2_checks_per_call"] = checks
    benchmark.extra_info["argon2"] = (
        f"t={pins.TIME_COST} m={pins.MEMORY_KIB}KiB p={pins.PARALLELISM}"
    )


def test_one_argon2_check(benchmark, stand_db, record_percentiles) -> None:  # type: ignore[no-untyped-def]
    pin_hash = pins.hash_pin("1111")
    assert benchmark.pedantic(pins.matches, args=(pin_hash, "1111"), rounds=ROUNDS, iterations=1)
    _record(benchmark, record_percentiles, 1)


def _forget_everyone(db, counted: list[int]) -> None:  # type: ignore[no-untyped-def]
    counted[0] = 0
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE users SET last_login_at = NULL")


def test_first_login_ever_of_the_last_user_8_users(
    benchmark, stand_db, record_percentiles, counted
) -> None:  # type: ignore[no-untyped-def]
    """Nobody logged in yet, the user added last: the tag picks that user's hash."""
    actor = benchmark.pedantic(
        login.authenticate_pin,
        args=(stand_db, "7777"),
        kwargs={"now": T0},
        setup=lambda: _forget_everyone(stand_db, counted),
        rounds=ROUNDS,
        iterations=1,
    )
    assert actor.name == "Yanto"
    assert counted[0] <= 2  # one, unless another user's tag is the same byte (1 in 256 each)
    _record(benchmark, record_percentiles, counted[0])


def _untagged(db, counted: list[int]) -> None:  # type: ignore[no-untyped-def]
    """Right after the upgrade that added tags: nobody has one yet (the worst case, once)."""
    _forget_everyone(db, counted)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE users SET pin_tag = NULL")


def test_first_login_after_the_upgrade_8_untagged_users(
    benchmark, stand_db, record_percentiles, counted
) -> None:  # type: ignore[no-untyped-def]
    actor = benchmark.pedantic(
        login.authenticate_pin,
        args=(stand_db, "7777"),
        kwargs={"now": T0},
        setup=lambda: _untagged(stand_db, counted),
        rounds=ROUNDS,
        iterations=1,
    )
    assert actor.name == "Yanto"
    _record(benchmark, record_percentiles, counted[0])


def test_wrong_pin_8_users(benchmark, stand_db, record_percentiles, counted) -> None:  # type: ignore[no-untyped-def]
    admin = users.find_user(stand_db, "Admin")
    from pos.services.auth import Actor

    def wrong() -> None:
        with pytest.raises(WrongPin):
            login.authenticate_pin(stand_db, "0000", now=T0)

    def reset() -> None:  # never reach the lockout while timing
        counted[0] = 0
        login.unlock(stand_db, Actor(admin.id, admin.name, admin.role))

    benchmark.pedantic(wrong, setup=reset, rounds=ROUNDS, iterations=1)
    _record(benchmark, record_percentiles, counted[0])
