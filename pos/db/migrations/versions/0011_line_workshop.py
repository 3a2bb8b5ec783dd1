"""the workshop of each sale line, as the catalog said at sale time

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27

Premi is owed to the workshop that made the goods: a product moved to another workshop later
must not move its past sales. Old lines get their product's workshop as it is at the upgrade
(the best there is); the checkout writes it from now on. Added with ALTER TABLE (not a batch
copy of the table): 300k lines stay where they are and the trigger of 0008 stays in place.
"""

from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Alembic would copy the whole table to add a foreign key on SQLite; SQLite itself can
    # add a column that references another table.
    op.execute(
        "ALTER TABLE sale_lines ADD COLUMN workshop_id INTEGER "
        "CONSTRAINT fk_sale_lines_workshop_id_workshops REFERENCES workshops (id)"
    )
    op.execute(
        "UPDATE sale_lines SET workshop_id = "
        "(SELECT p.workshop_id FROM products p WHERE p.id = sale_lines.product_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table('sale_lines', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_sale_lines_workshop_id_workshops'), type_='foreignkey')
        batch_op.drop_column('workshop_id')
