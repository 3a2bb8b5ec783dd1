"""Block entries: every BLOCK_ENTRIES entries, one digest over the rows written since the last.

A year of sales is 300k documents and 300k entries; hashing each one on its own (and finding
which entry covers which document) is most of what `pos audit verify` costs. So every
BLOCK_ENTRIES-th entry is followed by an `audit_block` entry (a version-2 entry like any other,
chained the same way) whose detail holds, for every covered table and for audit_log itself, the
span of row ids written since the previous block, `(from, to]`, and `digest`: the SHA-256 of
those rows as SQLite writes them (json_array of each row, in id order), table after table.
Since entry version 3 the stock movements are one of those tables (a block written before
holds no span for them; the first one after starts at the chain's `moves_before`).

Before it writes a digest the writer checks what the block will vouch for: each entry of the
span follows the one before it and hashes to its stored hash, and each document of the span
matches the digest its own entry recorded (exactly one entry of the span covers it, and its
child rows are in the span), and the movements of the span are those its entries wrote. When
anything differs the block's digest is null, and verify checks everything row by row. The
first block of a database only marks where blocks start (empty spans): what came before is
checked entry by entry and document by document.

verify's quick pass (audit_fast) then hashes each block's rows as a few big strings, and only
the block entries and what lies outside the blocks one by one. The walk (audit_verify) ignores
blocks: it checks every entry and every document on its own and names the first that differs.
"""

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pos.services import audit_moves
from pos.services.audit import COVERED, MOVEMENT_COLUMNS, Covered

MOVES = "stock_movements"  # which blocks written before version 3 do not hold

BLOCK_ACTION = "audit_block"
BLOCK_ENTRIES = 1000

# (table, the column pointing at the document or None, columns): every covered table, in order.
TABLES: tuple[tuple[str, str | None, tuple[str, ...]], ...] = (
    *(
        row
        for kind in COVERED.values()
        for row in ((kind.table, None, kind.columns), *kind.children)
    ),
    # The stock ledger (audit_moves), with no document: a block vouches its span of movements.
    (MOVES, None, MOVEMENT_COLUMNS[1:]),
)
TABLES_NAMES = tuple(t for t, _key, _columns in TABLES)
# A child table's rows belong to the document table named before it.
PARENT = {child: kind.table for kind in COVERED.values() for child, _key, _columns in kind.children}

Spans = dict[str, tuple[int, int]]


def block_sql(table: str, key: str | None, columns: Sequence[str], by_id: bool = False) -> str:
    """The rows of a table with ids in (?, ?], id order, as the text a block's digest covers:
    each row as json_array() writes it, comma-separated (NULL when there are none).

    One aggregate over the id's range, no subquery; group_concat rather than
    json_group_array (the same text, without the brackets): about a quarter less CPU. The rows
    come as stored (by the id where it is the rowid); by_id: sorted by the id.
    """
    names = ", ".join(f'"{c}"' for c in ("id", *((key,) if key else ()), *columns))
    rows = f'"{table}" WHERE id > ? AND id <= ?'
    if by_id:
        rows = f"(SELECT * FROM {rows} ORDER BY id)"
    return f"SELECT CAST(group_concat(json_array({names}), ',') AS BLOB) FROM {rows}"


# The entries between two block entries are in the block too, as SQLite reads their columns.
ENTRY_COLUMNS = ("at", "user_id", "action", "detail", "prev_hash", "hash")
BLOCK_TABLES = (*(t for t, _key, _columns in TABLES), "audit_log")
_SQL = {table: block_sql(table, key, columns) for table, key, columns in TABLES}
_SQL["audit_log"] = block_sql("audit_log", None, ENTRY_COLUMNS)


def table_text(conn: sqlite3.Connection, table: str, span: tuple[int, int]) -> bytes:
    """One table's part of a block: its name, its rows' text and a separator."""
    digest = _Pieces()
    _add_table(digest, conn, table, span, _SQL)
    return b"".join(digest.pieces)


