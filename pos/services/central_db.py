"""The regional office's central database: an SQLite file, or PostgreSQL through psycopg 3.

Both are created and upgraded by the same Alembic chain as a stand's database. The URL's
password is never shown: messages name the database with it hidden.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from pos.core.errors import DatabaseProblem, PosError
from pos.i18n import _

MAX_URL = 500
# An import into an SQLite file waits this long for another import's batch (25,000 documents and
# their report sums: many seconds on a loaded machine) before it gives up as "busy".
WRITE_WAIT_MS = 300_000


class CentralProblem(PosError):
    """The central database cannot be reached, opened or written."""


@dataclass
class CentralDb:
    """An open central database: its engine, and whether it is a server (PostgreSQL)."""

    engine: Engine
    shown: str  # the URL or path, password hidden
    # Stands whose documents this process had the server's statistics take in (ANALYZE):
    # kept across the import runs of a `--jobs` worker (central_write.analyze_new_stands).
    analyzed: set[str] = field(default_factory=set, compare=False)

    @property
    def is_server(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction (see `for_writing`)."""
        with self.engine.connect() as conn:
            conn = self.for_writing(conn)
            with conn.begin():
                yield conn

    def for_writing(self, conn: Connection) -> Connection:
        """`conn` with its transactions begun as writes (SQLite: BEGIN IMMEDIATE, waiting up
        to WRITE_WAIT_MS for another import's batch, not the counter's 5 s)."""
        from pos.db.session import WAIT_MS, WRITE

        if self.is_server:
            return conn
        return conn.execution_options(**{WRITE: True, WAIT_MS: WRITE_WAIT_MS})

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn


def parse_target(target: str) -> URL | Path:
    """A database URL (postgresql://..., sqlite:///...) or a plain path to an SQLite file."""
    if len(target) > MAX_URL or not target.isprintable() or not target.strip():
        raise CentralProblem(_("The central database must be a path or a database URL."))
    if "://" not in target:
        return Path(target).expanduser()
    try:
        url = make_url(target)
    except ArgumentError as e:
        raise CentralProblem(
            _("{url} is not a database URL.").format(url=_hidden_text(target))
        ) from e
    if url.get_backend_name() == "sqlite":
        if not url.database:
            raise CentralProblem(_("An SQLite central database must be a file."))
        return Path(url.database).expanduser()
    if url.get_backend_name() != "postgresql":
        raise CentralProblem(
            _("The central database must be an SQLite file or PostgreSQL, not {kind}.").format(
                kind=url.get_backend_name()
            )
        )
    # psycopg 3 is the driver we ship for the office; plain postgresql:// means it too.
    return url.set(drivername="postgresql+psycopg")


def _hidden_text(target: str) -> str:
    head, sep, tail = target.rpartition("@")
    if not sep:
        return target
    scheme, _sep, rest = head.partition("://")
    user = rest.split(":", 1)[0]
    return f"{scheme}://{user}:***@{tail}"


def open_central(target: str) -> CentralDb:
    """Open (creating or upgrading its schema) the central database at `target`."""
    parsed = parse_target(target)
    if isinstance(parsed, Path):
        from pos.db.session import open_database

        try:
            db = open_database(parsed)
        except DatabaseProblem as e:
            raise CentralProblem(e.message) from e
        return CentralDb(db.engine, str(db.path))
    shown = parsed.render_as_string(hide_password=True)
    try:
        import psycopg  # noqa: F401
    except ImportError as e:
        raise CentralProblem(
            _("PostgreSQL needs psycopg: install Lapak with its 'central' extra.")
        ) from e
    try:
        # No JIT: a stand-day's report sums by payment (subqueries of every figure, a high
        # estimated cost) took 4 s of compiling for 0.1 s of work, at every import batch.
        options = {"connect_timeout": 10, "options": "-c jit=off"}
        engine = create_engine(parsed, pool_pre_ping=True, connect_args=options)
    except NoSuchModuleError as e:
        raise CentralProblem(_("{url} is not a database URL.").format(url=shown)) from e
    central = CentralDb(engine, shown)
    try:
        _ensure_schema(engine)
    except DBAPIError as e:
        engine.dispose()
        raise CentralProblem(
            _("Cannot use the central database {url}: {reason}").format(
                url=shown, reason=first_line(e.orig)
            )
        ) from e
    return central


def first_line(error: Any) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]


def _ensure_schema(engine: Engine) -> None:
    from pos.db.migrate import HEAD_REVISION, refuse_newer, upgrade

    with engine.connect() as conn:
        revision = None
        if inspect(conn).has_table("alembic_version"):
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision == HEAD_REVISION:
        return
    try:
        refuse_newer(revision)
    except DatabaseProblem as e:
        raise CentralProblem(e.message) from e
    upgrade(engine)
