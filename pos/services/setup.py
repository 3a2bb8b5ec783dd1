"""Setting a database up: schema, default users, and the demo catalog for a first look."""

import csv
from pathlib import Path

from sqlalchemy import func, select

from pos.core.barcodes import is_valid_gs1
from pos.core.text import search_key
from pos.db.models import Category, Product, Setting, StockMovement, Workshop
from pos.db.session import Database, open_database
from pos.resources import resource_path
from pos.services import settings
from pos.services.auth import Actor, ensure_default_users

DEMO_CATALOG = resource_path("demo", "catalog.csv")
DEMO_STAND = {
    settings.STAND_CODE: "DEMO",
    settings.STAND_NAME: "Lapak Karya WBP (Demo)",
    settings.STAND_ADDRESS: "Gedung PTSP Lapas\nJl. Contoh No. 1",
}


def init_database(path: Path | str) -> Database:
    """Open (creating or upgrading) the database and make sure it has its default users."""
    db = open_database(path)
    ensure_default_users(db)
    return db


def load_demo(db: Database, actor: Actor, catalog: Path = DEMO_CATALOG) -> int:
    """Fill an empty catalog with the demo products and their opening stock; returns how many."""
    actor.require("load_demo")
    with catalog.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with db.Session.begin() as session:
        if session.execute(select(func.count(Product.id))).scalar_one():
            return 0
        now = settings.local_now(session)
        categories: dict[str, Category] = {}
        workshops: dict[str, Workshop] = {}
        for row in rows:
            barcode = row["barcode"] or None
            if barcode is not None and not is_valid_gs1(barcode):
                raise ValueError(f"demo catalog: bad check digit in {barcode}")
            category = categories.setdefault(row["category"], Category(name=row["category"]))
            workshop = workshops.setdefault(row["workshop"], Workshop(name=row["workshop"]))
            product = Product(
                sku=row["sku"],
                barcode=barcode,
                name=row["name"],
                search_text=search_key(f"{row['name']} {row['sku']}"),
                category=category,
                workshop=workshop,
                unit=row["unit"],
                price=int(row["price"]),
                cost=int(row["cost"]),
                track_stock=True,
                low_stock=3,
                pirt=row["pirt"] or None,
                shelf_life_days=int(row["shelf_life_days"]) if row["shelf_life_days"] else None,
                active=True,
            )
            session.add(product)
            session.flush()
            opening = int(row["stock"])
            if opening:
                session.add(
                    StockMovement(
                        product_id=product.id,
                        qty=opening,
                        kind="opening",
                        user_id=actor.id,
                        note="demo",
                        created_at=now,
                    )
                )
        for var, value in DEMO_STAND.items():
            if session.get(Setting, var.key) is None:
                session.add(Setting(key=var.key, value=value))
    return len(rows)
