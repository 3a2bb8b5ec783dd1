"""Reports over completed sales."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select

from pos.db.models import Payment, Sale, SaleLine
from pos.db.session import Database


@dataclass(frozen=True)
class DayLine:
    sku: str
    name: str
    qty: int
    total: int


@dataclass(frozen=True)
class DayReport:
    date: date
    sales_count: int
    total: int
    receipts: list[str]
    lines: list[DayLine]
    payments: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "sales_count": self.sales_count,
            "total": self.total,
            "receipts": self.receipts,
            "lines": [vars(line) for line in self.lines],
            "payments": self.payments,
        }


def day_report(db: Database, day: date) -> DayReport:
    completed = (Sale.day == day, Sale.status == "completed")
    with db.Session() as session:
        receipts = list(
            session.execute(select(Sale.receipt_no).where(*completed).order_by(Sale.seq)).scalars()
        )
        total = session.execute(
            select(func.coalesce(func.sum(Sale.total), 0)).where(*completed)
        ).scalar_one()
        line_rows = session.execute(
            select(
                SaleLine.sku,
                func.max(SaleLine.name),
                func.sum(SaleLine.qty),
                func.sum(SaleLine.line_total),
            )
            .join(Sale, SaleLine.sale_id == Sale.id)
            .where(*completed)
            .group_by(SaleLine.sku)
            .order_by(func.sum(SaleLine.line_total).desc(), SaleLine.sku)
        ).all()
        payment_rows = session.execute(
            select(Payment.method, func.sum(Payment.amount))
            .join(Sale, Payment.sale_id == Sale.id)
            .where(*completed)
            .group_by(Payment.method)
        ).all()
    return DayReport(
        date=day,
        sales_count=len(receipts),
        total=int(total),
        receipts=receipts,
        lines=[DayLine(str(s), str(n), int(q), int(t)) for s, n, q, t in line_rows],
        payments={str(m): int(a) for m, a in payment_rows},
    )
