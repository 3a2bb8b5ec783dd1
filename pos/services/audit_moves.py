"""The stock ledger under the audit chain: each movement checked against the entry that wrote it.

A version-3 entry that wrote stock movements (a sale, a void, a return, a stock document)
carries `moves`: [the largest movement id before them, the first audit.MOVE_DIGEST hex digits of
each movement's SHA-256 in id order]; the writer gives its movements the ids that follow, so the
entries' spans follow each other with no gap. The first version-3 entry of a chain carries
`moves_before`: the largest movement id when the chain first covered movements (0 on a new
database; a chain loaded in bulk without it: where the first entry's movements start).
Movements up to it were written before (an older version): nothing covers them. Every other
movement lies in exactly one entry's span (or a block's, see audit_blocks) and hashes as that
entry recorded; one with an id below 1 is never SQLite's, so never covered. The walk names the
first that differs: "stock movement N" changed, removed or inserted.
"""

import bisect
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from pos.i18n import _
from pos.services.audit import MOVE_DIGEST, MOVEMENT_COLUMNS, V3_PREFIX

TABLE = "stock_movements"
# Each movement as audit.moving hashes it; NULL when a value is a BLOB (never the app's).
ROW_SQL = (
    "CASE WHEN 'blob' IN ("
    + ", ".join(f'typeof("{c}")' for c in MOVEMENT_COLUMNS)
    + ") THEN NULL ELSE json_array("
    + ", ".join(f'"{c}"' for c in MOVEMENT_COLUMNS)
    + ") END"
)
# The keys as detail_text writes them (sorted, compact); quotes cannot match inside a string.
_MOVES = re.compile(r'"moves":\[(-?\d+),"([0-9a-f]*)"\]')
_BEFORE = re.compile(r'"moves_before":(\d+)[,}]')
# The first version-3 entry: where the chain starts covering movements.
FIRST_V3_SQL = (
    "SELECT detail FROM audit_log WHERE typeof(detail) = 'text' AND substr(detail, 1, 6) = '"
    + V3_PREFIX
    + "' ORDER BY id LIMIT 1"
)
FIRST_MOVES_SQL = FIRST_V3_SQL.replace("ORDER BY", "AND instr(detail, '\"moves\":') > 0 ORDER BY")

Span = tuple[int, int, str]  # (entry id, largest movement id before, digests)


def spans_of(detail: str) -> tuple[int, str] | None:
    """(largest movement id before, digests) of an entry's `moves`; None when it has none."""
    if '"moves":' not in detail:
        return None
    found = _MOVES.search(detail)
    if found is not None:
        return int(found[1]), found[2]
    low, digests = json.loads(detail)["moves"]  # raises on a shape no writer writes
    if not isinstance(low, int) or not isinstance(digests, str):
        raise ValueError("moves")
    return low, digests


def before_of(detail: Any) -> int | None:
    """`moves_before` of the first version-3 entry; None when it has none (a chain loaded in
    bulk: then the first entry's movements are where the cover starts)."""
    found = _BEFORE.search(detail) if isinstance(detail, str) else None
    return int(found[1]) if found is not None else None


def first_uncovered(cursor: sqlite3.Cursor) -> int | None:
    """The largest movement id nothing covers, or None: no entry covers any movement yet."""
    row = cursor.execute(FIRST_V3_SQL).fetchone()
    if row is None:
        return None
    before = before_of(row[0])
    if before is not None:
        return before
    first = cursor.execute(FIRST_MOVES_SQL).fetchone()
    found = None if first is None else spans_of(first[0])
    return None if found is None else found[0]


class Walked:
    """What the walk gathers from the entries: where coverage starts, each entry's span."""

    def __init__(self) -> None:
        self.seen_v3 = False
        self.recorded: int | None = None  # moves_before of the first version-3 entry
        self.spans: list[Span] = []

    @property
    def before(self) -> int | None:
        """The largest movement id nothing covers; None: every movement is older."""
        if self.recorded is not None:
            return self.recorded
        return self.spans[0][1] if self.spans else None

    def entry(self, entry_id: int, version: int, detail: Any) -> bool:
        """Take an entry's movements; False when its `moves` are not as a writer writes them."""
        if version < 3:
            return True
        if not self.seen_v3:
            self.seen_v3 = True
            self.recorded = before_of(detail)
        try:
            found = spans_of(detail)
        except (ValueError, TypeError, KeyError):
            return False
        if found is not None:
            self.spans.append((entry_id, *found))
        return True


