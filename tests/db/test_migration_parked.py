"""0010: a database from before parked sales upgrades with its unfinished cart intact."""

from pathlib import Path

from sqlalchemy import text

from pos.db import migrate
from pos.db.session import Database
from pos.services import parking, sales
from pos.services.setup import init_database


def test_cart_of_before_parking_survives_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "before-parking.db"
    old = Database(path)
    migrate.upgrade(old.engine, "0009")
    payload = (
        '{"lines": [{"product_id": 1, "sku": "KK-1", "name": "Nastar", "unit_price": 65000, '
        '"qty": 2}], "discount": null}'
    )
    with old.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO pending_carts (id, payload, updated_at) VALUES (1, :p, '2026-11-27')"
            ),
            {"p": payload},
        )
    old.close()

    db = init_database(path)
    try:
        assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
        assert parking.list_parked(db) == []
        cart = sales.load_pending_cart(db)
        assert (cart.item_count, cart.total) == (2, 130_000)
    finally:
        db.close()
