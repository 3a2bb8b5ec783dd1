"""Approvals, voids and refunds: documents that point to the sale (or action) they concern.

Sales never change; a void or a return is a Refund, and every approval an Approval row.
"""

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pos.db.columns import not_negative, positive, unique_together
from pos.db.models import Base


class Approval(Base):
    """A supervisor allowing one action: their PIN typed on the spot, or acting themselves.

    Voids, refunds, discounts over a cashier's limit, price overrides, opening the drawer
    without a sale and a cashier's stock adjustments point here: who approved, why and when.
    """

    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(24))  # an action of pos.core.permissions
    approver_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text, default="{}")  # JSON: what exactly was allowed
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Refund(Base):
    """A void (kind 'void': the whole sale, same shift) or a return with refund (kind 'refund':
    some or all lines, any day), linked to the sale it undoes; the sale itself never changes.

    Numbered `<STAND>-V<YYYYMMDD>-NNNN` (void) and `<STAND>-R<YYYYMMDD>-NNNN` (refund), gapless
    per stand, kind and day.
    """

    __tablename__ = "refunds"
    __table_args__ = (unique_together("stand", "kind", "day", "seq"), not_negative("total"))

    id: Mapped[int] = mapped_column(primary_key=True)
    refund_no: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(8))  # void, refund
    stand: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date, index=True)
    seq: Mapped[int] = mapped_column(Integer)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approval_id: Mapped[int] = mapped_column(ForeignKey("approvals.id"))
    reason: Mapped[str] = mapped_column(String(200))
    # How the money went back. NULL for a void: the sale's own payments stop counting.
    method: Mapped[str | None] = mapped_column(String(16))
    reference: Mapped[str | None] = mapped_column(String(80))
    total: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    lines: Mapped[list["RefundLine"]] = relationship(
        back_populates="refund", order_by="RefundLine.id"
    )


class RefundLine(Base):
    """A sale line (part of it) coming back: back to stock, or damaged (written off)."""

    __tablename__ = "refund_lines"
    __table_args__ = (positive("qty"), not_negative("amount"))

    id: Mapped[int] = mapped_column(primary_key=True)
    refund_id: Mapped[int] = mapped_column(ForeignKey("refunds.id"), index=True)
    sale_line_id: Mapped[int] = mapped_column(ForeignKey("sale_lines.id"), index=True)
    qty: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)  # money back for these units
    disposition: Mapped[str] = mapped_column(String(8))  # restock, damaged

    refund: Mapped[Refund] = relationship(back_populates="lines")