class _Pieces:
    """What a digest would be given, kept (table_text)."""

    def __init__(self) -> None:
        self.pieces: list[bytes] = []

    def update(self, piece: Any) -> None:
        self.pieces.append(bytes(piece))


def _add_table(
    digest: Any, conn: sqlite3.Connection, table: str, span: tuple[int, int], sql: dict[str, str]
) -> None:
    digest.update(table.encode() + b"\x1e")
    if span[1] > span[0]:
        rows = conn.execute(sql[table], span).fetchone()[0]
        if rows:  # None: no rows
            digest.update(rows)
    digest.update(b"\x1d")


def block_digest(conn: sqlite3.Connection, spans: Spans, sql: dict[str, str] = _SQL) -> str:
    """SHA-256 of every covered table's rows in its span, table after table, then the entries'
    (an older block, without stock movements: the tables it holds)."""
    digest = hashlib.sha256()
    for table in BLOCK_TABLES:
        if table in spans:
            _add_table(digest, conn, table, spans[table], sql)
    return digest.hexdigest()


# The same text with the rows sorted by their id (the rows as stored may have been moved).
_SORTED_SQL = {table: block_sql(table, key, columns, True) for table, key, columns in TABLES}
_SORTED_SQL["audit_log"] = block_sql("audit_log", None, ENTRY_COLUMNS, True)


def first_changed_block(conn: sqlite3.Connection) -> int | None:
    """The first block entry whose rows, sorted by id, no longer hash to its digest; None when
    each still does (or the blocks do not chain up: the walk then checked every row).

    The walk reads a document's rows without their ids; a block's text holds them, so a row
    given another id, in its place or out of the block's range, shows here."""
    try:
        found = layout(conn)
        if found is None:
            return None
        for entry_id, (spans, digest) in zip(found.ids[1:], found.blocks, strict=True):
            if block_digest(conn, spans, _SORTED_SQL) != digest:
                return entry_id
    except (sqlite3.Error, Unchained):
        return None
    return None


def parse(detail: Any) -> tuple[Spans, str | None] | None:
    """(spans, digest) of a block entry's detail; None when it is not one this version wrote."""
    try:
        fields = json.loads(detail)
        spans = {t: (int(a), int(b)) for t, (a, b) in fields["spans"].items()}
        digest = fields["digest"]
    except (TypeError, ValueError, KeyError, AttributeError):
        return None
    if set(spans) | {MOVES} != set(BLOCK_TABLES) or not (digest is None or isinstance(digest, str)):
        return None
    return spans, digest


def _maxima(cursor: sqlite3.Cursor) -> Spans:
    out = {}
    for table in BLOCK_TABLES:
        top = cursor.execute(f'SELECT max(id) FROM "{table}"').fetchone()[0]
        out[table] = (0, int(top or 0))
    return out


def _last_block(cursor: sqlite3.Cursor) -> tuple[int, Spans] | None:
    row = cursor.execute(
        "SELECT id, detail FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1",
        (BLOCK_ACTION,),
    ).fetchone()
    if row is None:
        return None
    parsed = parse(row[1])
    return None if parsed is None else (int(row[0]), parsed[0])


def _documents_as_recorded(cursor: sqlite3.Cursor, since_entry: int, spans: Spans) -> bool:
    """Whether each document in the spans is covered by exactly one entry after `since_entry`,
    whose digest it still matches, and each child row of the spans belongs to one of them."""
    from pos.services.audit_verify import covered_by, document_digests_between

    covered: dict[str, dict[int, tuple[str, int]]] = {name: {} for name in COVERED}
    for (detail,) in cursor.execute(
        "SELECT detail FROM audit_log WHERE id > ? AND action != ?", (since_entry, BLOCK_ACTION)
    ):
        entry = covered_by(detail)
        if entry is None:
            continue
        name, row, digest, version = entry
        if name not in covered or row in covered[name]:
            return False
        covered[name][row] = (digest, version)
    for name, kind in COVERED.items():
        if not _children_inside(cursor, kind, spans):
            return False
        versions = {version for _digest, version in covered[name].values()} or {3}
        found = {
            version: document_digests_between(cursor, kind, spans[kind.table], version)
            for version in versions
        }
        if set(next(iter(found.values()))) != set(covered[name]):
            return False
        for row, (digest, version) in covered[name].items():
            if found[version][row] != digest:
                return False
    return MOVES not in spans or audit_moves.range_as_recorded(cursor, since_entry, spans[MOVES])


