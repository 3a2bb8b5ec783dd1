"""Backups and restore: consistent copies, names never shared, only whole Lapak files restored."""

import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from pos.core.errors import PosError
from pos.db.lock import AppLock
from pos.services import backup, restoring, settings, shifts


def test_closing_a_shift_makes_a_backup(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    shifts.close_shift(demo_db, cashier, total=0)
    found = backup.list_backups(demo_db.path)
    assert len(found) == 1 and "-shift" in found[0].path.name
    assert restoring.check_backup_file(found[0].path)
    with sqlite3.connect(found[0].path) as conn:
        assert conn.execute("SELECT count(*) FROM products").fetchone()[0] == 46
        assert conn.execute("SELECT status FROM shifts").fetchone()[0] == "closed"


def test_rotation_keeps_the_newest_fourteen(demo_db) -> None:  # type: ignore[no-untyped-def]
    start = datetime(2026, 1, 1, 8, 0)
    for n in range(17):
        backup.auto_backup(demo_db, "daily", start + timedelta(days=n))
    kept = backup.list_backups(demo_db.path)
    assert len(kept) == backup.KEEP
    assert kept[0].path.name.startswith("lapak-20260117") and kept[-1].path.name.startswith(
        "lapak-20260104"
    )
    assert backup.backed_up_today(demo_db.path, start + timedelta(days=16))
    assert not backup.backed_up_today(demo_db.path, start + timedelta(days=30))


def test_backups_in_the_same_second_keep_each_other(demo_db) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 3, 1, 12, 0, 0)
    first = backup.auto_backup(demo_db, "manual", now)
    second = backup.auto_backup(demo_db, "manual", now)
    assert first != second and first.exists() and second.exists()
    assert [b.path for b in backup.list_backups(demo_db.path)] == [second, first]


def test_pruning_keeps_the_newest_written_whatever_their_names(demo_db) -> None:  # type: ignore[no-untyped-def]
    # Named by another clock, the newest files sort first by name but were written long ago.
    folder = backup.backups_dir(demo_db.path)
    folder.mkdir()
    for n in range(backup.KEEP):
        stale = folder / f"lapak-20991231-2359{n:02d}-daily.db"
        stale.write_bytes(b"x")
        os.utime(stale, (1_000_000 + n, 1_000_000 + n))
    fresh = backup.auto_backup(demo_db, "manual", datetime(2026, 3, 1, 12, 0, 0))
    kept = [b.path for b in backup.list_backups(demo_db.path)]
    assert kept[0] == fresh and len(kept) == backup.KEEP
    assert not (folder / "lapak-20991231-235900-daily.db").exists()


def test_backups_are_named_by_the_stands_time(demo_db) -> None:  # type: ignore[no-untyped-def]
    settings.set_value(demo_db, settings.TIMEZONE, "Pacific/Kiritimati")  # UTC+14
    expected = settings.stand_now(demo_db)
    made = backup.auto_backup(demo_db, "manual")
    stamp = datetime.strptime(made.name[len("lapak-") : len("lapak-") + 15], "%Y%m%d-%H%M%S")
    assert abs((stamp - expected).total_seconds()) < 120
    safety = restoring.restore(demo_db.path, made)
    assert safety is not None and f"{stamp:%Y%m%d}" in safety.name


def _restorable(tmp_path, demo_db) -> Path:  # type: ignore[no-untyped-def]
    return backup.backup_to(demo_db, tmp_path / "cadangan.db")


def test_two_restores_in_the_same_second_keep_both_safety_copies(tmp_path, demo_db) -> None:  # type: ignore[no-untyped-def]
    source = _restorable(tmp_path, demo_db)
    now = datetime(2026, 3, 1, 12, 0, 0)
    first = restoring.restore(demo_db.path, source, now)
    second = restoring.restore(demo_db.path, source, now)
    assert first != second
    for safety in (first, second):
        with sqlite3.connect(safety) as conn:
            assert conn.execute("SELECT count(*) FROM products").fetchone()[0] == 46


def test_restore_goes_into_the_live_file(tmp_path, demo_db) -> None:  # type: ignore[no-untyped-def]
    from pos.services.setup import init_database

    empty = tmp_path / "kosong.db"
    init_database(empty).close()
    reader = sqlite3.connect(demo_db.path)  # a command still connected keeps a valid view
    assert reader.execute("SELECT count(*) FROM products").fetchone()[0] == 46
    restoring.restore(demo_db.path, empty, datetime(2026, 3, 1))
    assert reader.execute("SELECT count(*) FROM products").fetchone()[0] == 0
    assert reader.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    reader.close()


def test_the_app_restores_while_holding_its_own_lock(tmp_path, demo_db) -> None:  # type: ignore[no-untyped-def]
    source = _restorable(tmp_path, demo_db)
    with AppLock(demo_db.path):
        restoring.restore(demo_db.path, source, datetime(2026, 3, 1))


def test_another_apps_sqlite_is_not_a_lapak_database(tmp_path: Path) -> None:
    other = tmp_path / "contacts.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES ('0001')")
        conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    with pytest.raises(PosError, match="bukan basis data Lapak"):
        restoring.check_backup_file(other)


def test_a_backup_missing_a_column_is_refused(tmp_path, demo_db) -> None:  # type: ignore[no-untyped-def]
    source = _restorable(tmp_path, demo_db)
    with sqlite3.connect(source) as conn:
        conn.execute("ALTER TABLE payments DROP COLUMN bank")
    with pytest.raises(PosError, match="bukan basis data Lapak"):
        restoring.check_backup_file(source)


def test_an_older_lapak_backup_is_accepted(tmp_path: Path) -> None:
    from pos.db.migrate import upgrade
    from pos.db.session import make_engine

    old = tmp_path / "lama.db"
    engine = make_engine(old)
    upgrade(engine, "0001")
    engine.dispose()
    assert restoring.check_backup_file(old) == "0001"


def test_a_truncated_backup_is_called_damaged(tmp_path, demo_db) -> None:  # type: ignore[no-untyped-def]
    source = _restorable(tmp_path, demo_db)
    data = source.read_bytes()
    source.write_bytes(data[: len(data) // 2])
    with pytest.raises(PosError, match="rusak"):
        restoring.check_backup_file(source)
    before = demo_db.path.read_bytes()
    with pytest.raises(PosError, match="rusak"):
        restoring.restore(demo_db.path, source, datetime(2026, 3, 1))
    assert demo_db.path.read_bytes() == before
    assert not list(demo_db.path.parent.glob("*before-restore*"))


def test_restore_into_a_new_place_and_after_a_killed_restore(tmp_path, demo_db) -> None:  # type: ignore[no-untyped-def]
    source = _restorable(tmp_path, demo_db)
    new = tmp_path / "laptop-baru" / "lapak.db"
    new.parent.mkdir()
    left = new.with_name(".lapak.db.restoring~3")  # what a killed restore leaves
    left.write_bytes(b"x" * 4096)
    assert restoring.restore(new, source, datetime(2026, 3, 1)) is None
    assert not left.exists() and not list(new.parent.glob(".lapak.db.restoring*"))
    with sqlite3.connect(new) as conn:
        assert conn.execute("SELECT count(*) FROM products").fetchone()[0] == 46
