"""Summaries the reports read instead of documents: built once per closed piece of time
(pos.services.report_pieces), at the regional office by the import."""

from datetime import date
from typing import Annotated

from sqlalchemy import (
    BigInteger,
    Date,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from pos.db.models import Base

YEARS = "level = 'y'"  # the rows of ix_report_sums_top
BACK = "net < 0"  # the rows of ix_report_sums_back
# A figure that can exceed 32 bits (a region's year of sums, on PostgreSQL).
Whole = Annotated[int, mapped_column(BigInteger)]


class ReportSum(Base):
    """One key's sales-report figures over one piece of time (a day, a month or a year) of one
    stand, added up once from the documents (pos.services.report_pieces) so that a report over
    a long period reads few rows; whole rupiah (a region's year exceeds 32 bits: BIGINT)."""

    __tablename__ = "report_sums"
    __table_args__ = (
        Index("ix_report_sums_piece", "source", "by", "level", "start", "key"),
        # A year's top keys by net are an index walk, not a sort of its 88k products. Years
        # only: an index of every row made the first build of a year's sums 2 s slower
        # (months and days are small enough to sort).
        Index(
            "ix_report_sums_top",
            "source",
            "by",
            "level",
            "start",
            "net",
            sqlite_where=text(YEARS),
            postgresql_where=text(YEARS),
        ),
        # The few rows a removed piece lowers a key's net by more than nothing (refunds):
        # the top rows of a period near a kept year (pos.services.report_bound).
        Index(
            "ix_report_sums_back",
            "source",
            "by",
            "level",
            "start",
            "key",
            sqlite_where=text(BACK),
            postgresql_where=text(BACK),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(8))  # "stand" or "central"
    by: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(1))  # "d", "m" or "y"
    start: Mapped[date] = mapped_column(Date)  # the piece's first day
    stand: Mapped[str] = mapped_column(String(16))
    key: Mapped[str | None] = mapped_column(String(200))
    label: Mapped[str | None] = mapped_column(String(200))
    sales: Mapped[int] = mapped_column(Integer)
    # Whole units and rupiah: by payment, each sale is shared among its payments in whole rupiah.
    qty: Mapped[Whole]
    gross: Mapped[Whole]
    discount: Mapped[Whole]
    refunds: Mapped[Whole]
    net: Mapped[Whole]
    cost: Mapped[Whole]


class ReportPiece(Base):
    """A piece of time whose report_sums rows for one key are complete; a document written
    later into it (a late sale, a void, a re-imported day) deletes this mark."""

    __tablename__ = "report_pieces"
    __table_args__ = (
        UniqueConstraint("source", "level", "start", "by", name="report_pieces_piece"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(8))
    by: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(1))
    start: Mapped[date] = mapped_column(Date)
    # The one stand its sums are of (None: several, or none): read without adding up.
    stand: Mapped[str | None] = mapped_column(String(16))
    # Its rows added up (one stand's piece, built at once; None: not kept, add its rows up):
    # the counted keys and their figures, so that the others' row of a top report is the
    # whole less the top rows.
    keys: Mapped[int | None] = mapped_column(Integer)
    sales: Mapped[int | None] = mapped_column(BigInteger)
    qty: Mapped[int | None] = mapped_column(BigInteger)
    gross: Mapped[int | None] = mapped_column(BigInteger)
    discount: Mapped[int | None] = mapped_column(BigInteger)
    refunds: Mapped[int | None] = mapped_column(BigInteger)
    net: Mapped[int | None] = mapped_column(BigInteger)
    cost: Mapped[int | None] = mapped_column(BigInteger)
    # Its counted keys: a bitmap of their ReportKey ids, zlib-compressed (None: not kept; a
    # stand's pieces only) - a period's number of keys is its pieces' bitmaps or-ed.
    members: Mapped[bytes | None] = mapped_column(LargeBinary)


class ReportKey(Base):
    """A key of the kept sums numbered once, for the pieces' members (a stand's only)."""

    __tablename__ = "report_keys"
    __table_args__ = (UniqueConstraint("source", "by", "key", name="report_keys_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(8))
    by: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(200))
