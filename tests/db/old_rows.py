"""A database left at an old revision and the rows the migration tests seed into it: an admin,
a product, an open shift and one completed sale (receipt X-20260102-0001)."""

from pathlib import Path

from sqlalchemy import text

from pos.db import migrate
from pos.db.session import Database

ADMIN = "INSERT INTO users (id, name, role, active) VALUES (1, 'Admin', 'admin', 1)"
OPEN_SHIFT = (
    "INSERT INTO shifts (id, stand, status, opened_at, opened_by, opening_float) "
    "VALUES (1, 'X', 'open', '2026-01-02 08:00:00', 1, 50000)"
)


def product(
    sku: str, name: str, unit: str, price: int, cost: int = 0, workshop_id: int | None = None
) -> str:
    """Product 1, tracked and active (made in a workshop: revisions from 0007 on)."""
    search = f"{name} {sku}".lower()
    workshop = ("", "") if workshop_id is None else (", workshop_id", f", {workshop_id}")
    return (
        "INSERT INTO products (id, sku, barcode, name, search_text, unit, price, cost, "
        f"track_stock, low_stock, active{workshop[0]}) VALUES (1, '{sku}', NULL, '{name}', "
        f"'{search}', '{unit}', {price}, {cost}, 1, 0, 1{workshop[1]})"
    )


def completed_sale(total: int) -> str:
    """Sale 1 of 2 January 2026, by the admin in the open shift."""
    return (
        "INSERT INTO sales (id, receipt_no, stand, day, seq, created_at, user_id, shift_id, "
        "status, total) VALUES (1, 'X-20260102-0001', 'X', '2026-01-02', 1, "
        f"'2026-01-02 09:00:00', 1, 1, 'completed', {total})"
    )


def at_revision(path: Path, revision: str, *statements: str) -> None:
    """Create the database at `path` as of `revision` holding the rows of `statements`."""
    old = Database(path)
    try:
        migrate.upgrade(old.engine, revision)
        with old.engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        old.close()
