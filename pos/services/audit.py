"""The append-only, hash-chained audit log: each entry's hash covers the previous one.

Entry format, told apart by the start of `detail`:
- version 1 (before the chain covered the books): `hash` = SHA-256 of the JSON list
  [prev_hash, at.isoformat(), user_id, action, detail]. Old databases keep these; they verify.
- version 2: `detail` starts with `{"v":2`, and `hash` = SHA-256 of prev_hash, the `at` column
  text, user_id, action and detail joined by U+001F (JSON never holds a raw U+001F). An entry
  that records a document (a sale, ...) also carries `covers` (the kind), `row` (its id) and
  `digest`: the SHA-256 of the document's row and child rows as written in the same
  transaction (see COVERED), so that editing, removing or adding any of them shows.
- version 3: as version 2 (`{"v":3`), but a document's child rows start with their own id, so
  that a child row given another id shows without a block; and an entry that wrote stock
  movements carries `moves`: [the largest movement id before them, the first 32 hex digits of
  each movement's SHA-256 in id order] (see MOVEMENT_COLUMNS and audit_moves). The chain's
  first version-3 entry carries `moves_before`: the movements up to that id are older than the
  chain's cover of them. Old entries keep their version and verify as they did.
"""

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pos.db.sql import sql_datetime

# Not SQLAlchemy at import: `pos audit verify` reads the chain over plain sqlite3 (audit_file).
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from pos.db.session import Database
    from pos.services.audit_verify import AuditCheck

GENESIS = "0" * 64
ENTRY_VERSION = 3
V2_PREFIX = '{"v":2'
V3_PREFIX = '{"v":3'
# The entries hashed as digest_v2 hashes them, told apart by the start of their detail.
KEYED_PREFIXES = (V2_PREFIX, V3_PREFIX)
KEYED_SQL = "substr(detail, 1, 6) IN (" + ", ".join(f"'{p}'" for p in KEYED_PREFIXES) + ")"
_SEP = "\x1f"


@dataclass(frozen=True)
class Covered:
    """A kind of document whose entry's digest covers its row and its child rows."""

    kind: str
    table: str
    label: str  # the column that names a row to a person (receipt number, ...)
    columns: tuple[str, ...]
    # (table, column pointing at the document, columns), child rows hashed in id order.
    children: tuple[tuple[str, str, tuple[str, ...]], ...]

    def children_of(self, version: int) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
        """The child tables as an entry of that version hashed them (version 3: ids first)."""
        if version < 3:
            return self.children
        return tuple((table, key, ("id", *columns)) for table, key, columns in self.children)


SALE_COLUMNS = (
    "receipt_no",
    "stand",
    "day",
    "seq",
    "created_at",
    "user_id",
    "shift_id",
    "total",
    "discount",
    "discount_kind",
    "discount_value",
    "discount_reason",
    "discount_approval_id",
)  # not `status`: a void marks the sale, and the void is a document of its own
LINE_COLUMNS = (
    "product_id",
    "sku",
    "name",
    "qty",
    "unit_price",
    "line_total",
    "list_price",
    "price_approval_id",
    "discount",
    "discount_kind",
    "discount_value",
    "discount_reason",
    "discount_approval_id",
    "sale_discount",
)
PAYMENT_COLUMNS = ("method", "amount", "tendered", "change", "reference", "bank", "confirmed")

SALE = Covered(
    "sale",
    "sales",
    "receipt_no",
    SALE_COLUMNS,
    (("sale_lines", "sale_id", LINE_COLUMNS), ("payments", "sale_id", PAYMENT_COLUMNS)),
)

