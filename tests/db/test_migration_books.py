"""0007, 0008, 0011: sale lines of an older database get the catalog cost, sales their lines' sums,
and its sales can be recapped."""

from datetime import date
from pathlib import Path

import old_rows  # tests/db: the old database and its rows
from sqlalchemy import text

from pos.core.revenue_split import parse_share
from pos.db import migrate
from pos.services import recaps, splits
from pos.services.auth import Actor
from pos.services.sales_report import sales_report
from pos.services.setup import init_database


def test_old_sale_lines_get_the_catalog_cost_and_can_be_recapped(tmp_path: Path) -> None:
    path = tmp_path / "before-books.db"
    old_rows.at_revision(
        path,
        "0006",
        old_rows.ADMIN,
        "INSERT INTO workshops (id, name) VALUES (1, 'Tata Boga')",
        old_rows.product("KK-1", "Nastar", "toples", 65000, cost=38000, workshop_id=1),
        old_rows.OPEN_SHIFT,
        old_rows.completed_sale(130000),
        "INSERT INTO sale_lines (id, sale_id, product_id, sku, name, qty, unit_price, "
        "line_total) VALUES (1, 1, 1, 'KK-1', 'Nastar', 2, 65000, 130000)",
        "INSERT INTO payments (sale_id, method, amount, tendered, change) "
        "VALUES (1, 'tunai', 130000, 150000, 20000)",
    )

    db = init_database(path)
    try:
        assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT unit_cost FROM sale_lines")).scalar() == 38000
            # 0008: the sale keeps its lines' sums, for reports by sale.
            sums = conn.execute(text("SELECT qty, gross, cost FROM sales")).one()
            assert tuple(sums) == (2, 130000, 76000)
            # 0011: the line keeps the workshop its product had.
            assert conn.execute(text("SELECT workshop_id FROM sale_lines")).scalar() == 1
            trigger = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = :n"
            assert conn.execute(text(trigger), {"n": "sale_lines_sums"}).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM sales")).scalar() == 1
            (row,) = sales_report(conn, date(2026, 1, 1), date(2026, 1, 31), "workshop")
        assert (row.key, row.net, row.cost, row.profit) == ("Tata Boga", 130000, 76000, 54000)
        admin = Actor(1, "Admin", "admin")
        shares = [parse_share("premi=50"), parse_share("PNBP=15"), parse_share("modal=35")]
        splits.set_split(db, admin, date(2026, 1, 1), "profit", shares, "PNBP")
        doc = recaps.create_recap(db, admin, date(2026, 1, 1), date(2026, 1, 31))
        assert doc.data["shares"] == {"premi": 27000, "PNBP": 8100, "modal": 18900}
    finally:
        db.close()
