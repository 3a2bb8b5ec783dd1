"""Whether a file can be restored: a whole SQLite file (integrity_check) with every table and
column a Lapak database of its schema version has."""

import sqlite3
from functools import lru_cache
from pathlib import Path

from pos.core.errors import PosError
from pos.db.migrate import KNOWN_REVISIONS
from pos.db.sql import SQLITE_HEADER
from pos.i18n import _


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
