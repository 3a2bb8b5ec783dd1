"""Ringing up: the cart saved as it changes, and checkout as one transaction."""

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from pos.core.cart import Cart
from pos.core.errors import EmptyCart, NotFound
from pos.core.payments import (
    CASH,
    NonCashPayment,
    Settled,
    require_accepted,
    settle,
)
from pos.core.pricing import Discount
from pos.db import sql
from pos.db.models import (
    PendingCart,
)
from pos.db.session import Database, raw_cursor, write_errors_explained
from pos.i18n import _
from pos.services import audit, settings
from pos.services.auth import Actor
from pos.services.report_marks import touch_stand
from pos.services.sale_pricing import PricedSale, check_cart_lines, price_cart
from pos.services.shifts import NoOpenShift

REGISTER_ID = 1


@dataclass(frozen=True)
class SaleResult:
    """A completed sale: its receipt number, total, change and payments."""

    sale_id: int
    receipt_no: str
    total: int
    tendered: int
    change: int
    created_at: datetime
    payments: tuple[Settled, ...] = ()


def save_pending_cart(db: Database, cart: Cart) -> None:
    """Persist the cart being rung up (or forget it when empty) so a crash loses nothing.

    The write is one statement, the transaction's first: a transaction that reads first and
    writes afterwards gets "database is locked" at once when another process wrote meanwhile
    (SQLite does not wait then), and a cart save refused like that was lost at the next kill.
    """
    with write_errors_explained():
        if cart.is_empty():
            with db.Session.begin() as session:
                _forget_pending_cart(raw_cursor(session))
            return
        now = settings.stand_now(db)  # read before: the write must come first
        payload = json.dumps(cart.to_dict(), ensure_ascii=False)
        upsert = sqlite_insert(PendingCart).values(id=REGISTER_ID, payload=payload, updated_at=now)
        upsert = upsert.on_conflict_do_update(
            index_elements=[PendingCart.id], set_={"payload": payload, "updated_at": now}
        )
        with db.Session.begin() as session:
            session.execute(upsert)


def _forget_pending_cart(cursor: sqlite3.Cursor) -> None:
    cursor.execute("DELETE FROM pending_carts WHERE id = ?", (REGISTER_ID,))


def load_pending_cart(db: Database) -> Cart:
    with db.engine.connect() as conn:  # plain SQL: read at start-up, before the window shows
        payload = conn.exec_driver_sql(
            "SELECT payload FROM pending_carts WHERE id = ?", (REGISTER_ID,)
        ).scalar()
    if payload is None:
        return Cart()
    try:
        return Cart.from_dict(json.loads(payload))
    except (ValueError, KeyError, TypeError):
        # A damaged draft must not stop the counter; the sale was never completed.
        return Cart()


def receipt_number(stand: str, day: date, seq: int) -> str:
    return f"{stand}-{day:%Y%m%d}-{seq:04d}"


def _next_seq(cursor: sqlite3.Cursor, stand: str, day: date) -> int:
    """Bump and return the day's counter; inside the sale's transaction, so numbers are gapless."""
    row = cursor.execute(
        "INSERT INTO receipt_counters (stand, day, last_seq) VALUES (?, ?, 1) "
        "ON CONFLICT (stand, day) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq",
        (stand, day.isoformat()),
    ).fetchone()
    return int(row[0])


def products_and_moves(
    cursor: sqlite3.Cursor, cart: Cart
) -> tuple[dict[int, int], list[tuple[int, int, str | None]]]:
    """The catalog price of each product in the cart, and (product, qty, note) to take out of
    stock; a bundle moves its components instead."""
    ids = sorted({line.product_id for line in cart.lines})
    marks = ",".join("?" * len(ids))
    rows = cursor.execute(
        "SELECT p.id, p.sku, p.track_stock, p.price, b.component_id, b.qty, c.track_stock "
        "FROM products p LEFT JOIN bundle_items b ON b.bundle_id = p.id "
        f"LEFT JOIN products c ON c.id = b.component_id WHERE p.id IN ({marks})",
        ids,
    ).fetchall()
    tracked: dict[int, bool] = {}
    skus: dict[int, str] = {}
    prices: dict[int, int] = {}
    components: dict[int, list[tuple[int, int, bool]]] = {}
    for pid, sku, track, price, component_id, qty, component_tracked in rows:
        tracked[pid], skus[pid], prices[pid] = bool(track), sku, int(price)
        if component_id is not None:
            components.setdefault(pid, []).append((component_id, qty, bool(component_tracked)))
    missing = [line.name for line in cart.lines if line.product_id not in prices]
    if missing:
        raise NotFound(_("{name} is no longer in the catalog.").format(name=missing[0]))
    moves: list[tuple[int, int, str | None]] = []
    for line in cart.lines:
        if line.product_id in components:
            note = f"bundle {skus[line.product_id]}"
            moves.extend(
                (cid, qty * line.qty, note)
                for cid, qty, component_tracked in components[line.product_id]
                if component_tracked
            )
        elif tracked.get(line.product_id, False):
            moves.append((line.product_id, line.qty, None))
    return prices, moves


def _discount_columns(discount: Discount | None) -> tuple[str | None, int | None, str | None]:
    if discount is None:
        return None, None, None
    return discount.kind, discount.value, discount.reason


def checkout_cash(db: Database, actor: Actor, cart: Cart, tendered: int) -> SaleResult:
    """A sale paid entirely in cash."""
    return checkout(db, actor, cart, [], tendered)


