"""each sale keeps its lines added up (qty, gross, cost) for fast reports

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27

A year's report by day, hour, cashier or payment method read 300k sale lines joined to their
sales (about a second); with the sums on each sale it reads 100k sales. Old sales get their
lines' sums here; from now on the trigger `sale_lines_sums` adds each line as it is written,
whatever code writes it, in the same transaction. A later batch migration that recreates
`sale_lines` drops the trigger: such a migration must create it again (create_sums_trigger()).
"""

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

TRIGGER = "sale_lines_sums"


def create_sums_trigger() -> None:
    op.execute(
        f"CREATE TRIGGER IF NOT EXISTS {TRIGGER} AFTER INSERT ON sale_lines BEGIN "
        "UPDATE sales SET qty = qty + NEW.qty, gross = gross + NEW.qty * NEW.unit_price, "
        "cost = cost + NEW.qty * COALESCE(NEW.unit_cost, "
        "(SELECT p.cost FROM products p WHERE p.id = NEW.product_id), 0) "
        "WHERE id = NEW.sale_id; END"
    )


def upgrade() -> None:
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.add_column(sa.Column('qty', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('gross', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('cost', sa.Integer(), server_default='0', nullable=False))
    op.execute(
        "UPDATE sales SET "
        "qty = COALESCE((SELECT SUM(l.qty) FROM sale_lines l WHERE l.sale_id = sales.id), 0), "
        "gross = COALESCE((SELECT SUM(l.qty * l.unit_price) FROM sale_lines l "
        "WHERE l.sale_id = sales.id), 0), "
        "cost = COALESCE((SELECT SUM(l.qty * COALESCE(l.unit_cost, 0)) FROM sale_lines l "
        "WHERE l.sale_id = sales.id), 0)"
    )
    # SQLite's trigger: a stand's sales are written there. The regional office's PostgreSQL
    # (issue 16, same chain) never writes a stand's sales: it has its own central tables.
    if op.get_bind().dialect.name == "sqlite":
        create_sums_trigger()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")
    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.drop_column('cost')
        batch_op.drop_column('gross')
        batch_op.drop_column('qty')
