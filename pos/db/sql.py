"""Hand-written SQL that more than one service runs, each statement written once.

Used where the ORM costs too much (checkout, imports, 100k-product sums). Every function takes
the DB-API cursor of the caller's transaction (see session.raw_cursor). The audit chain's
statements live with their one writer, services/audit.py.
"""

import sqlite3
from collections.abc import Iterable
from datetime import datetime

from pos.core.errors import DatabaseProblem
from pos.i18n import _

# What every SQLite file starts with, and how long a connection waits for another's write lock:
# here, without SQLAlchemy, for the few readers that open files over plain sqlite3 (audit_file).
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000

# The text form SQLAlchemy's SQLite DateTime type writes and reads back.
DATETIME_TEXT = "%Y-%m-%d %H:%M:%S.%f"

# Stock on hand per product, kept beside it (see stock_levels).
ON_HAND = "SELECT id, on_hand FROM products"

# The largest rowid SQLite stores.
_MAX_ID = 2**63 - 1
# SQLite refuses statements with more bound values than this (SQLITE_MAX_VARIABLE_NUMBER).
_MAX_VARIABLES = 30_000


def sql_datetime(value: datetime) -> str:
    """A datetime as its column text, for hand-written INSERTs."""
    return value.strftime(DATETIME_TEXT)


def open_shift_id(cursor: sqlite3.Cursor) -> int | None:
    """The shift now open (the newest, should there ever be two), or None."""
    row = cursor.execute(
        "SELECT id FROM shifts WHERE status = 'open' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return None if row is None else int(row[0])


def stock_levels(
    cursor: sqlite3.Cursor, product_ids: Iterable[int] | None = None
) -> dict[int, int]:
    """Stock on hand per product (every product, or those of `product_ids` that exist).

    Read from `products.on_hand`, the ledger's sum kept by the triggers of the migration
    stock_on_hand in the same transaction as each movement (check_on_hand() compares the two).
    """
    if product_ids is None:
        # INTEGER columns come back as ints: dict() builds 100k entries without a Python loop.
        return dict(cursor.execute(ON_HAND))
    ids = list(product_ids)
    levels: dict[int, int] = {}
    for start in range(0, len(ids), _MAX_VARIABLES):
        chunk = ids[start : start + _MAX_VARIABLES]
        marks = ",".join("?" * len(chunk))
        rows = cursor.execute(f"{ON_HAND} WHERE id IN ({marks})", chunk)
        levels.update(rows)
    return levels


def on_hand_differences(cursor: sqlite3.Cursor) -> list[tuple[int, int, int]]:
    """(product, on_hand kept, sum of its ledger) for every product where the two differ."""
    return [
        (int(pid), int(kept), int(summed))
        for pid, kept, summed in cursor.execute(
            "SELECT p.id, p.on_hand, COALESCE(m.stock, 0) FROM products p LEFT JOIN "
            "(SELECT product_id, SUM(qty) AS stock FROM stock_movements GROUP BY product_id) m "
            "ON m.product_id = p.id WHERE p.on_hand != COALESCE(m.stock, 0) ORDER BY p.id"
        )
    ]


def next_ids(cursor: sqlite3.Cursor, table: str, count: int) -> range:
    """The ids the next `count` rows of a table get, as SQLite would give them (one after the
    largest), inside the caller's write transaction: a writer that hashes its rows with their
    ids (the audit chain) sets them itself."""
    low = int(cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"').fetchone()[0])
    if low + count > _MAX_ID:  # only a row written by hand gets there
        raise DatabaseProblem(
            _(
                "The database holds a row of {table} with the largest id there is: it was "
                "changed outside Lapak. Run `pos audit verify`, then restore a backup."
            ).format(table=table)
        )
    return range(low + 1, low + 1 + count)


def insert_stock_movements(
    cursor: sqlite3.Cursor,
    kind: str,
    user_id: int | None,
    at: datetime,
    moves: Iterable[tuple[int, int, str | None]],
    doc_id: int | None = None,
    sale_id: int | None = None,
    refund_id: int | None = None,
) -> tuple[int, list[tuple[object, ...]]]:
    """Add (product, qty, note) movements of one kind, all from one document, sale or refund
    (a void or return, which names its sale too).

    Returns (the largest id before them, their rows in the order of audit.MOVEMENT_COLUMNS,
    ids included): the audit entry of the same transaction covers them (audit.moving)."""
    when = sql_datetime(at)
    moves = list(moves)
    ids = next_ids(cursor, "stock_movements", len(moves))
    rows: list[tuple[object, ...]] = [
        (n, pid, qty, kind, doc_id, sale_id, refund_id, user_id, note, when)
        for n, (pid, qty, note) in zip(ids, moves, strict=True)
    ]
    cursor.executemany(
        "INSERT INTO stock_movements (id, product_id, qty, kind, doc_id, sale_id, refund_id, "
        "user_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return ids.start - 1, rows
