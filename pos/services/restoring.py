"""Restoring a backup: the whole file checked first, a safety copy of the current database, the
content written in through SQLite's backup API, and the restore in the audit chain."""

import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pos.core.errors import DatabaseProblem, PosError
from pos.db.lock import AppLock, held_here
from pos.db.migrate import HEAD_REVISION
from pos.db.session import is_busy
from pos.db.sql import BUSY_TIMEOUT_MS
from pos.i18n import _
from pos.services import audit, numbering
from pos.services.auth import Actor
from pos.services.backup import copy_database, discard, reserve_name, stand_time
from pos.services.backup_check import check_backup_file


@dataclass(frozen=True)
class Restored:
    """What a restore did: the safety copy (None: no database before), the numbers it carried
    forward, and a warning when the replaced database's numbers could not be read."""

    safety: Path | None
    moved: tuple[numbering.Moved, ...] = ()
    warning: str | None = None

    def message(self, backup: Path, db_path: Path) -> str:
        """The lines to tell the person who restored."""
        if self.safety is None:
            lines = [_("Restored from {file} into {path}.").format(file=backup, path=db_path)]
        else:
            lines = [
                _("Restored from {file}. The previous database is kept as {safety}.").format(
                    file=backup, safety=self.safety
                )
            ]
        if self.moved:
            lines.append(
                _("Numbers carried forward past those already used: {list}").format(
                    list="; ".join(m.describe() for m in self.moved[:10])
                    + ("; …" if len(self.moved) > 10 else "")
                )
            )
        if self.warning:
            lines.append(self.warning)
        return "\n".join(lines)


def restore_as(
    actor: Actor, db_path: Path, backup: Path, now: datetime | None = None
) -> Path | None:
    """restore() for a person: the admin's to do (the command line acts as the admin)."""
    return restore_report_as(actor, db_path, backup, now).safety


def restore_report_as(
    actor: Actor, db_path: Path, backup: Path, now: datetime | None = None
) -> Restored:
    """restore_report() for a person: the admin's to do."""
    actor.require("restore")
    return restore_report(db_path, backup, now, by=actor)


def restore(
    db_path: Path, backup: Path, now: datetime | None = None, by: Actor | None = None
) -> Path | None:
    """restore_report(), returning only the safety copy (None: there was no database)."""
    return restore_report(db_path, backup, now, by).safety


def restore_report(
    db_path: Path, backup: Path, now: datetime | None = None, by: Actor | None = None
) -> Restored:
    """Replace the database's content with `backup`.

    Refused while a Lapak app has the database open (unless it is this process, which closed
    its engine first). The backup is checked whole first, and the current database is kept
    beside it, so a wrong choice can be undone. The backup is brought to this version's schema
    and every document counter raised past the numbers the replaced database had used (a
    printed receipt number is never given twice), in the same transaction as the `restore`
    audit entry. The content goes in through SQLite's backup API, in one transaction of the
    live file: a command still connected sees the restored data, and nothing is deleted
    underneath it. A damaged current database is kept byte for byte and replaced whole.
    """
    db_path = Path(db_path).resolve()
    revision = check_backup_file(backup)
    if now is None:
        now = stand_time(db_path)
    lock = None
    if not held_here(db_path):
        lock = AppLock(db_path).acquire(
            _("Lapak is open on this database; close Lapak first, then restore.")
        )
    try:
        return _restore_locked(db_path, Path(backup), revision, now, by)
    finally:
        if lock is not None:
            lock.release()


def _is_damage(e: sqlite3.Error) -> bool:
    return getattr(e, "sqlite_errorcode", 0) & 0xFF in (
        sqlite3.SQLITE_CORRUPT,
        sqlite3.SQLITE_NOTADB,
    )


