"""Local backups (SQLite backup API), rotated, and restoring one with a safety copy first."""

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from pos.core.errors import PosError
from pos.db.lock import AppLock, held_here
from pos.db.migrate import KNOWN_REVISIONS
from pos.db.session import (
    BUSY_TIMEOUT_MS,
    SQLITE_HEADER,
    Database,
    is_busy,
    write_errors_explained,
)
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


def _copy_database(source_path: Path, target_path: Path) -> None:
    """A consistent copy (other connections may keep writing), in rollback mode, synced."""
    source = sqlite3.connect(source_path, timeout=BUSY_TIMEOUT_MS / 1000)
    copy = sqlite3.connect(target_path)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()
        source.close()
    with open(target_path, "rb") as f:
        os.fsync(f.fileno())


def backup_to(db: Database, target: Path, *, keep_existing: bool = False) -> Path:
    """A consistent copy of the live database (keep_existing: pick a free name, never replace)."""
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
        _discard(tmp)
        # Made here first so that a folder that cannot take it says why in the OS's words.
        os.close(os.open(tmp, os.O_CREAT | os.O_WRONLY, 0o644))
        _copy_database(db.path, tmp)
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as e:
        _discard(tmp)
        if keep_existing:
            _discard(target, only_if_empty=True)
        reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        raise PosError(
            _("The backup could not be written to {path}: {reason}").format(
                path=target, reason=reason
            )
        ) from e
    return target


def _discard(path: Path, only_if_empty: bool = False) -> None:
    try:
        if not only_if_empty or path.stat().st_size == 0:
            path.unlink(missing_ok=True)
    except OSError:
        pass  # nothing was made there, or it cannot be touched either way


def auto_backup(db: Database, reason: str, now: datetime | None = None) -> Path:
    """A backup in the data folder named by the stand's time (now), keeping the newest KEEP."""
    if now is None:
        now = _stand_time(db.path)
    folder = backups_dir(db.path)
    path = backup_to(db, folder / f"{PREFIX}{now:%Y%m%d-%H%M%S}-{reason}.db", keep_existing=True)
    for old in list_backups(db.path)[KEEP:]:
        old.path.unlink(missing_ok=True)
    return path


def _order(path: Path) -> tuple[str, int]:
    match = _NAME.match(path.name)
    if match is None:
        return ("", 0)
    return (match.group(1), int(match.group(2) or 1))


def _stand_time(db_path: Path) -> datetime:
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


@lru_cache(maxsize=len(KNOWN_REVISIONS))
def expected_schema(revision: str) -> dict[str, frozenset[str]]:
    """Tables and their columns a Lapak database of `revision` has, built by the migrations."""
    import tempfile

    from pos.db.migrate import upgrade
    from pos.db.session import make_engine

    with tempfile.TemporaryDirectory(prefix="lapak-schema-") as folder:
        engine = make_engine(Path(folder) / "schema.db")
        try:
            upgrade(engine, revision)
        finally:
            engine.dispose()
        conn = sqlite3.connect(Path(folder) / "schema.db")
        try:
            return _schema_of(conn)
        finally:
            conn.close()


def _schema_of(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    tables = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: frozenset(
            str(col[1]) for col in conn.execute("SELECT * FROM pragma_table_info(?)", (name,))
        )
        for name in tables
    }


