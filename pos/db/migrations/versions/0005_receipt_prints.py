"""receipt prints: every try at printing a receipt, so failed ones can be found and reprinted

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('receipt_prints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sale_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('printer', sa.String(length=300), nullable=False),
    sa.Column('copy', sa.Boolean(), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('error', sa.String(length=300), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['sale_id'], ['sales.id'], name=op.f('fk_receipt_prints_sale_id_sales')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_receipt_prints_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_receipt_prints'))
    )
    with op.batch_alter_table('receipt_prints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_receipt_prints_sale_id'), ['sale_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('receipt_prints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_receipt_prints_sale_id'))

    op.drop_table('receipt_prints')
