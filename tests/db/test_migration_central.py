"""0014: a central database from before (documents checked against their day by a foreign
key) upgrades losslessly, on SQLite (the tables copied) and PostgreSQL (the keys dropped)."""

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from pos.db import migrate
from pos.services.central_db import open_central

DOCUMENTS = ("central_sales", "central_sale_lines", "central_payments", "central_refunds",
             "central_refund_lines")  # fmt: skip
ROWS = (
    "INSERT INTO central_stands (code) VALUES ('JBR01')",
    "INSERT INTO central_days (id, stand, day, manifest_sha256, folder, app_version, "
    "sales_count, voided_count, total, discount_total, refunds_total, imported_at) VALUES "
    "(1, 'JBR01', '2026-01-02', 'ab', 'JBR01_2026-01-02', '1', 1, 0, 850000, 0, 0, "
    "'2026-01-03 08:00:00')",
    "INSERT INTO central_sales (id, day_id, stand, receipt_no, day, created_at, cashier, "
    "shift_id, status, total, discount_total) VALUES (1, 1, 'JBR01', 'JBR01-20260102-0001', "
    "'2026-01-02', '2026-01-02 09:00:00', 'Sari', 1, 'completed', 850000, 0)",
    "INSERT INTO central_sale_lines (id, day_id, stand, receipt_no, line_no, day, status, sku, "
    "name, category, workshop, qty, unit_price, line_total, list_price, discount, "
    "sale_discount, discount_reason, unit_cost) VALUES (1, 1, 'JBR01', 'JBR01-20260102-0001', "
    "1, '2026-01-02', 'completed', 'MB-1', 'Kursi', NULL, 'Kayu', 1, 850000, 850000, 850000, "
    "0, 0, NULL, 400000)",
)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'central.db'}"
    return str(request.getfixturevalue("postgres_url"))


def test_a_central_database_from_before_0014_upgrades(url: str) -> None:
    engine = create_engine(url)
    try:
        migrate.upgrade(engine, "0013")
        with engine.begin() as conn:
            for statement in ROWS:
                conn.execute(text(statement))
        assert inspect(engine).get_foreign_keys("central_sales")
    finally:
        engine.dispose()
    open_central(url).close()  # upgrades to the head, as consolidate does
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            sale = conn.execute(text("SELECT day_id, receipt_no, total FROM central_sales")).one()
            line = conn.execute(
                text("SELECT day_id, workshop, unit_cost FROM central_sale_lines")
            ).one()
        assert tuple(sale) == (1, "JBR01-20260102-0001", 850000)
        assert tuple(line) == (1, "Kayu", 400000)
        found = inspect(engine)
        assert all(found.get_foreign_keys(table) == [] for table in DOCUMENTS)
        assert "ix_central_sales_day_stand" in {
            i["name"] for i in found.get_indexes("central_sales")
        }
    finally:
        engine.dispose()


PAYMENT = (
    "INSERT INTO central_payments (id, day_id, stand, day, receipt_no, pay_no, status, method, "
    "amount, tendered, change, reference, bank, confirmed) VALUES (1, 1, 'JBR01', '2026-01-02', "
    "'JBR01-20260102-0001', 1, 'completed', 'tunai', 850000, 900000, 50000, NULL, NULL, TRUE)"
)


def test_0023_drops_the_day_method_sums_and_a_downgrade_sums_them_again(url: str) -> None:
    engine = create_engine(url)
    try:
        migrate.upgrade(engine, "0022")
        with engine.begin() as conn:
            for statement in (*ROWS, PAYMENT):
                conn.execute(text(statement))
        assert "central_day_methods" in inspect(engine).get_table_names()
        migrate.upgrade(engine, "0023")
        assert "central_day_methods" not in inspect(engine).get_table_names()
        from alembic import command

        command.downgrade(migrate.alembic_config(engine), "0022")
        with engine.connect() as conn:
            sums = conn.execute(
                text("SELECT stand, method, sales_count, amount FROM central_day_methods")
            ).all()
        assert [tuple(r) for r in sums] == [("JBR01", "tunai", 1, 850000)]
    finally:
        engine.dispose()
