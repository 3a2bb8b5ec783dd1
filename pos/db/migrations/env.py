"""Alembic environment: runs on the engine handed over by pos.db.migrate (never a URL in an ini)."""

from alembic import context

from pos.db.models import full_metadata

config = context.config
engine = config.attributes["engine"]


def _unmodelled(name: str | None, type_: str, parent: object) -> bool:
    # The FTS5 search index and its shadow tables are made by hand in migration 0002.
    return not (type_ == "table" and name is not None and name.startswith("product_fts"))


def _run_on_sqlite(connection) -> None:  # type: ignore[no-untyped-def]
    # Batch migrations copy a table and drop the old one; with foreign keys on, SQLite turns
    # that DROP into a DELETE that cascades (a sale's lines and payments would vanish). The
    # pragma only works outside a transaction, so it is set on the DB-API connection first.
    driver = connection.connection.driver_connection
    driver.execute("PRAGMA foreign_keys = OFF")
    try:
        with connection.begin():
            _configure(connection)
            context.run_migrations()
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migration left broken references: {broken[:5]}")
    finally:
        driver.execute("PRAGMA foreign_keys = ON")


def _run_on_server(connection) -> None:  # type: ignore[no-untyped-def]
    # The regional office's PostgreSQL: DDL is transactional there, and two imports starting at
    # once on a new database take turns on this lock; the second then finds the schema current.
    with connection.begin():
        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(1634754907)")
        _configure(connection)
        context.run_migrations()


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=full_metadata(),
        # SQLite cannot ALTER most things: batch copies the table (elsewhere it is plain ALTER).
        render_as_batch=True,
        compare_type=True,
        include_name=_unmodelled,
    )


with engine.connect() as connection:
    if connection.dialect.name == "sqlite":
        _run_on_sqlite(connection)
    else:
        _run_on_server(connection)
