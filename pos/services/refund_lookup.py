"""Finding a sale to void or take back: by its receipt number, typed or scanned off the receipt
(80 mm and PDF receipts carry the whole number as Code128, 58 mm rolls only its date and
sequence digits), with what was sold, what came back already and what may still come back."""

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from pos.core.errors import NotFound
from pos.core.text import has_control_chars
from pos.db import sql
from pos.db.session import Database, raw_cursor
from pos.i18n import _

MAX_CODE = 40


@dataclass(frozen=True)
class SoldLine:
    """A line of the sale and how much of it came back already."""

    sale_line_id: int
    product_id: int
    sku: str
    name: str
    qty: int
    unit_price: int
    line_total: int  # what the line brought in, after every discount
    returned: int

    @property
    def returnable(self) -> int:
        return self.qty - self.returned


@dataclass(frozen=True)
class LinkedDoc:
    """A void or refund of the sale."""

    refund_no: str
    kind: str  # void, refund
    total: int
    method: str | None
    created_at: datetime


@dataclass(frozen=True)
class SaleLookup:
    """A sale as the void and return screen shows it."""

    sale_id: int
    receipt_no: str
    created_at: datetime
    cashier: str
    shift_id: int | None
    total: int
    lines: tuple[SoldLine, ...]
    payments: tuple[tuple[str, int], ...]  # (method, amount)
    refunds: tuple[LinkedDoc, ...]
    open_shift_id: int | None  # the shift open when it was looked up

    @property
    def voided(self) -> bool:
        return any(doc.kind == "void" for doc in self.refunds)

    @property
    def returned_total(self) -> int:
        return sum(doc.total for doc in self.refunds if doc.kind == "refund")

    @property
    def status(self) -> str:
        """completed, voided, returned (every unit came back) or partly_returned."""
        if self.voided:
            return "voided"
        if not self.refunds:
            return "completed"
        if all(line.returnable == 0 for line in self.lines):
            return "returned"
        return "partly_returned"

    @property
    def voidable(self) -> bool:
        return (
            not self.refunds and self.shift_id is not None and self.shift_id == self.open_shift_id
        )


def sale_status(cursor: sqlite3.Cursor, sale_id: int, sold_units: int) -> str:
    """SaleLookup.status without reading the whole sale (a receipt's reprint): one indexed
    read, a second only when something came back."""
    kinds = {str(k) for (k,) in cursor.execute(
        "SELECT kind FROM refunds WHERE sale_id = ?", (sale_id,)
    )}  # fmt: skip
    if "void" in kinds:
        return "voided"
    if not kinds:
        return "completed"
    back = cursor.execute(
        "SELECT COALESCE(SUM(r.qty), 0) FROM refund_lines r JOIN refunds d ON d.id = r.refund_id "
        "WHERE d.sale_id = ?",
        (sale_id,),
    ).fetchone()[0]
    return "returned" if int(back) >= sold_units else "partly_returned"


def _clean_code(code: str) -> str:
    text = code.strip() if isinstance(code, str) else ""
    if not text or len(text) > MAX_CODE or has_control_chars(text):
        raise NotFound(_("Scan the receipt's barcode or type its number."))
    return text


def _parse_time(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _sale_row(cursor: sqlite3.Cursor, code: str) -> tuple[object, ...]:
    select = (
        "SELECT s.id, s.receipt_no, s.created_at, u.name, s.shift_id, s.total "
        "FROM sales s JOIN users u ON u.id = s.user_id "
    )
    row = cursor.execute(select + "WHERE s.receipt_no = ?", (code,)).fetchone()
    if row is None and code.upper() != code:
        row = cursor.execute(select + "WHERE s.receipt_no = ?", (code.upper(),)).fetchone()
    if row is None and len(code) == 12 and code.isdigit() and code.isascii():
        # A 58 mm receipt's barcode: YYYYMMDD and the sequence, without the stand code.
        try:
            day = date(int(code[:4]), int(code[4:6]), int(code[6:8]))
        except ValueError:
            day = None
        if day is not None:
            rows = cursor.execute(
                select + "WHERE s.day = ? AND s.seq = ? ORDER BY s.id",
                (day.isoformat(), int(code[8:])),
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
    if row is None:
        raise NotFound(_("There is no receipt {no}.").format(no=code))
    return tuple(row)


def lookup(cursor: sqlite3.Cursor, code: str) -> SaleLookup:
    """The sale a receipt number or scanned code names, read on `cursor` (NotFound if none)."""
    sale_id, receipt_no, created_at, cashier, shift_id, total = _sale_row(cursor, _clean_code(code))
    lines = tuple(
        SoldLine(int(r[0]), int(r[1]), r[2], r[3], int(r[4]), int(r[5]), int(r[6]), int(r[7]))
        for r in cursor.execute(
            "SELECT l.id, l.product_id, l.sku, l.name, l.qty, l.unit_price, l.line_total, "
            "COALESCE((SELECT SUM(r.qty) FROM refund_lines r WHERE r.sale_line_id = l.id), 0) "
            "FROM sale_lines l WHERE l.sale_id = ? ORDER BY l.id",
            (sale_id,),
        )
    )
    payments = tuple(
        (str(m), int(a))
        for m, a in cursor.execute(
            "SELECT method, amount FROM payments WHERE sale_id = ? ORDER BY id", (sale_id,)
        )
    )
    docs = tuple(
        LinkedDoc(str(no), str(kind), int(t), m, _parse_time(at))
        for no, kind, t, m, at in cursor.execute(
            "SELECT refund_no, kind, total, method, created_at FROM refunds WHERE sale_id = ? "
            "ORDER BY id",
            (sale_id,),
        )
    )
    open_shift = sql.open_shift_id(cursor)
    return SaleLookup(
        sale_id=int(sale_id),  # type: ignore[call-overload]
        receipt_no=str(receipt_no),
        created_at=_parse_time(created_at),
        cashier=str(cashier),
        shift_id=None if shift_id is None else int(shift_id),  # type: ignore[call-overload]
        total=int(total),  # type: ignore[call-overload]
        lines=lines,
        payments=payments,
        refunds=docs,
        open_shift_id=open_shift,
    )


def find_sale(db: Database, code: str) -> SaleLookup:
    """lookup() on a connection of its own (the screen, before anything is written)."""
    with db.Session() as session:
        return lookup(raw_cursor(session), code)
