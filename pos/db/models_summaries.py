"""Summaries the reports read instead of a region's documents, kept by the central import."""

from datetime import date

from sqlalchemy import BigInteger, Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.models import Base


class CentralDayMethod(Base):
    """What one stand's day took in by one payment method, from its sales as exported
    (completed ones: a void that came with a later day is taken off when reading)."""

    __tablename__ = "central_day_methods"
    __table_args__ = (
        UniqueConstraint("stand", "day", "method", name="central_day_methods_stand_day_method"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stand: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date, index=True)
    method: Mapped[str] = mapped_column(String(16))
    sales_count: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(BigInteger)
