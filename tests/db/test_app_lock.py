"""The running app owns its database: a second app and a restore are refused while it runs."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pos.db.lock import AppLock, DatabaseInUse


def pos(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pos", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        timeout=120,
    )


def test_the_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    db = tmp_path / "lapak.db"
    first = AppLock(db).acquire()
    with pytest.raises(DatabaseInUse, match="sudah terbuka"):
        AppLock(db).acquire()
    first.release()
    with AppLock(db) as again:
        assert again.held
    assert not again.held


def test_a_second_app_does_not_start(tmp_path: Path) -> None:
    db = tmp_path / "lapak.db"
    assert pos("--db", str(db), "init").returncode == 0
    with AppLock(db):
        refused = pos("--db", str(db), LAPAK_EXIT_WHEN_READY="1")
        assert refused.returncode == 1
        assert "sudah terbuka" in refused.stderr and "Traceback" not in refused.stderr
        # The command line still works beside the app.
        assert pos("--db", str(db), "config", "set", "stand.name", "Lapak A").returncode == 0
    assert pos("--db", str(db), LAPAK_EXIT_WHEN_READY="1").returncode == 0


def _wait_until_locked(db: Path, app: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert app.poll() is None, app.communicate()
        try:
            AppLock(db).acquire().release()
        except DatabaseInUse:
            return
        time.sleep(0.1)
    pytest.fail("the app never took its lock")


def test_restore_is_refused_while_the_app_runs_and_allowed_once_it_died(tmp_path: Path) -> None:
    db = tmp_path / "lapak.db"
    backup = tmp_path / "cadangan.db"
    assert pos("--db", str(db), "--demo", "backup", "--to", str(backup)).returncode == 0
    app = subprocess.Popen(
        [sys.executable, "-m", "pos", "--db", str(db)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        _wait_until_locked(db, app)
        refused = pos("--db", str(db), "restore", str(backup))
        assert refused.returncode == 1 and "tutup Lapak" in refused.stderr
        assert not list(tmp_path.glob("lapak.db.before-restore-*"))
        listed = pos("--db", str(db), "catalog", "list", "--json")
        assert listed.returncode == 0, listed.stderr
    finally:
        app.send_signal(signal.SIGKILL)
        app.wait(timeout=30)
    # The OS dropped the dead app's lock: no stale lock file blocks the restore.
    restored = pos("--db", str(db), "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
