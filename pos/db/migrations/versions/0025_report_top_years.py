"""report_sums indexed by net for the years' rows only

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-28

Migration 0024's index by net made a year's top keys an index walk, but it covered every row
of report_sums: building a year's sums from the documents for the first time took 2 s more
(6.6 s instead of 4.6 s for a year of 300k sale lines), each month's and day's row a random
insert into it. It now covers the years' rows only (a partial index): the build costs as
before, and a month's 20k rows sort in milliseconds without it.
"""

import sqlalchemy as sa
from alembic import op


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None

_COLUMNS = ["source", "by", "level", "start", "net"]
_YEARS = "level = 'y'"


def upgrade() -> None:
    op.drop_index("ix_report_sums_top", table_name="report_sums")
    op.create_index(
        "ix_report_sums_top",
        "report_sums",
        _COLUMNS,
        unique=False,
        sqlite_where=sa.text(_YEARS),
        postgresql_where=sa.text(_YEARS),
    )


def downgrade() -> None:
    op.drop_index("ix_report_sums_top", table_name="report_sums")
    op.create_index("ix_report_sums_top", "report_sums", _COLUMNS, unique=False)
