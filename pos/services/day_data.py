"""One business day's sales as plain rows: what the end-of-day export and reports are made of."""

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import text

from pos.db.session import Database
from pos.services.figures import SALE_DISCOUNT, VOIDED, Figures, figures
from pos.services.order_data import OrderFigures, export_rows, order_figures

SALES_COLUMNS = (
    "receipt_no", "created_at", "cashier", "shift_id", "status", "total", "discount_total",
)  # fmt: skip
# line_total is what the line brought in, after its discount and its share of the sale's.
LINES_COLUMNS = (
    "receipt_no", "status", "sku", "name", "category", "workshop", "qty", "unit_price",
    "line_total", "list_price", "discount", "sale_discount", "discount_reason", "unit_cost",
)  # fmt: skip
PAYMENTS_COLUMNS = (
    "receipt_no", "status", "method", "amount", "tendered", "change", "reference", "bank",
    "confirmed",
)  # fmt: skip
WORKSHOP_COLUMNS = ("workshop", "qty", "total")
# Voids and refunds recorded that day (of sales of any day).
REFUNDS_COLUMNS = (
    "refund_no", "kind", "receipt_no", "created_at", "cashier", "approver", "reason", "method",
    "reference", "total",
)  # fmt: skip
# The goods of each void and refund recorded that day: what the books need at the regional
# office (each unit's cost, and what came back under which product, category and workshop).
REFUND_LINES_COLUMNS = (
    "refund_no", "kind", "receipt_no", "sku", "name", "category", "workshop", "qty", "amount",
    "unit_cost", "disposition",
)  # fmt: skip
CASHIERS_COLUMNS = ("name", "sales_count", "total", "discount_total", "voids", "refund_total")
SUMMARY_COLUMNS = ("key", "value")


@dataclass(frozen=True)
class DayData:
    """Everything one day's export holds, as plain rows."""

    day: date
    stand: str
    sales: list[tuple[Any, ...]]
    lines: list[tuple[Any, ...]]
    payments: list[tuple[Any, ...]]
    workshops: list[tuple[Any, ...]]
    refunds: list[tuple[Any, ...]] = field(default_factory=list)
    figures: Figures | None = None
    # Recaps, their shares, deposits and PNBP targets (pos.services.books_export).
    books: list[tuple[str, tuple[str, ...], list[Any]]] = field(default_factory=list)
    refund_lines: list[tuple[Any, ...]] = field(default_factory=list)
    # Order payments (kuitansi) of the day and the orders still open (pos.services.order_data).
    order_payments: list[tuple[Any, ...]] = field(default_factory=list)
    open_orders: list[tuple[Any, ...]] = field(default_factory=list)
    orders: OrderFigures | None = None
    # The audit chain's head in the same snapshot, for the manifest (pos.services.audit_anchor).
    audit: dict[str, Any] | None = None

    @property
    def cashiers(self) -> list[tuple[Any, ...]]:
        if self.figures is None:
            return []
        return [
            (c.name, c.sales_count, c.total, c.discount_total, c.voids, c.refund_total)
            for c in self.figures.cashiers
        ]

    @property
    def refunds_total(self) -> int:
        return 0 if self.figures is None else self.figures.refunds_total

    @property
    def discount_total(self) -> int:
        return 0 if self.figures is None else self.figures.discount_total

    @property
    def completed(self) -> list[tuple[Any, ...]]:
        return [s for s in self.sales if s[4] == "completed"]

    @property
    def total(self) -> int:
        return sum(int(s[5]) for s in self.completed)

    def by_method(self) -> dict[str, int]:
        result: dict[str, int] = {}
        for p in self.payments:
            if p[1] == "completed":
                result[p[2]] = result.get(p[2], 0) + int(p[3])
        return result

    def summary(self) -> list[tuple[str, Any]]:
        rows: list[tuple[str, Any]] = [
            ("stand", self.stand),
            ("date", self.day.isoformat()),
            ("sales_count", len(self.completed)),
            ("voided_count", len(self.sales) - len(self.completed)),
            ("total", self.total),
            ("discount_total", self.discount_total),
            ("refunds_total", self.refunds_total),
            ("net_total", self.total - self.refunds_total),
            ("lines_count", len(self.lines)),
            ("items_sold", sum(int(line[6]) for line in self.lines if line[1] == "completed")),
        ]
        rows.extend(
            (f"paid_{method}", amount) for method, amount in sorted(self.by_method().items())
        )
        orders = self.orders or OrderFigures({}, {})
        rows += [
            ("order_payments_total", orders.received_total),
            ("order_refunds_total", orders.refunded_total),
            ("order_dp_kept", orders.forfeited),
            ("open_orders_count", len(self.open_orders)),
        ]
        rows.extend(
            (f"order_paid_{method}", amount) for method, amount in sorted(orders.received.items())
        )
        return rows


