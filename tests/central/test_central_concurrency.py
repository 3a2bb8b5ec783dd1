"""Two `pos consolidate` processes at once, into a new central database, over the same exports
in opposite orders: both succeed, and every day and document is there exactly once."""

import os
import sqlite3
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from synthetic import write_day

from pos.db.models_central import CentralDay, CentralSale, CentralSaleLine
from pos.services.central_db import open_central


def _start(url: str, folders: list[Path]) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "pos", "consolidate", "--into", url, "--quiet", *map(str, folders)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def _counts(url: str) -> tuple[int, int, int, int]:
    """Days, sales, distinct receipt numbers and sale lines in the central database."""
    central = open_central(url)
    try:
        with central.reading() as conn:
            days = conn.execute(select(func.count()).select_from(CentralDay)).scalar_one()
            sales, receipts = conn.execute(
                select(func.count(), func.count(func.distinct(CentralSale.receipt_no)))
            ).one()
            lines = conn.execute(select(func.count()).select_from(CentralSaleLine)).scalar_one()
    finally:
        central.close()
    return days, sales, receipts, lines


def test_two_imports_at_once_neither_fails_nor_duplicates(central_url: str, tmp_path: Path) -> None:
    folders = [
        write_day(tmp_path / "sticks", stand, date(2026, 1, 1) + timedelta(days=d), n_sales=40)
        for stand in ("JBR01", "PLG02", "MRE03")
        for d in range(8)
    ]
    first, second = _start(central_url, folders), _start(central_url, folders[::-1])
    outputs = [p.communicate(timeout=240) for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert _counts(central_url) == (24, 24 * 40, 24 * 40, 24 * 40 * 2)


def test_jobs_import_with_several_processes(central_url: str, tmp_path: Path) -> None:
    """`--jobs 2`: PostgreSQL imports with two processes (SQLite with one); all exactly once."""
    for stand in ("JBR01", "PLG02", "MRE03"):
        for d in range(16):
            write_day(tmp_path / "sticks", stand, date(2026, 2, 1) + timedelta(days=d), n_sales=5)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "pos", "consolidate", "--into", central_url, "--jobs", "2",
         str(tmp_path / "sticks")],
        capture_output=True, text=True, env=env, timeout=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    progress = [line.split("]")[0] for line in done.stderr.splitlines()]
    assert progress == [f"[{n}/48" for n in range(1, 49)]
    assert _counts(central_url)[:3] == (48, 48 * 5, 48 * 5)


def test_an_sqlite_import_waits_for_another_imports_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another import's batch holds an SQLite central file's write lock for longer than the
    counter's wait (here made 0.1 s): the import waits its turn (WRITE_WAIT_MS), not "busy"."""
    from pos.db import session
    from pos.services import central_db
    from pos.services.consolidate import consolidate

    folders = [write_day(tmp_path / "sticks", "JBR01", date(2026, 3, 1), n_sales=3)]
    central = open_central(str(tmp_path / "central.db"))
    monkeypatch.setattr(session, "BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(central_db, "WRITE_WAIT_MS", 20_000)
    other = sqlite3.connect(tmp_path / "central.db", isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # the other import's batch
    threading.Timer(1.0, other.rollback).start()
    try:
        outcomes = consolidate(central, folders)
    finally:
        central.close()
    assert [o.status for o in outcomes] == ["imported"]
    assert _counts(str(tmp_path / "central.db"))[:2] == (1, 3)
