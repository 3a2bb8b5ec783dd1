"""Reports: the day's sales (voids and refunds counted), a shift's X (open) and Z (closed)
reports."""

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pos.db.session import Database, raw_cursor
from pos.printing.shift_data import CashierRow, RefundRow, ShiftSummary
from pos.services import figures, settings, shifts
from pos.services.order_data import OrderFigures, order_figures
from pos.services.receipts import write_file


@dataclass(frozen=True)
class DayLine:
    """One product's sales of the day."""

    sku: str
    name: str
    qty: int
    total: int


@dataclass(frozen=True)
class DayReport:
    """The day's completed sales: count, total, receipts, products and payment methods."""

    date: date
    sales_count: int
    total: int
    receipts: list[str]
    lines: list[DayLine]
    payments: dict[str, int] = field(default_factory=dict)
    discount_total: int = 0
    voided: list[str] = field(default_factory=list)
    refunds: list[RefundRow] = field(default_factory=list)
    cashiers: list[CashierRow] = field(default_factory=list)
    # Order payments (kuitansi) received and DPs paid back or kept: not sales revenue.
    orders: OrderFigures | None = None

    @property
    def net_total(self) -> int:
        """Sales not voided, minus the money refunded that day (for sales of any day)."""
        return self.total - sum(r.total for r in self.refunds)

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "sales_count": self.sales_count,
            "total": self.total,
            "discount_total": self.discount_total,
            "net_total": self.net_total,
            "receipts": self.receipts,
            "voided": self.voided,
            "refunds": [r.to_json() for r in self.refunds],
            "lines": [vars(line) for line in self.lines],
            "payments": self.payments,
            "cashiers": [c.to_json() for c in self.cashiers],
            "orders": (self.orders or OrderFigures({}, {})).to_json(),
        }


def day_report(db: Database, day: date) -> DayReport:
    """The day's sales that still count (not voided), its discounts, voids, refunds, cashiers."""
    counted = f"s.day = ? AND {figures.NOT_VOIDED}"
    params = (day.isoformat(),)
    with db.Session() as session:
        cursor = raw_cursor(session)
        receipts = [
            str(r[0])
            for r in cursor.execute(
                f"SELECT s.receipt_no FROM sales s WHERE {counted} ORDER BY s.seq", params
            )
        ]
        total = cursor.execute(
            f"SELECT COALESCE(SUM(s.total), 0) FROM sales s WHERE {counted}", params
        ).fetchone()[0]
        line_rows = cursor.execute(
            "SELECT l.sku, MAX(l.name), SUM(l.qty), SUM(l.line_total) FROM sale_lines l "
            f"JOIN sales s ON s.id = l.sale_id WHERE {counted} GROUP BY l.sku "
            "ORDER BY SUM(l.line_total) DESC, l.sku",
            params,
        ).fetchall()
        payment_rows = cursor.execute(
            "SELECT p.method, SUM(p.amount) FROM payments p JOIN sales s ON s.id = p.sale_id "
            f"WHERE {counted} GROUP BY p.method",
            params,
        ).fetchall()
        parts = figures.figures(cursor, "day", day.isoformat())
        orders = order_figures(cursor, "day", day.isoformat())
    return DayReport(
        date=day,
        sales_count=len(receipts),
        total=int(total),
        receipts=receipts,
        lines=[DayLine(str(s), str(n), int(q), int(t)) for s, n, q, t in line_rows],
        payments={str(m): int(a) for m, a in payment_rows},
        discount_total=parts.discount_total,
        voided=parts.voided,
        refunds=parts.refunds,
        cashiers=parts.cashiers,
        orders=orders,
    )


@dataclass(frozen=True)
class ShiftReport:
    """An X or Z report as made at `printed_at`: shown as HTML, saved as a roll PDF."""

    summary: ShiftSummary
    stand_name: str
    width_mm: int
    printed_at: datetime

    @property
    def title(self) -> str:
        from pos.printing.shift_report import report_title

        return report_title(self.summary)

    @property
    def html(self) -> str:
        from pos.printing.shift_report import report_html

        return report_html(self.summary, self.stand_name, self.printed_at)

    @property
    def file_name(self) -> str:
        """X-<stand>-<shift>-<when>.pdf while open, Z-<stand>-<0001>.pdf once closed."""
        # The Z report has the same name here as in the export on the USB stick.
        s = self.summary
        if s.z_number is not None:
            return f"Z-{s.stand}-{s.z_number:04d}.pdf"
        return f"X-{s.stand}-{s.shift_id}-{self.printed_at:%Y%m%d-%H%M}.pdf"

    def pdf(self) -> bytes:
        from pos.printing.shift_report import render_shift_report

        return render_shift_report(self.summary, self.stand_name, self.width_mm, self.printed_at)


def shift_report(db: Database, summary: ShiftSummary) -> ShiftReport:
    """The report of a shift (X while open, Z once closed), printed now at the stand."""
    return ShiftReport(
        summary,
        settings.get(db, settings.STAND_NAME),
        settings.get(db, settings.RECEIPT_WIDTH),
        settings.stand_now(db),
    )


def x_report(db: Database) -> ShiftReport | None:
    """The open shift's figures so far, or None when no shift is open."""
    summary = shifts.current_shift(db)
    return None if summary is None else shift_report(db, summary)


def save_shift_report(report: ShiftReport, path: Path) -> Path:
    """Write the report's PDF to `path` (whole or not at all)."""
    return write_file(path, report.pdf())


def keep_z_report(db: Database, summary: ShiftSummary, z_report_dir: Path) -> Path:
    """Keep a closed shift's Z report in the reports folder; returns where it was written."""
    report = shift_report(db, summary)
    return save_shift_report(report, z_report_dir / report.file_name)
