"""Local backups (SQLite backup API), rotated, and restoring one with a safety copy first."""

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pos.core.errors import PosError
from pos.db.migrate import KNOWN_REVISIONS
from pos.db.session import SQLITE_HEADER, Database
from pos.i18n import _

KEEP = 14
PREFIX = "lapak-"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    modified: datetime


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def backup_to(db: Database, target: Path) -> Path:
    """A consistent copy of the live database (other connections may keep writing)."""
    target = Path(target)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(db.path)
        copy = sqlite3.connect(tmp)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
            source.close()
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as e:
        tmp.unlink(missing_ok=True)
        raise PosError(
            _("The backup could not be written to {path}: {reason}").format(path=target, reason=e)
        ) from e
    return target


def auto_backup(db: Database, reason: str, now: datetime) -> Path:
    """A backup in the data folder, keeping the newest KEEP."""
    folder = backups_dir(db.path)
    path = folder / f"{PREFIX}{now:%Y%m%d-%H%M%S}-{reason}.db"
    backup_to(db, path)
    for old in list_backups(db.path)[KEEP:]:
        old.path.unlink(missing_ok=True)
    return path


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Newest first."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    found = [
        BackupInfo(p, p.stat().st_size, datetime.fromtimestamp(p.stat().st_mtime))
        for p in folder.glob(f"{PREFIX}*.db")
    ]
    return sorted(found, key=lambda b: b.path.name, reverse=True)


def backed_up_today(db_path: Path, now: datetime) -> bool:
    stamp = f"{PREFIX}{now:%Y%m%d}-"
    return any(b.path.name.startswith(stamp) for b in list_backups(db_path))


def check_backup_file(path: Path) -> str:
    """The schema revision of a Lapak backup, or a PosError saying why it cannot be restored."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as e:
        raise PosError(
            _("Cannot read {path}: {reason}").format(path=path, reason=e.strerror)
        ) from e
    if header != SQLITE_HEADER:
        raise PosError(_("{path} is not a Lapak database (not an SQLite file).").format(path=path))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise PosError(_("{path} is damaged and cannot be restored.").format(path=path))
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise PosError(_("This SQLite file is not a Lapak database.")) from e
    revision = str(row[0]) if row else ""
    if revision not in KNOWN_REVISIONS:
        raise PosError(
            _(
                "This database was made by a newer version of Lapak (schema {rev}); "
                "update Lapak to open it."
            ).format(rev=revision)
        )
    return revision


def restore(db_path: Path, backup: Path, now: datetime) -> Path:
    """Replace the database (closed by the caller) with `backup`; returns the safety copy.

    The backup is checked first, and the current database is kept beside it, so a wrong
    choice can be undone. An older schema is upgraded at the next start.
    """
    db_path = Path(db_path)
    check_backup_file(backup)
    safety = db_path.with_name(f"{db_path.name}.before-restore-{now:%Y%m%d-%H%M%S}")
    tmp = db_path.with_name(f".{db_path.name}.restoring")
    try:
        if db_path.exists():
            current = sqlite3.connect(db_path)
            safe = sqlite3.connect(safety)
            try:
                current.backup(safe)
            finally:
                safe.close()
                current.close()
        shutil.copyfile(backup, tmp)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.replace(tmp, db_path)
    except (OSError, sqlite3.Error) as e:
        tmp.unlink(missing_ok=True)
        raise PosError(
            _("The restore failed, nothing was changed: {reason}").format(reason=e)
        ) from e
    return safety
