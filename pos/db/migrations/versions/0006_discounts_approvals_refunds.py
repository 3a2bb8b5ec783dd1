"""discounts, approvals, voids and refunds

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27

Old sales and lines get no discount (0) and no approval; their line_total already is what the
line brought in. Sales never change again: a void or a return is a row of `refunds`.
"""

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('approvals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('approver_id', sa.Integer(), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['approver_id'], ['users.id'], name=op.f('fk_approvals_approver_id_users')),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_approvals_requested_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_approvals'))
    )
    op.create_table('refunds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('refund_no', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('stand', sa.String(length=16), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('sale_id', sa.Integer(), nullable=False),
    sa.Column('shift_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('approval_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=True),
    sa.Column('reference', sa.String(length=80), nullable=True),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('total >= 0', name=op.f('ck_refunds_total_not_negative')),
    sa.ForeignKeyConstraint(['approval_id'], ['approvals.id'], name=op.f('fk_refunds_approval_id_approvals')),
    sa.ForeignKeyConstraint(['sale_id'], ['sales.id'], name=op.f('fk_refunds_sale_id_sales')),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_refunds_shift_id_shifts')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_refunds_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refunds')),
    sa.UniqueConstraint('refund_no', name=op.f('uq_refunds_refund_no')),
    sa.UniqueConstraint('stand', 'kind', 'day', 'seq', name='stand_kind_day_seq')
    )
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refunds_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_refunds_sale_id'), ['sale_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_refunds_shift_id'), ['shift_id'], unique=False)

    op.create_table('refund_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('refund_id', sa.Integer(), nullable=False),
    sa.Column('sale_line_id', sa.Integer(), nullable=False),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('disposition', sa.String(length=8), nullable=False),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_refund_lines_amount_not_negative')),
    sa.CheckConstraint('qty > 0', name=op.f('ck_refund_lines_qty_positive')),
    sa.ForeignKeyConstraint(['refund_id'], ['refunds.id'], name=op.f('fk_refund_lines_refund_id_refunds')),
    sa.ForeignKeyConstraint(['sale_line_id'], ['sale_lines.id'], name=op.f('fk_refund_lines_sale_line_id_sale_lines')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refund_lines'))
    )
    with op.batch_alter_table('refund_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refund_lines_refund_id'), ['refund_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_refund_lines_sale_line_id'), ['sale_line_id'], unique=False)

    with op.batch_alter_table('sale_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('list_price', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('price_approval_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('discount', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('discount_kind', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('discount_value', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('discount_reason', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('discount_approval_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('sale_discount', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_sale_lines_discount_approval_id_approvals'), 'approvals', ['discount_approval_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_sale_lines_price_approval_id_approvals'), 'approvals', ['price_approval_id'], ['id'])

    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.add_column(sa.Column('discount', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('discount_kind', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('discount_value', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('discount_reason', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('discount_approval_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_sales_discount_approval_id_approvals'), 'approvals', ['discount_approval_id'], ['id'])

    with op.batch_alter_table('stock_docs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approval_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_stock_docs_approval_id_approvals'), 'approvals', ['approval_id'], ['id'])

    with op.batch_alter_table('stock_movements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('refund_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_stock_movements_refund_id_refunds'), 'refunds', ['refund_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('stock_movements', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_stock_movements_refund_id_refunds'), type_='foreignkey')
        batch_op.drop_column('refund_id')

    with op.batch_alter_table('stock_docs', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_stock_docs_approval_id_approvals'), type_='foreignkey')
        batch_op.drop_column('approval_id')

    with op.batch_alter_table('sales', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_sales_discount_approval_id_approvals'), type_='foreignkey')
        batch_op.drop_column('discount_approval_id')
        batch_op.drop_column('discount_reason')
        batch_op.drop_column('discount_value')
        batch_op.drop_column('discount_kind')
        batch_op.drop_column('discount')

    with op.batch_alter_table('sale_lines', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_sale_lines_price_approval_id_approvals'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_sale_lines_discount_approval_id_approvals'), type_='foreignkey')
        batch_op.drop_column('sale_discount')
        batch_op.drop_column('discount_approval_id')
        batch_op.drop_column('discount_reason')
        batch_op.drop_column('discount_value')
        batch_op.drop_column('discount_kind')
        batch_op.drop_column('discount')
        batch_op.drop_column('price_approval_id')
        batch_op.drop_column('list_price')

    with op.batch_alter_table('refund_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refund_lines_sale_line_id'))
        batch_op.drop_index(batch_op.f('ix_refund_lines_refund_id'))

    op.drop_table('refund_lines')
    with op.batch_alter_table('refunds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refunds_shift_id'))
        batch_op.drop_index(batch_op.f('ix_refunds_sale_id'))
        batch_op.drop_index(batch_op.f('ix_refunds_day'))

    op.drop_table('refunds')
    op.drop_table('approvals')
