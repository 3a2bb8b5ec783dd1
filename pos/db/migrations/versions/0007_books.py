"""books: revenue splits, recaps, deposits, PNBP targets, and the cost of each sale line

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27

Sale lines did not keep the catalog cost (HPP) at sale time. Old lines get the product's cost
as it is at the upgrade: the best figure there is (costs seldom change), and from now on the
checkout writes each line's cost as it sells.
"""

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pnbp_targets',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_pnbp_targets_amount_not_negative')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_pnbp_targets_user_id_users')),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_pnbp_targets'))
    )
    op.create_table('recaps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recap_no', sa.String(length=40), nullable=False),
    sa.Column('stand', sa.String(length=16), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('from_day', sa.Date(), nullable=False),
    sa.Column('to_day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('base', sa.String(length=16), nullable=False),
    sa.Column('sales_count', sa.Integer(), nullable=False),
    sa.Column('gross', sa.Integer(), nullable=False),
    sa.Column('discount', sa.Integer(), nullable=False),
    sa.Column('refunds', sa.Integer(), nullable=False),
    sa.Column('net', sa.Integer(), nullable=False),
    sa.Column('cost', sa.Integer(), nullable=False),
    sa.Column('base_total', sa.Integer(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['corrects_id'], ['recaps.id'], name=op.f('fk_recaps_corrects_id_recaps')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recaps_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recaps')),
    sa.UniqueConstraint('recap_no', name=op.f('uq_recaps_recap_no'))
    )
    with op.batch_alter_table('recaps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recaps_to_day'), ['to_day'], unique=False)

    op.create_table('revenue_splits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('base', sa.String(length=8), nullable=False),
    sa.Column('remainder_to', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_revenue_splits_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revenue_splits'))
    )
    with op.batch_alter_table('revenue_splits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revenue_splits_valid_from'), ['valid_from'], unique=False)

    op.create_table('deposits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recap_id', sa.Integer(), nullable=False),
    sa.Column('billing_code', sa.String(length=15), nullable=False),
    sa.Column('ntpn', sa.String(length=16), nullable=False),
    sa.Column('bank', sa.String(length=40), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('amount > 0', name=op.f('ck_deposits_amount_positive')),
    sa.ForeignKeyConstraint(['recap_id'], ['recaps.id'], name=op.f('fk_deposits_recap_id_recaps')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_deposits_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deposits'))
    )
    with op.batch_alter_table('deposits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deposits_recap_id'), ['recap_id'], unique=False)

    op.create_table('recap_shares',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recap_id', sa.Integer(), nullable=False),
    sa.Column('workshop', sa.String(length=80), nullable=False),
    sa.Column('share', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['recap_id'], ['recaps.id'], name=op.f('fk_recap_shares_recap_id_recaps')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recap_shares'))
    )
    with op.batch_alter_table('recap_shares', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recap_shares_recap_id'), ['recap_id'], unique=False)

    op.create_table('revenue_split_shares',
    sa.Column('split_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('bp', sa.Integer(), nullable=False),
    sa.CheckConstraint('bp BETWEEN 0 AND 10000', name=op.f('ck_revenue_split_shares_bp_range')),
    sa.ForeignKeyConstraint(['split_id'], ['revenue_splits.id'], name=op.f('fk_revenue_split_shares_split_id_revenue_splits')),
    sa.PrimaryKeyConstraint('split_id', 'position', name=op.f('pk_revenue_split_shares'))
    )
    with op.batch_alter_table('sale_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_cost', sa.Integer(), nullable=True))
    op.execute(
        "UPDATE sale_lines SET unit_cost = "
        "(SELECT p.cost FROM products p WHERE p.id = sale_lines.product_id)"
    )



def downgrade() -> None:
    with op.batch_alter_table('sale_lines', schema=None) as batch_op:
        batch_op.drop_column('unit_cost')

    op.drop_table('revenue_split_shares')
    with op.batch_alter_table('recap_shares', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recap_shares_recap_id'))

    op.drop_table('recap_shares')
    with op.batch_alter_table('deposits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deposits_recap_id'))

    op.drop_table('deposits')
    with op.batch_alter_table('revenue_splits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revenue_splits_valid_from'))

    op.drop_table('revenue_splits')
    with op.batch_alter_table('recaps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recaps_to_day'))

    op.drop_table('recaps')
    op.drop_table('pnbp_targets')
