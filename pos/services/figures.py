"""The figures of a day or a shift that voids and refunds change: which sales still count,
discounts, refunds and each cashier's part. Shared by the day report, the X/Z report and the
end-of-day export. A sale counts unless a void points to it (sales rows never change)."""

import sqlite3
from dataclasses import dataclass

from pos.printing.shift_data import CashierRow, RefundRow

# SQL: the sale aliased `s` has not been voided.
NOT_VOIDED = "NOT EXISTS (SELECT 1 FROM refunds v WHERE v.sale_id = s.id AND v.kind = 'void')"
VOIDED = "EXISTS (SELECT 1 FROM refunds v WHERE v.sale_id = s.id AND v.kind = 'void')"
# SQL: what became of sale `s`: voided, returned (some or all of it) or as it was sold.
STATUS = (
    f"CASE WHEN {VOIDED} THEN 'voided' WHEN EXISTS (SELECT 1 FROM refunds r "
    "WHERE r.sale_id = s.id) THEN 'returned' ELSE s.status END"
)
# SQL: the rupiah taken off sale `s`, its lines' discounts and the sale discount.
SALE_DISCOUNT = (
    "(s.discount + COALESCE((SELECT SUM(l.discount) FROM sale_lines l WHERE l.sale_id = s.id), 0))"
)

_SCOPES = {"day": ("s.day = ?", "r.day = ?"), "shift": ("s.shift_id = ?", "r.shift_id = ?")}


@dataclass(frozen=True)
class Figures:
    """Discounts, voids, refunds and cashiers of one day or shift."""

    discount_total: int
    voided: list[str]  # receipt numbers of the sales voided
    voids_total: int
    refunds: list[RefundRow]
    cashiers: list[CashierRow]

    @property
    def refunds_total(self) -> int:
        return sum(r.total for r in self.refunds)


def figures(cursor: sqlite3.Cursor, scope: str, key: object) -> Figures:
    """Figures of the day (`scope` "day", key an ISO date) or shift ("shift", its id)."""
    sales_where, refunds_where = _SCOPES[scope]
    discount = cursor.execute(
        f"SELECT COALESCE(SUM({SALE_DISCOUNT}), 0) FROM sales s "
        f"WHERE {sales_where} AND {NOT_VOIDED}",
        (key,),
    ).fetchone()[0]
    voided_rows = cursor.execute(
        f"SELECT s.receipt_no, s.total FROM sales s WHERE {sales_where} AND {VOIDED} "
        "ORDER BY s.seq",
        (key,),
    ).fetchall()
    refunds = [
        RefundRow(str(no), str(receipt), int(total), str(method), str(name))
        for no, receipt, total, method, name in cursor.execute(
            "SELECT r.refund_no, s.receipt_no, r.total, r.method, u.name FROM refunds r "
            "JOIN sales s ON s.id = r.sale_id JOIN users u ON u.id = r.user_id "
            f"WHERE {refunds_where} AND r.kind = 'refund' ORDER BY r.id",
            (key,),
        )
    ]
    people: dict[str, list[int]] = {}
    for name, count, total, off in cursor.execute(
        f"SELECT u.name, COUNT(*), SUM(s.total), SUM({SALE_DISCOUNT}) FROM sales s "
        f"JOIN users u ON u.id = s.user_id WHERE {sales_where} AND {NOT_VOIDED} GROUP BY u.name",
        (key,),
    ):
        people[str(name)] = [int(count), int(total), int(off), 0, 0]
    for name, voids, refunded in cursor.execute(
        "SELECT u.name, SUM(r.kind = 'void'), SUM(CASE WHEN r.kind = 'refund' THEN r.total "
        f"ELSE 0 END) FROM refunds r JOIN users u ON u.id = r.user_id WHERE {refunds_where} "
        "GROUP BY u.name",
        (key,),
    ):
        row = people.setdefault(str(name), [0, 0, 0, 0, 0])
        row[3], row[4] = int(voids), int(refunded)
    return Figures(
        discount_total=int(discount),
        voided=[str(r[0]) for r in voided_rows],
        voids_total=sum(int(r[1]) for r in voided_rows),
        refunds=refunds,
        cashiers=[CashierRow(name, *values) for name, values in sorted(people.items())],
    )
