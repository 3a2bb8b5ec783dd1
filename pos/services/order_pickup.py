"""Handing over an order (it becomes a sale) and cancelling one (the DP paid back or kept).

How the books stay right (no rupiah counted twice):
- Order payments (kuitansi) are money received for goods not yet handed over: they count in
  the shift's cash and per method where they were received (X/Z report "Order payments"), and
  are not sales revenue.
- The pickup sells the items through the sale service (pos.services.sales.insert_sale): a
  receipt, stock out, workshop attribution, revenue on the day of the pickup, exactly like a
  counter sale. Its one payment has the method BY_ORDER ("pesanan"): settled by the order's
  payments, so it adds no cash and no method total (reports list it apart).
- A cancelled order's DP paid back is an order_payments row of kind 'refund' (cash leaves the
  drawer); a DP kept is `orders.forfeited`, shown as "DP kept" in the day's books.
"""

import sqlite3
from datetime import datetime

from sqlalchemy.orm import Session

from pos.core.cart import Cart, CartLine
from pos.core.errors import PosError
from pos.core.money import format_rupiah
from pos.core.orders import BATAL, DIAMBIL, OrderProblem
from pos.core.payments import BY_ORDER, CASH, METHODS, Settled, method_label
from pos.core.text import search_key
from pos.db import sql
from pos.db.session import Database, raw_cursor, write_errors_explained
from pos.i18n import _
from pos.services import approvals, audit, settings
from pos.services.auth import Actor
from pos.services.order_data import OrderLineView, OrderView, load_order
from pos.services.orders import (
    REFUND,
    insert_order_payments,
    next_number,
    order_payment_row,
)
from pos.services.refunds import drawer_cash
from pos.services.sale_pricing import PricedLine, PricedSale
from pos.services.sales import insert_sale, products_and_moves
from pos.services.shifts import NoOpenShift


def _check_open(order: OrderView) -> None:
    if order.status == BATAL:
        raise OrderProblem(_("Order {no} is cancelled.").format(no=order.order_no))
    if order.status == DIAMBIL:
        raise OrderProblem(_("Order {no} was picked up already.").format(no=order.order_no))


def _free_product(cursor: sqlite3.Cursor, order: OrderView, index: int, line: OrderLineView) -> int:
    """A product of its own for a free item, so the sale line, the workshop and the reports
    treat it as any product: not active (never offered at the counter), no stock kept."""
    sku = f"{order.order_no}-{index:02d}"
    cursor.execute(
        "INSERT INTO products (sku, name, search_text, workshop_id, unit, price, cost, "
        "track_stock, low_stock, active) VALUES (?, ?, ?, ?, 'pcs', ?, 0, 0, 0, 0)",
        (sku, line.name, search_key(f"{line.name} {sku}"), line.workshop_id, line.unit_price),
    )
    return int(cursor.lastrowid or 0)


def _list_price(catalog: int, agreed: int) -> int | None:
    return None if catalog == agreed else catalog


def pickup(
    db: Database,
    actor: Actor,
    order_no: str,
    reason: str = "",
    approver_pin: str | None = None,
) -> str:
    """Hand the order over: its items are sold (receipt, stock, workshops) and paid by the
    order. Not paid in full: a supervisor approves, and the balance stays owed. Returns the
    receipt number."""
    actor.require("sell")
    actor.require("take_order")
    with db.Session() as session:
        before = load_order(raw_cursor(session), order_no)
    _check_open(before)
    approval = None
    if before.balance > 0:
        approval = approvals.require_or_approve(
            db,
            actor,
            "pickup_unpaid",
            reason
            or _("Handed over with {balance} still owed.").format(
                balance=format_rupiah(before.balance)
            ),
            approver_pin,
            {"order_no": before.order_no, "balance": before.balance},
        )
    with write_errors_explained(), db.Session.begin() as session:
        now, stand = settings.now_and_stand(session)
        cursor = raw_cursor(session)
        order = load_order(cursor, order_no)
        _check_open(order)
        if order.balance > 0 and approval is None:
            raise approvals.ApprovalNeeded(_("The order is not paid in full; ask again."))
        shift_id = sql.open_shift_id(cursor)
        if shift_id is None:
            raise NoOpenShift(_("Open a shift first (the opening cash float)."))
        approval_id = None if approval is None else approvals.record(session, approval, now)
        cart_lines = []
        for index, line in enumerate(order.lines, start=1):
            pid = line.product_id or _free_product(cursor, order, index, line)
            sku = line.sku or f"{order.order_no}-{index:02d}"
            cart_lines.append(CartLine(pid, sku, line.name, line.unit_price, line.qty))
        cart = Cart(cart_lines)
        catalog, moves = products_and_moves(cursor, cart)
        # The order's price is the price agreed: a later catalog price is kept as list_price.
        lines = [
            PricedLine(cl, _list_price(catalog[cl.product_id], cl.unit_price), None, 0, None, 0)
            for cl in cart_lines
        ]
        priced = PricedSale(lines, 0, None, order.total)
        paid = [Settled(BY_ORDER, order.total, order.total, 0, order.order_no, None, True)]
        sale_id, receipt_no = insert_sale(
            session, actor, stand, now, shift_id, priced, moves, paid,
            extra={"order_no": order.order_no},
        )  # fmt: skip
        cursor.execute(
            "UPDATE orders SET status = ?, sale_id = ?, pickup_approval_id = ?, closed_at = ? "
            "WHERE id = ?",
            (DIAMBIL, sale_id, approval_id, sql.sql_datetime(now), order.id),
        )
        audit.record(
            session,
            actor.id,
            "order_pickup",
            {"order_no": order.order_no, "receipt_no": receipt_no, "owed": order.balance},
            now,
        )
    return receipt_no