def _keep_safety_copy(db_path: Path, now: datetime) -> tuple[Path, sqlite3.Connection | None]:
    """A consistent copy of the current database, and the connection holding its write lock
    (BEGIN IMMEDIATE, taken before the copy: no one commits from then until the write-in); a
    damaged database is copied byte for byte (and no lock is held)."""
    safety = reserve_name(db_path.with_name(f"{db_path.name}.before-restore-{now:%Y%m%d-%H%M%S}"))
    held = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        held.execute("BEGIN IMMEDIATE")
        # Read through another connection: the backup API will not copy from one in a write
        # transaction. A reader sees every commit made before the lock was taken.
        copy_database(db_path, safety)
        return safety, held
    except sqlite3.DatabaseError as e:
        held.close()
        if not _is_damage(e):
            raise
    shutil.copyfile(db_path, safety)
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists():  # beside the copy under the name SQLite pairs with it
        shutil.copyfile(wal, safety.with_name(safety.name + "-wal"))
    return safety, None


# A command line process may write while the restore runs (SQLite takes turns; only the app
# holds the app's lock). From the safety copy on the restore holds the database's write lock,
# so a writer waits (or is told the database is busy), except in the moment the lock passes
# to the write-in: a commit there would be in neither file, so the restore notices it and
# starts again, a few times, before giving up.
TRIES = 3
# Pages per step of the write-in; after the first step it holds the lock and checks that no
# one wrote. 1 MiB at SQLite's 4 KiB pages stays in the page cache: in rollback-journal mode
# nothing of it reaches the file before that check reads the file's header.
STEP_PAGES = 256


def _restore_locked(
    db_path: Path, backup: Path, revision: str, now: datetime, by: Actor | None
) -> Restored:
    # Under the lock no other restore runs: a staged copy left here was left by a killed one.
    for stale in db_path.parent.glob(f".{db_path.name}.restoring*"):
        discard(stale)
    staged = reserve_name(db_path.with_name(f".{db_path.name}.restoring"))
    try:
        for _attempt in range(TRIES):
            result = _try_restore(db_path, backup, staged, revision, now, by)
            if result is not None:
                return result
    finally:
        staged.unlink(missing_ok=True)
    raise PosError(
        _(
            "The database kept changing while it was being restored (a command is writing to "
            "it); nothing was restored. Try again in a moment."
        )
    )


def _try_restore(
    db_path: Path, backup: Path, staged: Path, revision: str, now: datetime, by: Actor | None
) -> Restored | None:
    """One attempt; None (and nothing changed) when another connection wrote to the database
    after its safety copy was taken."""
    safety: Path | None = None
    held: sqlite3.Connection | None = None
    try:
        copy_database(backup, staged)
        if revision != HEAD_REVISION:
            _upgrade(staged)
        if db_path.exists():
            safety, held = _keep_safety_copy(db_path, now)
        result = _record_restore(staged, backup, safety, now, by)
        if not _write_into(staged, db_path, held):
            assert safety is not None
            discard(safety)
            return None
        return result
    except (OSError, sqlite3.Error, DatabaseProblem) as e:
        if safety is not None:
            discard(safety, only_if_empty=True)
        if isinstance(e, sqlite3.Error) and is_busy(e):
            raise PosError(
                _("The database is busy; nothing was restored. Try again in a moment.")
            ) from e
        raise PosError(
            _("The restore failed, nothing was changed: {reason}").format(reason=e)
        ) from e
    finally:
        if held is not None:
            held.close()


class _Written(Exception):
    """Another connection committed while the write lock passed to the write-in."""