# Voids and refunds (pos.services.refunds): the document and the lines that came back.
REFUND_COLUMNS = (
    "refund_no",
    "kind",
    "stand",
    "day",
    "seq",
    "sale_id",
    "shift_id",
    "user_id",
    "approval_id",
    "reason",
    "method",
    "reference",
    "total",
    "created_at",
)
REFUND_LINE_COLUMNS = ("sale_line_id", "qty", "amount", "disposition")
REFUND = Covered(
    "refund",
    "refunds",
    "refund_no",
    REFUND_COLUMNS,
    (("refund_lines", "refund_id", REFUND_LINE_COLUMNS),),
)
# Approvals (pos.services.approvals): who allowed what, why, for whom.
APPROVAL_COLUMNS = ("action", "approver_id", "requested_by", "reason", "detail", "created_at")
APPROVAL = Covered("approval", "approvals", "action", APPROVAL_COLUMNS, ())

# Orders (pos.services.orders): what was ordered, not its status (that moves on, each move an
# entry of its own); and every order payment or DP refund (a kuitansi's rows).
ORDER_COLUMNS = (
    "order_no", "stand", "year", "seq", "customer", "phone", "channel", "due", "note", "total",
    "created_at", "user_id",
)  # fmt: skip
ORDER_LINE_COLUMNS = ("product_id", "sku", "name", "workshop_id", "qty", "unit_price", "line_total")
ORDER = Covered(
    "order", "orders", "order_no", ORDER_COLUMNS, (("order_lines", "order_id", ORDER_LINE_COLUMNS),)
)
ORDER_PAYMENT_COLUMNS = (
    "doc_no", "kind", "stand", "year", "seq", "order_id", "shift_id", "day", "method", "amount",
    "tendered", "change", "reference", "bank", "confirmed", "user_id", "approval_id", "created_at",
)  # fmt: skip
ORDER_PAYMENT = Covered("order_payment", "order_payments", "doc_no", ORDER_PAYMENT_COLUMNS, ())

# Every covered kind, by name; a service that writes a new kind of document adds it here.
COVERED: dict[str, Covered] = {
    SALE.kind: SALE,
    REFUND.kind: REFUND,
    APPROVAL.kind: APPROVAL,
    ORDER.kind: ORDER,
    ORDER_PAYMENT.kind: ORDER_PAYMENT,
}


# Stock movements (pos.db.sql.insert_stock_movements): each hashed on its own, with its id.
MOVEMENT_COLUMNS = (
    "id", "product_id", "qty", "kind", "doc_id", "sale_id", "refund_id", "user_id", "note",
    "created_at",
)  # fmt: skip
MOVE_DIGEST = 32  # hex digits of each movement's SHA-256 kept in the entry (128 bits)


def entry_version(detail: object) -> int:
    """2 or 3 for an entry hashed as digest_v2 hashes it (by the start of its detail); else 1."""
    if isinstance(detail, str) and detail.startswith(KEYED_PREFIXES):
        return 3 if detail.startswith(V3_PREFIX) else 2
    return 1


