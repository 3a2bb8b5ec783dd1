"""0013: a database from before orders upgrades losslessly and can take an order at once."""

from datetime import timedelta
from pathlib import Path

from sqlalchemy import text

from pos.core.orders import OrderItem
from pos.db import migrate
from pos.db.session import Database
from pos.services import orders, settings, shifts
from pos.services.auth import Actor
from pos.services.setup import init_database


def test_a_database_from_before_orders_upgrades(tmp_path: Path) -> None:
    path = tmp_path / "before-orders.db"
    old = Database(path)
    migrate.upgrade(old.engine, "0012")
    with old.engine.begin() as conn:
        for statement in (
            "INSERT INTO users (id, name, role, active) VALUES (1, 'Admin', 'admin', 1)",
            "INSERT INTO products (id, sku, barcode, name, search_text, unit, price, cost, "
            "track_stock, low_stock, active) VALUES "
            "(1, 'MB-1', NULL, 'Kursi', 'kursi mb-1', 'pcs', 850000, 0, 1, 0, 1)",
            "INSERT INTO shifts (id, stand, status, opened_at, opened_by, opening_float) "
            "VALUES (1, 'X', 'open', '2026-01-02 08:00:00', 1, 50000)",
            "INSERT INTO sales (id, receipt_no, stand, day, seq, created_at, user_id, shift_id, "
            "status, total) VALUES (1, 'X-20260102-0001', 'X', '2026-01-02', 1, "
            "'2026-01-02 09:00:00', 1, 1, 'completed', 850000)",
        ):
            conn.execute(text(statement))
    old.close()

    db = init_database(path)
    try:
        assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT receipt_no, total FROM sales")).one() == (
                "X-20260102-0001",
                850000,
            )
            assert conn.execute(text("SELECT count(*) FROM orders")).scalar() == 0
        admin = Actor(1, "Admin", "admin")
        due = settings.stand_now(db).date() + timedelta(days=7)
        made = orders.new_order(db, admin, "Pak Budi", due, [OrderItem(2, "MB-1")])
        assert made.total == 1_700_000
        paid = orders.pay(db, admin, made.order_no, 700_000)
        assert paid.balance == 1_000_000
        summary = shifts.current_shift(db)
        # The old sale has no payment rows: only the float and the order's cash count.
        assert summary is not None and summary.expected_cash == 50_000 + 700_000
    finally:
        db.close()
