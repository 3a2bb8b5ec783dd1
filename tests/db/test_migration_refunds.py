"""0006: a database from before discounts and refunds upgrades without losing a row, and its
old sales can be reported on and taken back."""

from pathlib import Path

import old_rows  # tests/db: the old database and its rows
from sqlalchemy import text

from pos.db import migrate
from pos.services import refunds, reports, shifts
from pos.services.auth import Actor
from pos.services.setup import init_database


def test_sales_of_before_discounts_upgrade_and_can_come_back(tmp_path: Path) -> None:
    from datetime import date

    path = tmp_path / "before-refunds.db"
    old_rows.at_revision(
        path,
        "0005",
        old_rows.ADMIN,
        old_rows.product("KK-1", "Nastar Keju", "toples", 65000),
        old_rows.OPEN_SHIFT,
        old_rows.completed_sale(130000),
        "INSERT INTO sale_lines (id, sale_id, product_id, sku, name, qty, unit_price, "
        "line_total) VALUES (1, 1, 1, 'KK-1', 'Nastar Keju', 2, 65000, 130000)",
        "INSERT INTO payments (sale_id, method, amount, tendered, change) "
        "VALUES (1, 'tunai', 130000, 150000, 20000)",
        "INSERT INTO stock_movements (product_id, qty, kind, sale_id, created_at) VALUES "
        "(1, 10, 'opening', NULL, '2026-01-01 08:00:00'), (1, -2, 'sale', 1, '2026-01-02')",
    )

    db = init_database(path)
    try:
        assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
        with db.engine.connect() as conn:
            row = conn.execute(
                text("SELECT qty, unit_price, line_total, discount, sale_discount FROM sale_lines")
            ).one()
            assert tuple(row) == (2, 65000, 130000, 0, 0)
            assert conn.execute(text("SELECT discount, total FROM sales")).one() == (0, 130000)
            assert conn.execute(text("SELECT count(*) FROM payments")).scalar() == 1
        day = reports.day_report(db, date(2026, 1, 2))
        assert (day.total, day.discount_total, day.net_total, day.voided) == (130000, 0, 130000, [])
        admin = Actor(1, "Admin", "admin")
        assert shifts.current_shift(db) is not None
        done = refunds.refund(
            db, admin, "X-20260102-0001", [refunds.ReturnItem(1, 1)], "tunai", "retur lama"
        )
        assert done.total == 65000
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT sum(qty) FROM stock_movements")).scalar() == 9
    finally:
        db.close()
