"""Carts of demo products, the demo users as actors, and tampering behind the app's back, for the
discount, refund and audit tests."""

import sqlite3

from pos.core.cart import Cart
from pos.services import audit_blocks, audit_fast, catalog, products, users
from pos.services.auth import Actor

PINS = {"Admin": "9999", "Pak Joko": "2222", "Sari": "1111", "Budi": "3333"}


def cart_of(db, *codes: str) -> Cart:  # type: ignore[no-untyped-def]
    cart = Cart()
    for code in codes:
        p = catalog.find_by_code(db, code)
        cart.add(p.id, p.sku, p.name, p.price)
    return cart


def actor(db, name: str) -> Actor:  # type: ignore[no-untyped-def]
    user = users.find_user(db, name)
    return Actor(user.id, user.name, user.role)


def stock(db, sku: str) -> int:  # type: ignore[no-untyped-def]
    return next(p.stock for p in catalog.list_products(db) if p.sku == sku)  # type: ignore[return-value]


def product_id(db, sku: str) -> int:  # type: ignore[no-untyped-def]
    return products.product_id_by_sku(db, sku)


def tamper(db, *statements: str) -> None:  # type: ignore[no-untyped-def]
    """Run SQL on the database file the way someone with the sqlite3 shell would, outside the app."""
    conn = sqlite3.connect(db.path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def last_detail(path, action: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """The detail of the newest audit entry of `action` in the database file at `path`."""
    from pos.services import audit

    conn = sqlite3.connect(path)
    try:
        (detail,) = conn.execute(
            "SELECT detail FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1", (action,)
        ).fetchone()
    finally:
        conn.close()
    return dict(audit.fields(detail))


def read(db, sql: str, *args: object) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    """Rows of a query on the database file, read over plain sqlite3."""
    conn = sqlite3.connect(db.path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def blocks_of(db) -> audit_blocks.Layout:  # type: ignore[no-untyped-def]
    """Where the audit blocks of the database are (it has some)."""
    conn = audit_fast.connect(db.path)
    try:
        found = audit_blocks.layout(conn)
    finally:
        conn.close()
    assert found is not None
    return found
