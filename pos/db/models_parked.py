"""Parked sales: carts set aside while the next customer pays, recalled or dropped later.

Not documents: a parked sale never counts as sold and never moves stock. Its row stays, marked
recalled or dropped, so the X report and the audit log can say what happened to it.
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.models import Base


class ParkedSale(Base):
    """A cart parked with a label (a name or a number) until it is recalled or dropped."""

    __tablename__ = "parked_sales"
    __table_args__ = (
        CheckConstraint("status IN ('parked', 'recalled', 'dropped')", name="status_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)  # the cart as JSON (pos.core.cart.Cart.to_dict)
    total: Mapped[int] = mapped_column(Integer)
    items: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(8), default="parked", index=True)
    parked_at: Mapped[datetime] = mapped_column(DateTime)
    parked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
