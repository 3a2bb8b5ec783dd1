"""Orders read back as plain rows: one order, the list of orders, a kuitansi, and the figures of
order payments that the X/Z report, the day report and the export show."""

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pos.core.errors import NotFound
from pos.core.orders import OPEN_STATUSES
from pos.core.text import search_key
from pos.db.session import Database, raw_cursor
from pos.i18n import _

# Columns of order_lines in the order the audit digest and the INSERT use.
ORDER_LINE_COLUMNS = ("product_id", "sku", "name", "workshop_id", "qty", "unit_price", "line_total")
MAX_SEARCH = 80


@dataclass(frozen=True)
class OrderLineView:
    """One item of an order."""

    id: int
    product_id: int | None
    sku: str | None
    name: str
    workshop_id: int | None
    workshop: str | None
    qty: int
    unit_price: int
    line_total: int


@dataclass(frozen=True)
class OrderPaymentView:
    """One row of an order's payments or refunds (a kuitansi paid by two methods has two)."""

    doc_no: str
    kind: str
    method: str
    amount: int
    tendered: int
    change: int
    reference: str | None
    bank: str | None
    created_at: datetime
    cashier: str


@dataclass(frozen=True)
class OrderView:
    """An order with its lines and payments; `paid` counts payments minus refunds."""

    id: int
    order_no: str
    stand: str
    customer: str
    phone: str | None
    channel: str
    due: date
    note: str | None
    total: int
    status: str
    created_at: datetime
    cashier: str
    cancel_mode: str | None
    forfeited: int
    receipt_no: str | None
    lines: list[OrderLineView] = field(default_factory=list)
    payments: list[OrderPaymentView] = field(default_factory=list)

    @property
    def paid(self) -> int:
        return sum(p.amount if p.kind == "payment" else -p.amount for p in self.payments)

    @property
    def balance(self) -> int:
        """What is still owed; nothing once the order is cancelled."""
        return 0 if self.status == "batal" else self.total - self.paid

    def to_json(self, today: date | None = None) -> dict[str, Any]:
        return {
            "order_no": self.order_no,
            "customer": self.customer,
            "phone": self.phone,
            "channel": self.channel,
            "status": self.status,
            "total": self.total,
            "paid": self.paid,
            "balance": self.balance,
            "due": self.due.isoformat(),
            "late": today is not None and self.late(today),
            "receipt_no": self.receipt_no,
            "forfeited": self.forfeited,
        }

    def late(self, today: date) -> bool:
        return self.status in OPEN_STATUSES and self.due < today


def _dt(text: object) -> datetime:
    return datetime.fromisoformat(str(text))


_ORDER_SQL = (
    "SELECT o.id, o.order_no, o.stand, o.customer, o.phone, o.channel, o.due, o.note, o.total, "
    "o.status, o.created_at, u.name, o.cancel_mode, o.forfeited, s.receipt_no FROM orders o "
    "JOIN users u ON u.id = o.user_id LEFT JOIN sales s ON s.id = o.sale_id"
)


def _view(
    row: tuple[Any, ...], lines: list[OrderLineView], pays: list[OrderPaymentView]
) -> OrderView:
    return OrderView(
        int(row[0]), str(row[1]), str(row[2]), str(row[3]), row[4], str(row[5]),
        date.fromisoformat(str(row[6])), row[7], int(row[8]), str(row[9]), _dt(row[10]),
        str(row[11]), row[12], int(row[13]), row[14], lines, pays,
    )  # fmt: skip


