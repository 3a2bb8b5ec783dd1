"""logins by PIN: kasir role, login guard

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

Users of an older database keep their rows; none of them has a PIN yet, so the app's first
start asks for the admin PIN and the admin then gives the others theirs.
"""

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_guard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('lockouts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_guard'))
    )
    op.add_column('users', sa.Column('last_login_at', sa.DateTime(), nullable=True))
    # The role is spelled as the stand says it (issue 11): kasir, supervisor, admin.
    op.execute("UPDATE users SET role = 'kasir' WHERE role = 'cashier'")


def downgrade() -> None:
    op.execute("UPDATE users SET role = 'cashier' WHERE role = 'kasir'")
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('last_login_at')
    op.drop_table('login_guard')
