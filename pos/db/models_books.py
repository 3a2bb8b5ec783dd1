"""The books: dated revenue splits, frozen recaps with their shares, PNBP deposits, targets.

Splits, recaps and deposits are documents: written once, never edited or deleted. A change of
split is a new split from a later date; a correction of a recap is a new recap referring to it.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.columns import Money64, Recorded, not_negative, positive
from pos.db.models import Base


class RevenueSplit(Recorded, Base):
    """How the base (sales or profit) is shared, from `valid_from` on, until a later split."""

    __tablename__ = "revenue_splits"

    id: Mapped[int] = mapped_column(primary_key=True)
    valid_from: Mapped[date] = mapped_column(Date, index=True)
    base: Mapped[str] = mapped_column(String(8))  # sales, profit
    # The share that takes the rupiah left over by rounding each share down.
    remainder_to: Mapped[str] = mapped_column(String(40))


class RevenueSplitShare(Base):
    """One named share of a split, in basis points (1 % = 100); a split's shares sum to 10000."""

    __tablename__ = "revenue_split_shares"
    __table_args__ = (CheckConstraint("bp BETWEEN 0 AND 10000", name="bp_range"),)

    split_id: Mapped[int] = mapped_column(ForeignKey("revenue_splits.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    bp: Mapped[int] = mapped_column(Integer)


class Recap(Recorded, Base):
    """A numbered, frozen recap of a period: its figures and shares as computed that day."""

    __tablename__ = "recaps"

    id: Mapped[int] = mapped_column(primary_key=True)
    recap_no: Mapped[str] = mapped_column(String(40), unique=True)
    stand: Mapped[str] = mapped_column(String(16))
    seq: Mapped[int] = mapped_column(Integer)
    from_day: Mapped[date] = mapped_column(Date)
    to_day: Mapped[date] = mapped_column(Date, index=True)
    # A recap of the same period made earlier, which this one corrects.
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("recaps.id"))
    base: Mapped[str] = mapped_column(String(16))  # sales, profit, or both joined by "+"
    sales_count: Mapped[int] = mapped_column(Integer)
    gross: Mapped[int] = mapped_column(Money64)
    discount: Mapped[int] = mapped_column(Money64)
    refunds: Mapped[int] = mapped_column(Money64)
    net: Mapped[int] = mapped_column(Money64)
    cost: Mapped[int] = mapped_column(Money64)
    base_total: Mapped[int] = mapped_column(Money64)
    detail: Mapped[str] = mapped_column(Text)  # JSON: workshops, the splits applied
    # Who made it when no user of this database did: an office's recap across stands (0016).
    made_by: Mapped[str | None] = mapped_column(String(80))


class RecapShare(Base):
    """What one share came to for one workshop in a recap ('' for goods of no workshop)."""

    __tablename__ = "recap_shares"

    id: Mapped[int] = mapped_column(primary_key=True)
    recap_id: Mapped[int] = mapped_column(ForeignKey("recaps.id"), index=True)
    workshop: Mapped[str] = mapped_column(String(80))
    share: Mapped[str] = mapped_column(String(40))
    amount: Mapped[int] = mapped_column(Money64)


class Deposit(Recorded, Base):
    """PNBP paid into the treasury against a recap: SIMPONI billing code and the bank's NTPN."""

    __tablename__ = "deposits"
    __table_args__ = (positive("amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recap_id: Mapped[int] = mapped_column(ForeignKey("recaps.id"), index=True)
    billing_code: Mapped[str] = mapped_column(String(15))
    ntpn: Mapped[str] = mapped_column(String(16))
    bank: Mapped[str] = mapped_column(String(40))
    day: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Integer)


class PnbpTarget(Base):
    """The PNBP the stand is asked to bring in over a calendar year (a setting per year)."""

    __tablename__ = "pnbp_targets"
    __table_args__ = (not_negative("amount"),)

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    amount: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