def _payments(cursor: sqlite3.Cursor, where: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    return cursor.execute(
        "SELECT p.order_id, p.doc_no, p.kind, p.method, p.amount, p.tendered, p.change, "
        "p.reference, p.bank, p.created_at, u.name FROM order_payments p "
        f"JOIN users u ON u.id = p.user_id WHERE {where} ORDER BY p.id",
        params,
    ).fetchall()


def _payment_view(r: tuple[Any, ...]) -> OrderPaymentView:
    return OrderPaymentView(
        str(r[1]), str(r[2]), str(r[3]), int(r[4]), int(r[5]), int(r[6]), r[7], r[8], _dt(r[9]),
        str(r[10]),
    )  # fmt: skip


def load_order(cursor: sqlite3.Cursor, order_no: str) -> OrderView:
    """The order numbered `order_no` (spaces and case ignored), or NotFound."""
    code = "".join(order_no.split())[:MAX_SEARCH]
    row = cursor.execute(f"{_ORDER_SQL} WHERE o.order_no = ? COLLATE NOCASE", (code,)).fetchone()
    if row is None:
        raise NotFound(_("There is no order {no}.").format(no=code))
    lines = [
        OrderLineView(int(r[0]), r[1], r[2], str(r[3]), r[4], r[5], int(r[6]), int(r[7]), int(r[8]))
        for r in cursor.execute(
            "SELECT l.id, l.product_id, l.sku, l.name, l.workshop_id, w.name, l.qty, "
            "l.unit_price, l.line_total FROM order_lines l "
            "LEFT JOIN workshops w ON w.id = l.workshop_id WHERE l.order_id = ? ORDER BY l.id",
            (row[0],),
        )
    ]
    pays = [_payment_view(r) for r in _payments(cursor, "p.order_id = ?", (row[0],))]
    return _view(row, lines, pays)


def paid_of(cursor: sqlite3.Cursor, order_id: int) -> int:
    row = cursor.execute(
        "SELECT COALESCE(SUM(CASE kind WHEN 'payment' THEN amount ELSE -amount END), 0) "
        "FROM order_payments WHERE order_id = ?",
        (order_id,),
    ).fetchone()
    return int(row[0])


def list_orders(db: Database, open_only: bool = False, search: str = "") -> list[OrderView]:
    """Orders by due date (open ones first when all are listed), found by any part of the
    customer's name, phone or the order number."""
    where, params = [], []
    if open_only:
        where.append(f"o.status IN ({','.join('?' * len(OPEN_STATUSES))})")
        params += list(OPEN_STATUSES)
    key = search_key(search)[:MAX_SEARCH]
    if key:
        like = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(
            "(lower(o.customer) LIKE ? ESCAPE '\\' OR lower(o.order_no) LIKE ? ESCAPE '\\' "
            "OR replace(o.phone, ' ', '') LIKE ? ESCAPE '\\')"
        )
        params += [like, like, like.replace(" ", "")]
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    order_by = " ORDER BY CASE WHEN o.status IN ('diambil', 'batal') THEN 1 ELSE 0 END, o.due, o.id"
    with db.Session() as session:
        cursor = raw_cursor(session)
        rows = cursor.execute(_ORDER_SQL + clause + order_by, params).fetchall()
        pays: dict[int, list[OrderPaymentView]] = {}
        if rows:
            marks = ",".join("?" * len(rows))
            for r in _payments(cursor, f"p.order_id IN ({marks})", tuple(r[0] for r in rows)):
                pays.setdefault(int(r[0]), []).append(_payment_view(r))
    return [_view(row, [], pays.get(int(row[0]), [])) for row in rows]


@dataclass(frozen=True)
class OrderFigures:
    """Order money of a day or shift: received and paid back per method, DP kept on cancelling."""

    received: dict[str, int]
    refunded: dict[str, int]
    forfeited: int = 0

    @property
    def received_total(self) -> int:
        return sum(self.received.values())

    @property
    def refunded_total(self) -> int:
        return sum(self.refunded.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "received_total": self.received_total,
            "refunded": self.refunded,
            "refunded_total": self.refunded_total,
            "forfeited": self.forfeited,
        }


def order_figures(cursor: sqlite3.Cursor, scope: str, key: object) -> OrderFigures:
    """Order payments of the day (`scope` "day", key an ISO date) or shift ("shift", its id)."""
    column = "day" if scope == "day" else "shift_id"
    sums: dict[str, dict[str, int]] = {"payment": {}, "refund": {}}
    for kind, method, amount in cursor.execute(
        f"SELECT kind, method, SUM(amount) FROM order_payments WHERE {column} = ? "
        "GROUP BY kind, method ORDER BY method",
        (key,),
    ):
        sums[str(kind)][str(method)] = int(amount)
    forfeited = 0
    if scope == "day":
        row = cursor.execute(
            "SELECT COALESCE(SUM(forfeited), 0) FROM orders WHERE status = 'batal' "
            "AND substr(closed_at, 1, 10) = ?",
            (key,),
        ).fetchone()
        forfeited = int(row[0])
    return OrderFigures(sums["payment"], sums["refund"], forfeited)


def shift_order_figures(db: Database, shift_id: int) -> OrderFigures:
    with db.Session() as session:
        return order_figures(raw_cursor(session), "shift", shift_id)


# The end-of-day export's order files (pos.services.export): the day's order payments and DP
# refunds, and every order still open at the time of the export.
ORDER_PAYMENTS_COLUMNS = (
    "doc_no", "kind", "order_no", "customer", "created_at", "cashier", "method", "amount",
    "tendered", "change", "reference", "bank", "shift_id",
)  # fmt: skip
OPEN_ORDERS_COLUMNS = (
    "order_no", "customer", "phone", "channel", "status", "due", "total", "paid", "balance",
    "created_at",
)  # fmt: skip


def export_rows(
    cursor: sqlite3.Cursor, day: str
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """(order payments of `day`, open orders) as rows of the two export files."""
    payments = [
        (*row[:4], str(row[4])[:19], *row[5:])
        for row in cursor.execute(
            "SELECT p.doc_no, p.kind, o.order_no, o.customer, p.created_at, u.name, p.method, "
            "p.amount, p.tendered, p.change, p.reference, p.bank, p.shift_id "
            "FROM order_payments p JOIN orders o ON o.id = p.order_id "
            "JOIN users u ON u.id = p.user_id WHERE p.day = ? ORDER BY p.id",
            (day,),
        )
    ]
    marks = ",".join("?" * len(OPEN_STATUSES))
    open_orders = [
        (*row[:8], int(row[6]) - int(row[7]), str(row[8])[:19])
        for row in cursor.execute(
            "SELECT o.order_no, o.customer, o.phone, o.channel, o.status, o.due, o.total, "
            "COALESCE((SELECT SUM(CASE kind WHEN 'payment' THEN amount ELSE -amount END) "
            "FROM order_payments WHERE order_id = o.id), 0), o.created_at FROM orders o "
            f"WHERE o.status IN ({marks}) ORDER BY o.due, o.id",
            OPEN_STATUSES,
        )
    ]
    return payments, open_orders
