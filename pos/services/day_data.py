"""One business day's sales as plain rows: what the end-of-day export and reports are made of."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text

from pos.db.session import Database

SALES_COLUMNS = ("receipt_no", "created_at", "cashier", "shift_id", "status", "total")
LINES_COLUMNS = (
    "receipt_no", "status", "sku", "name", "category", "workshop", "qty", "unit_price",
    "line_total",
)  # fmt: skip
PAYMENTS_COLUMNS = (
    "receipt_no", "status", "method", "amount", "tendered", "change", "reference", "bank",
    "confirmed",
)  # fmt: skip
WORKSHOP_COLUMNS = ("workshop", "qty", "total")
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
            ("lines_count", len(self.lines)),
            ("items_sold", sum(int(line[6]) for line in self.lines if line[1] == "completed")),
        ]
        rows.extend(
            (f"paid_{method}", amount) for method, amount in sorted(self.by_method().items())
        )
        return rows


def day_data(db: Database, day: date, stand: str) -> DayData:
    """Every sale of `day` (completed and voided), its lines and payments, and the workshop sums."""
    params = {"day": day.isoformat()}
    with db.engine.connect() as conn:
        sales = conn.execute(
            text(
                "SELECT s.receipt_no, s.created_at, u.name, s.shift_id, s.status, s.total "
                "FROM sales s JOIN users u ON u.id = s.user_id WHERE s.day = :day ORDER BY s.seq"
            ),
            params,
        ).all()
        lines = conn.execute(
            text(
                "SELECT s.receipt_no, s.status, l.sku, l.name, c.name, w.name, l.qty, "
                "l.unit_price, l.line_total FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                "JOIN products p ON p.id = l.product_id "
                "LEFT JOIN categories c ON c.id = p.category_id "
                "LEFT JOIN workshops w ON w.id = p.workshop_id "
                "WHERE s.day = :day ORDER BY s.seq, l.id"
            ),
            params,
        ).all()
        payments = conn.execute(
            text(
                "SELECT s.receipt_no, s.status, p.method, p.amount, p.tendered, p.change, "
                "p.reference, p.bank, p.confirmed FROM payments p "
                "JOIN sales s ON s.id = p.sale_id WHERE s.day = :day ORDER BY s.seq, p.id"
            ),
            params,
        ).all()
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
        sales=[(r[0], str(r[1])[:19], r[2], r[3], r[4], int(r[5])) for r in sales],
        lines=[tuple(r) for r in lines],
        payments=[(*tuple(r)[:8], bool(r[8])) for r in payments],
        workshops=[(w, q, t) for w, (q, t) in sorted(by_workshop.items())],
    )
