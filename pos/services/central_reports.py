"""Sales across stands from the central database, with the stands' own day reports' meaning.

A sale counts unless voided (at its stand, or by a void imported with a later day); refunds
count on the day they were paid back. Totals by stand, regency, month or day come from the
imported days' sums (one row per stand and day, so a region's year reads in milliseconds),
corrected for sales voided on a later day; by payment method or workshop from the documents,
by workshop through the books' one report query (pos.services.central_sales), its sales
counting sales, not units; by method from the stand-days' sums per method (kept by the import,
pos.services.report_summaries): what each took in, and from the refunds what each gave back.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.sql.elements import ColumnElement

from pos.core.errors import PosError
from pos.db.models_central import (
    CentralDay,
    CentralPayment,
    CentralRefund,
    CentralSale,
    CentralStand,
)
from pos.db.models_summaries import CentralDayMethod
from pos.i18n import _
from pos.services.central_db import CentralDb
from pos.services.central_sales import central_sales_report

BREAKDOWNS = ("stand", "regency", "month", "day", "method", "workshop")


@dataclass(frozen=True)
class SalesRow:
    """The figures of one key of a breakdown (or of everything, key 'total')."""

    key: str
    sales_count: int
    total: int
    discount_total: int
    refunds_total: int

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key, "sales_count": self.sales_count, "total": self.total,
            "discount_total": self.discount_total, "refunds_total": self.refunds_total,
            "net_total": self.net_total,
        }  # fmt: skip

    @property
    def net_total(self) -> int:
        return self.total - self.refunds_total


@dataclass(frozen=True)
class SalesReport:
    """Sales of the stands chosen over a period, broken down by one key."""

    start: date
    end: date
    by: str
    stands: list[str] | None  # None: every stand
    rows: list[SalesRow]
    overall: SalesRow

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(), "to": self.end.isoformat(), "by": self.by,
            "stands": self.stands, "rows": [r.to_json() for r in self.rows],
            "total": self.overall.to_json(),
        }  # fmt: skip


def _in(column: Any, stands: list[str] | None) -> ColumnElement[bool]:
    return column.in_(stands) if stands is not None else and_(True)


def sales_report(
    central: CentralDb, start: date, end: date, by: str = "stand", stands: list[str] | None = None
) -> SalesReport:
    """The sales of `stands` (None: all) from `start` to `end`, both included, by `by`."""
    if by not in BREAKDOWNS:
        raise PosError(_("Unknown breakdown {by}.").format(by=by))
    if end < start:
        raise PosError(_("The period ends before it starts."))
    with central.reading() as conn:
        regencies = dict(conn.execute(select(CentralStand.code, CentralStand.regency)).all())
        if by in ("method", "workshop"):
            sums = _by_documents(conn, start, end, by, stands)
        else:
            sums = _by_days(conn, start, end, by, stands, regencies)
    rows = [SalesRow(key, *values) for key, values in sorted(sums.items())]
    overall = _overall(central, start, end, stands) if by in ("method", "workshop") else SalesRow(
        "total", *(sum(getattr(r, f) for r in rows) for f in (
            "sales_count", "total", "discount_total", "refunds_total")))  # fmt: skip
    return SalesReport(start, end, by, stands, rows, overall)


def _overall(central: CentralDb, start: date, end: date, stands: list[str] | None) -> SalesRow:
    return sales_report(central, start, end, "stand", stands).overall


def _key(by: str, stand: str, day: date, regencies: dict[str, str | None]) -> str:
    if by == "stand":
        return stand
    if by == "regency":
        return regencies.get(stand) or "-"
    return day.isoformat()[:7] if by == "month" else day.isoformat()


def _by_days(
    conn: Any,
    start: date,
    end: date,
    by: str,
    stands: list[str] | None,
    regencies: dict[str, str | None],
) -> dict[str, list[int]]:
    sums: dict[str, list[int]] = {}
    days = conn.execute(
        select(
            CentralDay.stand,
            CentralDay.day,
            CentralDay.sales_count,
            CentralDay.total,
            CentralDay.discount_total,
            CentralDay.refunds_total,
        ).where(CentralDay.day.between(start, end), _in(CentralDay.stand, stands))
    )
    for stand, day, count, total, discount, refunded in days:
        row = sums.setdefault(_key(by, stand, day, regencies), [0, 0, 0, 0])
        row[0] += int(count)
        row[1] += int(total)
        row[2] += int(discount)
        row[3] += int(refunded)
    for stand, day, total, discount, _receipt in conn.execute(_voided_later(start, end, stands)):
        row = sums.setdefault(_key(by, stand, day, regencies), [0, 0, 0, 0])
        row[0] -= 1
        row[1] -= int(total)
        row[2] -= int(discount)
    return sums


def _voided_later(start: date, end: date, stands: list[str] | None) -> Any:
    """Sales exported as completed whose void came with a later day's export."""
    return (
        select(
            CentralSale.stand,
            CentralSale.day,
            CentralSale.total,
            CentralSale.discount_total,
            CentralSale.receipt_no,
        )
        .join(
            CentralRefund,
            and_(
                CentralRefund.stand == CentralSale.stand,
                CentralRefund.receipt_no == CentralSale.receipt_no,
                CentralRefund.kind == "void",
            ),
        )
        .where(
            CentralSale.status == "completed",
            CentralSale.day.between(start, end),
            _in(CentralSale.stand, stands),
        )
        .distinct()
    )


