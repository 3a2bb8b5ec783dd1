"""Orders (pesanan): taking one, its payments (each a kuitansi), its status, reading them back.

Pickup and cancelling are in pos.services.order_pickup. Each user action is one transaction;
numbers are gapless per stand and year (`<STAND>-PO-<YYYY>-<NNNN>` for orders,
`<STAND>-KW-<YYYY>-<NNNN>` for kuitansi), taken inside the transaction that writes the
document (writers start with BEGIN IMMEDIATE, so two writers take turns).
"""

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from pos.core.errors import NotFound
from pos.core.money import MAX_AMOUNT, is_whole
from pos.core.orders import (
    BATAL,
    CHANNELS,
    DIAMBIL,
    DIPESAN,
    DP,
    MAX_CUSTOMER,
    MAX_LINES,
    MAX_NOTE,
    SETTABLE,
    OrderItem,
    OrderProblem,
    check_amount,
    check_due,
    clean_phone,
    clean_text,
    phone_warning,
    status_label,
)
from pos.core.payments import CASH, NonCashPayment, Settled, require_accepted, settle
from pos.db import sql
from pos.db.session import Database, raw_cursor, write_errors_explained
from pos.i18n import _
from pos.services import audit, numbering, settings
from pos.services.auth import Actor
from pos.services.order_data import ORDER_LINE_COLUMNS, OrderView, load_order, paid_of
from pos.services.shifts import NoOpenShift

PAYMENT, REFUND = "payment", "refund"
_PREFIX = {"order": "PO", PAYMENT: "KW", REFUND: "PB"}


@dataclass(frozen=True)
class OrderCreated:
    """A new order's number and total, and a warning to show (a phone with letters)."""

    order_no: str
    total: int
    warning: str | None = None


@dataclass(frozen=True)
class OrderPaid:
    """A payment taken: its kuitansi number, what it paid, the change and what is left."""

    kuitansi_no: str
    order_no: str
    amount: int
    change: int
    paid: int
    balance: int
    payments: tuple[Settled, ...]


def document_number(stand: str, kind: str, year: int, seq: int) -> str:
    return f"{stand}-{_PREFIX[kind]}-{year:04d}-{seq:04d}"


def next_number(cursor: sqlite3.Cursor, stand: str, kind: str, year: int) -> tuple[int, str]:
    """Gapless per stand, kind and year: call inside the transaction that writes the document."""
    if kind == "order":
        query, params = "SELECT MAX(seq) FROM orders WHERE stand = ? AND year = ?", (stand, year)
    else:
        query = "SELECT MAX(seq) FROM order_payments WHERE stand = ? AND kind = ? AND year = ?"
        params = (stand, kind, year)  # type: ignore[assignment]
    row = cursor.execute(query, params).fetchone()
    last = max(int(row[0] or 0), numbering.floor(cursor, _PREFIX[kind], stand, str(year)))
    seq = last + 1
    return seq, document_number(stand, kind, year, seq)


def _resolve(cursor: sqlite3.Cursor, item: OrderItem) -> tuple[object, ...]:
    """(product_id, sku, name, workshop_id, qty, unit_price, line_total) of one item."""
    if item.is_free:
        workshop_id = None
        if item.workshop:
            row = cursor.execute(
                "SELECT id FROM workshops WHERE name = ?", (item.workshop,)
            ).fetchone()
            if row is None:
                raise OrderProblem(_("There is no workshop {name}.").format(name=item.workshop))
            workshop_id = int(row[0])
        price = int(item.unit_price or 0)
        return (None, None, item.name, workshop_id, item.qty, price, price * item.qty)
    row = cursor.execute(
        "SELECT id, sku, name, workshop_id, price FROM products "
        "WHERE (sku = ? OR barcode = ?) AND active = 1",
        (item.sku, item.sku),
    ).fetchone()
    if row is None:
        raise NotFound(_("No product has the code {code}.").format(code=item.sku))
    pid, sku, name, workshop_id, price = row
    return (int(pid), sku, name, workshop_id, item.qty, int(price), int(price) * item.qty)


def new_order(
    db: Database,
    actor: Actor,
    customer: str,
    due: date,
    items: list[OrderItem],
    phone: str | None = None,
    channel: str = "stand",
    note: str | None = None,
) -> OrderCreated:
    """Take an order: customer, items (catalog or free), due date; numbered, nothing paid yet."""
    actor.require("take_order")
    name = clean_text(customer, MAX_CUSTOMER, _("The customer's name"), required=True)
    phone = clean_phone(phone)
    note = clean_text(note, MAX_NOTE, _("The note"))
    if channel not in CHANNELS:
        raise OrderProblem(_("Unknown channel {channel}.").format(channel=channel[:20]))
    if not items:
        raise OrderProblem(_("An order needs at least one item."))
    if len(items) > MAX_LINES:
        raise OrderProblem(_("An order holds at most {n} items.").format(n=MAX_LINES))
    with write_errors_explained(), db.Session.begin() as session:
        now, stand = settings.now_and_stand(session)
        check_due(due, now.date())
        cursor = raw_cursor(session)
        lines = [_resolve(cursor, item) for item in items]
        total = sum(int(line[6]) for line in lines)  # type: ignore[call-overload]
        if total > MAX_AMOUNT:
            raise OrderProblem(_("The order's total is too large."))
        seq, order_no = next_number(cursor, stand, "order", now.year)
        row = (
            order_no, stand, now.year, seq, name, phone, channel, due.isoformat(), note, total,
            sql.sql_datetime(now), actor.id,
        )  # fmt: skip  # the order of audit.ORDER_COLUMNS
        cursor.execute(
            "INSERT INTO orders (order_no, stand, year, seq, customer, phone, channel, due, note, "
            "total, created_at, user_id, status, forfeited) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
            (*row, DIPESAN),
        )
        order_id = int(cursor.lastrowid or 0)
        ids = sql.next_ids(cursor, "order_lines", len(lines))
        cursor.executemany(
            f"INSERT INTO order_lines (id, order_id, {', '.join(ORDER_LINE_COLUMNS)}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(n, order_id, *line) for n, line in zip(ids, lines, strict=True)],
        )
        digest = audit.document_digest(
            row, ([[n, *line] for n, line in zip(ids, lines, strict=True)],)
        )
        detail = {"order_no": order_no, "total": total, **audit.covering("order", order_id, digest)}
        audit.record(session, actor.id, "order_new", detail, now)
    return OrderCreated(order_no, total, phone_warning(phone))


