"""Quick keys: up to 24 buttons on the sale screen for products sold without a barcode."""

from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.orm import Session

from pos.core.errors import NotFound, PosError
from pos.db.models import Product, QuickKey
from pos.db.session import Database, write_errors_explained
from pos.i18n import _
from pos.services.auth import Actor

MAX_KEYS = 24


@dataclass(frozen=True)
class QuickKeyInfo:
    """A quick-key button of the sale screen and its product."""

    position: int
    product_id: int
    sku: str
    name: str
    price: int
    active: bool


def list_keys(db: Database) -> list[QuickKeyInfo]:
    with db.engine.connect() as conn:  # plain SQL: the sale screen reads this at start-up
        rows = conn.exec_driver_sql(
            "SELECT q.position, p.id, p.sku, p.name, p.price, p.active FROM quick_keys q "
            "JOIN products p ON p.id = q.product_id ORDER BY q.position"
        ).all()
    return [
        QuickKeyInfo(int(p), int(i), str(s), str(n), int(pr), bool(a)) for p, i, s, n, pr, a in rows
    ]


def _sellable(session: Session, product_id: int) -> None:
    """Only an existing, active product goes on a key."""
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(_("The product no longer exists."))
    if not product.active:
        raise PosError(_("{name} is no longer sold.").format(name=product.name))


def set_key(db: Database, actor: Actor, position: int, product_id: int | None) -> None:
    """Put a product on a key (moving it from any other key), or clear the key."""
    actor.require("manage_catalog")
    if not 1 <= position <= MAX_KEYS:
        raise PosError(_("Quick keys are numbered 1 to {n}.").format(n=MAX_KEYS))
    with write_errors_explained(), db.Session.begin() as session:
        session.execute(delete(QuickKey).where(QuickKey.position == position))
        if product_id is None:
            return
        _sellable(session, product_id)
        session.execute(delete(QuickKey).where(QuickKey.product_id == product_id))
        session.flush()
        session.add(QuickKey(position=position, product_id=product_id))


def replace_all(db: Database, actor: Actor, product_ids: list[int | None]) -> None:
    """Set every key at once (position = index + 1), in one transaction."""
    actor.require("manage_catalog")
    if len(product_ids) > MAX_KEYS:
        raise PosError(_("Quick keys are numbered 1 to {n}.").format(n=MAX_KEYS))
    chosen = [p for p in product_ids if p is not None]
    if len(chosen) != len(set(chosen)):
        raise PosError(_("A product is on two keys; each product gets one key."))
    with write_errors_explained(), db.Session.begin() as session:
        session.execute(delete(QuickKey))
        for position, product_id in enumerate(product_ids, start=1):
            if product_id is None:
                continue
            _sellable(session, product_id)
            session.add(QuickKey(position=position, product_id=product_id))
