"""report_sums and report_pieces: the sales report's figures per key and piece of time

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-28

A report over a year read every sale line of it (300k at a busy stand, millions across a
region); it reads these sums instead: per key and stand, per closed day, month or year
(pos.services.report_pieces). They are built from the documents when a report first needs
them, so an upgraded database loses nothing and needs no backfill here: until a piece is
built (marked in report_pieces) the report reads its documents, as before.
"""

import sqlalchemy as sa
from alembic import op


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_pieces",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("by", sa.String(length=16), nullable=False),
        sa.Column("level", sa.String(length=1), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("stand", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_pieces")),
        sa.UniqueConstraint("source", "level", "start", "by", name="report_pieces_piece"),
    )
    op.create_table(
        "report_sums",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("by", sa.String(length=16), nullable=False),
        sa.Column("level", sa.String(length=1), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("stand", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("sales", sa.Integer(), nullable=False),
        sa.Column("qty", sa.Float(), nullable=False),
        sa.Column("gross", sa.Float(), nullable=False),
        sa.Column("discount", sa.Float(), nullable=False),
        sa.Column("refunds", sa.Float(), nullable=False),
        sa.Column("net", sa.Float(), nullable=False),
        sa.Column("cost", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_sums")),
    )
    with op.batch_alter_table("report_sums", schema=None) as batch_op:
        batch_op.create_index(
            "ix_report_sums_piece", ["source", "by", "level", "start", "key"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("report_sums", schema=None) as batch_op:
        batch_op.drop_index("ix_report_sums_piece")
    op.drop_table("report_sums")
    op.drop_table("report_pieces")
