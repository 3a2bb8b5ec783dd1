"""audit chain heads: on exports and Z reports, and as the office received them

Revision ID: 0026
Revises: 0025
Create Date: 2026-11-28

The chain's head leaves the stand with each export (manifest.json) and on each Z report, so
that a whole-chain rewrite inside the file shows (pos.services.audit_anchor). A stand keeps the
head of each export (the next export hashes that entry again) and of each shift's close; the
office keeps every head it received per stand (central_audit_heads). Plain ADD COLUMNs: no
table is rebuilt, so the on-hand and report-mark triggers (0018, 0020) stay as they are.
"""

import sqlalchemy as sa
from alembic import op


revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "central_audit_heads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stand", sa.String(length=16), nullable=False),
        sa.Column("entry_id", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("folder", sa.String(length=200), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["stand"],
            ["central_stands.code"],
            name=op.f("fk_central_audit_heads_stand_central_stands"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_central_audit_heads")),
        sa.UniqueConstraint("stand", "entry_id", name="central_audit_heads_entry"),
    )
    op.add_column("exports", sa.Column("head_id", sa.Integer(), nullable=True))
    op.add_column("exports", sa.Column("head_hash", sa.String(length=64), nullable=True))
    op.add_column("shifts", sa.Column("close_head_id", sa.Integer(), nullable=True))
    op.add_column("shifts", sa.Column("close_head_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): a batch would rebuild shifts without its triggers.
    op.drop_column("shifts", "close_head_hash")
    op.drop_column("shifts", "close_head_id")
    op.drop_column("exports", "head_hash")
    op.drop_column("exports", "head_id")
    op.drop_table("central_audit_heads")