def expected(spans: Iterable[Span]) -> dict[int, tuple[int, str]]:
    """movement id -> (entry id, digest) as the entries recorded them."""
    out: dict[int, tuple[int, str]] = {}
    for entry_id, low, digests in spans:
        for n in range(len(digests) // MOVE_DIGEST):
            out[low + 1 + n] = (entry_id, digests[n * MOVE_DIGEST : (n + 1) * MOVE_DIGEST])
    return out


def _digest(text: Any) -> str:
    if not isinstance(text, str):
        return ""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:MOVE_DIGEST]


def first_difference(
    rows: Iterable[tuple[int, Any]], wanted: dict[int, tuple[int, str]]
) -> tuple[int | None, str] | None:
    """The movement (by id) that differs first: inserted, changed or removed; `rows` are
    (id, text) in id order, every movement the entries should cover."""
    order = sorted(wanted)
    n = 0
    for row_id, text in rows:
        if n < len(order) and order[n] < row_id:  # recorded, and no longer there
            return _removed(order[n], wanted[order[n]][0])
        if n == len(order) or order[n] != row_id:
            return None, _("Stock movement {id} is not in the audit log: it was inserted.").format(
                id=row_id
            )
        entry_id, digest = wanted[row_id]
        n += 1
        if _digest(text) != digest:
            return entry_id, _(
                "Stock movement {id} differs from what audit entry {entry} recorded: it was "
                "changed."
            ).format(id=row_id, entry=entry_id)
    if n < len(order):
        return _removed(order[n], wanted[order[n]][0])
    return None


def _removed(row_id: int, entry_id: int) -> tuple[int, str]:
    return entry_id, _("Stock movement {id} (audit entry {entry}) was removed.").format(
        id=row_id, entry=entry_id
    )


def rows_after(cursor: sqlite3.Cursor, before: int | None) -> Iterator[tuple[int, Any]]:
    """(id, text) of each movement some entry should cover, id order: any id below 1 (never
    one SQLite gives), then those after `before` (none when None: no entry covers any)."""
    conn = cursor.connection
    sql = f'SELECT id, {ROW_SQL} FROM "{TABLE}" WHERE id {{}} ORDER BY id'
    yield from conn.cursor().execute(sql.format("< 1"))
    if before is not None:
        yield from conn.cursor().execute(sql.format("> ?"), (before,))


def walk_movements(cursor: sqlite3.Cursor, walked: Walked) -> tuple[int | None, str] | None:
    """The first movement that differs from what the entries recorded, named; None when all
    match."""
    wanted = expected(walked.spans)
    return first_difference(rows_after(cursor, walked.before), wanted)


def range_as_recorded(cursor: sqlite3.Cursor, since_entry: int, span: tuple[int, int]) -> bool:
    """Whether the movements with ids in `span` are exactly those the entries after
    `since_entry` wrote, each as recorded (a block's writer checks this before vouching)."""
    spans = []
    for entry_id, detail in cursor.execute(
        "SELECT id, detail FROM audit_log WHERE id > ? AND instr(detail, '\"moves\":') > 0",
        (since_entry,),
    ):
        found = spans_of(detail) if isinstance(detail, str) else None
        if found is not None:
            spans.append((int(entry_id), *found))
    wanted = expected(spans)
    if any(not span[0] < i <= span[1] for i in wanted):
        return False
    rows = cursor.connection.cursor().execute(
        f'SELECT id, {ROW_SQL} FROM "{TABLE}" WHERE id > ? AND id <= ? ORDER BY id', span
    )
    return first_difference(rows, wanted) is None


def quick_match(before: int | None, spans: list[Span], ids: list[int], texts: list[bytes]) -> bool:
    """Whether the movements outside the blocks (ids, texts: every one, id order) are exactly
    those the entries outside the blocks wrote (spans), each as recorded; those up to `before`
    are older than the chain's cover (all of them when before is None)."""
    wanted = expected(spans)
    if before is None:
        return not wanted and all(i >= 1 for i in ids)
    start = bisect.bisect_right(ids, before)
    low = bisect.bisect_left(ids, 1)  # ids below 1: never SQLite's, never covered
    if low or ids[start:] != sorted(wanted):
        return False
    sha256 = hashlib.sha256
    return all(
        sha256(text).hexdigest()[:MOVE_DIGEST] == wanted[i][1]
        for i, text in zip(ids[start:], texts[start:], strict=True)
    )
