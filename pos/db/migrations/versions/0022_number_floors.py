"""number floors: numbers a restore carries forward; sales parked when a shift closed

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-28

A new table only: per document kind, stand and period, the last number the database a restore
replaced had used. Numbering continues above it, so a restored older backup never gives a
receipt, slip, kuitansi, recap or Z number a second time. Older databases have no floors.

shifts.parked_at_close: the sales still parked when the shift closed (JSON), as its Z report
lists them whenever it is made again. Shifts closed before have none stored (NULL): their Z
report works them out from the parked sales' times.
"""

import sqlalchemy as sa
from alembic import op


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('shifts', sa.Column('parked_at_close', sa.Text(), nullable=True))
    op.create_table('number_floors',
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('stand', sa.String(length=16), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'stand', 'period', name=op.f('pk_number_floors'))
    )


def downgrade() -> None:
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.drop_column('parked_at_close')
    op.drop_table('number_floors')
