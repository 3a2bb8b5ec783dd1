"""The regional office's tables: stands, the days imported from their exports, and the documents.

They live in the same migration chain as a stand's tables (unused at a stand). Every imported
document is keyed by its stand's code and its own number: two stands can never collide. A
document row points to the imported day it came from, so a corrected re-export of that day
replaces exactly its rows (found by stand and day). Lines and payments are unique through
their sale (imported with it, in its transaction): no index of their own beyond (day, stand),
which keeps a region's year of COPY fast. Money columns are BIGINT: a region's sums outgrow
32 bits.
"""

from datetime import date, datetime

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
)
from sqlalchemy.orm import Mapped, mapped_column

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


class CentralSale(Base):
    """A stand's sale (completed or voided) as its export listed it."""

    __tablename__ = "central_sales"
    __table_args__ = (
        UniqueConstraint("stand", "receipt_no", name="central_sales_stand_receipt_no"),
        Index("ix_central_sales_day_stand", "day", "stand"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("central_days.id"))
    stand: Mapped[str] = mapped_column(String(16))
    receipt_no: Mapped[str] = mapped_column(String(40))
    day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    cashier: Mapped[str] = mapped_column(String(80))
    shift_id: Mapped[int | None] = mapped_column(Integer)  # the stand's own shift number
    status: Mapped[str] = mapped_column(String(16))  # completed, voided
    total: Mapped[int] = mapped_column(BigInteger)
    discount_total: Mapped[int] = mapped_column(BigInteger)


class CentralSaleLine(Base):
    """One line of a stand's sale: product, workshop and what it brought in (line_total)."""

    __tablename__ = "central_sale_lines"
    __table_args__ = (Index("ix_central_sale_lines_day_stand", "day", "stand"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("central_days.id"))
    stand: Mapped[str] = mapped_column(String(16))
    receipt_no: Mapped[str] = mapped_column(String(40))
    line_no: Mapped[int] = mapped_column(Integer)  # 1, 2... in the order of the export
    day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    sku: Mapped[str] = mapped_column(String(48))
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(80))
    workshop: Mapped[str | None] = mapped_column(String(80))
    qty: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[int] = mapped_column(BigInteger)
    line_total: Mapped[int] = mapped_column(BigInteger)
    list_price: Mapped[int | None] = mapped_column(BigInteger)
    discount: Mapped[int] = mapped_column(BigInteger)
    sale_discount: Mapped[int] = mapped_column(BigInteger)
    discount_reason: Mapped[str | None] = mapped_column(String(200))
    unit_cost: Mapped[int | None] = mapped_column(BigInteger)  # None: an export before costs


class CentralPayment(Base):
    """One payment of a stand's sale."""

    __tablename__ = "central_payments"
    __table_args__ = (Index("ix_central_payments_day_stand", "day", "stand"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("central_days.id"))
    stand: Mapped[str] = mapped_column(String(16))
    receipt_no: Mapped[str] = mapped_column(String(40))
    pay_no: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    method: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(BigInteger)
    tendered: Mapped[int] = mapped_column(BigInteger)
    change: Mapped[int] = mapped_column(BigInteger)
    reference: Mapped[str | None] = mapped_column(String(80))
    bank: Mapped[str | None] = mapped_column(String(40))
    confirmed: Mapped[bool] = mapped_column(Boolean)


class CentralRefund(Base):
    """A void or refund a stand recorded that day (of a sale of any day)."""

    __tablename__ = "central_refunds"
    __table_args__ = (
        UniqueConstraint("stand", "refund_no", name="central_refunds_stand_refund_no"),
        Index("ix_central_refunds_day_stand", "day", "stand"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("central_days.id"))
    stand: Mapped[str] = mapped_column(String(16))
    refund_no: Mapped[str] = mapped_column(String(40))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))  # void, refund
    receipt_no: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    cashier: Mapped[str] = mapped_column(String(80))
    approver: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(String(200))
    method: Mapped[str | None] = mapped_column(String(16))
    reference: Mapped[str | None] = mapped_column(String(80))
    total: Mapped[int] = mapped_column(BigInteger)


class CentralRefundLine(Base):
    """The goods of a void or refund: what came back of which product, for how much."""

    __tablename__ = "central_refund_lines"
    __table_args__ = (Index("ix_central_refund_lines_day_stand", "day", "stand"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("central_days.id"))
    stand: Mapped[str] = mapped_column(String(16))
    refund_no: Mapped[str] = mapped_column(String(40))
    line_no: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))
    receipt_no: Mapped[str] = mapped_column(String(40))
    sku: Mapped[str] = mapped_column(String(48))
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(80))
    workshop: Mapped[str | None] = mapped_column(String(80))
    qty: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(BigInteger)
    unit_cost: Mapped[int | None] = mapped_column(BigInteger)
    disposition: Mapped[str] = mapped_column(String(8))
