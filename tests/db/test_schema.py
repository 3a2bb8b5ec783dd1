import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from pos.core.errors import DatabaseProblem
from pos.db import migrate
from pos.db.models import full_metadata
from pos.db.session import open_database
from pos.services.setup import init_database


def test_migrations_build_exactly_the_models(db) -> None:  # type: ignore[no-untyped-def]
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "include_name": lambda name, type_, parent: (
                    not (type_ == "table" and name.startswith(migrate.UNMODELLED_PREFIX))
                )
            },
        )
        diff = compare_metadata(context, full_metadata())
    assert diff == []


def test_head_revision_constant_matches_alembic() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert script.get_current_head() == migrate.HEAD_REVISION
    assert {rev.revision for rev in script.walk_revisions()} == set(migrate.KNOWN_REVISIONS)


def test_pragmas(db) -> None:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_reopening_keeps_rows(demo_db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    demo_db.close()
    again = init_database(db_path)
    with again.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM products")).scalar() >= 40
    again.close()


def test_not_sqlite_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is a shopping list, not a database\n" * 10)
    before = path.read_bytes()
    with pytest.raises(DatabaseProblem, match="bukan basis data Lapak"):
        open_database(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "notes.db-wal").exists()


def test_other_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    with pytest.raises(DatabaseProblem):
        open_database(path)
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
    assert tables == ["contacts"]


def test_read_only_file_is_refused(demo_db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    demo_db.close()
    before = db_path.read_bytes()
    db_path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        with pytest.raises(DatabaseProblem, match="hanya-baca"):
            open_database(db_path)
    finally:
        db_path.chmod(0o644)
    assert db_path.read_bytes() == before


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseProblem, match="folder"):
        open_database(tmp_path)


def test_newer_schema_is_refused(db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.close()
    with pytest.raises(DatabaseProblem, match="versi yang lebih baru"):
        open_database(db_path)


def test_empty_file_becomes_a_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    db = init_database(path)
    assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
    db.close()


def test_old_database_upgrades_without_losing_rows(tmp_path: Path) -> None:
    from pos.db.session import Database

    path = tmp_path / "old.db"
    old = Database(path)
    migrate.upgrade(old.engine, "0001")
    with old.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO users (id, name, role, active) VALUES (1, 'Kasir', 'cashier', 1)")
        )
        conn.execute(
            text(
                "INSERT INTO products (id, sku, barcode, name, search_text, unit, price, cost, "
                "track_stock, low_stock, active) VALUES "
                "(1, 'KK-1', NULL, 'Nastar Keju', 'nastar keju kk-1', 'toples', 65000, 0, 1, 0, 1)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO stock_movements (product_id, qty, kind, created_at) "
                "VALUES (1, 10, 'opening', '2026-01-01 08:00:00'), (1, -2, 'sale', '2026-01-02')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO sales (id, receipt_no, stand, day, seq, created_at, user_id, status, "
                "total) VALUES (1, 'X-20260102-0001', 'X', '2026-01-02', 1, '2026-01-02 09:00:00',"
                " 1, 'completed', 130000)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO sale_lines (sale_id, product_id, sku, name, qty, unit_price, "
                "line_total) VALUES (1, 1, 'KK-1', 'Nastar Keju', 2, 65000, 130000)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO payments (sale_id, method, amount, tendered, change) "
                "VALUES (1, 'tunai', 130000, 150000, 20000)"
            )
        )
    old.close()

    db = init_database(path)
    assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM stock_movements")).scalar() == 2
        assert conn.execute(text("SELECT sum(qty) FROM stock_movements")).scalar() == 8
        # Later migrations copy `sales` in batch mode: its children must survive that.
        assert conn.execute(text("SELECT count(*) FROM sale_lines")).scalar() == 1
        assert conn.execute(text("SELECT confirmed FROM payments")).scalar() == 1
        assert conn.execute(text("SELECT total FROM sales")).scalar() == 130000
    from pos.services import catalog

    assert [p.sku for p in catalog.search(db, "nasta")] == ["KK-1"]
    db.close()


def test_users_of_a_database_from_before_logins(tmp_path: Path) -> None:
    """0004: 'cashier' becomes 'kasir'; nobody has a PIN, so the first start asks the admin's."""
    from pos.db.session import Database
    from pos.services import login, users

    path = tmp_path / "before-logins.db"
    old = Database(path)
    migrate.upgrade(old.engine, "0003")
    with old.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, name, role, active) VALUES "
                "(1, 'Kasir', 'cashier', 1), (2, 'Admin', 'admin', 1), (3, 'Bu Ani', 'supervisor', 1)"
            )
        )
    old.close()

    db = init_database(path)
    try:
        assert [(u.name, u.role, u.has_pin) for u in users.list_users(db)] == [
            ("Admin", "admin", False),
            ("Bu Ani", "supervisor", False),
            ("Kasir", "kasir", False),
        ]
        assert users.needs_admin_pin(db)
        admin = users.set_first_admin_pin(db, "2468")
        assert admin.id == 2 and login.authenticate_pin(db, "2468").name == "Admin"
        users.set_pin(db, admin, 1, "1357")
        assert login.authenticate_pin(db, "1357").role == "kasir"
    finally:
        db.close()
