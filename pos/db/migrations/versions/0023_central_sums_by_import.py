"""The regional import builds the report sums: central_day_methods dropped, receipt indexes

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-28

Migration 0015's per stand-day sums by payment method were rebuilt by every import but read
by no report since the report builder keeps its own sums per key (0019): dropped. A downgrade
makes the table again and sums it up from the imported payments, as 0015 did.
The import now builds each stand-day's report sums (pos.services.report_summaries): a sale's
payments are found by receipt number, and the orders and the voids by partial indexes, so
that building a stand-day reads that day's rows only, not every payment of the region.
"""

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


_INDEXES = (
    ("central_payments", "receipt_no", None),
    ("central_payments", "by_order", "method = 'pesanan'"),
    ("central_refunds", "voids", "kind = 'void'"),
)


def upgrade() -> None:
    for table, name, where in _INDEXES:
        only = {}
        if where is not None:
            only = {"sqlite_where": sa.text(where), "postgresql_where": sa.text(where)}
        op.create_index(f"ix_{table}_{name}", table, ["receipt_no"], unique=False, **only)
    with op.batch_alter_table("central_day_methods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_central_day_methods_day"))
    op.drop_table("central_day_methods")


def downgrade() -> None:
    for table, name, _where in _INDEXES:
        op.drop_index(f"ix_{table}_{name}", table_name=table)
    # The table as 0015 made it, summed up again from the imported payments.
    path = Path(__file__).with_name("0015_central_day_methods.py")
    spec = importlib.util.spec_from_file_location("lapak_migration_0015", path)
    assert spec is not None and spec.loader is not None
    made = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(made)
    made.upgrade()
