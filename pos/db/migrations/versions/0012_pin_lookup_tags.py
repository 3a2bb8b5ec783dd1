"""PIN lookup tags: users.pin_tag and the database's random key

Existing users get no tag: the PIN is not known here. They are checked as before until their
next login (or a new PIN) gives them one (pos.services.pins).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27 19:04:07.232337
"""

import sqlalchemy as sa
from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pin_lookup_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.LargeBinary(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pin_lookup_key'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pin_tag', sa.Integer(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('pin_tag')

    op.drop_table('pin_lookup_key')
