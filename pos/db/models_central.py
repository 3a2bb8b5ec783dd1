"""The regional office's tables: stands, the days imported from their exports, and the documents.

They live in the same migration chain as a stand's tables (unused at a stand). Every imported
document is keyed by its stand's code and its own number: two stands can never collide. A
document row points to the imported day it came from, so a corrected re-export of that day
replaces exactly its rows (found by stand and day). Lines and payments are unique through
their sale (imported with it, in its transaction): lines have no index of their own beyond
(day, stand), which keeps a region's year of COPY fast; payments are found by receipt number
too (a stand-day's report sums by method join them), and orders and voids by partial indexes
(0023). Money columns are BIGINT: a region's sums outgrow 32 bits.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from pos.core.payments import BY_ORDER
from pos.db.models import Base


class CentralStand(Base):
    """A stand as the office describes it: code (as on its receipts), name, prison, place."""

    __tablename__ = "central_stands"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(120))
    prison: Mapped[str | None] = mapped_column(String(120))
    regency: Mapped[str | None] = mapped_column(String(80), index=True)
    province: Mapped[str | None] = mapped_column(String(80))


class CentralDay(Base):
    """One stand's day as imported from one export folder, with the sums of its documents."""

    __tablename__ = "central_days"
    __table_args__ = (UniqueConstraint("stand", "day", name="central_days_stand_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stand: Mapped[str] = mapped_column(ForeignKey("central_stands.code"))
    day: Mapped[date] = mapped_column(Date, index=True)
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    folder: Mapped[str] = mapped_column(String(200))
    app_version: Mapped[str] = mapped_column(String(32))
    sales_count: Mapped[int] = mapped_column(Integer)
    voided_count: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(BigInteger)
    discount_total: Mapped[int] = mapped_column(BigInteger)
    refunds_total: Mapped[int] = mapped_column(BigInteger)
    imported_at: Mapped[datetime] = mapped_column(DateTime)


class CentralReplacement(Base):
    """A day replaced by a corrected re-export: both manifests' hashes, and when."""

    __tablename__ = "central_replacements"

    id: Mapped[int] = mapped_column(primary_key=True)
    stand: Mapped[str] = mapped_column(ForeignKey("central_stands.code"))
    day: Mapped[date] = mapped_column(Date)
    old_sha256: Mapped[str] = mapped_column(String(64))
    new_sha256: Mapped[str] = mapped_column(String(64))
    old_folder: Mapped[str] = mapped_column(String(200))
    new_folder: Mapped[str] = mapped_column(String(200))
    replaced_at: Mapped[datetime] = mapped_column(DateTime)


class CentralAuditHead(Base):
    """An audit entry's hash as a stand's export first gave it (its head, or its view of the
    previous export's head): a later export hashing the same entry otherwise means a rewritten
    chain. One row per entry: a second import of it waits for the first to commit (unique)."""

    __tablename__ = "central_audit_heads"
    __table_args__ = (UniqueConstraint("stand", "entry_id", name="central_audit_heads_entry"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stand: Mapped[str] = mapped_column(ForeignKey("central_stands.code"))
    entry_id: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str | None] = mapped_column(String(64))  # None: the entry was gone
    day: Mapped[date] = mapped_column(Date)  # of the export that gave it
    folder: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[datetime] = mapped_column(DateTime)


def cost_unknown(table: str) -> Index:
    """An index of the lines imported without their cost (exports before line costs): empty
    while every cost is known, so a report finds in no time that none is missing (0017)."""
    where = text("unit_cost IS NULL")
    return Index(
        f"ix_{table}_cost_unknown", "day", "stand", sqlite_where=where, postgresql_where=where
    )


def receipt_index(table: str, name: str = "receipt_no", where: str | None = None) -> Index:
    """An index of a table's rows by their sale's receipt number (`where`: of those rows
    only): a stand-day's report sums join and look up its sales' rows by it (0023)."""
    only: dict[str, Any] = {}
    if where is not None:
        only = {"sqlite_where": text(where), "postgresql_where": text(where)}
    return Index(f"ix_{table}_{name}", "receipt_no", **only)


def _document_keys(table: str, number: str | None = None) -> tuple[Index | UniqueConstraint, ...]:
    """The (day, stand) index of a document table; and a sale's or refund's own number unique
    within its stand."""
    index = Index(f"ix_{table}_day_stand", "day", "stand")
    if number is None:
        return (index,)
    return (UniqueConstraint("stand", number, name=f"{table}_stand_{number}"), index)


class ImportedDocument:
    """Columns of every imported document: its id, the imported day it came from, its stand
    and the day (a corrected re-export replaces a stand's day: found by stand and day), and
    the receipt it is, belongs to or gives back."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # The central_days row it came from. No foreign key (0014): the import writes both in one
    # transaction and nothing else writes here; the key's check per COPYed row was about half
    # the server's work.
    day_id: Mapped[int] = mapped_column(Integer)
    stand: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date)
    receipt_no: Mapped[str] = mapped_column(String(40))


class WrittenBy:
    """When a sale or a refund was recorded, and by which cashier."""

    created_at: Mapped[datetime] = mapped_column(DateTime)
    cashier: Mapped[str] = mapped_column(String(80))


class Goods:
    """What a line of a sale or of a refund is about: the product and how many."""

    sku: Mapped[str] = mapped_column(String(48))
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(80))
    workshop: Mapped[str | None] = mapped_column(String(80))
    qty: Mapped[int] = mapped_column(Integer)
    unit_cost: Mapped[int | None] = mapped_column(BigInteger)  # None: an export before costs


class CentralSale(ImportedDocument, WrittenBy, Base):
    """A stand's sale (completed or voided) as its export listed it."""

    __tablename__ = "central_sales"
    __table_args__ = _document_keys("central_sales", "receipt_no")

    shift_id: Mapped[int | None] = mapped_column(Integer)  # the stand's own shift number
    status: Mapped[str] = mapped_column(String(16))  # completed, voided
    total: Mapped[int] = mapped_column(BigInteger)
    discount_total: Mapped[int] = mapped_column(BigInteger)


class CentralSaleLine(ImportedDocument, Goods, Base):
    """One line of a stand's sale: product, workshop and what it brought in (line_total)."""

    __tablename__ = "central_sale_lines"
    __table_args__ = (*_document_keys("central_sale_lines"), cost_unknown("central_sale_lines"))

    line_no: Mapped[int] = mapped_column(Integer)  # 1, 2... in the order of the export
    status: Mapped[str] = mapped_column(String(16))
    unit_price: Mapped[int] = mapped_column(BigInteger)
    line_total: Mapped[int] = mapped_column(BigInteger)
    list_price: Mapped[int | None] = mapped_column(BigInteger)
    discount: Mapped[int] = mapped_column(BigInteger)
    sale_discount: Mapped[int] = mapped_column(BigInteger)
    discount_reason: Mapped[str | None] = mapped_column(String(200))


class CentralPayment(ImportedDocument, Base):
    """One payment of a stand's sale."""

    __tablename__ = "central_payments"
    __table_args__ = (
        *_document_keys("central_payments"),
        receipt_index("central_payments"),
        receipt_index("central_payments", "by_order", f"method = '{BY_ORDER}'"),
    )

    pay_no: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    method: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(BigInteger)
    tendered: Mapped[int] = mapped_column(BigInteger)
    change: Mapped[int] = mapped_column(BigInteger)
    reference: Mapped[str | None] = mapped_column(String(80))
    bank: Mapped[str | None] = mapped_column(String(40))
    confirmed: Mapped[bool] = mapped_column(Boolean)


class CentralRefund(ImportedDocument, WrittenBy, Base):
    """A void or refund a stand recorded that day (of a sale of any day)."""

    __tablename__ = "central_refunds"
    __table_args__ = (
        *_document_keys("central_refunds", "refund_no"),
        receipt_index("central_refunds", "voids", "kind = 'void'"),
    )

    refund_no: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(8))  # void, refund
    approver: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(String(200))
    method: Mapped[str | None] = mapped_column(String(16))
    reference: Mapped[str | None] = mapped_column(String(80))
    total: Mapped[int] = mapped_column(BigInteger)


class CentralRefundLine(ImportedDocument, Goods, Base):
    """The goods of a void or refund: what came back of which product, for how much."""

    __tablename__ = "central_refund_lines"
    __table_args__ = (*_document_keys("central_refund_lines"), cost_unknown("central_refund_lines"))

    refund_no: Mapped[str] = mapped_column(String(40))
    line_no: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))
    amount: Mapped[int] = mapped_column(BigInteger)
    disposition: Mapped[str] = mapped_column(String(8))
