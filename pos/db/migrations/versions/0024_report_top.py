"""report_pieces keep their totals; report_sums indexed by net for the top rows

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-28

A report's top keys by net and the others added up in one row (pos.services.report_top) read
every row of a year's sums twice: to sort them by net, and to add them up. The index by net
makes the top keys of a piece an index walk; a piece built at once for one stand keeps its
rows added up on its mark, so the others' row is the whole less the top rows. Pieces marked
before have no totals (NULL): their rows are added up as before, until built again.
"""

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

_TOTALS = ("sales", "qty", "gross", "discount", "refunds", "net", "cost")


def upgrade() -> None:
    with op.batch_alter_table("report_pieces", schema=None) as batch_op:
        batch_op.add_column(sa.Column("keys", sa.Integer(), nullable=True))
        for name in _TOTALS:
            batch_op.add_column(sa.Column(name, sa.BigInteger(), nullable=True))
    op.create_index(
        "ix_report_sums_top",
        "report_sums",
        ["source", "by", "level", "start", "net"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_report_sums_top", table_name="report_sums")
    # SQLite drops a column by copying the table: 0020's triggers that unmark report_pieces
    # would name a table gone for a moment; they are made again after.
    triggers = _unmarking() if op.get_bind().dialect.name == "sqlite" else {}
    for name in triggers:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("report_pieces", schema=None) as batch_op:
        for name in reversed(("keys", *_TOTALS)):
            batch_op.drop_column(name)
    for name, (when, then) in triggers.items():
        op.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {when} BEGIN {then}; END")


def _unmarking() -> dict[str, tuple[str, str]]:
    path = Path(__file__).with_name("0020_report_pieces_names.py")
    spec = importlib.util.spec_from_file_location("lapak_migration_0020", path)
    assert spec is not None and spec.loader is not None
    made = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(made)
    return dict(made.TRIGGERS)