def _entries_chained(cursor: sqlite3.Cursor, since_entry: int) -> bool:
    """Whether each entry after the block entry `since_entry` follows the one before it and
    hashes to its stored hash (version-2 entries only, as the quick pass reads them)."""
    from pos.services.audit import KEYED_PREFIXES, digest_v2

    row = cursor.execute("SELECT hash FROM audit_log WHERE id = ?", (since_entry,)).fetchone()
    prev = row[0] if row else None
    for at, user_id, action, detail, prev_hash, stored in cursor.execute(
        f"SELECT {', '.join(ENTRY_COLUMNS)} FROM audit_log WHERE id > ? ORDER BY id",
        (since_entry,),
    ):
        if not (isinstance(detail, str) and detail.startswith(KEYED_PREFIXES)) or prev_hash != prev:
            return False
        if not isinstance(at, str) or not isinstance(action, str):
            return False
        if user_id is not None and not isinstance(user_id, int):
            return False
        if stored != digest_v2(prev_hash, at, user_id, action, detail):
            return False
        prev = stored
    return True


def _children_inside(cursor: sqlite3.Cursor, kind: Covered, spans: Spans) -> bool:
    low, high = spans[kind.table]
    for table, key, _columns in kind.children:
        child_low, child_high = spans[table]
        # Over the id and over the index on the key: the same rows either way.
        in_span, theirs = cursor.execute(
            f'SELECT count(*), count(CASE WHEN "{key}" > ? AND "{key}" <= ? THEN 1 END) '
            f'FROM "{table}" WHERE id > ? AND id <= ?',
            (low, high, child_low, child_high),
        ).fetchone()
        of_documents = cursor.execute(
            f'SELECT count(*) FROM "{table}" WHERE "{key}" > ? AND "{key}" <= ?', (low, high)
        ).fetchone()[0]
        if not in_span == theirs == of_documents:
            return False
    return True


def close_block(cursor: sqlite3.Cursor, at: Any) -> None:
    """Append the block entry for what was written since the last one (audit.append calls it
    every BLOCK_ENTRIES entries, inside the same transaction)."""
    from pos.services.audit import append_text

    last = _last_block(cursor)
    top = _maxima(cursor)
    if last is None:
        spans = {t: (high, high) for t, (_low, high) in top.items()}
        digest: str | None = block_digest(cursor.connection, spans)
    else:
        since, before = last
        if MOVES not in before:  # the block before is older: movements from the chain's cover
            first = audit_moves.first_uncovered(cursor)
            before = {**before, MOVES: (0, top[MOVES][1] if first is None else first)}
        spans = {t: (before[t][1], top[t][1]) for t in top}
        spans["audit_log"] = (since, top["audit_log"][1])
        try:
            intact = _entries_chained(cursor, since) and _documents_as_recorded(
                cursor, since, spans
            )
            digest = block_digest(cursor.connection, spans) if intact else None
        except (sqlite3.Error, TypeError, ValueError, UnicodeError):
            digest = None  # e.g. a BLOB in a row: verify names it
    detail = {"spans": {t: list(s) for t, s in spans.items()}, "digest": digest}
    append_text(cursor, None, BLOCK_ACTION, detail, at)


@dataclass(frozen=True)
class Layout:
    """Where the blocks are: the entries between the first and the last block entry, the rows
    they vouch for (per table, ids in (from, to]) and each block's spans and digest."""

    entries: tuple[int, int]
    inside: Spans
    blocks: tuple[tuple[Spans, str], ...]

    @property
    def ids(self) -> tuple[int, ...]:
        """The block entries' ids, the first (the mark) included."""
        return (self.entries[0], *(spans["audit_log"][1] + 1 for spans, _digest in self.blocks))


