"""Setting a database up: schema, default users, and the demo catalog for a first look."""

from pathlib import Path

from sqlalchemy import func, select

from pos.db.models import Product, QuickKey, Setting
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


DEMO_QUICK_KEYS = ("MK-TMP-01", "MK-TMP-DAUN", "KK-KAC-BKS", "MK-ROT-01", "KY-ASB-01")


def load_demo(db: Database, actor: Actor, catalog: Path = DEMO_CATALOG) -> int:
    """Fill an empty catalog with the demo products and their opening stock; returns how many.

    The demo goes through the same importer a supervisor uses for a real catalog.
    """
    from pos.services.catalog_io import import_catalog  # openpyxl and friends: only when needed

    actor.require("load_demo")
    with db.Session() as session:
        if session.execute(select(func.count(Product.id))).scalar_one():
            return 0
    result = import_catalog(db, actor, catalog, create_missing=True)
    with db.Session.begin() as session:
        for var, value in DEMO_STAND.items():
            if session.get(Setting, var.key) is None:
                session.add(Setting(key=var.key, value=value))
        for position, sku in enumerate(DEMO_QUICK_KEYS, start=1):
            product_id = session.execute(select(Product.id).where(Product.sku == sku)).scalar_one()
            session.add(QuickKey(position=position, product_id=product_id))
    return result.added
