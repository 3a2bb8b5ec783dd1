"""The chain part of verify's quick pass: does each entry follow the one before it?

Before the first block entry and after the last, every entry is read: SQLite joins each
version-2 entry's fields as audit.digest_v2 does, Python hashes them with map() and compares
whole strings (the stored hashes; each prev_hash with the hash before it). Between them the
blocks vouch for every entry row, its prev_hash and hash included, as the writer checked them
(audit_blocks.close_block: each follows the one before it and hashes to its hash): so only the
block entries are hashed, and only the links into and out of each block are compared.
"""

import hashlib
import json
import sqlite3
from operator import methodcaller

from pos.services import audit_blocks
from pos.services.audit import GENESIS, KEYED_SQL

_HEX = methodcaller("hexdigest")
_SEP = b"\x1e"
# Entries cross into Python a chunk at a time, each chunk one string (see audit_fast).
_CHUNK = 50_000

# Each entry as digest_v2 hashes it, when it is a version-2 or -3 entry of the types record()
# writes; NULL otherwise (the walk then checks it as Python reads it).
PAYLOAD = (
    "CASE WHEN typeof(detail) = 'text' AND " + KEYED_SQL + " "
    "AND typeof(at) = 'text' AND typeof(action) = 'text' AND typeof(user_id) IN ('integer', "
    "'null') AND typeof(prev_hash) = 'text' AND length(prev_hash) = 64 AND typeof(hash) = 'text' "
    "AND length(hash) = 64 THEN prev_hash || char(31) || at || char(31) || "
    "coalesce(user_id, 'None') || char(31) || action || char(31) || detail END"
)
_SEGMENT_SQL = (
    "SELECT count(*), count(p), CAST(group_concat(p, char(30)) AS BLOB), "
    "group_concat(prev_hash, ''), group_concat(hash, '') FROM (SELECT "
    + PAYLOAD
    + " AS p, prev_hash, hash FROM audit_log WHERE id > ? AND id <= ? ORDER BY id)"
)
_EDGES_SQL = (
    "SELECT id, prev_hash, hash, CAST("
    + PAYLOAD
    + " AS BLOB) FROM audit_log WHERE id IN (SELECT value FROM json_each(?))"
)
_TOP = 2**63 - 1
_BOTTOM = float("-inf")  # below every id, -2**63 included


def chunks(
    conn: sqlite3.Connection, table: str, key: str, low: float, high: float
) -> list[tuple[float, float]]:
    """Spans (from, to] of a column's values in (low, high], each of at most _CHUNK rows (and
    every row of its last value): one query a chunk, however far apart the values lie (an id
    of 2**62 written with the sqlite3 shell is one more chunk, not 10**13 empty ones)."""
    sql = (
        f'SELECT max(k) FROM (SELECT "{key}" AS k FROM "{table}" '
        f'WHERE "{key}" > ? AND "{key}" <= ? ORDER BY "{key}" LIMIT {_CHUNK})'
    )
    out = []
    while (end := conn.execute(sql, (low, high)).fetchone()[0]) is not None:
        out.append((low, end))
        low = end
    return out


def _segment(conn: sqlite3.Connection, low: float, high: float, prev: str) -> str | None:
    """The hash of the last entry with an id in (low, high] when each of them is a version-2
    entry that follows the one before it (the first follows `prev`) and hashes to its hash."""
    for start, end in chunks(conn, "audit_log", "id", low, high):
        rows, payloads, text, prevs, hashes = conn.execute(_SEGMENT_SQL, (start, end)).fetchone()
        if rows == 0:
            continue
        if payloads != rows or prevs != prev + hashes[:-64]:
            return None
        pieces = text.split(_SEP)
        if len(pieces) != rows or "".join(map(_HEX, map(hashlib.sha256, pieces))) != hashes:
            return None
        prev = hashes[-64:]
    return prev


def _edges_linked(conn: sqlite3.Connection, ids: tuple[int, ...]) -> bool:
    """Whether each block entry hashes to its hash and links to the entry before it and the
    entry after it to the block entry (the last block entry's next: the segment after it)."""
    wanted = sorted({n + d for n in ids for d in (-1, 0, 1)})
    found = {row[0]: row[1:] for row in conn.execute(_EDGES_SQL, (json.dumps(wanted),)).fetchall()}
    for n, block in enumerate(ids):
        entry, before = found.get(block), found.get(block - 1)
        if entry is None or before is None or entry[2] is None:
            return False
        prev_hash, own, payload = entry
        if prev_hash != before[1] or hashlib.sha256(payload).hexdigest() != own:
            return False
        after = found.get(block + 1)
        if n < len(ids) - 1 and (after is None or after[0] != own):
            return False
    return True


def chain_intact(conn: sqlite3.Connection, blocks: audit_blocks.Layout | None) -> int | None:
    """The number of entries when each follows the one before it and each is a version-2 entry
    that hashes to its stored hash (those between block entries: as their blocks vouch);
    None otherwise."""
    if blocks is None:
        if _segment(conn, _BOTTOM, _TOP, GENESIS) is None:
            return None
    else:
        first, last = blocks.entries
        if _segment(conn, _BOTTOM, first, GENESIS) is None:
            return None
        if first != last and not _edges_linked(conn, blocks.ids):
            return None
        own = conn.execute("SELECT hash FROM audit_log WHERE id = ?", (last,)).fetchone()
        if own is None or _segment(conn, last, _TOP, own[0]) is None:
            return None
    return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])
