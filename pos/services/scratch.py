"""Scratch folders in the data folder (not /tmp), so a killed process's leftovers are found again.

Each folder is locked while in use; the next export, or the next start of the app, removes
the ones nobody holds.
"""

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pos.core.errors import PosError
from pos.db.lock import FileLock

ROOT = ".lapak-tmp"
LOCK = ".lock"
# A folder younger than this may be one that another process made but has not locked yet.
GRACE_S = 60


def scratch_root(db_path: Path) -> Path:
    return Path(db_path).parent / ROOT


def clean(db_path: Path) -> int:
    """Remove the scratch folders no running process holds; returns how many."""
    root = scratch_root(db_path)
    try:
        folders = list(root.iterdir())
    except OSError:
        return 0  # none yet, or unreadable: nothing to clean
    removed = 0
    for folder in folders:
        try:
            if not folder.is_dir() or time.time() - folder.stat().st_mtime < GRACE_S:
                continue
            with FileLock(folder / LOCK):
                pass
        except (PosError, OSError):
            continue  # in use (DatabaseInUse), or vanished meanwhile
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


@contextmanager
def scratch_dir(db_path: Path, kind: str) -> Iterator[Path]:
    """A fresh locked folder beside the database, removed afterwards."""
    clean(db_path)
    root = scratch_root(db_path)
    root.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{kind}-{os.getpid()}-", dir=root))
    lock = FileLock(folder / LOCK).acquire()
    try:
        yield folder
    finally:
        lock.release()
        shutil.rmtree(folder, ignore_errors=True)
