"""Create or upgrade a database to the schema this version of Lapak expects (Alembic)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

# SQLAlchemy only when a function runs: `pos audit verify` reads HEAD_REVISION without it.
if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

from pos.core.errors import DatabaseProblem
from pos.i18n import _

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions; a test keeps the two in step. Knowing it here
# lets a current database open without importing Alembic (about 0.1 s at every start).
HEAD_REVISION = "0027"
KNOWN_REVISIONS = (
    "0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011",
    "0012", "0013", "0014", "0015", "0016", "0017", "0018", "0019", "0020", "0021", "0022",
    "0023", "0024", "0025", "0026", "0027",
)  # fmt: skip
# Tables Alembic must not compare with the models: the FTS5 search index and its shadows.
UNMODELLED_PREFIX = "product_fts"


def current_revision(engine: Engine) -> str | None:
    from sqlalchemy import text

    with engine.connect() as conn:
        has_table = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).first()
        if not has_table:
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return str(row[0]) if row else None


def refuse_newer(revision: str | None) -> None:
    """DatabaseProblem for a schema revision this version of Lapak does not know (a newer one)."""
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise DatabaseProblem(
            _(
                "This database was made by a newer version of Lapak (schema {rev}); "
                "update Lapak to open it."
            ).format(rev=revision)
        )


def ensure_schema(engine: Engine) -> None:
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return
    refuse_newer(revision)
    if revision is None:
        from sqlalchemy import text

        with engine.connect() as conn:
            tables = conn.execute(
                text("SELECT count(*) FROM sqlite_master WHERE type='table'")
            ).scalar_one()
        if tables:
            raise DatabaseProblem(_("This SQLite file is not a Lapak database."))
    upgrade(engine)


def alembic_config(engine: Engine | None = None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


UPGRADE_WAIT_MS = 15 * 60 * 1000


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    from pos.db.session import WAIT_MS, WRITE

    # BEGIN IMMEDIATE: two processes upgrading one database at once take turns instead of
    # one failing with "database is locked"; the second then finds the schema current. It
    # waits as long as an upgrade may take (a big central database's: minutes), not 5 s.
    waiting = engine.execution_options(**{WRITE: True, WAIT_MS: UPGRADE_WAIT_MS})
    command.upgrade(alembic_config(waiting), revision)
