"""`pos audit verify` on an SQLite file as it is: what it needs read over plain sqlite3.

Opening a database the usual way (pos.db.session, the ORM's models, Alembic's check) costs
about half a second before verify starts, most of it importing SQLAlchemy. A file that needs
nothing of that (current schema, a user, an active admin, a known language) is read here with
a few SELECTs; anything else (no file yet, an older schema, no admin...) returns None, and the
command opens the database the usual way, which creates, upgrades or explains.
"""

import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from pos.core.permissions import ADMIN
from pos.db.migrate import HEAD_REVISION
from pos.db.sql import SQLITE_HEADER, on_hand_differences
from pos.i18n import DEFAULT_LANGUAGE, LANGUAGES
from pos.services import audit_fast

# The key of settings.LANGUAGE (a test keeps them in step).
LANGUAGE_KEY = "ui.language"


@dataclass(frozen=True)
class VerifyFile:
    """A database file verify can read as it is: who acts (the first active admin), the language."""

    path: Path
    admin_role: str
    language: str


def _usable(path: Path) -> bool:
    """Whether open_database would take the file as it is (nothing to create, nothing to say)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size == 0:
            return False
        if not info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            return False
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return header == SQLITE_HEADER and os.access(path, os.W_OK)


def open_file(path: Path) -> VerifyFile | None:
    """The file's admin and language when verify can read it as it is; None otherwise."""
    path = Path(path).expanduser()
    if not _usable(path):
        return None
    path = path.resolve()
    try:
        conn = audit_fast.connect(path)
        try:
            if (
                conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
                ).fetchone()
                is None
            ):
                return None
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            if revision != [(HEAD_REVISION,)]:
                return None
            # As auth.system_actor finds it: the first active admin.
            admin = conn.execute(
                "SELECT role FROM users WHERE role = ? AND active = 1 ORDER BY id LIMIT 1",
                (ADMIN,),
            ).fetchone()
            raw = conn.execute(
                "SELECT value FROM settings WHERE key = ?", (LANGUAGE_KEY,)
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    language = DEFAULT_LANGUAGE if raw is None else raw[0]
    if admin is None or language not in LANGUAGES:
        return None
    return VerifyFile(path, str(admin[0]), str(language))


def stock_differences(path: Path) -> list[tuple[int, int, int]]:
    """(product, on hand kept, sum of its ledger) where they differ, as stock.check_on_hand."""
    conn = audit_fast.connect(path)
    try:
        return on_hand_differences(conn.cursor())
    finally:
        conn.close()