def checkout(
    db: Database,
    actor: Actor,
    cart: Cart,
    non_cash: list[NonCashPayment],
    cash_tendered: int,
) -> SaleResult:
    """Complete a sale: sale, lines, payments, stock, receipt number and audit in one commit.

    The hottest write of the app, so it runs hand-written SQL on the session's own connection
    (same transaction): SQLAlchemy's statement building cost more than the fsync of the commit.
    tests/services/test_checkout.py reads every row back through the ORM models.
    """
    actor.require("sell")
    if cart.is_empty():
        raise EmptyCart(_("The cart is empty."))
    check_cart_lines(cart)
    total = cart.total
    payments = settle(total, non_cash, cash_tendered)
    with write_errors_explained(), db.Session.begin() as session:
        now, stand, accepted = settings.checkout_context(session)
        require_accepted(payments, accepted)
        cursor = raw_cursor(session)
        shift_id = sql.open_shift_id(cursor)
        if shift_id is None:
            raise NoOpenShift(_("Open a shift first (the opening cash float)."))
        catalog_prices, moves = products_and_moves(cursor, cart)
        priced = price_cart(session, actor, cart, catalog_prices, now)
        sale_id, receipt_no = insert_sale(
            session, actor, stand, now, shift_id, priced, moves, payments, cart.discount
        )
        _forget_pending_cart(cursor)
    cash = next((p for p in payments if p.method == CASH), None)
    return SaleResult(
        sale_id,
        receipt_no,
        total,
        cash.tendered if cash else 0,
        cash.change if cash else 0,
        now,
        tuple(payments),
    )


def insert_sale(
    session: Session,
    actor: Actor,
    stand: str,
    now: datetime,
    shift_id: int,
    priced: PricedSale,
    moves: list[tuple[int, int, str | None]],
    payments: list[Settled],
    sale_discount: Discount | None = None,
    extra: dict[str, object] | None = None,
) -> tuple[int, str]:
    """Write a priced sale, its lines, payments, stock movements, receipt number and audit
    entry inside the caller's transaction; returns (sale id, receipt number). Checkout and an
    order's pickup (pos.services.orders) both sell through here."""
    cursor = raw_cursor(session)
    total = priced.total
    day = now.date()
    seq = _next_seq(cursor, stand, day)
    at = sql.sql_datetime(now)
    receipt_no = receipt_number(stand, day, seq)
    # Column order of audit.SALE_COLUMNS: the sale's audit entry hashes this very tuple.
    sale_row = (
        receipt_no,
        stand,
        day.isoformat(),
        seq,
        at,
        actor.id,
        shift_id,
        total,
        priced.discount,
        *_discount_columns(sale_discount),
        priced.discount_approval_id,
    )
    cursor.execute(
        "INSERT INTO sales (receipt_no, stand, day, seq, created_at, user_id, shift_id, "
        "status, total, discount, discount_kind, discount_value, discount_reason, "
        "discount_approval_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'completed', ?, ?, ?, ?, ?, ?)",
        sale_row,
    )
    sale_id = int(cursor.lastrowid or 0)
    touch_stand(cursor, [day])  # a closed day's kept report sums (a clock set back)
    # The id, then the column order of audit.LINE_COLUMNS and audit.PAYMENT_COLUMNS: the
    # sale's audit entry hashes these very tuples, so the chain costs no read-back.
    line_ids = sql.next_ids(cursor, "sale_lines", len(priced.lines))
    lines = [
        (
            line_id,
            p.line.product_id,
            p.line.sku,
            p.line.name,
            p.line.qty,
            p.line.unit_price,
            p.line_total,
            p.list_price,
            p.price_approval_id,
            p.discount,
            *_discount_columns(p.line.discount),
            p.discount_approval_id,
            p.sale_discount,
        )
        for line_id, p in zip(line_ids, priced.lines, strict=True)
    ]
    paid = [
        (n, p.method, p.amount, p.tendered, p.change, p.reference, p.bank, int(p.confirmed))
        for n, p in zip(sql.next_ids(cursor, "payments", len(payments)), payments, strict=True)
    ]
    cursor.executemany(
        "INSERT INTO sale_lines (id, sale_id, product_id, sku, name, qty, unit_price, "
        "line_total, list_price, price_approval_id, discount, discount_kind, discount_value, "
        "discount_reason, discount_approval_id, sale_discount, unit_cost, workshop_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "(SELECT cost FROM products WHERE id = ?), "
        "(SELECT workshop_id FROM products WHERE id = ?))",
        # The catalog cost and workshop as sold, for the books; not in the audited tuple.
        [(line[0], sale_id, *line[1:], line[1], line[1]) for line in lines],
    )
    cursor.executemany(
        "INSERT INTO payments (id, sale_id, method, amount, tendered, change, reference, bank, "
        "confirmed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(p[0], sale_id, *p[1:]) for p in paid],
    )
    # Selling past the recorded stock is allowed: the counter never turns a customer
    # away because the books are behind; negative stock shows up for the supervisor.
    moved = sql.insert_stock_movements(
        cursor,
        "sale",
        actor.id,
        now,
        [(pid, -qty, note) for pid, qty, note in moves],
        sale_id=sale_id,
    )
    digest = audit.document_digest(sale_row, (lines, paid))
    detail: dict[str, object] = {
        "receipt_no": receipt_no,
        "total": total,
        **audit.covering("sale", sale_id, digest),
        **audit.moving(*moved),
        **(extra or {}),
    }
    if priced.discount_total:
        detail["discount"] = priced.discount_total
    audit.record(session, actor.id, "sale", detail, now)
    return sale_id, receipt_no