def _open_order(cursor: sqlite3.Cursor, order_no: str) -> OrderView:
    order = load_order(cursor, order_no)
    if order.status == BATAL:
        raise OrderProblem(_("Order {no} is cancelled.").format(no=order.order_no))
    return order


def order_payment_row(
    doc_no: str, kind: str, stand: str, year: int, seq: int, order_id: int, shift_id: int | None,
    now: datetime, p: Settled, user_id: int, approval_id: int | None,
) -> tuple[object, ...]:  # fmt: skip
    """An order_payments row in the order of audit.ORDER_PAYMENT_COLUMNS."""
    return (
        doc_no, kind, stand, year, seq, order_id, shift_id, now.date().isoformat(), p.method,
        p.amount, p.tendered, p.change, p.reference, p.bank, int(p.confirmed), user_id,
        approval_id, sql.sql_datetime(now),
    )  # fmt: skip


def insert_order_payments(
    session: Session, user_id: int, rows: list[tuple[object, ...]], action: str, now: datetime
) -> None:
    """Write order_payments rows, each covered by an audit entry."""
    cursor = raw_cursor(session)
    for row in rows:
        cursor.execute(
            "INSERT INTO order_payments (doc_no, kind, stand, year, seq, order_id, shift_id, day, "
            "method, amount, tendered, change, reference, bank, confirmed, user_id, approval_id, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )
        payment_id = int(cursor.lastrowid or 0)
        digest = audit.document_digest(row, ())
        detail = {
            "doc_no": row[0],
            "method": row[8],
            "amount": row[9],
            **audit.covering("order_payment", payment_id, digest),
        }
        audit.record(session, user_id, action, detail, now)


def pay(
    db: Database,
    actor: Actor,
    order_no: str,
    amount: int,
    non_cash: list[NonCashPayment] | None = None,
    cash_tendered: int | None = None,
) -> OrderPaid:
    """Take a payment (DP, instalment, settlement) of `amount` against an order: cash with
    change and/or other methods, as at the counter. One kuitansi number for the payment."""
    actor.require("take_order")
    non_cash = list(non_cash or [])
    if not is_whole(amount) or amount <= 0:
        raise OrderProblem(_("A payment must be more than Rp0."))
    tendered = amount - sum(p.amount for p in non_cash) if cash_tendered is None else cash_tendered
    payments = settle(amount, non_cash, max(tendered, 0))
    with write_errors_explained(), db.Session.begin() as session:
        now, stand, accepted = settings.checkout_context(session)
        require_accepted(payments, accepted)
        cursor = raw_cursor(session)
        order = _open_order(cursor, order_no)
        check_amount(amount, order.balance)
        shift_id = sql.open_shift_id(cursor)
        if shift_id is None and any(p.method == CASH for p in payments):
            raise NoOpenShift(_("Open a shift first: cash goes into the drawer of a shift."))
        seq, kw_no = next_number(cursor, stand, PAYMENT, now.year)
        rows = [
            order_payment_row(
                kw_no, PAYMENT, stand, now.year, seq, order.id, shift_id, now, p, actor.id, None
            )
            for p in payments
            if p.amount > 0
        ]
        insert_order_payments(session, actor.id, rows, "order_payment", now)
        if order.status == DIPESAN:
            cursor.execute("UPDATE orders SET status = ? WHERE id = ?", (DP, order.id))
        paid = paid_of(cursor, order.id)
    change = sum(p.change for p in payments)
    return OrderPaid(
        kw_no, order.order_no, amount, change, paid, order.total - paid, tuple(payments)
    )


def set_status(db: Database, actor: Actor, order_no: str, status: str) -> str:
    """Move an open order on by hand (dipesan, dp, diproduksi, siap); returns the old status."""
    actor.require("take_order")
    if status not in SETTABLE:
        raise OrderProblem(
            _("The status can be set to {allowed}; pickup and cancelling have their own steps.")
            .format(allowed=", ".join(SETTABLE))
        )  # fmt: skip
    with write_errors_explained(), db.Session.begin() as session:
        cursor = raw_cursor(session)
        order = _open_order(cursor, order_no)
        if order.status == DIAMBIL:
            raise OrderProblem(_("Order {no} was picked up already.").format(no=order.order_no))
        cursor.execute("UPDATE orders SET status = ? WHERE id = ?", (status, order.id))
        now = settings.local_now(session)
        detail = {"order_no": order.order_no, "from": order.status, "to": status}
        audit.record(session, actor.id, "order_status", detail, now)
    return order.status


def order_view(db: Database, order_no: str) -> OrderView:
    """One order with its lines, payments, paid so far and balance."""
    with db.Session() as session:
        return load_order(raw_cursor(session), order_no)


__all__ = [
    "OrderCreated",
    "OrderPaid",
    "OrderView",
    "new_order",
    "order_view",
    "pay",
    "set_status",
    "status_label",
]
