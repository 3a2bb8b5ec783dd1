"""report pieces keep their members; report_sums' rows of negative net indexed

Revision ID: 0027
Revises: 0026
Create Date: 2026-11-28

A year-long period that is not a calendar year is reported from the kept year, less and plus
the pieces around it (pos.services.report_bound). Adding those pieces up key by key (50k rows
for two and a half months of 88k products) took half a second; the top rows now need only the
few keys whose net the removed pieces lower below nothing (an index of the rows of negative
net: refunds), and the number of keys is the bits set in the period's pieces' members (each
piece's counted keys, numbered in report_keys) or-ed together. Plain ADD COLUMN: no table is
rebuilt, so the on-hand and report-mark triggers (0018, 0020) stay as they are. Pieces marked
before have no members; they get them when a report first needs them.
"""

import sqlalchemy as sa
from alembic import op


revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None

_BACK = "net < 0"


def upgrade() -> None:
    op.create_table(
        "report_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("by", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_keys")),
        sa.UniqueConstraint("source", "by", "key", name="report_keys_key"),
    )
    op.add_column("report_pieces", sa.Column("members", sa.LargeBinary(), nullable=True))
    op.create_index(
        "ix_report_sums_back",
        "report_sums",
        ["source", "by", "level", "start", "key"],
        unique=False,
        sqlite_where=sa.text(_BACK),
        postgresql_where=sa.text(_BACK),
    )


def downgrade() -> None:
    op.drop_index("ix_report_sums_back", table_name="report_sums")
    # Plain DROP COLUMN (SQLite 3.35+): a batch would rebuild the table without its triggers.
    op.drop_column("report_pieces", "members")
    op.drop_table("report_keys")
