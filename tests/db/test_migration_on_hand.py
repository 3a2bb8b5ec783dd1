"""Migration stock_on_hand: each product keeps its stock on hand; an old database gets it from its whole ledger."""

import sqlite3
from pathlib import Path

import old_rows  # tests/db: the old database and its rows
from sqlalchemy import text

from pos.db import migrate
from pos.db.session import Database
from pos.services import stock
from pos.services.setup import init_database

# Its number changes as others land before it: found by its name.
ON_HAND = next(p.name[:4] for p in migrate.MIGRATIONS_DIR.glob("versions/*_stock_on_hand.py"))
BEFORE = migrate.KNOWN_REVISIONS[migrate.KNOWN_REVISIONS.index(ON_HAND) - 1]
SECOND = (
    "INSERT INTO products (id, sku, name, search_text, unit, price, cost, track_stock, "
    "low_stock, active) VALUES (2, 'KK-2', 'Nastar', 'nastar kk-2', 'toples', 30000, 0, 1, 5, 1)"
)
NEVER_MOVED = (
    "INSERT INTO products (id, sku, name, search_text, unit, price, cost, track_stock, "
    "low_stock, active) VALUES (3, 'KK-3', 'Semprong', 'semprong kk-3', 'toples', 30000, 0, 1, 0, 1)"
)


def _move(product_id: int, qty: int, kind: str) -> str:
    return (
        "INSERT INTO stock_movements (product_id, qty, kind, user_id, created_at) "
        f"VALUES ({product_id}, {qty}, '{kind}', 1, '2026-01-02 09:00:00')"
    )


def _triggers(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}


def test_an_old_database_gets_each_products_ledger_sum(tmp_path: Path) -> None:
    path = tmp_path / "before-on-hand.db"
    old_rows.at_revision(
        path,
        BEFORE,
        old_rows.ADMIN,
        old_rows.product("MB-1", "Kursi", "pcs", 850000),
        SECOND,
        NEVER_MOVED,
        _move(1, 10, "opening"),
        _move(1, -3, "sale"),
        _move(1, 1, "void"),
        _move(2, 6, "receive"),
        _move(2, -2, "adjust"),
    )
    db = init_database(path)
    try:
        assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
        assert stock.stock_on_hand(db) == {1: 8, 2: 4, 3: 0}
        assert stock.check_on_hand(db) == []
        # Nastar (4 of level 5, one under) and the semprong that never moved (0 of 0) are low.
        assert [r.product_id for r in stock.low_stock(db)] == [2, 3]
        with db.engine.begin() as conn:  # the triggers keep it from here on
            conn.execute(text(_move(3, 7, "receive")))
        assert stock.stock_on_hand(db)[3] == 7 and stock.check_on_hand(db) == []
    finally:
        db.close()


def test_downgrade_drops_the_column_and_keeps_the_search_triggers(tmp_path: Path) -> None:
    path = tmp_path / "down.db"
    db = Database(path)
    try:
        migrate.upgrade(db.engine)
        assert {"stock_on_hand_insert", "products_fts_update"} <= _triggers(path)
        _down(db)
        with sqlite3.connect(path) as conn:
            columns = {r[1] for r in conn.execute("PRAGMA table_info(products)")}
        assert "on_hand" not in columns
        left = _triggers(path)
        assert not any(name.startswith("stock_on_hand") for name in left)
        assert {"products_fts_insert", "products_fts_update", "products_fts_delete"} <= left
    finally:
        db.close()


def _down(db: Database) -> None:
    from alembic import command

    command.downgrade(migrate.alembic_config(db.engine), BEFORE)
