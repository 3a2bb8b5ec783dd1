"""Ringing up: the cart saved as it changes, and checkout as one transaction."""

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from pos.core.cart import Cart
from pos.core.errors import EmptyCart, PaymentTooSmall
from pos.core.money import format_rupiah
from pos.db.models import (
    BundleItem,
    Payment,
    PendingCart,
    Product,
    ReceiptCounter,
    Sale,
    SaleLine,
    StockMovement,
)
from pos.db.session import Database, write_errors_explained
from pos.i18n import _
from pos.services import audit, settings
from pos.services.auth import Actor

REGISTER_ID = 1
CASH = "tunai"


@dataclass(frozen=True)
class SaleResult:
    sale_id: int
    receipt_no: str
    total: int
    tendered: int
    change: int
    created_at: datetime


def save_pending_cart(db: Database, cart: Cart) -> None:
    """Persist the cart being rung up (or forget it when empty) so a crash loses nothing."""
    with write_errors_explained(), db.Session.begin() as session:
        if cart.is_empty():
            session.execute(delete(PendingCart).where(PendingCart.id == REGISTER_ID))
            return
        session.merge(
            PendingCart(
                id=REGISTER_ID,
                payload=json.dumps(cart.to_dict(), ensure_ascii=False),
                updated_at=settings.local_now(session),
            )
        )


def load_pending_cart(db: Database) -> Cart:
    with db.Session() as session:
        payload = session.execute(
            select(PendingCart.payload).where(PendingCart.id == REGISTER_ID)
        ).scalar_one_or_none()
    if payload is None:
        return Cart()
    try:
        return Cart.from_dict(json.loads(payload))
    except (ValueError, KeyError, TypeError):
        # A damaged draft must not stop the counter; the sale was never completed.
        return Cart()


def receipt_number(stand: str, day: date, seq: int) -> str:
    return f"{stand}-{day:%Y%m%d}-{seq:04d}"


def _next_seq(session: Session, stand: str, day: date) -> int:
    """Bump and return the day's counter; inside the sale's transaction, so numbers are gapless."""
    stmt = (
        sqlite_insert(ReceiptCounter)
        .values(stand=stand, day=day, last_seq=1)
        .on_conflict_do_update(
            index_elements=[ReceiptCounter.stand, ReceiptCounter.day],
            set_={"last_seq": ReceiptCounter.last_seq + 1},
        )
        .returning(ReceiptCounter.last_seq)
    )
    return int(session.execute(stmt).scalar_one())


def _record_stock(session: Session, sale: Sale, cart: Cart, actor: Actor) -> None:
    """One movement per tracked product sold; a bundle moves its components instead."""
    ids = [line.product_id for line in cart.lines]
    products = {
        row.id: row
        for row in session.execute(
            select(Product.id, Product.sku, Product.track_stock).where(Product.id.in_(ids))
        ).all()
    }
    components: dict[int, list[tuple[int, int, bool]]] = {}
    for bundle_id, component_id, qty, tracked in session.execute(
        select(BundleItem.bundle_id, BundleItem.component_id, BundleItem.qty, Product.track_stock)
        .join(Product, Product.id == BundleItem.component_id)
        .where(BundleItem.bundle_id.in_(ids))
    ).all():
        components.setdefault(bundle_id, []).append((component_id, qty, tracked))
    moves: list[tuple[int, int, str | None]] = []
    for line in cart.lines:
        if line.product_id in components:
            note = f"bundle {products[line.product_id].sku}"
            moves.extend(
                (cid, qty * line.qty, note)
                for cid, qty, tracked in components[line.product_id]
                if tracked
            )
        elif products[line.product_id].track_stock:
            moves.append((line.product_id, line.qty, None))
    for product_id, qty, why in moves:
        # Selling past the recorded stock is allowed: the counter never turns a customer
        # away because the books are behind; negative stock shows up for the supervisor.
        session.add(
            StockMovement(
                product_id=product_id,
                qty=-qty,
                kind="sale",
                sale_id=sale.id,
                user_id=actor.id,
                note=why,
                created_at=sale.created_at,
            )
        )


def _record_audit(session: Session, sale: Sale, actor: Actor) -> None:
    audit.record(
        session,
        actor.id,
        "sale",
        {"receipt_no": sale.receipt_no, "total": sale.total},
        sale.created_at,
    )


def checkout_cash(db: Database, actor: Actor, cart: Cart, tendered: int) -> SaleResult:
    """Complete a cash sale: sale, lines, payment, stock, receipt number and audit in one commit."""
    actor.require("sell")
    if cart.is_empty():
        raise EmptyCart(_("The cart is empty."))
    total = cart.total
    check_tendered(total, tendered)
    change = tendered - total
    with write_errors_explained(), db.Session.begin() as session:
        now = settings.local_now(session)
        stand = settings.read_in(session, settings.STAND_CODE)
        day = now.date()
        seq = _next_seq(session, stand, day)
        sale = Sale(
            receipt_no=receipt_number(stand, day, seq),
            stand=stand,
            day=day,
            seq=seq,
            created_at=now,
            user_id=actor.id,
            status="completed",
            total=total,
        )
        for line in cart.lines:
            sale.lines.append(
                SaleLine(
                    product_id=line.product_id,
                    sku=line.sku,
                    name=line.name,
                    qty=line.qty,
                    unit_price=line.unit_price,
                    line_total=line.total,
                )
            )
        sale.payments.append(Payment(method=CASH, amount=total, tendered=tendered, change=change))
        session.add(sale)
        session.flush()
        _record_stock(session, sale, cart, actor)
        _record_audit(session, sale, actor)
        session.execute(delete(PendingCart).where(PendingCart.id == REGISTER_ID))
        result = SaleResult(sale.id, sale.receipt_no, total, tendered, change, now)
    return result


def check_tendered(total: int, tendered: int) -> None:
    if tendered < total:
        raise PaymentTooSmall(
            _("The amount tendered ({tendered}) is less than the total ({total}).").format(
                tendered=format_rupiah(tendered), total=format_rupiah(total)
            )
        )
