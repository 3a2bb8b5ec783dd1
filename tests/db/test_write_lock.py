"""Writers take turns (BEGIN IMMEDIATE + busy_timeout); a locked database is explained in words."""

import sqlite3
import threading
from pathlib import Path

import pytest

from pos.core.errors import DatabaseProblem
from pos.services import settings


def _hold_write_lock(path: Path) -> sqlite3.Connection:
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE users SET name = name")
    return other


def test_a_write_waits_for_another_writer_instead_of_failing(db) -> None:  # type: ignore[no-untyped-def]
    settings.set_value(db, settings.STAND_NAME, "Sebelum")
    other = _hold_write_lock(db.path)
    # The other writer commits while our write waits in the busy handler. With a plain BEGIN
    # the write would find its snapshot stale and fail at once with "database is locked".
    committer = threading.Timer(0.3, other.commit)
    committer.start()
    try:
        settings.set_value(db, settings.STAND_NAME, "Lapak Baru")
    finally:
        committer.join()
        other.close()
    assert settings.get(db, settings.STAND_NAME) == "Lapak Baru"


def test_reads_do_not_wait_for_a_writer(db) -> None:  # type: ignore[no-untyped-def]
    other = _hold_write_lock(db.path)
    try:
        assert settings.get(db, settings.STAND_CODE) == "LAPAK"
        with db.Session() as session:
            assert settings.read_in(session, settings.RECEIPT_WIDTH) == 80
    finally:
        other.rollback()
        other.close()


def test_a_database_locked_too_long_is_explained(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pos.db.session
    from pos.services.setup import init_database

    monkeypatch.setattr(pos.db.session, "BUSY_TIMEOUT_MS", 50)
    db = init_database(db_path)
    other = _hold_write_lock(db.path)
    try:
        with pytest.raises(DatabaseProblem, match="sibuk"):
            settings.set_value(db, settings.STAND_NAME, "X")
    finally:
        other.rollback()
        other.close()
        db.close()
    assert settings.get(init_database(db_path), settings.STAND_NAME) == "Lapak Karya WBP"


def test_an_upgrade_waits_for_another_process_upgrading_longer_than_a_write_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two `pos consolidate` on a new central database: the second waits for the first's
    migrations however long they take (a big database's take minutes), never "locked"."""
    from pos.db import migrate, session
    from pos.db.session import Database, open_database

    path = tmp_path / "central.db"
    old = Database(path)
    migrate.upgrade(old.engine, "0016")
    old.close()
    monkeypatch.setattr(session, "BUSY_TIMEOUT_MS", 200)  # a write gives up after 0.2 s
    other = _hold_write_lock(path)
    committer = threading.Timer(1.0, other.commit)  # the other upgrade, done after 1 s
    committer.start()
    try:
        opened = open_database(path)
    finally:
        committer.join()
        other.close()
    opened.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            migrate.HEAD_REVISION
        )
