"""recaps: 64-bit money on PostgreSQL, and who made an office's recap

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-28

The regional office freezes recaps across stands in its central database: a region's year of
sales outgrows a 32-bit INTEGER (2^31 rupiah is about Rp2,1 miliar). PostgreSQL's recap
columns become BIGINT; SQLite's INTEGER holds 64 bits already and is left alone. `made_by`
names the office's person who made a recap there (the central database has no users).
"""

import sqlalchemy as sa
from alembic import op


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

MONEY = {
    "recaps": ("gross", "discount", "refunds", "net", "cost", "base_total"),
    "recap_shares": ("amount",),
}


def _money(to: sa.types.TypeEngine, was: sa.types.TypeEngine) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in MONEY.items():
        for column in columns:
            op.alter_column(table, column, type_=to, existing_type=was, existing_nullable=False)


def upgrade() -> None:
    _money(sa.BigInteger(), sa.Integer())
    with op.batch_alter_table("recaps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("made_by", sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("recaps", schema=None) as batch_op:
        batch_op.drop_column("made_by")
    _money(sa.Integer(), sa.BigInteger())
