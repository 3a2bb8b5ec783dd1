"""each product keeps its stock on hand, the sum of its ledger, for the low-stock list

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-28

The low-stock list and the stock value summed the whole ledger (1M movements) per product at
every look. The ledger stays the truth; `products.on_hand` is its sum per product, kept by
SQLite triggers on `stock_movements` in the same transaction as each movement, whatever code
writes it: an INSERT adds, and an UPDATE or DELETE (never done by Lapak; movements are never
changed) takes the old row back out, so the sum stays right even then. Old databases get the
sums here. The balance sits on the product, beside its low-stock level, so that one partial
index holds only the products at or below their level: the list reads those, not 100k; and
a covering index gives the stock value without reading the products' rows.
A later batch migration that recreates `stock_movements` drops the triggers: such a migration
must create them again (create_on_hand_triggers()).
"""

import sqlalchemy as sa
from alembic import op


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

# Kept the same as pos.db.models.LOW_STOCK_WHERE (the low-stock query repeats it word for word,
# so that SQLite sees the query implies the partial index's condition).
LOW_STOCK_WHERE = "active AND track_stock AND (on_hand < 0 OR on_hand <= low_stock)"
# Both indexes cover their queries: the list and the stock value never read the table's rows.
LOW_STOCK_COLUMNS = ("on_hand", "low_stock", "workshop_id", "sku", "name", "active", "track_stock")
STOCK_VALUE_COLUMNS = ("track_stock", "on_hand", "cost", "price")
TRIGGERS = ("stock_on_hand_insert", "stock_on_hand_update", "stock_on_hand_delete")


def create_on_hand_triggers() -> None:
    op.execute(
        "CREATE TRIGGER IF NOT EXISTS stock_on_hand_insert AFTER INSERT ON stock_movements "
        "BEGIN UPDATE products SET on_hand = on_hand + NEW.qty WHERE id = NEW.product_id; END"
    )
    op.execute(
        "CREATE TRIGGER IF NOT EXISTS stock_on_hand_update "
        "AFTER UPDATE OF product_id, qty ON stock_movements BEGIN "
        "UPDATE products SET on_hand = on_hand - OLD.qty WHERE id = OLD.product_id; "
        "UPDATE products SET on_hand = on_hand + NEW.qty WHERE id = NEW.product_id; END"
    )
    op.execute(
        "CREATE TRIGGER IF NOT EXISTS stock_on_hand_delete AFTER DELETE ON stock_movements "
        "BEGIN UPDATE products SET on_hand = on_hand - OLD.qty WHERE id = OLD.product_id; END"
    )


def upgrade() -> None:
    # ALTER TABLE ADD COLUMN, not a batch copy: the search-index triggers on products stay.
    op.add_column(
        "products", sa.Column("on_hand", sa.Integer(), server_default="0", nullable=False)
    )
    op.execute(
        "UPDATE products SET on_hand = (SELECT SUM(m.qty) FROM stock_movements m "
        "WHERE m.product_id = products.id) "
        "WHERE id IN (SELECT product_id FROM stock_movements)"
    )
    op.create_index(
        "ix_products_low_stock",
        "products",
        list(LOW_STOCK_COLUMNS),
        sqlite_where=sa.text(LOW_STOCK_WHERE),
        postgresql_where=sa.text(LOW_STOCK_WHERE),
    )
    op.create_index("ix_products_stock_value", "products", list(STOCK_VALUE_COLUMNS))
    # The regional office's PostgreSQL (same chain) never writes a stand's stock.
    if op.get_bind().dialect.name == "sqlite":
        create_on_hand_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_products_stock_value", table_name="products")
    op.drop_index("ix_products_low_stock", table_name="products")
    # Plain ALTER (SQLite 3.35+), not a batch copy that would drop the search-index triggers.
    op.execute("ALTER TABLE products DROP COLUMN on_hand")
