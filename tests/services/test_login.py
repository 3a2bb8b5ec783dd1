"""Login and approval by PIN: who it finds, the lockout (fake clock, across a restart), the log."""

import json
import logging
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update

from pos.core.errors import PermissionDenied, PosError
from pos.db.models import AuditEntry, PinLookupKey, User
from pos.services import audit, login, pins, users
from pos.services.auth import Actor, system_actor
from pos.services.login import LoginLocked, WrongPin
from pos.services.setup import init_database

T0 = datetime(2026, 3, 2, 8, 0, 0)
WRONG = "73917"  # nobody's PIN; must never show up in the log or the database


def _entries(db, action: str | None = None) -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    with db.Session() as s:
        query = select(AuditEntry).order_by(AuditEntry.id)
        if action:
            query = query.where(AuditEntry.action == action)
        return list(s.execute(query).scalars())


def _fail(db, times: int, now: datetime) -> None:  # type: ignore[no-untyped-def]
    for _ in range(times):
        with pytest.raises(WrongPin):
            login.authenticate_pin(db, WRONG, now=now)


def test_the_pin_alone_finds_the_user(demo_db) -> None:  # type: ignore[no-untyped-def]
    for pin, name, role in (
        ("1111", "Sari", "kasir"),
        ("2222", "Pak Joko", "supervisor"),
        ("9999", "Admin", "admin"),
        ("3333", "Budi", "kasir"),
    ):
        actor = login.authenticate_pin(demo_db, pin, now=T0)
        assert (actor.name, actor.role) == (name, role)
    logins = _entries(demo_db, "login")
    assert [json.loads(e.detail)["user"] for e in logins] == ["Sari", "Pak Joko", "Admin", "Budi"]
    assert logins[0].user_id == users.find_user(demo_db, "Sari").id


def test_a_user_chosen_from_the_list_needs_their_own_pin(demo_db) -> None:  # type: ignore[no-untyped-def]
    sari = users.find_user(demo_db, "Sari")
    assert login.authenticate_pin(demo_db, "1111", user_id=sari.id, now=T0).name == "Sari"
    with pytest.raises(WrongPin):
        login.authenticate_pin(demo_db, "3333", user_id=sari.id, now=T0)  # Budi's