def _refund_check(method: str, reference: str | None) -> str | None:
    if method not in METHODS:
        raise OrderProblem(_("Unknown payment method {method}.").format(method=method[:20]))
    text = " ".join((reference or "").split()) or None
    if text is not None and (len(text) > 80 or any(ord(c) < 32 for c in text)):
        raise OrderProblem(_("The reference may hold at most {max} characters.").format(max=80))
    if method != CASH and text is None:
        raise OrderProblem(
            _("Enter the {method} reference of the refund.").format(method=method_label(method))
        )
    return text


def cancel(
    db: Database,
    actor: Actor,
    order_no: str,
    refund: bool,
    reason: str,
    approver_pin: str | None = None,
    method: str = CASH,
    reference: str | None = None,
) -> tuple[str | None, int]:
    """Cancel an open order with a supervisor's approval: the money paid goes back (`refund`,
    a document numbered <STAND>-PB-<YYYY>-<NNNN>) or the stand keeps it (forfeit). Returns
    (the refund's number or None, the amount paid back or kept)."""
    actor.require("take_order")
    reference = _refund_check(method, reference) if refund else None
    with db.Session() as session:
        before = load_order(raw_cursor(session), order_no)
    _check_open(before)
    mode = "refund" if refund else "forfeit"
    approval = approvals.require_or_approve(
        db, actor, "cancel_order", reason, approver_pin, {"order_no": before.order_no, "mode": mode}
    )
    with write_errors_explained(), db.Session.begin() as session:
        now, stand = settings.now_and_stand(session)
        cursor = raw_cursor(session)
        order = load_order(cursor, order_no)
        _check_open(order)
        approval_id = approvals.record(session, approval, now)
        number = _refund(
            session, cursor, actor, order, refund, method, reference, now, stand, approval_id
        )
        cursor.execute(
            "UPDATE orders SET status = ?, cancel_mode = ?, forfeited = ?, cancel_approval_id = ?, "
            "closed_at = ? WHERE id = ?",
            (
                BATAL,
                mode,
                0 if refund else order.paid,
                approval_id,
                sql.sql_datetime(now),
                order.id,
            ),
        )
        audit.record(
            session,
            actor.id,
            "order_cancel",
            {"order_no": order.order_no, "mode": mode, "amount": order.paid, "refund_no": number},
            now,
        )
    return number, order.paid


def _refund(
    session: Session,
    cursor: sqlite3.Cursor,
    actor: Actor,
    order: OrderView,
    refund: bool,
    method: str,
    reference: str | None,
    now: datetime,
    stand: str,
    approval_id: int,
) -> str | None:
    """Pay the DP back (a PB document, cash out of the drawer); None when nothing to pay."""
    if not refund or order.paid <= 0:
        return None
    shift_id = sql.open_shift_id(cursor)
    if shift_id is None:
        raise NoOpenShift(_("Open a shift first: the Z report counts the refund."))
    if method == CASH and order.paid > (in_drawer := drawer_cash(cursor, shift_id)):
        raise PosError(
            _("The drawer should hold only {cash}; refund {total} another way.").format(
                cash=format_rupiah(in_drawer), total=format_rupiah(order.paid)
            )
        )
    seq, number = next_number(cursor, stand, REFUND, now.year)
    paid = Settled(method, order.paid, order.paid, 0, reference, None, True)
    row = order_payment_row(
        number, REFUND, stand, now.year, seq, order.id, shift_id, now, paid, actor.id, approval_id
    )
    insert_order_payments(session, actor.id, [row], "order_refund", now)
    return number
