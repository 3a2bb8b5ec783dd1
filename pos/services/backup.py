"""Local backups (SQLite backup API), rotated, and restoring one with a safety copy first."""

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pos.core.errors import PosError
from pos.db.session import Database, write_errors_explained
from pos.db.sql import BUSY_TIMEOUT_MS
from pos.i18n import _
from pos.services import audit, settings
from pos.services.auth import Actor

KEEP = 14
PREFIX = "lapak-"
_NAME = re.compile(rf"{PREFIX}(\d{{8}}-\d{{6}})-.*?(?:~(\d+))?\.db$")


@dataclass(frozen=True)
class BackupInfo:
    """A backup file in the backups folder."""

    path: Path
    size: int
    modified: datetime


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def reserve_name(path: Path, tail: str = "") -> Path:
    """Create and return an empty file named like path (`~2`, `~3`... before tail if taken).

    Made with O_EXCL, so two backups or restores in the same second never share a name.
    """
    stem = path.name[: len(path.name) - len(tail)] if tail else path.name
    for n in range(1, 1000):
        candidate = path if n == 1 else path.with_name(f"{stem}~{n}{tail}")
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            continue
        return candidate
    raise PosError(_("Too many files named {name}.").format(name=path.name))


def copy_database(source_path: Path, target_path: Path) -> None:
    """A consistent copy (other connections may keep writing), in rollback mode, synced."""
    source = sqlite3.connect(source_path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        copy_from(source, target_path)
    finally:
        source.close()


def copy_from(source: sqlite3.Connection, target_path: Path) -> None:
    """copy_database() from an open connection (one that may hold the database's lock)."""
    copy = sqlite3.connect(target_path)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()
    with open(target_path, "rb") as f:
        os.fsync(f.fileno())


def backup_to(
    db: Database,
    target: Path,
    *,
    keep_existing: bool = False,
    reason: str = "file",
    actor_id: int | None = None,
) -> Path:
    """A consistent copy of the live database (keep_existing: pick a free name, never replace).

    Recorded in the audit log once written: who, why, the file, and the last entry it holds.
    """
    target = Path(target)
    if not target.name:
        raise PosError(_("Give the file to write the backup to."))
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if keep_existing:
            target = reserve_name(target, ".db" if target.name.endswith(".db") else "")
            tmp = target.with_name(f".{target.name}.tmp")
        elif target.is_dir():
            raise IsADirectoryError(21, _("it is a folder"))
        discard(tmp)
        # Made here first so that a folder that cannot take it says why in the OS's words.
        os.close(os.open(tmp, os.O_CREAT | os.O_WRONLY, 0o644))
        copy_database(db.path, tmp)
        holds = chain_head_of(tmp)
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as e:
        discard(tmp)
        if keep_existing:
            discard(target, only_if_empty=True)
        why = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        raise PosError(
            _("The backup could not be written to {path}: {reason}").format(path=target, reason=why)
        ) from e
    _record_backup(db, actor_id, target, reason, holds)
    return target


def chain_head_of(path: Path) -> dict[str, Any]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return audit.chain_head(conn.cursor())
    finally:
        conn.close()


def _record_backup(
    db: Database, actor_id: int | None, path: Path, reason: str, holds: dict[str, Any]
) -> None:
    with write_errors_explained(), db.Session.begin() as session:
        at = settings.local_now(session)
        detail = {"file": path.name, "reason": reason, "holds_up_to": holds}
        audit.record(session, actor_id, "backup", detail, at)


def discard(path: Path, only_if_empty: bool = False) -> None:
    try:
        if not only_if_empty or path.stat().st_size == 0:
            path.unlink(missing_ok=True)
    except OSError:
        pass  # nothing was made there, or it cannot be touched either way


def auto_backup(
    db: Database, reason: str, now: datetime | None = None, actor_id: int | None = None
) -> Path:
    """A backup in the data folder named by the stand's time (now), keeping the newest KEEP."""
    if now is None:
        now = stand_time(db.path)
    folder = backups_dir(db.path)
    path = backup_to(
        db,
        folder / f"{PREFIX}{now:%Y%m%d-%H%M%S}-{reason}.db",
        keep_existing=True,
        reason=reason,
        actor_id=actor_id,
    )
    for old in list_backups(db.path)[KEEP:]:
        old.path.unlink(missing_ok=True)
    return path


def _order(path: Path) -> tuple[str, int]:
    match = _NAME.match(path.name)
    if match is None:
        return ("", 0)
    return (match.group(1), int(match.group(2) or 1))


def stand_time(db_path: Path) -> datetime:
    """The stand's wall-clock time, its zone read from the database file (a default if unreadable).

    Every backup and safety copy is named by the same clock as the shift backups, never the
    computer's own, whatever the computer's time zone.
    """
    from pos.services import settings

    zone = settings.TIMEZONE.default
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            row = conn.execute(
                "SELECT value FROM settings WHERE key = ?", (settings.TIMEZONE.key,)
            ).fetchone()
        finally:
            conn.close()
        if row is not None:
            zone = str(row[0])
    except sqlite3.Error:
        pass  # no database yet, or not a Lapak one: the default zone names the file
    return settings.clock(zone)


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Newest first: by when each was written (mtime), the name only breaking ties.

    Names can disagree with the real order (files named by another clock), and pruning
    must never delete the newest copies for that.
    """
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    found: list[tuple[int, BackupInfo]] = []
    for p in folder.glob(f"{PREFIX}*.db"):
        try:
            st = p.stat()
        except OSError:
            continue  # pruned by another process meanwhile
        if st.st_size > 0:  # else a name reserved by a backup still being written
            found.append(
                (st.st_mtime_ns, BackupInfo(p, st.st_size, datetime.fromtimestamp(st.st_mtime)))
            )
    found.sort(key=lambda f: (f[0], _order(f[1].path), f[1].path.name), reverse=True)
    return [info for _mtime, info in found]


def backed_up_today(db_path: Path, now: datetime) -> bool:
    stamp = f"{PREFIX}{now:%Y%m%d}-"
    return any(b.path.name.startswith(stamp) for b in list_backups(db_path))


def backup_now(db: Database, actor: Actor, now: datetime | None = None) -> Path:
    """A person's "back up now" (a supervisor's or the admin's), in the audit log."""
    actor.require("backup")
    return auto_backup(db, "manual", now, actor.id)
