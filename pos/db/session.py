"""The SQLite engine with the pragmas Lapak relies on, and a checked way to open a database file."""

import os
import random
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from pos.core.errors import DatabaseProblem
from pos.db.sql import BUSY_TIMEOUT_MS, SQLITE_HEADER
from pos.i18n import _

# Execution option marking a connection whose transaction will write (BEGIN IMMEDIATE).
WRITE = "lapak_write"
# With WRITE: how long to wait for the write lock (ms) instead of BUSY_TIMEOUT_MS (migrations).
WAIT_MS = "lapak_wait_ms"


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself so that every session.begin() is a real SQLite
    # transaction (pysqlite's own implicit transactions skip SELECTs and DDL).
    # https://docs.sqlalchemy.org/en/20/dialects/sqlite.html#serializable-isolation-savepoints-transactional-ddl
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: a sale the cashier saw completed survives a power cut.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _on_begin(connection: Any) -> None:
    # In WAL a transaction that starts with plain BEGIN, reads, then writes is refused at once
    # ("database is locked") when another connection holds the write lock: SQLite cannot wait
    # without risking a deadlock, so busy_timeout never applies. BEGIN IMMEDIATE takes the write
    # lock first, waiting up to busy_timeout. Reads keep plain BEGIN and never wait for writers.
    # https://www.sqlite.org/lang_transaction.html#deferred_immediate_and_exclusive_transactions
    options = connection.get_execution_options()
    if options.get(WRITE):
        driver = connection.connection.driver_connection
        _begin_immediate(driver, options.get(WAIT_MS, BUSY_TIMEOUT_MS))
    else:
        connection.exec_driver_sql("BEGIN")


def _begin_immediate(driver: sqlite3.Connection, wait_ms: int = BUSY_TIMEOUT_MS) -> None:
    """BEGIN IMMEDIATE, retried every few ms until `wait_ms` has passed.

    SQLite's own busy handler backs off to one try per 100 ms, so a writer that has waited a
    while loses every race to newcomers: with 4 processes selling on a loaded machine single
    sales waited over 5 s. Trying every 1-8 ms (with jitter) gives each waiter a fair chance.
    """
    deadline = time.monotonic() + wait_ms / 1000
    delay = 0.001
    driver.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                driver.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as e:
                if not is_busy(e) or time.monotonic() >= deadline:
                    raise
            time.sleep(delay * random.uniform(0.5, 1.0))
            delay = min(delay * 2, 0.008)
    finally:
        driver.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


class WriteSession(Session):
    """A session whose explicit begin() (`db.Session.begin()`, the services' writes) is a write.

    Its connection is taken at once with BEGIN IMMEDIATE; reading sessions (`db.Session()`)
    autobegin with a plain BEGIN.
    """

    def begin(self, nested: bool = False) -> SessionTransaction:
        transaction = super().begin(nested=nested)
        if not nested:
            try:
                self.connection(execution_options={WRITE: True})
            except (OperationalError, sqlite3.OperationalError) as e:
                transaction.rollback()
                raise explain_write_error(e) from e
        return transaction


def make_engine(path: Path) -> Engine:
    # URL.create, not an f-string: a folder named "a?b" or "50%" must not be read as URL syntax.
    engine = create_engine(URL.create("sqlite", database=str(path)), future=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def check_database_file(path: Path) -> None:
    """Refuse, with a message a person understands, a path Lapak cannot use as its database."""
    if path.is_dir():
        raise DatabaseProblem(_("{path} is a folder, not a database file.").format(path=path))
    if path.exists():
        if path.stat().st_size > 0:
            try:
                with path.open("rb") as f:
                    header = f.read(len(SQLITE_HEADER))
            except OSError as e:
                raise DatabaseProblem(
                    _("Cannot read the database file {path}: {reason}").format(
                        path=path, reason=e.strerror
                    )
                ) from e
            if header != SQLITE_HEADER:
                raise DatabaseProblem(
                    _("{path} is not a Lapak database (not an SQLite file).").format(path=path)
                )
        # Checked on the mode bits, not os.access(): root may write anything, but a file
        # somebody marked read-only must not be written behind their back.
        if not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(
            path, os.W_OK
        ):
            raise DatabaseProblem(
                _("The database file {path} is read-only; Lapak cannot record sales in it.").format(
                    path=path
                )
            )
    else:
        parent = path.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise DatabaseProblem(
                _("Cannot create the folder {path}: {reason}").format(
                    path=parent, reason=e.strerror
                )
            ) from e
        if not os.access(parent, os.W_OK):
            raise DatabaseProblem(
                _("Cannot create a database in {path}: the folder is read-only.").format(
                    path=parent
                )
            )


def is_busy(error: BaseException) -> bool:
    """Whether an SQLite error says another connection holds the lock (SQLITE_BUSY/LOCKED)."""
    orig = getattr(error, "orig", None) or error
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    text = str(orig)
    return "database is locked" in text or "database is busy" in text


def explain_write_error(error: BaseException) -> DatabaseProblem:
    """A message a cashier understands for an SQLite write failure (locked, disk full...)."""
    if is_busy(error):
        return DatabaseProblem(
            _(
                "The database is busy: another program has been writing to it for too long. "
                "Nothing was changed; try again."
            )
        )
    orig = getattr(error, "orig", None)
    reason = str(orig) if orig is not None else str(error)
    return DatabaseProblem(
        _("Could not save to the database ({reason}); nothing was changed. Try again.").format(
            reason=reason
        )
    )


@contextmanager
def write_errors_explained() -> Iterator[None]:
    """Turn SQLite write failures (disk full, read-only, locked) into a message for the cashier."""
    try:
        yield
    except (OperationalError, sqlite3.OperationalError) as e:
        raise explain_write_error(e) from e


def raw_cursor(session: Session) -> sqlite3.Cursor:
    """A DB-API cursor on the session's connection, inside its current transaction."""
    driver = session.connection().connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver.cursor()


class Database:
    """An open database: its engine and a session factory. Services open one session per action."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = make_engine(path)
        self.Session = sessionmaker(self.engine, class_=WriteSession, expire_on_commit=False)

    def session(self) -> Session:
        return self.Session()

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path | str) -> Database:
    """Check the file, open it, and create or upgrade its schema to the current one."""
    from pos.db.migrate import ensure_schema

    path = Path(path).expanduser().resolve()
    check_database_file(path)
    db = Database(path)
    try:
        ensure_schema(db.engine)
    except DatabaseProblem:
        db.close()
        raise
    except Exception as e:
        db.close()
        raise DatabaseProblem(
            _("Cannot open the database {path}: {reason}").format(path=path, reason=e)
        ) from e
    return db
