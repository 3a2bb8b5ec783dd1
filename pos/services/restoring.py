"""Restoring a backup: the whole file checked first, a safety copy of the current database, the
content written in through SQLite's backup API, and the restore in the audit chain."""

import sqlite3
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from pos.core.errors import PosError
from pos.db.lock import AppLock, held_here
from pos.db.migrate import KNOWN_REVISIONS
from pos.db.session import BUSY_TIMEOUT_MS, SQLITE_HEADER, is_busy
from pos.i18n import _
from pos.services import audit
from pos.services.auth import Actor
from pos.services.backup import chain_head_of, copy_database, discard, reserve_name, stand_time


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


def restore_as(
    actor: Actor, db_path: Path, backup: Path, now: datetime | None = None
) -> Path | None:
    """restore() for a person: the admin's to do (the command line acts as the admin)."""
    actor.require("restore")
    return restore(db_path, backup, now, by=actor)


def restore(
    db_path: Path, backup: Path, now: datetime | None = None, by: Actor | None = None
) -> Path | None:
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
        now = stand_time(db_path)
    lock = None
    if not held_here(db_path):
        lock = AppLock(db_path).acquire(
            _("Lapak is open on this database; close Lapak first, then restore.")
        )
    try:
        return _restore_locked(db_path, Path(backup), now, by)
    finally:
        if lock is not None:
            lock.release()


def _restore_locked(db_path: Path, backup: Path, now: datetime, by: Actor | None) -> Path | None:
    # Under the lock no other restore runs: a staged copy left here was left by a killed one.
    for stale in db_path.parent.glob(f".{db_path.name}.restoring*"):
        discard(stale)
    staged = reserve_name(db_path.with_name(f".{db_path.name}.restoring"))
    safety: Path | None = None
    try:
        copy_database(backup, staged)
        if db_path.exists():
            safety = reserve_name(
                db_path.with_name(f"{db_path.name}.before-restore-{now:%Y%m%d-%H%M%S}")
            )
            copy_database(db_path, safety)
        _record_restore(staged, backup, safety, now, by)
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
            discard(safety, only_if_empty=True)
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


def _record_restore(
    staged: Path, backup: Path, safety: Path | None, now: datetime, by: Actor | None
) -> None:
    """Append the `restore` entry to the staged copy of the backup, in one transaction."""
    replaced = None if safety is None else chain_head_of(safety)
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
        detail = {
            "file": backup.name,
            "by": by.name if by is not None else "pos restore",
            "restored_up_to": audit.chain_head(cursor),
            "replaced_up_to": replaced,
            "safety_copy": None if safety is None else safety.name,
        }
        audit.append(cursor, user_id, "restore", detail, now)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _match_page_size(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """A WAL database cannot change its page size: give the staged copy the target's."""
    size = target.execute("PRAGMA page_size").fetchone()[0]
    if source.execute("PRAGMA page_size").fetchone()[0] != size:
        source.execute(f"PRAGMA page_size = {int(size)}")
        source.execute("VACUUM")