def test_wrong_pins_say_how_many_tries_are_left(demo_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(WrongPin, match="4"):
        login.authenticate_pin(demo_db, WRONG, now=T0)
    with pytest.raises(WrongPin, match="3"):
        login.authenticate_pin(demo_db, "12ab", now=T0)  # malformed counts as wrong


def test_deactivated_users_and_users_without_pin_cannot_log_in(demo_db, admin) -> None:  # type: ignore[no-untyped-def]
    users.set_active(demo_db, admin, users.find_user(demo_db, "Budi").id, False)
    with pytest.raises(WrongPin):
        login.authenticate_pin(demo_db, "3333", now=T0)


def test_five_wrong_pins_lock_even_the_right_one(demo_db, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    _fail(demo_db, 4, T0)
    with pytest.raises(LoginLocked) as locked:
        login.authenticate_pin(demo_db, WRONG, now=T0)
    assert locked.value.until == T0 + timedelta(minutes=5) and "08:05" in locked.value.message
    with pytest.raises(LoginLocked):
        login.authenticate_pin(demo_db, "1111", now=T0 + timedelta(minutes=4))
    with pytest.raises(LoginLocked):
        login.approve(demo_db, "2222", "void_sale", now=T0 + timedelta(minutes=4))
    assert login.authenticate_pin(demo_db, "1111", now=T0 + timedelta(minutes=5)).name == "Sari"
    failed = _entries(demo_db, "login_failed")
    assert [json.loads(e.detail)["in_a_row"] for e in failed] == [1, 2, 3, 4, 5]
    assert all(e.user_id is None for e in failed)
    (lock,) = _entries(demo_db, "login_locked")
    assert json.loads(lock.detail)["minutes"] == 5
    assert audit.verify(demo_db).ok
    everything = "\n".join(e.detail for e in _entries(demo_db)) + caplog.text
    assert WRONG not in everything and "1111" not in everything


def test_the_lock_doubles_and_survives_a_restart(db_path: Path, demo_db) -> None:  # type: ignore[no-untyped-def]
    _fail(demo_db, 4, T0)
    with pytest.raises(LoginLocked):
        login.authenticate_pin(demo_db, WRONG, now=T0)
    demo_db.close()

    again = init_database(db_path)  # the app restarted: still locked
    try:
        with pytest.raises(LoginLocked):
            login.authenticate_pin(again, "1111", now=T0 + timedelta(minutes=1))
        later = T0 + timedelta(minutes=5)
        _fail(again, 4, later)
        with pytest.raises(LoginLocked) as second:
            login.authenticate_pin(again, WRONG, now=later)
        assert second.value.until == later + timedelta(minutes=10)
        assert login.guard_status(again, later).lockouts == 2
        # A right PIN after the lock starts the doubling again from five minutes.
        assert login.authenticate_pin(again, "1111", now=later + timedelta(minutes=10))
        assert login.guard_status(again, later) == login.RESET
    finally:
        again.close()


def test_failures_from_another_process_count_too(db_path: Path, demo_db) -> None:  # type: ignore[no-untyped-def]
    other = init_database(db_path)  # a second till, or the CLI, on the same file
    try:
        _fail(demo_db, 2, T0)
        _fail(other, 2, T0)
        with pytest.raises(LoginLocked):
            login.authenticate_pin(demo_db, WRONG, now=T0)
    finally:
        other.close()


def test_admin_can_lift_a_lock(demo_db, admin) -> None:  # type: ignore[no-untyped-def]
    _fail(demo_db, 4, T0)
    with pytest.raises(LoginLocked):
        login.authenticate_pin(demo_db, WRONG, now=T0)
    with pytest.raises(PermissionDenied):
        login.unlock(demo_db, Actor(0, "Sari", "kasir"))
    login.unlock(demo_db, admin)
    assert login.authenticate_pin(demo_db, "1111", now=T0).name == "Sari"
    assert len(_entries(demo_db, "login_unlocked")) == 1


def test_supervisor_approves_on_the_spot(demo_db) -> None:  # type: ignore[no-untyped-def]
    approver = login.approve(demo_db, "2222", "void_sale", {"receipt": "DEMO-1", "reason": "salah"})
    assert approver.name == "Pak Joko"
    (entry,) = _entries(demo_db, "approval")
    assert entry.user_id == approver.id
    assert audit.fields(entry.detail) == {
        "action": "void_sale",
        "receipt": "DEMO-1",
        "reason": "salah",
    }


def test_a_cashier_cannot_approve_and_that_is_no_guess(demo_db) -> None:  # type: ignore[no-untyped-def]
    for _ in range(6):
        with pytest.raises(PermissionDenied, match="Sari"):
            login.approve(demo_db, "1111", "void_sale", now=T0)
    assert login.guard_status(demo_db, T0).failures == 0
    assert len(_entries(demo_db, "approval_refused")) == 6
    # A cashier may approve what a cashier may do (e.g. a discount within their limit).
    assert login.approve(demo_db, "1111", "sell", now=T0).name == "Sari"


def test_wrong_approval_pins_count_towards_the_lock(demo_db) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        with pytest.raises(WrongPin):
            login.approve(demo_db, WRONG, "refund", now=T0)
    with pytest.raises(LoginLocked):
        login.approve(demo_db, WRONG, "refund", now=T0)
    failed = _entries(demo_db, "login_failed")
    assert {json.loads(e.detail)["purpose"] for e in failed} == {"refund"}


def _spy(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    checked: list[str] = []
    real = pins.matches
    monkeypatch.setattr(pins, "matches", lambda h, p: checked.append(h) or real(h, p))
    return checked


def _fixed_key(db, key: bytes = bytes(32)) -> None:  # type: ignore[no-untyped-def]
    """A known key instead of the random one, the demo users' tags made under it. The default
    gives the demo PINs and WRONG five different tags."""
    with db.Session.begin() as s:
        s.execute(update(PinLookupKey).values(key=key))
        for name, pin in (
            ("Sari", "1111"),
            ("Pak Joko", "2222"),
            ("Budi", "3333"),
            ("Admin", "9999"),
        ):
            s.execute(update(User).where(User.name == name).values(pin_tag=pins.tag(key, pin)))


def test_a_login_checks_only_the_users_its_tag_picks(demo_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _fixed_key(demo_db)
    assert len({pins.tag(bytes(32), p) for p in ("1111", "2222", "3333", "9999", WRONG)}) == 5
    checked = _spy(monkeypatch)
    for name, pin in (("Sari", "1111"), ("Budi", "3333"), ("Pak Joko", "2222"), ("Admin", "9999")):
        checked.clear()
        assert login.authenticate_pin(demo_db, pin, now=T0).name == name
        assert checked == [_hash_of(demo_db, name)]
    checked.clear()
    with pytest.raises(WrongPin):
        login.authenticate_pin(demo_db, WRONG, now=T0)
    assert checked == []  # no user's tag is the wrong PIN's: not one argon2 check
    assert login.approve(demo_db, "9999", "restore", now=T0).name == "Admin"
    assert checked == [_hash_of(demo_db, "Admin")]


def test_users_sharing_a_tag_are_both_checked(demo_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    key = (22).to_bytes(2, "big") * 16  # under it Sari's and Budi's PINs share a tag
    assert pins.tag(key, "1111") == pins.tag(key, "3333") != pins.tag(key, "2222")
    _fixed_key(demo_db, key)
    checked = _spy(monkeypatch)
    assert login.authenticate_pin(demo_db, "1111", now=T0).name == "Sari"
    assert login.authenticate_pin(demo_db, "3333", now=T0).name == "Budi"
    assert 2 <= len(checked) <= 4


def test_users_from_before_tags_are_checked_and_tagged_at_login(demo_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with demo_db.Session.begin() as s:  # as the upgrade that added the tags leaves them
        s.execute(update(User).values(pin_tag=None))
    checked = _spy(monkeypatch)
    assert login.authenticate_pin(demo_db, "2222", now=T0).name == "Pak Joko"
    assert 1 <= len(checked) <= 4
    checked.clear()
    assert login.authenticate_pin(demo_db, "2222", now=T0).name == "Pak Joko"
    assert len(checked) <= 1 + 3  # his tag first, then the untagged others only if it missed
    assert checked[0] == _hash_of(demo_db, "Pak Joko")
    with pytest.raises(PosError, match="sudah dipakai"):  # untagged users still count
        users.add_user(demo_db, _admin(demo_db), "Rina", "kasir", "1111")


def test_a_lost_key_is_made_anew_and_nobody_is_locked_out(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.Session.begin() as s:
        s.execute(delete(PinLookupKey))
    assert login.authenticate_pin(demo_db, "1111", now=T0).name == "Sari"
    with demo_db.Session() as s:
        tags = {name: tag for name, tag in s.execute(select(User.name, User.pin_tag))}
    assert tags["Sari"] is not None and tags["Budi"] is None  # old tags went with the old key
    assert login.authenticate_pin(demo_db, "3333", now=T0).name == "Budi"


def _hash_of(db, name: str) -> str:  # type: ignore[no-untyped-def]
    with db.Session() as s:
        return s.execute(select(User.pin_hash).where(User.name == name)).scalar_one()


def _admin(db):  # type: ignore[no-untyped-def]
    admin = users.find_user(db, "Admin")
    return Actor(admin.id, admin.name, admin.role)


def test_hashes_made_with_old_parameters_are_renewed_at_login(demo_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher

    with demo_db.Session() as s:
        old = s.execute(select(User.pin_hash).where(User.name == "Sari")).scalar_one()
    monkeypatch.setattr(pins, "HASHER", PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    assert login.authenticate_pin(demo_db, "1111", now=T0).name == "Sari"
    with demo_db.Session() as s:
        new = s.execute(select(User.pin_hash).where(User.name == "Sari")).scalar_one()
    assert new != old and "m=16,t=2" in new and new.startswith("$argon2id$")
    assert login.authenticate_pin(demo_db, "1111", now=T0).name == "Sari"


def test_pins_are_stored_only_as_argon2id_hashes(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.engine.connect() as conn:
        hashes = (
            conn.execute(text("SELECT pin_hash FROM users WHERE pin_hash IS NOT NULL"))
            .scalars()
            .all()
        )
        dump = "\n".join(str(r) for r in conn.execute(text("SELECT * FROM users")))
    assert len(hashes) == 4 and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(pin in dump for pin in ("1111", "2222", "3333", "9999"))
    assert len(set(hashes)) == 4


def test_system_actor_is_the_admin(demo_db) -> None:  # type: ignore[no-untyped-def]
    assert system_actor(demo_db).role == "admin"


def test_argon2_loads_only_at_the_first_pin_check() -> None:
    """Not at start: the lock screen is up before anybody types a PIN."""
    code = "import sys, pos.services.login, pos.ui.main_window; print('argon2' in sys.modules)"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
