"""Backups and restores in the audit chain: who made or restored which file, and what the chain
looked like on each side; a restored database verifies, and so does the copy it replaced."""

import sqlite3
from datetime import datetime
from pathlib import Path

from sale_helpers import actor, cart_of

from pos.services import audit, audit_verify, backup, restoring, sales, shifts
from pos.services.auth import Actor
from pos.services.setup import init_database

NOW = datetime(2026, 3, 2, 9, 0, 0)


def _last(path: Path) -> tuple[int | None, str, dict]:  # type: ignore[type-arg]
    conn = sqlite3.connect(path)
    try:
        user_id, action, detail = conn.execute(
            "SELECT user_id, action, detail FROM audit_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    return user_id, action, audit.fields(detail)


def _head(path: Path) -> dict:  # type: ignore[type-arg]
    conn = sqlite3.connect(path)
    try:
        return audit.chain_head(conn.cursor())
    finally:
        conn.close()


def test_every_backup_is_in_the_log_with_the_last_entry_it_holds(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    joko = actor(demo_db, "Pak Joko")
    path = backup.backup_now(demo_db, joko, NOW)
    user_id, action, detail = _last(demo_db.path)
    assert (user_id, action, detail["reason"], detail["file"]) == (
        joko.id,
        "backup",
        "manual",
        path.name,
    )
    assert detail["holds_up_to"] == _head(path)  # the file ends just before its own entry
    shifts.close_shift(demo_db, joko, total=0)  # the backup after a shift is recorded too
    _user, action, detail = _last(demo_db.path)
    assert (action, detail["reason"]) == ("backup", "shift")
    assert audit.verify(demo_db).ok


def test_restoring_an_older_backup_leaves_a_chain_that_verifies(demo_db, cashier, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = sales.checkout_cash(demo_db, cashier, cart_of(demo_db, "MK-TMP-01"), 10_000)
    older = backup.backup_to(demo_db, tmp_path / "pagi.db")
    held = _head(older)
    later = sales.checkout_cash(demo_db, cashier, cart_of(demo_db, "MK-TMP-01"), 10_000)
    replaced = _head(demo_db.path)
    admin = actor(demo_db, "Admin")

    safety = restoring.restore_as(admin, demo_db.path, older, NOW)

    assert safety is not None
    user_id, action, detail = _last(demo_db.path)
    assert (user_id, action, detail["by"], detail["file"]) == (
        admin.id,
        "restore",
        "Admin",
        "pagi.db",
    )
    assert detail["restored_up_to"] == held and detail["replaced_up_to"] == replaced
    assert detail["safety_copy"] == safety.name
    check = audit.verify(demo_db)
    assert check.ok, check.problem
    conn = sqlite3.connect(demo_db.path)
    receipts = {r[0] for r in conn.execute("SELECT receipt_no FROM sales")}
    conn.close()
    assert first.receipt_no in receipts and later.receipt_no not in receipts
    # What the restore set aside is whole in the safety copy, ending where the entry says.
    kept = init_database(safety)
    try:
        assert audit_verify.verify_chain(kept).ok
        assert _head(safety) == replaced
    finally:
        kept.close()
    # Tampering with the restore entry itself is caught like any other.
    conn = sqlite3.connect(demo_db.path)
    conn.execute("UPDATE audit_log SET detail = replace(detail, 'pagi.db', 'lain.db')")
    conn.commit()
    conn.close()
    assert not audit.verify(demo_db).ok


def test_a_restore_by_someone_the_backup_does_not_know(demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    older = backup.backup_to(demo_db, tmp_path / "lama.db")
    stranger = Actor(999, "Orang Baru", "admin")
    restoring.restore(demo_db.path, older, NOW, by=stranger)
    user_id, action, detail = _last(demo_db.path)
    assert (user_id, action, detail["by"]) == (None, "restore", "Orang Baru")
    restoring.restore(demo_db.path, older, NOW)  # `pos restore` on the command line
    assert _last(demo_db.path)[2]["by"] == "pos restore"
    assert audit.verify(demo_db).ok
