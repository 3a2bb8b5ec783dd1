"""The whole migration chain on a real PostgreSQL server: up, down and up again, and the
result is exactly the models (the office's central database is made by the same chain)."""

from sqlalchemy import create_engine, inspect, text

from pos.db import migrate
from pos.db.models import full_metadata
from pos.services.central_db import open_central


def _diff(engine):  # type: ignore[no-untyped-def]
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_name": lambda name, type_, parent: (
                    not (type_ == "table" and name.startswith(migrate.UNMODELLED_PREFIX))
                ),
            },
        )
        return compare_metadata(context, full_metadata())


def test_every_revision_upgrades_and_downgrades_on_postgresql(postgres_url: str) -> None:
    from alembic import command

    engine = create_engine(postgres_url)
    try:
        for revision in migrate.KNOWN_REVISIONS:
            migrate.upgrade(engine, revision)
            with engine.connect() as conn:
                assert (
                    conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                    == revision
                )
        assert _diff(engine) == []
        command.downgrade(migrate.alembic_config(engine), "base")
        assert inspect(engine).get_table_names() == ["alembic_version"]
        migrate.upgrade(engine)
        assert _diff(engine) == []
    finally:
        engine.dispose()


def test_a_stand_database_of_an_old_revision_upgrades_on_postgresql(postgres_url: str) -> None:
    """Rows written at 0005 survive the later revisions (their batch ALTERs run as ALTER)."""
    engine = create_engine(postgres_url)
    try:
        migrate.upgrade(engine, "0005")
        with engine.begin() as conn:
            conn.execute(
                text("INSERT INTO users (id, name, role, active) VALUES (1, 'A', 'admin', true)")
            )
            conn.execute(
                text(
                    "INSERT INTO sales (id, receipt_no, stand, day, seq, created_at, user_id, "
                    "status, total) VALUES (1, 'X-20260102-0001', 'X', '2026-01-02', 1, "
                    "'2026-01-02 09:00:00', 1, 'completed', 130000)"
                )
            )
        central = open_central(postgres_url)  # upgrades to the head, as consolidate does
        central.close()
        with engine.connect() as conn:
            row = conn.execute(text("SELECT receipt_no, total, discount FROM sales")).one()
        assert tuple(row) == ("X-20260102-0001", 130000, 0)
    finally:
        engine.dispose()
