"""central_day_methods dropped: the reports read the kept sums of report_sums instead

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-28

Migration 0015's per stand-day sums by payment method were rebuilt by every import but read
by no report since the report builder keeps its own sums per key (0019). A downgrade makes
the table again and sums it up from the imported payments, as 0015 did.
"""

import importlib.util
from pathlib import Path

from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("central_day_methods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_central_day_methods_day"))
    op.drop_table("central_day_methods")


def downgrade() -> None:
    # The table as 0015 made it, summed up again from the imported payments.
    path = Path(__file__).with_name("0015_central_day_methods.py")
    spec = importlib.util.spec_from_file_location("lapak_migration_0015", path)
    assert spec is not None and spec.loader is not None
    made = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(made)
    made.upgrade()
