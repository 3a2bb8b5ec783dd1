"""central_day_methods: what each imported stand-day took in per payment method

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-27

A region's yearly report by payment method read every payment of the year (millions of rows);
it reads these sums instead, kept by the central import (pos.services.report_summaries). A
central database imported before is summed up here from its payments.
"""

import sqlalchemy as sa
from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "central_day_methods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stand", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("sales_count", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_day_methods")),
        sa.UniqueConstraint("stand", "day", "method", name="central_day_methods_stand_day_method"),
    )
    with op.batch_alter_table("central_day_methods", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_central_day_methods_day"), ["day"], unique=False)
    op.execute(
        "INSERT INTO central_day_methods (stand, day, method, sales_count, amount) "
        "SELECT stand, day, method, COUNT(DISTINCT receipt_no), SUM(amount) "
        "FROM central_payments WHERE status = 'completed' GROUP BY stand, day, method"
    )


def downgrade() -> None:
    with op.batch_alter_table("central_day_methods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_central_day_methods_day"))
    op.drop_table("central_day_methods")
