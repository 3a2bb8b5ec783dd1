import sqlite3
from datetime import datetime, timedelta

from pos.services import backup, shifts


def test_closing_a_shift_makes_a_backup(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    shifts.close_shift(demo_db, cashier, total=0)
    found = backup.list_backups(demo_db.path)
    assert len(found) == 1 and "-shift" in found[0].path.name
    assert backup.check_backup_file(found[0].path)
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
