"""central documents: day_id without a foreign key

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-27

The import writes a day's row and its documents in one transaction, and replaces them
together; nothing else writes these tables. The foreign key made PostgreSQL look the day up
again for every COPYed row (about half the server's work for a region's year of exports).
A stand's database has these tables empty; a central SQLite file copies them once here.
"""

from alembic import op


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

TABLES = (
    "central_sales", "central_sale_lines", "central_payments", "central_refunds",
    "central_refund_lines",
)


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_day_id_central_days", type_="foreignkey")


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_foreign_key(
                f"fk_{table}_day_id_central_days", "central_days", ["day_id"], ["id"]
            )
