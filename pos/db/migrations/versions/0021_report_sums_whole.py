"""report_sums in whole rupiah: BIGINT figures instead of REAL

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-28

The kept sums of the sales report (pos.services.report_pieces) held floats: by payment method
each sale was shared among its payments by a fraction. It is now shared in whole rupiah (the
largest remainders first), so every figure is an integer; BIGINT, as a region's year of sums
exceeds 32 bits on PostgreSQL. The sums are derived from the documents and built again when a
report next needs them: the table is emptied and every piece unmarked, so nothing of the old
floats is ever read.
"""

import sqlalchemy as sa
from alembic import op


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

_FIGURES = ("qty", "gross", "discount", "refunds", "net", "cost")


def _renew(figure: sa.types.TypeEngine[int] | sa.types.TypeEngine[float]) -> None:
    """Empty the derived sums and unmark every piece, then give the figures their type."""
    op.execute("DELETE FROM report_pieces")
    op.execute("DELETE FROM report_sums")
    with op.batch_alter_table("report_sums", schema=None) as batch_op:
        for name in _FIGURES:
            batch_op.alter_column(name, type_=figure, existing_nullable=False)


def upgrade() -> None:
    _renew(sa.BigInteger())


def downgrade() -> None:
    _renew(sa.Float())
