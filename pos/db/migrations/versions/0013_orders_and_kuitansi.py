"""orders and kuitansi

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27

New tables only: orders (pesanan), their lines and their payments and DP refunds (kuitansi).
Old databases gain empty tables; nothing existing changes.
"""

import sqlalchemy as sa
from alembic import op


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_no', sa.String(length=40), nullable=False),
    sa.Column('stand', sa.String(length=16), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('customer', sa.String(length=80), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('sale_id', sa.Integer(), nullable=True),
    sa.Column('pickup_approval_id', sa.Integer(), nullable=True),
    sa.Column('cancel_approval_id', sa.Integer(), nullable=True),
    sa.Column('cancel_mode', sa.String(length=8), nullable=True),
    sa.Column('forfeited', sa.Integer(), server_default='0', nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('total >= 0', name=op.f('ck_orders_total_not_negative')),
    sa.ForeignKeyConstraint(['cancel_approval_id'], ['approvals.id'], name=op.f('fk_orders_cancel_approval_id_approvals')),
    sa.ForeignKeyConstraint(['pickup_approval_id'], ['approvals.id'], name=op.f('fk_orders_pickup_approval_id_approvals')),
    sa.ForeignKeyConstraint(['sale_id'], ['sales.id'], name=op.f('fk_orders_sale_id_sales')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_orders_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_orders')),
    sa.UniqueConstraint('order_no', name=op.f('uq_orders_order_no')),
    sa.UniqueConstraint('stand', 'year', 'seq', name='stand_year_seq')
    )
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_orders_due'), ['due'], unique=False)
        batch_op.create_index(batch_op.f('ix_orders_status'), ['status'], unique=False)

    op.create_table('order_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('sku', sa.String(length=48), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=True),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('unit_price', sa.Integer(), nullable=False),
    sa.Column('line_total', sa.Integer(), nullable=False),
    sa.CheckConstraint('qty > 0', name=op.f('ck_order_lines_qty_positive')),
    sa.CheckConstraint('unit_price >= 0', name=op.f('ck_order_lines_unit_price_not_negative')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_order_lines_order_id_orders')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_order_lines_product_id_products')),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_order_lines_workshop_id_workshops')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_lines'))
    )
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_lines_order_id'), ['order_id'], unique=False)

    op.create_table('order_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_no', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('stand', sa.String(length=16), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('shift_id', sa.Integer(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('tendered', sa.Integer(), nullable=False),
    sa.Column('change', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=80), nullable=True),
    sa.Column('bank', sa.String(length=40), nullable=True),
    sa.Column('confirmed', sa.Boolean(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('approval_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_order_payments_amount_positive')),
    sa.ForeignKeyConstraint(['approval_id'], ['approvals.id'], name=op.f('fk_order_payments_approval_id_approvals')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_order_payments_order_id_orders')),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_order_payments_shift_id_shifts')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_order_payments_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_payments')),
    sa.UniqueConstraint('doc_no', 'method', name='doc_no_method')
    )
    with op.batch_alter_table('order_payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_payments_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_payments_doc_no'), ['doc_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_payments_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_payments_shift_id'), ['shift_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('order_payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_payments_shift_id'))
        batch_op.drop_index(batch_op.f('ix_order_payments_order_id'))
        batch_op.drop_index(batch_op.f('ix_order_payments_doc_no'))
        batch_op.drop_index(batch_op.f('ix_order_payments_day'))

    op.drop_table('order_payments')
    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_lines_order_id'))

    op.drop_table('order_lines')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orders_status'))
        batch_op.drop_index(batch_op.f('ix_orders_due'))

    op.drop_table('orders')
