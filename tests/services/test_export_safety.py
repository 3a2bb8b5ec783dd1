"""Export leftovers and settings: no copy left in /tmp, files readable, a bad stand code named."""

import os
import stat
import time
from pathlib import Path

import pytest

from pos.db.lock import FileLock
from pos.services import receipts, scratch
from pos.services.export import ExportFailed, export_day

KILLED_EXPORT = """
import os, sys
from datetime import date
from pathlib import Path
from pos.db.session import open_database
from pos.services.auth import default_actor
from pos.services.export import DiskSink, export_day

class DiesMidway(DiskSink):
    def write(self, path, chunks):
        if path.name == "lapak.db":
            os._exit(9)  # the power cord, mid-copy
        super().write(path, chunks)

db = open_database(sys.argv[1])
export_day(db, default_actor(db), date.fromisoformat(sys.argv[2]), Path(sys.argv[3]), DiesMidway())
"""


def test_a_killed_export_leaves_no_copy_in_tmp(demo_db, cashier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    stick = tmp_path / "stick"
    stick.mkdir()
    day = time_today(demo_db)
    run = subprocess.run(
        [sys.executable, "-c", KILLED_EXPORT, str(demo_db.path), day.isoformat(), str(stick)],
        env={**os.environ, "TMPDIR": str(system_tmp)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 9, run.stderr
    assert list(system_tmp.iterdir()) == []
    (left,) = scratch.scratch_root(demo_db.path).iterdir()
    old = time.time() - 3600
    os.utime(left, (old, old))
    result = export_day(demo_db, cashier, day, stick)  # the next export cleans up
    assert not left.exists() and list(scratch.scratch_root(demo_db.path).iterdir()) == []
    mode = stat.S_IMODE((result.folder / "lapak.db").stat().st_mode)
    assert mode == 0o666 & ~_umask()


def time_today(db):  # type: ignore[no-untyped-def]
    from pos.services import settings

    with db.Session() as session:
        return settings.local_now(session).date()


def test_a_killed_exports_leftover_is_removed_next_time(demo_db) -> None:  # type: ignore[no-untyped-def]
    root = scratch.scratch_root(demo_db.path)
    left = root / "export-999999-dead"
    left.mkdir(parents=True)
    (left / "lapak.db").write_bytes(b"x" * 1000)
    busy = root / "export-1-running"
    busy.mkdir()
    old = time.time() - 3600
    for folder in (left, busy):
        os.utime(folder, (old, old))
    with FileLock(busy / scratch.LOCK):  # an export still running elsewhere
        assert scratch.clean(demo_db.path) == 1
    assert not left.exists() and busy.exists()


def test_a_bad_stand_code_in_the_database_is_named(demo_db, cashier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pos.db.models import Setting

    with demo_db.Session.begin() as session:
        session.merge(Setting(key="stand.code", value="../../x"))
    stick = tmp_path / "stick"
    stick.mkdir()
    with pytest.raises(ExportFailed, match="Kode lapak") as refused:
        export_day(demo_db, cashier, time_today(demo_db), stick)
    assert "dicabut" not in refused.value.message
    assert list(stick.iterdir()) == []


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def test_written_files_follow_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "r" / "receipt.pdf"
    receipts.write_atomically(path, b"%PDF-1.4")
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~_umask()
    assert [p.name for p in path.parent.iterdir()] == ["receipt.pdf"]