# A sale's status as the export shows it: 'voided' once a void points to it.
_STATUS = f"CASE WHEN {VOIDED} THEN 'voided' ELSE s.status END"


def day_data(db: Database, day: date, stand: str) -> DayData:
    """Every sale of `day` (completed and voided), its lines and payments, the workshop sums,
    the voids and refunds recorded that day and each cashier's part."""
    params = {"day": day.isoformat()}
    with db.engine.connect() as conn:
        sales = conn.execute(
            text(
                f"SELECT s.receipt_no, s.created_at, u.name, s.shift_id, {_STATUS}, s.total, "
                f"{SALE_DISCOUNT} FROM sales s JOIN users u ON u.id = s.user_id "
                "WHERE s.day = :day ORDER BY s.seq"
            ),
            params,
        ).all()
        lines = conn.execute(
            text(
                f"SELECT s.receipt_no, {_STATUS}, l.sku, l.name, c.name, w.name, l.qty, "
                "l.unit_price, l.line_total, l.list_price, l.discount, l.sale_discount, "
                "l.discount_reason, COALESCE(l.unit_cost, p.cost) "
                "FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                "JOIN products p ON p.id = l.product_id "
                "LEFT JOIN categories c ON c.id = p.category_id "
                "LEFT JOIN workshops w ON w.id = COALESCE(l.workshop_id, p.workshop_id) "
                "WHERE s.day = :day ORDER BY s.seq, l.id"
            ),
            params,
        ).all()
        payments = conn.execute(
            text(
                f"SELECT s.receipt_no, {_STATUS}, p.method, p.amount, p.tendered, p.change, "
                "p.reference, p.bank, p.confirmed FROM payments p "
                "JOIN sales s ON s.id = p.sale_id WHERE s.day = :day ORDER BY s.seq, p.id"
            ),
            params,
        ).all()
        refunds = conn.execute(
            text(
                "SELECT r.refund_no, r.kind, s.receipt_no, r.created_at, u.name, a.name, "
                "r.reason, r.method, r.reference, r.total FROM refunds r "
                "JOIN sales s ON s.id = r.sale_id JOIN users u ON u.id = r.user_id "
                "JOIN approvals p ON p.id = r.approval_id JOIN users a ON a.id = p.approver_id "
                "WHERE r.day = :day ORDER BY r.id"
            ),
            params,
        ).all()
        refund_lines = conn.execute(
            text(
                "SELECT r.refund_no, r.kind, s.receipt_no, l.sku, l.name, c.name, w.name, "
                "rl.qty, rl.amount, COALESCE(l.unit_cost, p.cost), rl.disposition "
                "FROM refund_lines rl JOIN refunds r ON r.id = rl.refund_id "
                "JOIN sale_lines l ON l.id = rl.sale_line_id JOIN sales s ON s.id = l.sale_id "
                "JOIN products p ON p.id = l.product_id "
                "LEFT JOIN categories c ON c.id = p.category_id "
                "LEFT JOIN workshops w ON w.id = COALESCE(l.workshop_id, p.workshop_id) "
                "WHERE r.day = :day ORDER BY r.id, rl.id"
            ),
            params,
        ).all()
        driver = conn.connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        parts = figures(driver.cursor(), "day", day.isoformat())
        from pos.services.books_export import book_tables

        books = book_tables(conn)
        order_payments, open_orders = export_rows(driver.cursor(), day.isoformat())
        orders = order_figures(driver.cursor(), "day", day.isoformat())
        from pos.services.audit_anchor import export_block

        audit = export_block(driver.cursor())
    by_workshop: dict[str, list[int]] = {}
    for line in lines:
        if line[1] != "completed":
            continue
        sums = by_workshop.setdefault(line[5] or "-", [0, 0])
        sums[0] += int(line[6])
        sums[1] += int(line[8])
    return DayData(
        day=day,
        stand=stand,
        sales=[(r[0], str(r[1])[:19], r[2], r[3], r[4], int(r[5]), int(r[6])) for r in sales],
        lines=[tuple(r) for r in lines],
        payments=[(*tuple(r)[:8], bool(r[8])) for r in payments],
        workshops=[(w, q, t) for w, (q, t) in sorted(by_workshop.items())],
        refunds=[(*tuple(r)[:3], str(r[3])[:19], *tuple(r)[4:]) for r in refunds],
        figures=parts,
        books=books,
        refund_lines=[tuple(r) for r in refund_lines],
        order_payments=order_payments,
        open_orders=open_orders,
        orders=orders,
        audit=audit,
    )