class Unchained(ValueError):
    """Block entries that do not chain up as the writer writes them."""


def layout(conn: sqlite3.Connection) -> Layout | None:
    """The blocks of a database; None when it has none. Unchained when they do not chain up as
    the writer writes them (the first one a mark, each starting where the one before ended,
    each with a digest): verify then checks every document on its own.

    Found from the last block entry back, each naming the one before it (its span of entries
    starts there), by id: no scan of a year of entries. A block entry that this misses lies
    inside a block (whose digest holds its action) or before the first (where every entry is
    hashed on its own)."""
    row = conn.execute(
        "SELECT id, detail FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1",
        (BLOCK_ACTION,),
    ).fetchone()
    if row is None:
        return None
    found: list[tuple[int, Spans, str | None]] = []
    while True:
        entry_id, parsed = int(row[0]), parse(row[1])
        if parsed is None:
            raise Unchained(BLOCK_ACTION)
        spans, digest = parsed
        found.append((entry_id, spans, digest))
        if all(low == high for low, high in spans.values()):
            break  # the mark where blocks start
        before, end = spans["audit_log"]
        if end != entry_id - 1 or not before < entry_id:
            raise Unchained(BLOCK_ACTION)
        row = conn.execute(
            "SELECT id, detail FROM audit_log WHERE id = ? AND action = ?", (before, BLOCK_ACTION)
        ).fetchone()
        if row is None:
            raise Unchained(BLOCK_ACTION)
    found.reverse()
    first = found[0][1]
    chained: list[tuple[Spans, str]] = []
    before_spans = first
    moves_from: int | None = first.get(MOVES, (0, None))[1]
    for _entry_id, spans, digest in found[1:]:
        if MOVES in before_spans and MOVES not in spans:
            raise Unchained(BLOCK_ACTION)
        if moves_from is None and MOVES in spans:  # the first block since version 3
            moves_from = spans[MOVES][0]
            before_spans = {**before_spans, MOVES: (0, moves_from)}
        if digest is None or any(
            spans[t][0] != before_spans[t][1] for t in TABLES_NAMES if t in spans
        ):
            raise Unchained(BLOCK_ACTION)
        chained.append((spans, digest))
        before_spans = spans
    inside = {t: (first[t][1], before_spans[t][1]) for t in TABLES_NAMES if t != MOVES}
    if moves_from is not None:
        inside[MOVES] = (moves_from, before_spans[MOVES][1])
    return Layout((found[0][0], found[-1][0]), inside, tuple(chained))


def blocks_intact(conn: sqlite3.Connection, found: Layout, part: int, parts: int) -> bool:
    """Whether every `parts`-th block from `part` on still hashes to its digest."""
    return all(block_digest(conn, spans) == digest for spans, digest in found.blocks[part::parts])


def children_belong(conn: sqlite3.Connection, found: Layout) -> bool:
    """Whether the child rows outside the blocks are exactly those of documents outside them
    (those inside belong to documents inside: their document's id is in the block's text)."""
    for table, key, _columns in TABLES:
        if key is None:
            continue
        low, high = found.inside[table]
        parent_low, parent_high = found.inside[PARENT[table]]
        # Two counts over the id: SQLite scans the whole table for "id <= ? OR id > ?".
        outside = conn.execute(
            f'SELECT (SELECT count(*) FROM "{table}" WHERE id <= ?) + '
            f'(SELECT count(*) FROM "{table}" WHERE id > ?)',
            (low, high),
        ).fetchone()[0]
        of_outside = conn.execute(
            f'SELECT count(*) FROM "{table}" WHERE "{key}" <= ? OR "{key}" > ?',
            (parent_low, parent_high),
        ).fetchone()[0]
        if outside != of_outside:
            return False
    return True
