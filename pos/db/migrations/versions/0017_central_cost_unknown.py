"""central lines: an index of those imported without their cost

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-28

Exports from before line costs import with unit_cost NULL, and a report across stands says how
much revenue has no known cost. A partial index holds just those lines: empty while every
cost is known, so finding that none is missing reads nothing (a region's year has millions).
"""

import sqlalchemy as sa
from alembic import op


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

TABLES = ("central_sale_lines", "central_refund_lines")


def upgrade() -> None:
    where = sa.text("unit_cost IS NULL")
    for table in TABLES:
        op.create_index(
            f"ix_{table}_cost_unknown", table, ["day", "stand"], unique=False,
            sqlite_where=where, postgresql_where=where,
        )  # fmt: skip


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_cost_unknown", table_name=table)
