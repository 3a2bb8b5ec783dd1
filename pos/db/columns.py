"""Pieces shared by the models: constraints named by the house's rule, and column sets."""

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

# Rupiah that a region's sums can grow past 2^31 in: BIGINT on PostgreSQL; SQLite's INTEGER
# holds 64 bits already (so a stand's tables stay as they were made).
Money64 = BigInteger().with_variant(Integer(), "sqlite")


# The house's constraint names (models.NAMING prefixes them with the table): one rule, written once.
def positive(column: str) -> CheckConstraint:
    """CHECK (column > 0), named `<column>_positive`."""
    return CheckConstraint(f"{column} > 0", name=f"{column}_positive")


def not_negative(column: str) -> CheckConstraint:
    """CHECK (column >= 0), named `<column>_not_negative`."""
    return CheckConstraint(f"{column} >= 0", name=f"{column}_not_negative")


def unique_together(*columns: str) -> UniqueConstraint:
    """UNIQUE over the columns, named by them joined with `_` (`stand_day_seq`)."""
    return UniqueConstraint(*columns, name="_".join(columns))


class TypedDiscount:
    """A discount in rupiah and how the cashier typed it (sales and sale lines both have one)."""

    # Mixin columns come after the table's own in create_all; the migrations decide the real order.
    discount: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    discount_kind: Mapped[str | None] = mapped_column(String(8))  # percent, amount
    discount_value: Mapped[int | None] = mapped_column(Integer)
    discount_reason: Mapped[str | None] = mapped_column(String(200))
    discount_approval_id: Mapped[int | None] = mapped_column(ForeignKey("approvals.id"))


class Recorded:
    """When a document was written and by which user (None where no user of this database did)."""

    # Mixin columns come after the table's own in create_all; the migrations decide the real order.
    created_at: Mapped[datetime] = mapped_column(DateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
