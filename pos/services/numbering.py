"""Document numbers a restore carries forward: what the replaced database had used stays used.

Every numbered document kind, where its numbers live, and the floors (table number_floors)
that numbering continues above. Receipts have their own counter (receipt_counters), which a
restore raises directly; the other kinds number from the highest document, so they read
their floor too (floor(), floor_of()).
"""

import sqlite3
from dataclasses import asdict, dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

from pos.i18n import N_, _

RECEIPT = "receipt"
# kind -> (name shown, query of (stand, period, highest number used)) in a stand's database.
SOURCES: dict[str, tuple[str, str]] = {
    RECEIPT: (N_("receipts"), "SELECT stand, day, MAX(seq) FROM sales GROUP BY stand, day"),
    "V": (
        N_("void slips"),
        "SELECT stand, day, MAX(seq) FROM refunds WHERE kind = 'void' GROUP BY stand, day",
    ),
    "R": (
        N_("refund slips"),
        "SELECT stand, day, MAX(seq) FROM refunds WHERE kind = 'refund' GROUP BY stand, day",
    ),
    "PO": (N_("orders"), "SELECT stand, year, MAX(seq) FROM orders GROUP BY stand, year"),
    "KW": (
        N_("kuitansi"),
        "SELECT stand, year, MAX(seq) FROM order_payments WHERE kind = 'payment' "
        "GROUP BY stand, year",
    ),
    "PB": (
        N_("order refunds"),
        "SELECT stand, year, MAX(seq) FROM order_payments WHERE kind = 'refund' "
        "GROUP BY stand, year",
    ),
    "K": (
        N_("recaps"),
        "SELECT stand, substr(created_at, 1, 4), MAX(seq) FROM recaps "
        "GROUP BY stand, substr(created_at, 1, 4)",
    ),
    "Z": (
        N_("Z reports"),
        "SELECT stand, '', MAX(z_number) FROM shifts WHERE z_number IS NOT NULL GROUP BY stand",
    ),
}
_COUNTERS = "SELECT 'receipt', stand, day, last_seq FROM receipt_counters"
_FLOORS = "SELECT kind, stand, period, last_seq FROM number_floors"
# How many moved counters the restore's audit entry names one by one (then only how many more).
LISTED = 100

Key = tuple[str, str, str]


@dataclass(frozen=True)
class Moved:
    """One counter a restore raised: its kind, stand, period, and the last number before/after."""

    kind: str
    stand: str
    period: str
    before: int
    after: int

    def describe(self) -> str:
        name = _(SOURCES[self.kind][0]) if self.kind in SOURCES else self.kind
        where = f"{self.stand} {self.period}".strip()
        return f"{name} {where}: {self.before} → {self.after}"


def floor(cursor: sqlite3.Cursor, kind: str, stand: str, period: str) -> int:
    """The last number a restore says was used already (0: none); inside the caller's
    transaction that takes the next number."""
    row = cursor.execute(
        "SELECT last_seq FROM number_floors WHERE kind = ? AND stand = ? AND period = ?",
        (kind, stand, period),
    ).fetchone()
    return 0 if row is None else int(row[0])


def floor_of(conn: Connection, kind: str, stand: str, period: str) -> int:
    """floor() on an SQLAlchemy connection (any dialect)."""
    found = conn.execute(
        text(
            "SELECT last_seq FROM number_floors "
            "WHERE kind = :kind AND stand = :stand AND period = :period"
        ),
        {"kind": kind, "stand": stand, "period": period},
    ).scalar()
    return 0 if found is None else int(found)


def _tables(cursor: sqlite3.Cursor) -> set[str]:
    return {str(r[0]) for r in cursor.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def used_numbers(cursor: sqlite3.Cursor) -> dict[Key, int]:
    """The highest number used per (kind, stand, period) in the database: its documents,
    its receipt counters and its own floors. Tables an older schema lacks count as empty."""
    tables = _tables(cursor)
    found: dict[Key, int] = {}

    def take(kind: str, stand: object, period: object, last: object) -> None:
        if stand is None or period is None or last is None:
            return
        key = (kind, str(stand), str(period))
        found[key] = max(found.get(key, 0), int(str(last)))

    for kind, (_name, query) in SOURCES.items():
        table = query.split(" FROM ", 1)[1].split()[0]
        if table in tables:
            for stand, period, last in cursor.execute(query):
                take(kind, stand, period, last)
    for table, query in (("receipt_counters", _COUNTERS), ("number_floors", _FLOORS)):
        if table in tables:
            for kind, stand, period, last in cursor.execute(query):
                take(str(kind), stand, period, last)
    return found


def carry_forward(cursor: sqlite3.Cursor, replaced: dict[Key, int]) -> list[Moved]:
    """Raise this database's counters and floors to at least the numbers `replaced` used;
    inside the caller's transaction. Returns what moved, in order."""
    mine = used_numbers(cursor)
    moved: list[Moved] = []
    for (kind, stand, period), last in sorted(replaced.items()):
        before = mine.get((kind, stand, period), 0)
        if last <= before:
            continue
        if kind == RECEIPT:
            cursor.execute(
                "INSERT INTO receipt_counters (stand, day, last_seq) VALUES (?, ?, ?) "
                "ON CONFLICT (stand, day) DO UPDATE SET last_seq = excluded.last_seq",
                (stand, period, last),
            )
        else:
            cursor.execute(
                "INSERT INTO number_floors (kind, stand, period, last_seq) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (kind, stand, period) DO UPDATE SET last_seq = excluded.last_seq",
                (kind, stand, period, last),
            )
        moved.append(Moved(kind, stand, period, before, last))
    return moved


def audit_detail(moved: list[Moved]) -> dict[str, object]:
    """What the restore's audit entry says of the numbers it carried forward."""
    detail: dict[str, object] = {"numbers_carried": [asdict(m) for m in moved[:LISTED]]}
    if len(moved) > LISTED:
        detail["numbers_carried_more"] = len(moved) - LISTED
    return detail
