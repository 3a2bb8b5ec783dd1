"""Orders (pesanan) and their payments (kuitansi): made-to-order and bulk orders with a DP.

An order is numbered `<STAND>-PO-<YYYY>-<NNNN>`, each payment's kuitansi
`<STAND>-KW-<YYYY>-<NNNN>` and a DP paid back on cancelling `<STAND>-PB-<YYYY>-<NNNN>`, all
gapless per stand and year. What was ordered and paid never changes; the order's status moves
on (dipesan, dp, diproduksi, siap, diambil, batal), each move in the audit log.
"""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pos.db.columns import not_negative, positive, unique_together
from pos.db.models import Base


class Order(Base):
    """A customer's order: items, due date, total; paid by OrderPayments, sold at pickup."""

    __tablename__ = "orders"
    __table_args__ = (unique_together("stand", "year", "seq"), not_negative("total"))

    id: Mapped[int] = mapped_column(primary_key=True)
    order_no: Mapped[str] = mapped_column(String(40), unique=True)
    stand: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    customer: Mapped[str] = mapped_column(String(80))
    phone: Mapped[str | None] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))  # stand, whatsapp, instagram, ecommerce...
    due: Mapped[date] = mapped_column(Date, index=True)
    note: Mapped[str | None] = mapped_column(String(300))
    total: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # What happens to the order after it was taken (not covered by its audit digest).
    status: Mapped[str] = mapped_column(String(12), default="dipesan", index=True)
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"))  # the pickup's sale
    pickup_approval_id: Mapped[int | None] = mapped_column(ForeignKey("approvals.id"))
    cancel_approval_id: Mapped[int | None] = mapped_column(ForeignKey("approvals.id"))
    # On cancelling: 'refund' (the DP went back: an OrderPayment of kind refund) or 'forfeit'
    # (the stand keeps it), and how much was kept.
    cancel_mode: Mapped[str | None] = mapped_column(String(8))
    forfeited: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)

    lines: Mapped[list["OrderLine"]] = relationship(order_by="OrderLine.id")
    payments: Mapped[list["OrderPayment"]] = relationship(order_by="OrderPayment.id")


class OrderLine(Base):
    """One item of an order: a catalog product, or a free item (description, price, workshop)."""

    __tablename__ = "order_lines"
    __table_args__ = (positive("qty"), not_negative("unit_price"))

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    # NULL for a free item until the pickup gives it a product of its own (not for sale).
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    sku: Mapped[str | None] = mapped_column(String(48))
    name: Mapped[str] = mapped_column(String(200))
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id"))
    qty: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[int] = mapped_column(Integer)
    line_total: Mapped[int] = mapped_column(Integer)


class OrderPayment(Base):
    """Money received for an order (kind 'payment', a kuitansi) or paid back when it was
    cancelled (kind 'refund'); in the open shift's cash and Z report."""

    __tablename__ = "order_payments"
    __table_args__ = (
        # A kuitansi paid by two methods (cash and QRIS) is two rows under one number.
        unique_together("doc_no", "method"),
        positive("amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_no: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # payment, refund
    stand: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)  # gapless per stand, kind and year
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    # NULL only for a non-cash payment taken while no shift was open (at a desk, by the CLI):
    # no drawer is involved; the day's export still lists it.
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    method: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(Integer)
    tendered: Mapped[int] = mapped_column(Integer)
    change: Mapped[int] = mapped_column(Integer, default=0)
    reference: Mapped[str | None] = mapped_column(String(80))
    bank: Mapped[str | None] = mapped_column(String(40))
    confirmed: Mapped[bool] = mapped_column(Boolean, default=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approval_id: Mapped[int | None] = mapped_column(ForeignKey("approvals.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