def _by_documents(
    conn: Any, start: date, end: date, by: str, stands: list[str] | None
) -> dict[str, list[int]]:
    """By workshop: the books' report rows; by payment method: what each took in and gave
    back, from the payments alone (a region's year of lines is too many to read for it)."""
    if by == "method":
        return _by_method(conn, start, end, stands)
    sums: dict[str, list[int]] = {}
    for r in central_sales_report(conn, start, end, by, stands):
        row = sums.setdefault(r.key or "-", [0, 0, 0, 0])
        row[0] += r.sales
        row[1] += r.net + r.refunds
    return {k: v for k, v in sums.items() if any(v)}


def _by_method(conn: Any, start: date, end: date, stands: list[str] | None) -> dict[str, list[int]]:
    """From the stand-days' sums per method (pos.services.report_summaries), less the sales
    a later day's void took back, and the refunds per method."""
    summed = conn.execute(
        select(
            CentralDayMethod.method,
            func.sum(CentralDayMethod.sales_count),
            func.sum(CentralDayMethod.amount),
        )
        .where(CentralDayMethod.day.between(start, end), _in(CentralDayMethod.stand, stands))
        .group_by(CentralDayMethod.method)
    )
    sums = {str(m): [int(n or 0), int(t or 0), 0, 0] for m, n, t in summed}
    late = _voided_later(start, end, stands).subquery()
    taken_back = conn.execute(
        select(
            CentralPayment.method,
            func.count(func.distinct(CentralPayment.receipt_no)),
            func.sum(CentralPayment.amount),
        )
        .join(
            late,
            and_(
                CentralPayment.stand == late.c.stand,
                CentralPayment.day == late.c.day,
                CentralPayment.receipt_no == late.c.receipt_no,
            ),
        )
        .where(CentralPayment.status == "completed")
        .group_by(CentralPayment.method)
    )
    for method, n, total in taken_back:
        row = sums.setdefault(str(method), [0, 0, 0, 0])
        row[0] -= int(n)
        row[1] -= int(total or 0)
    back = conn.execute(
        select(CentralRefund.method, func.sum(CentralRefund.total))
        .where(
            CentralRefund.kind == "refund",
            CentralRefund.day.between(start, end),
            _in(CentralRefund.stand, stands),
        )
        .group_by(CentralRefund.method)
    )
    for method, total in back:
        sums.setdefault(str(method or "-"), [0, 0, 0, 0])[3] += int(total or 0)
    return sums