def _truncated(path: Path, header: bytes) -> bool:
    """Whether the file is shorter than the page count its header states (a cut-off copy)."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The count is valid only when the "version-valid-for" number matches the change counter.
    valid = header[24:28] == header[92:96] and pages > 0
    return valid and path.stat().st_size < page_size * pages


def check_backup_file(path: Path) -> str:
    """The schema revision of a Lapak backup, or a PosError saying why it cannot be restored.

    Checks the whole file (integrity_check) and that it has every table and column a Lapak
    database of its revision has, so another program's SQLite file is never swapped in.
    """
    path = Path(path)
    damaged = PosError(_("{path} is damaged and cannot be restored.").format(path=path))
    not_lapak = PosError(_("{path} is not a Lapak database.").format(path=path))
    try:
        if path.is_dir():
            raise PosError(_("{path} is a folder, not a database file.").format(path=path))
        with open(path, "rb") as f:
            header = f.read(100)
    except OSError as e:
        raise PosError(
            _("Cannot read {path}: {reason}").format(path=path, reason=e.strerror)
        ) from e
    if not header.startswith(SQLITE_HEADER):
        raise PosError(_("{path} is not a Lapak database (not an SQLite file).").format(path=path))
    if len(header) < 100 or _truncated(path, header):
        raise damaged
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise damaged
            schema = _schema_of(conn)
            row = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in schema
                else None
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        if getattr(e, "sqlite_errorcode", 0) & 0xFF in (
            sqlite3.SQLITE_CORRUPT,
            sqlite3.SQLITE_NOTADB,
        ):
            raise damaged from e
        raise PosError(_("Cannot read {path}: {reason}").format(path=path, reason=e)) from e
    if row is None:
        raise not_lapak
    revision = str(row[0])
    if revision not in KNOWN_REVISIONS:
        raise PosError(
            _(
                "This database was made by a newer version of Lapak (schema {rev}); "
                "update Lapak to open it."
            ).format(rev=revision)
        )
    for table, columns in expected_schema(revision).items():
        if not columns <= schema.get(table, frozenset()):
            raise not_lapak
    return revision


def backup_now(db: Database, actor: Actor, now: datetime | None = None) -> Path:
    """A person's "back up now" (a supervisor's or the admin's), in the audit log."""
    actor.require("backup")
    path = auto_backup(db, "manual", now)
    with write_errors_explained(), db.Session.begin() as session:
        at = settings.local_now(session)
        audit.record(session, actor.id, "backup", {"file": path.name}, at)
    return path


def restore_as(
    actor: Actor, db_path: Path, backup: Path, now: datetime | None = None
) -> Path | None:
    """restore() for a person: the admin's to do (the command line acts as the admin)."""
    actor.require("restore")
    return restore(db_path, backup, now)


def restore(db_path: Path, backup: Path, now: datetime | None = None) -> Path | None:
    """Replace the database's content with `backup`; returns the safety copy (None: no db yet).

    Refused while a Lapak app has the database open (unless it is this process, which closed
    its engine first). The backup is checked whole first, and the current database is kept
    beside it, so a wrong choice can be undone. An older schema is upgraded at the next start.
    The content goes in through SQLite's backup API, in one transaction of the live file: a
    command still connected sees the restored data, and nothing is deleted underneath it.
    """
    db_path = Path(db_path).resolve()
    check_backup_file(backup)
    if now is None:
        now = _stand_time(db_path)
    lock = None
    if not held_here(db_path):
        lock = AppLock(db_path).acquire(
            _("Lapak is open on this database; close Lapak first, then restore.")
        )
    try:
        return _restore_locked(db_path, Path(backup), now)
    finally:
        if lock is not None:
            lock.release()


def _restore_locked(db_path: Path, backup: Path, now: datetime) -> Path | None:
    # Under the lock no other restore runs: a staged copy left here was left by a killed one.
    for stale in db_path.parent.glob(f".{db_path.name}.restoring*"):
        _discard(stale)
    staged = reserve_name(db_path.with_name(f".{db_path.name}.restoring"))
    safety: Path | None = None
    try:
        _copy_database(backup, staged)
        if db_path.exists():
            safety = reserve_name(
                db_path.with_name(f"{db_path.name}.before-restore-{now:%Y%m%d-%H%M%S}")
            )
            _copy_database(db_path, safety)
        source = sqlite3.connect(staged)
        target = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            _match_page_size(source, target)
            target.execute("PRAGMA synchronous = FULL")
            source.backup(target)
        finally:
            target.close()
            source.close()
    except (OSError, sqlite3.Error) as e:
        if safety is not None:
            _discard(safety, only_if_empty=True)
        if isinstance(e, sqlite3.Error) and is_busy(e):
            raise PosError(
                _("The database is busy; nothing was restored. Try again in a moment.")
            ) from e
        raise PosError(
            _("The restore failed, nothing was changed: {reason}").format(reason=e)
        ) from e
    finally:
        staged.unlink(missing_ok=True)
    return safety


def _match_page_size(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """A WAL database cannot change its page size: give the staged copy the target's."""
    size = target.execute("PRAGMA page_size").fetchone()[0]
    if source.execute("PRAGMA page_size").fetchone()[0] != size:
        source.execute(f"PRAGMA page_size = {int(size)}")
        source.execute("VACUUM")
