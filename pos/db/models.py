"""The database schema (SQLAlchemy 2 declarative models). Every change here needs a migration."""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pos.db.columns import Recorded, TypedDiscount, not_negative, positive, unique_together

# The base and the lock screen's tables, re-exported: everybody may import them from here.
from pos.db.models_people import NAMING as NAMING
from pos.db.models_people import Base as Base
from pos.db.models_people import LoginGuard as LoginGuard
from pos.db.models_people import PinLookupKey as PinLookupKey
from pos.db.models_people import Setting as Setting
from pos.db.models_people import User as User


class Category(Base):
    """A product category (kue kering, furniture...)."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)


class Workshop(Base):
    """A prison workshop (kegiatan kerja) that makes products."""

    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)


# The products the low-stock list shows; its query repeats this word for word (SQLite uses a
# partial index only for a query whose WHERE visibly implies the index's).
LOW_STOCK_WHERE = "active AND track_stock AND (on_hand < 0 OR on_hand <= low_stock)"


class Product(Base):
    """Something the stand sells; a bundle when it has bundle items."""

    __tablename__ = "products"
    __table_args__ = (
        not_negative("price"),
        not_negative("cost"),
        # Holds only the products at or below their level, with all the low-stock list shows.
        Index(
            "ix_products_low_stock",
            "on_hand",
            "low_stock",
            "workshop_id",
            "sku",
            "name",
            "active",  # SQLite reads the row for a column of the WHERE not in the index
            "track_stock",
            sqlite_where=text(LOW_STOCK_WHERE),
            postgresql_where=text(LOW_STOCK_WHERE),
        ),
        # Covers the stock value (and every product's stock on hand) without the rows.
        Index("ix_products_stock_value", "track_stock", "on_hand", "cost", "price"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(48), unique=True)
    barcode: Mapped[str | None] = mapped_column(String(48), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # Lower-case, accent-free name and SKU, for search as you type.
    search_text: Mapped[str] = mapped_column(String(300), default="")
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id"))
    unit: Mapped[str] = mapped_column(String(16), default="pcs")
    price: Mapped[int] = mapped_column(Integer)
    cost: Mapped[int] = mapped_column(Integer, default=0)
    track_stock: Mapped[bool] = mapped_column(Boolean, default=True)
    low_stock: Mapped[int] = mapped_column(Integer, default=0)
    pirt: Mapped[str | None] = mapped_column(String(32))
    shelf_life_days: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The sum of the product's stock movements, kept by the triggers of the migration
    # stock_on_hand in the same transaction as each movement. Read only: the ledger is the
    # truth, never write this.
    on_hand: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    category: Mapped[Category | None] = relationship()
    workshop: Mapped[Workshop | None] = relationship()


class ReceiptCounter(Base):
    """Last receipt number used per stand and business day; bumped inside the checkout."""

    __tablename__ = "receipt_counters"

    stand: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)


class NumberFloor(Base):
    """The lowest last number a kind of document may continue from, per stand and period.

    Written by a restore: numbers the replaced database had used (printed, maybe exported)
    are never given again, though the documents themselves are only in its safety copy.
    """

    __tablename__ = "number_floors"

    kind: Mapped[str] = mapped_column(String(8), primary_key=True)  # V, R, PO, KW, PB, K, Z
    stand: Mapped[str] = mapped_column(String(16), primary_key=True)
    period: Mapped[str] = mapped_column(String(10), primary_key=True)  # day, year or ""
    last_seq: Mapped[int] = mapped_column(Integer)


class Shift(Base):
    """A cashier's shift: opened with a cash float, closed with a blind count and a Z number."""

    __tablename__ = "shifts"
    __table_args__ = (unique_together("stand", "z_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stand: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(8), default="open")  # open, closed
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    opened_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    opening_float: Mapped[int] = mapped_column(Integer)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    expected_cash: Mapped[int | None] = mapped_column(Integer)
    counted_cash: Mapped[int | None] = mapped_column(Integer)
    count_detail: Mapped[str | None] = mapped_column(Text)  # JSON {denomination: pieces}
    z_number: Mapped[int | None] = mapped_column(Integer)
    # The sales still parked at the close (JSON rows), as the Z report lists them.
    parked_at_close: Mapped[str | None] = mapped_column(Text)
    # The audit chain's head at the close, printed on the Z report (pos.services.audit_anchor).
    close_head_id: Mapped[int | None] = mapped_column(Integer)
    close_head_hash: Mapped[str | None] = mapped_column(String(64))


class CashMove(Base):
    """Cash put into or taken out of the drawer during a shift, with a reason."""

    __tablename__ = "cash_moves"
    __table_args__ = (positive("amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(4))  # in, out
    amount: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ExportRecord(Recorded, Base):
    """A verified end-of-day export, so a later export of the same day never overwrites it."""

    __tablename__ = "exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    folder: Mapped[str] = mapped_column(String(500))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    sales_count: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    # The audit chain's head the manifest carries: the next export says what it hashes to then.
    head_id: Mapped[int | None] = mapped_column(Integer)
    head_hash: Mapped[str | None] = mapped_column(String(64))


class Sale(TypedDiscount, Base):
    """A completed (or voided) sale: a receipt number and its total.

    Its discount (TypedDiscount) is on the whole sale, spread over sale_lines.sale_discount.
    """

    __tablename__ = "sales"
    __table_args__ = (unique_together("stand", "day", "seq"), not_negative("total"))

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(40), unique=True)
    stand: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date, index=True)
    seq: Mapped[int] = mapped_column(Integer)
    # Local wall-clock time of the stand (naive), and the UTC offset name it was taken in.
    created_at: Mapped[datetime] = mapped_column(DateTime)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id"), index=True)
    # Never changed after the sale: a void or a return is a Refund pointing here.
    status: Mapped[str] = mapped_column(String(16), default="completed")
    total: Mapped[int] = mapped_column(Integer)
    # Its lines added up, kept by the trigger sale_lines_sums (migration 0008) as each line is
    # written: reports by day, hour, cashier or payment read 100k sales, not 300k lines.
    qty: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    gross: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # price x qty
    cost: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # unit_cost x qty

    lines: Mapped[list["SaleLine"]] = relationship(
        back_populates="sale", order_by="SaleLine.id", cascade="all, delete-orphan"
    )
    payments: Mapped[list["Payment"]] = relationship(
        back_populates="sale", order_by="Payment.id", cascade="all, delete-orphan"
    )
    user: Mapped[User] = relationship()


class SaleLine(TypedDiscount, Base):
    """One product of a sale, its name and price copied as sold, and its own discount."""

    __tablename__ = "sale_lines"
    __table_args__ = (positive("qty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    # Copied at sale time so that later catalog edits never rewrite history.
    sku: Mapped[str] = mapped_column(String(48))
    name: Mapped[str] = mapped_column(String(200))
    qty: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[int] = mapped_column(Integer)  # what was charged a unit, before discounts
    # What the line brought in: qty x unit_price - discount - sale_discount. The lines of a
    # sale add up exactly to its total.
    line_total: Mapped[int] = mapped_column(Integer)
    # The catalog price when the price was changed at the counter (a price override).
    list_price: Mapped[int | None] = mapped_column(Integer)
    price_approval_id: Mapped[int | None] = mapped_column(ForeignKey("approvals.id"))
    # This line's share of the sale discount (pos.core.pricing.spread).
    sale_discount: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The catalog cost (HPP) of a unit at sale time, for cost of goods and profit. NULL only
    # for a line written by code that does not set it: reports then take the catalog cost.
    unit_cost: Mapped[int | None] = mapped_column(Integer)
    # The workshop that made it, as the catalog said at sale time: premi follows the goods
    # even if the product later moves to another workshop. NULL: none (or not recorded).
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id"))

    sale: Mapped[Sale] = relationship(back_populates="lines")


class Payment(Base):
    """How part or all of a sale was paid, with the change given."""

    __tablename__ = "payments"
    __table_args__ = (not_negative("amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(16))  # tunai, qris, transfer, debit, lainnya
    # What the payment settles; for cash, tendered - change = amount.
    amount: Mapped[int] = mapped_column(Integer)
    tendered: Mapped[int] = mapped_column(Integer)
    change: Mapped[int] = mapped_column(Integer, default=0)
    reference: Mapped[str | None] = mapped_column(String(80))
    bank: Mapped[str | None] = mapped_column(String(40))
    # The cashier saw the money arrive (QRIS notification, transfer, EDC slip); cash: always.
    confirmed: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")

    sale: Mapped[Sale] = relationship(back_populates="payments")


class BundleItem(Base):
    """One component of a bundle (a hamper): selling the bundle takes `qty` of it out of stock."""

    __tablename__ = "bundle_items"
    __table_args__ = (positive("qty"),)

    bundle_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )
    component_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    qty: Mapped[int] = mapped_column(Integer)


class StockDoc(Base):
    """A stock document: a delivery received from a workshop, an adjustment, a stock count."""

    __tablename__ = "stock_docs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # receive, adjust, count, import
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id"))
    reason: Mapped[str | None] = mapped_column(String(16))  # rusak, hilang, sampel, koreksi
    note: Mapped[str | None] = mapped_column(String(200))
    day: Mapped[date] = mapped_column(Date)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # A cashier's adjustment carries the supervisor's approval.
    approval_id: Mapped[int | None] = mapped_column(ForeignKey("approvals.id"))


class QuickKey(Base):
    """A button on the sale screen for a product sold without a barcode (tempe...)."""

    __tablename__ = "quick_keys"
    __table_args__ = (CheckConstraint("position BETWEEN 1 AND 24", name="position_range"),)

    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), unique=True)


class StockMovement(Base):
    """One entry of the stock ledger; stock on hand is the sum of qty per product."""

    __tablename__ = "stock_movements"
    __table_args__ = (
        Index("ix_stock_movements_product_id_id", "product_id", "id"),
        # Covers SUM(qty) GROUP BY product_id without touching the table.
        Index("ix_stock_movements_product_id_qty", "product_id", "qty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    qty: Mapped[int] = mapped_column(Integer)  # signed: + in, - out
    kind: Mapped[str] = mapped_column(String(16))  # opening, sale, receive, adjust, count, return
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"), index=True)
    doc_id: Mapped[int | None] = mapped_column(ForeignKey("stock_docs.id"), index=True)
    # The void or return that brought the goods back (kinds void, return, damaged).
    refund_id: Mapped[int | None] = mapped_column(ForeignKey("refunds.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class PendingCart(Base):
    """The cart being rung up, saved as it changes so that a crash or power cut loses nothing."""

    __tablename__ = "pending_carts"

    id: Mapped[int] = mapped_column(primary_key=True)  # one row per register; 1 for now
    payload: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class AuditEntry(Base):
    """Append-only, hash-chained log of sensitive actions."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class ReceiptPrint(Base):
    """One try at printing a receipt; a receipt whose tries all failed is "not printed"."""

    __tablename__ = "receipt_prints"

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    printer: Mapped[str] = mapped_column(String(300))  # the printer setting, e.g. escpos-net:...
    copy: Mapped[bool] = mapped_column(Boolean, default=False)  # a reprint, marked COPY
    ok: Mapped[bool] = mapped_column(Boolean)
    error: Mapped[str | None] = mapped_column(String(300))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


# The documents of approvals, voids and refunds live in their own module; importing them here
# puts their tables on Base.metadata for everyone who imports the models (Alembic too).
from pos.db import models_refunds  # noqa: E402

Approval = models_refunds.Approval
Refund = models_refunds.Refund
RefundLine = models_refunds.RefundLine

# The sales parked at the counter likewise.
from pos.db import models_parked  # noqa: E402

ParkedSale = models_parked.ParkedSale


def full_metadata() -> MetaData:
    """Every table of the chain, the books', the regional office's and the orders' too (Alembic,
    schema checks): their models load at first use, not on the way to the lock screen."""
    from pos.db import models_books, models_central, models_orders, models_summaries  # noqa: F401

    return Base.metadata
