"""Reports: the day's completed sales, and a shift's X (open) and Z (closed) reports."""

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from pos.db.models import Payment, Sale, SaleLine
from pos.db.session import Database
from pos.printing.shift_data import ShiftSummary
from pos.services import settings, shifts
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