def moving(low: int, rows: Sequence[Sequence[Any]]) -> dict[str, Any]:
    """The detail keys of an entry that wrote stock movements `rows` (MOVEMENT_COLUMNS, ids
    low + 1, low + 2, ...): the part of each one's SHA-256 kept; none when it wrote none."""
    if not rows:
        return {}
    digests = "".join(
        hashlib.sha256(
            json.dumps(list(r), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        ).hexdigest()[:MOVE_DIGEST]
        for r in rows
    )
    return {"moves": [low, digests]}


def document_text(row: Sequence[Any], children: Iterable[Iterable[Sequence[Any]]]) -> str:
    """The canonical text of a document: a JSON array of its row, then of each child table's rows.

    Compact JSON, non-ASCII as is: the very text SQLite's json_array() writes for the same
    values, so that verify has SQLite build it (audit_verify.document_sql).
    """
    return json.dumps(
        [list(row), *([list(r) for r in rows] for rows in children)],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def document_digest(row: Sequence[Any], children: Iterable[Iterable[Sequence[Any]]]) -> str:
    """SHA-256 of document_text: computed at write time from the values in hand."""
    return hashlib.sha256(document_text(row, children).encode("utf-8")).hexdigest()


def digest_v1(prev_hash: str, at: datetime, user_id: int | None, action: str, detail: str) -> str:
    payload = json.dumps(
        [prev_hash, at.isoformat(), user_id, action, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


_digest = digest_v1  # the name older code and benchmarks build version-1 chains with


def digest_v2(prev_hash: str, at_text: str, user_id: int | None, action: str, detail: str) -> str:
    payload = _SEP.join((prev_hash, at_text, str(user_id), action, detail))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def detail_text(detail: dict[str, Any]) -> str:
    """A version-3 detail: the version first, then the keys in order."""
    body = json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return V3_PREFIX + ("}" if body == "{}" else "," + body[1:])


def fields(text: str) -> dict[str, Any]:
    """An entry's detail as a dict, without the format version."""
    out = json.loads(text)
    if isinstance(out, dict):
        out.pop("v", None)
        return out
    return {"value": out}


def covering(kind: str, row_id: int, digest: str) -> dict[str, Any]:
    """The detail keys of an entry that covers a document."""
    return {"covers": kind, "row": row_id, "digest": digest}


def record(
    session: "Session", user_id: int | None, action: str, detail: dict[str, Any], at: datetime
) -> None:
    """Append an entry inside the caller's transaction: the one writer of the chain.

    Hand-written SQL on the session's connection: checkout records every sale here.
    """
    from pos.db.session import raw_cursor

    append(raw_cursor(session), user_id, action, detail, at)


def append(
    cursor: sqlite3.Cursor, user_id: int | None, action: str, detail: dict[str, Any], at: datetime
) -> None:
    """record() on a bare connection, inside its write transaction (a restore has no session).

    Every BLOCK_ENTRIES-th entry is followed by a block entry (audit_blocks).
    """
    from pos.services import audit_blocks

    entry_id = append_text(cursor, user_id, action, detail, at)
    if entry_id % audit_blocks.BLOCK_ENTRIES == 0:
        audit_blocks.close_block(cursor, at)


def append_text(
    cursor: sqlite3.Cursor, user_id: int | None, action: str, detail: dict[str, Any], at: datetime
) -> int:
    """Insert one entry after the last; its id."""
    row = cursor.execute(
        "SELECT hash, substr(detail, 1, 6) FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    prev_hash = row[0] if row else GENESIS
    if row is None or row[1] != V3_PREFIX:
        # The chain's first version-3 entry: the movements before it are older than the
        # chain's cover of them (audit_moves); its own, if any, are covered.
        moves = detail.get("moves")
        top = (
            moves[0]
            if moves
            else cursor.execute("SELECT coalesce(max(id), 0) FROM stock_movements").fetchone()[0]
        )
        detail = {**detail, "moves_before": int(top)}
    text = detail_text(detail)
    at_text = sql_datetime(at)
    cursor.execute(
        "INSERT INTO audit_log (at, user_id, action, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            at_text,
            user_id,
            action,
            text,
            prev_hash,
            digest_v2(prev_hash, at_text, user_id, action, text),
        ),
    )
    return int(cursor.lastrowid or 0)


def chain_head(cursor: sqlite3.Cursor) -> dict[str, Any]:
    """The last entry's id and hash: where a chain (a database, a backup) ends."""
    row = cursor.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return {"id": None, "hash": GENESIS} if row is None else {"id": int(row[0]), "hash": row[1]}


def chain_rows(
    rows: Iterable[tuple[str, int | None, str, str]], prev_hash: str = GENESIS
) -> list[tuple[str, int | None, str, str, str, str]]:
    """(at text, user, action, detail text) rows chained as record() chains them (bulk loads)."""
    out = []
    for at_text, user_id, action, text in rows:
        digest = digest_v2(prev_hash, at_text, user_id, action, text)
        out.append((at_text, user_id, action, text, prev_hash, digest))
        prev_hash = digest
    return out


def verify(db: "Database") -> "AuditCheck":
    """Walk the chain and the covered documents; see audit_verify."""
    from pos.services.audit_verify import verify_chain

    return verify_chain(db)
