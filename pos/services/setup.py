"""Setting a database up: schema, default users, and the demo catalog for a first look."""

import logging
from pathlib import Path

from sqlalchemy import func, select

from pos.core.errors import PosError
from pos.core.permissions import KASIR, SUPERVISOR
from pos.db.models_people import Setting
from pos.db.session import Database, open_database
from pos.resources import resource_path
from pos.services import settings
from pos.services.auth import Actor, ensure_default_users

log = logging.getLogger(__name__)

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
# Written in the README: who can log in to the demo, and with which PIN.
DEMO_ADMIN_PIN = "9999"
DEMO_USERS = (("Pak Joko", SUPERVISOR, "2222"), ("Sari", KASIR, "1111"), ("Budi", KASIR, "3333"))


def load_demo(db: Database, actor: Actor, catalog: Path = DEMO_CATALOG) -> int:
    """Fill an empty catalog with the demo products, their opening stock and the demo users.

    Returns how many products were added. The demo goes through the same importer a supervisor
    uses for a real catalog, and the users through the same service an admin uses.
    """
    from pos.db.models import Product, QuickKey
    from pos.services.catalog_io import import_catalog  # loaded only when needed

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
    _add_demo_users(db, actor)
    return result.added


def _add_demo_users(db: Database, actor: Actor) -> None:
    from pos.services import users

    if users.needs_admin_pin(db):
        users.set_first_admin_pin(db, DEMO_ADMIN_PIN)
    existing = {u.name.casefold() for u in users.list_users(db)}
    for name, role, pin in DEMO_USERS:
        if name.casefold() in existing:
            continue
        try:
            users.add_user(db, actor, name, role, pin)
        except PosError as e:  # e.g. the PIN is taken by a real user: the demo does without
            log.warning("demo user %s not added: %s", name, e.message)