def _data_version(conn: sqlite3.Connection) -> int:
    """Changes when another connection commits to the database `conn` is open on."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def _hand_over(held: sqlite3.Connection, db_path: Path) -> Callable[[], bool]:
    """Let go of the write lock `held` took (it wrote nothing) for the write-in to take; and
    how to tell, once the write-in holds it, whether anyone committed in between."""
    if held.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        seen = _data_version(held)
        held.execute("ROLLBACK")
        return lambda: _data_version(held) != seen
    # In rollback-journal mode the write-in's lock keeps readers out, but each commit changes
    # the header's change counter, read from the file (the write-in's first step is still in
    # its page cache, unwritten).
    counter = _change_counter(db_path)
    held.execute("ROLLBACK")
    return lambda: _change_counter(db_path) != counter


def _change_counter(db_path: Path) -> bytes:
    with open(db_path, "rb") as f:
        return f.read(28)[24:]


def _upgrade(staged: Path) -> None:
    """Bring a backup of an older version to this version's schema (its counters need it)."""
    from pos.db.migrate import ensure_schema
    from pos.db.session import make_engine

    engine = make_engine(staged)
    try:
        ensure_schema(engine)
    finally:
        engine.dispose()
    conn = sqlite3.connect(staged)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def _write_into(staged: Path, db_path: Path, held: sqlite3.Connection | None) -> bool:
    """The staged content into the live file by the backup API, or, when the live file is too
    damaged to be written through SQLite, by putting the staged file in its place.

    `held` holds the live file's write lock since before the safety copy. The backup API
    writes only through a connection outside any transaction, so the lock is let go just
    before it starts; once its first step holds the lock again, it checks that no one
    committed in between. If someone did, nothing is written: False."""
    source = sqlite3.connect(staged)
    try:
        target = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            _match_page_size(source, target)
            target.execute("PRAGMA synchronous = FULL")
            if held is None:
                source.backup(target)
                return True
            # The first step must not be the last (a Lapak database has more than one page).
            pages = min(STEP_PAGES, int(source.execute("PRAGMA page_count").fetchone()[0]) - 1)
            written: Callable[[], bool] | None = _hand_over(held, db_path)

            def unchanged(status: int, _remaining: int, _pages: int) -> None:
                nonlocal written
                if status == sqlite3.SQLITE_OK and written is not None:  # it holds the lock
                    if written():
                        raise _Written  # the write-in is rolled back: the file is as it was
                    written = None

            source.backup(target, pages=max(1, pages), progress=unchanged)
            return True
        except _Written:
            return False
        except sqlite3.DatabaseError as e:
            if not _is_damage(e):
                raise
        finally:
            target.close()
    finally:
        source.close()
    for tail in ("-wal", "-shm", "-journal"):  # the damaged file's, kept in the safety copy
        db_path.with_name(db_path.name + tail).unlink(missing_ok=True)
    os.replace(staged, db_path)
    return True


def _replaced_state(safety: Path | None) -> tuple[Any, dict[numbering.Key, int] | None, str | None]:
    """The replaced database's last audit entry and used numbers, or why they are unreadable."""
    if safety is None:
        return None, {}, None
    try:
        conn = sqlite3.connect(f"file:{safety}?mode=ro", uri=True)
        try:
            cursor = conn.cursor()
            return audit.chain_head(cursor), numbering.used_numbers(cursor), None
        finally:
            conn.close()
    except sqlite3.Error as e:
        return None, None, str(e)


def _record_restore(
    staged: Path, backup: Path, safety: Path | None, now: datetime, by: Actor | None
) -> Restored:
    """Carry the numbers forward and append the `restore` entry to the staged copy of the
    backup, in one transaction."""
    replaced, used, unreadable = _replaced_state(safety)
    conn = sqlite3.connect(staged, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        cursor = conn.cursor()
        user_id = None
        if by is not None:  # the same person in the restored users (a later one may not be)
            row = cursor.execute(
                "SELECT id FROM users WHERE id = ? AND name = ?", (by.id, by.name)
            ).fetchone()
            user_id = None if row is None else int(row[0])
        moved = [] if used is None else numbering.carry_forward(cursor, used)
        detail: dict[str, Any] = {
            "file": backup.name,
            "by": by.name if by is not None else "pos restore",
            "restored_up_to": audit.chain_head(cursor),
            "replaced_up_to": replaced,
            "safety_copy": None if safety is None else safety.name,
            **numbering.audit_detail(moved),
        }
        warning = None
        if unreadable is not None:
            detail["numbers_not_carried"] = unreadable
            warning = _(
                "The replaced database could not be read ({reason}), so its numbers could not "
                "be carried forward: receipts and other documents continue from the backup's "
                "numbers. Check the last numbers on paper before selling."
            ).format(reason=unreadable)
        audit.append(cursor, user_id, "restore", detail, now)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return Restored(safety, tuple(moved), warning)


def _match_page_size(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """A WAL database cannot change its page size: give the staged copy the target's."""
    size = target.execute("PRAGMA page_size").fetchone()[0]
    if source.execute("PRAGMA page_size").fetchone()[0] != size:
        source.execute(f"PRAGMA page_size = {int(size)}")
        source.execute("VACUUM")
