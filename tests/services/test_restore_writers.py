"""Restore while a command line process writes to the same database: from the safety copy to
the write-in the restore holds the database's write lock, so a write waits or is refused; one
that slips in as the lock passes to the write-in makes the restore start again. A write is
never lost from both the live database and the safety copy."""

import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from pos.core.errors import PosError
from pos.services import backup, restoring

NOW = datetime(2026, 3, 1)


def _restorable(tmp_path: Path, demo_db: Any) -> Path:
    return backup.backup_to(demo_db, tmp_path / "cadangan.db")


def _write(db_path: Path, name: str, timeout: float) -> bool:
    """Another process renames the first product; False: refused, the database was locked."""
    conn = sqlite3.connect(db_path, timeout=timeout)
    try:
        with conn:
            conn.execute("UPDATE products SET name = ? WHERE id = 1", (name,))
        return True
    except sqlite3.OperationalError as e:
        if "locked" not in str(e):
            raise
        return False
    finally:
        conn.close()


def _name_of_first_product(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT name FROM products WHERE id = 1").fetchone()[0])
    finally:
        conn.close()


def _hook(monkeypatch: pytest.MonkeyPatch, name: str, after: bool, act: Callable[..., Any]) -> None:
    """Run `act(*args)` before or after each call of restoring's function `name`."""
    original = getattr(restoring, name)

    def hooked(*args: Any, **kwargs: Any) -> Any:
        if not after:
            act(*args)
        result = original(*args, **kwargs)
        if after:
            act(*args)
        return result

    monkeypatch.setattr(restoring, name, hooked)


# The moments between the safety copy and the write-in: right after the safety copy is made,
# while the restore entry is written into the staged copy, as the write-in starts.
MOMENTS = [("copy_database", True), ("_record_restore", False), ("_write_into", False)]


@pytest.mark.parametrize(("moment", "after"), MOMENTS)
def test_a_write_between_the_safety_copy_and_the_write_in_is_refused(
    tmp_path: Path, demo_db: Any, monkeypatch: pytest.MonkeyPatch, moment: str, after: bool
) -> None:
    source = _restorable(tmp_path, demo_db)
    before = _name_of_first_product(demo_db.path)
    wrote: list[bool] = []

    def write(*args: Any) -> None:
        if moment != "copy_database" or "before-restore" in Path(args[1]).name:
            wrote.append(_write(demo_db.path, "Ditulis CLI", timeout=0))

    _hook(monkeypatch, moment, after, write)
    safety = restoring.restore(demo_db.path, source, NOW)
    assert safety is not None
    kept = {_name_of_first_product(safety), _name_of_first_product(demo_db.path)}
    assert not any(wrote) or "Ditulis CLI" in kept  # a write that went in is never lost
    assert wrote == [False]  # refused at once: the restore held the lock
    assert kept == {before}


def _writer_at_the_hand_over(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, times: int
) -> list[str]:
    """Another process writes as the restore lets its lock go for the write-in, `times` times."""
    names: list[str] = []

    def write(*_args: Any) -> None:
        if len(names) < times:
            names.append(f"Ditulis CLI {len(names) + 1}")
            assert _write(db_path, names[-1], timeout=0)

    _hook(monkeypatch, "_hand_over", True, write)
    return names


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_write_as_the_lock_passes_is_in_the_next_safety_copy(
    tmp_path: Path, demo_db: Any, monkeypatch: pytest.MonkeyPatch, journal: str
) -> None:
    """A write in the moment the lock passes to the write-in would be in neither file: the
    restore starts again, and the write is kept in the safety copy. Lapak's databases are in
    WAL mode; one in rollback-journal mode (a file put in place whole) is watched too."""
    source = _restorable(tmp_path, demo_db)
    demo_db.engine.dispose()
    conn = sqlite3.connect(demo_db.path)
    assert conn.execute(f"PRAGMA journal_mode = {journal}").fetchone()[0] == journal
    conn.close()
    before = _name_of_first_product(demo_db.path)
    names = _writer_at_the_hand_over(monkeypatch, demo_db.path, times=2)
    safety = restoring.restore(demo_db.path, source, NOW)
    assert names == ["Ditulis CLI 1", "Ditulis CLI 2"]
    assert safety is not None and _name_of_first_product(safety) == "Ditulis CLI 2"
    assert _name_of_first_product(demo_db.path) == before
    assert [p for p in demo_db.path.parent.glob("*before-restore*") if p != safety] == []
    with sqlite3.connect(demo_db.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_database_that_keeps_changing_is_not_restored(
    tmp_path: Path, demo_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _restorable(tmp_path, demo_db)
    names = _writer_at_the_hand_over(monkeypatch, demo_db.path, times=restoring.TRIES)
    with pytest.raises(PosError, match="terus berubah"):
        restoring.restore(demo_db.path, source, NOW)
    assert len(names) == restoring.TRIES
    assert _name_of_first_product(demo_db.path) == names[-1]
    assert list(demo_db.path.parent.glob("*before-restore*")) == []


def test_a_writer_that_waits_for_the_restore_keeps_its_write(
    tmp_path: Path, demo_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command that waits for the lock writes after the restore (or, if it gets in as the
    lock passes, the restore starts again with the write in its safety copy)."""
    source = _restorable(tmp_path, demo_db)
    before = _name_of_first_product(demo_db.path)
    outcome: list[bool] = []
    writer = threading.Thread(
        target=lambda: outcome.append(_write(demo_db.path, "Ditulis CLI", timeout=60))
    )

    def start(*_args: Any) -> None:
        if writer.ident is None:  # the first attempt (a second one follows its write)
            writer.start()

    _hook(monkeypatch, "_record_restore", False, start)
    safety = restoring.restore(demo_db.path, source, NOW)
    writer.join()
    assert outcome == [True] and safety is not None
    in_safety = _name_of_first_product(safety) == "Ditulis CLI"
    in_live = _name_of_first_product(demo_db.path) == "Ditulis CLI"
    assert in_safety != in_live  # in exactly one of them
    assert _name_of_first_product(demo_db.path if in_safety else safety) == before
