"""report_pieces unmarked when a name or catalog link the reports group by changes

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-28

The sales report groups sales by the catalog as it is now: the product's category, the line's
workshop (else the product's), the names of categories, workshops and cashiers, and the
catalog cost of lines sold before costs were stored. Kept sums (pos.services.report_pieces)
hold those groups as they were when built, so a change to any of them unmarks the pieces of
the keys it touches, whichever code makes it: triggers, on the stand's SQLite database.
"""

from alembic import op


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

_UNMARK = "DELETE FROM report_pieces WHERE source = 'stand'"
TRIGGERS = {
    "report_pieces_product_links": (
        "AFTER UPDATE OF category_id, workshop_id ON products "
        "WHEN OLD.category_id IS NOT NEW.category_id OR OLD.workshop_id IS NOT NEW.workshop_id",
        f"{_UNMARK} AND \"by\" IN ('category', 'workshop')",
    ),
    "report_pieces_product_cost": (
        "AFTER UPDATE OF cost ON products WHEN OLD.cost IS NOT NEW.cost AND EXISTS "
        "(SELECT 1 FROM sale_lines WHERE product_id = NEW.id AND unit_cost IS NULL)",
        _UNMARK,
    ),
    "report_pieces_category_name": (
        "AFTER UPDATE OF name ON categories WHEN OLD.name IS NOT NEW.name",
        f"{_UNMARK} AND \"by\" = 'category'",
    ),
    "report_pieces_workshop_name": (
        "AFTER UPDATE OF name ON workshops WHEN OLD.name IS NOT NEW.name",
        f"{_UNMARK} AND \"by\" = 'workshop'",
    ),
    "report_pieces_user_name": (
        "AFTER UPDATE OF name ON users WHEN OLD.name IS NOT NEW.name",
        f"{_UNMARK} AND \"by\" = 'cashier'",
    ),
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name, (when, then) in TRIGGERS.items():
            op.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {when} BEGIN {then}; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
