"""0013: a database from before orders upgrades losslessly and can take an order at once."""

from datetime import timedelta
from pathlib import Path

import old_rows  # tests/db: the old database and its rows
from sqlalchemy import text

from pos.core.orders import OrderItem
from pos.db import migrate
from pos.services import orders, settings, shifts
from pos.services.auth import Actor
from pos.services.setup import init_database


def test_a_database_from_before_orders_upgrades(tmp_path: Path) -> None:
    path = tmp_path / "before-orders.db"
    old_rows.at_revision(
        path,
        "0012",
        old_rows.ADMIN,
        old_rows.product("MB-1", "Kursi", "pcs", 850000),
        old_rows.OPEN_SHIFT,
        old_rows.completed_sale(850000),
    )

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
