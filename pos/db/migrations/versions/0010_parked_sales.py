"""parked sales

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27

A new table only: sales parked at the counter (a cart under a label) until recalled or
dropped. Older databases have none parked.
"""

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('parked_sales',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('parked_at', sa.DateTime(), nullable=False),
    sa.Column('parked_by', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('parked', 'recalled', 'dropped')", name=op.f('ck_parked_sales_status_known')),
    sa.ForeignKeyConstraint(['closed_by'], ['users.id'], name=op.f('fk_parked_sales_closed_by_users')),
    sa.ForeignKeyConstraint(['parked_by'], ['users.id'], name=op.f('fk_parked_sales_parked_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parked_sales'))
    )
    with op.batch_alter_table('parked_sales', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parked_sales_status'), ['status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('parked_sales', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parked_sales_status'))

    op.drop_table('parked_sales')
