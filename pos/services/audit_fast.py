"""The quick pass of `pos audit verify`: is everything intact? Answered in bulk, mostly in C.

A few worker threads, each with a read-only connection, take jobs from one list until none is
left (SQLite releases the GIL while it builds text and hashlib while it hashes a big buffer, so
both cores work, and no thread waits with work left for it):
- the chain (audit_links): each entry outside the blocks, the block entries and their links;
- each block (audit_blocks): its rows, table after table, hashed as a few big strings;
- what the entries outside the blocks cover: (kind, row, digest) cut out of the details by SQLite;
- the documents outside the blocks: a kind's table, then each child table grouped by its
  document over the foreign-key index (no lookup per document), joined in Python and hashed
  (as version 3 hashes them; as version 2 too when an entry outside the blocks is older);
- the stock movements outside the blocks, and the spans the entries outside them recorded
  (audit_moves).
It only ever says "all intact"; anything else (a version-1 entry, a difference, an error)
sends verify to audit_verify's walk on one snapshot, which names the first thing that differs.
"""

import hashlib
import re
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from operator import methodcaller
from pathlib import Path
from threading import Lock
from typing import Any

from pos.db.sql import BUSY_TIMEOUT_MS
from pos.services import audit_blocks, audit_links, audit_moves
from pos.services.audit import COVERED, ENTRY_VERSION, KEYED_SQL, V3_PREFIX, Covered

_HEX = methodcaller("hexdigest")
_ENCODE = methodcaller("encode", "utf-8")
# Pages read through a memory map rather than copied: about a quarter less CPU over a year.
_MMAP_BYTES = 1 << 30

# kind -> (document ids ascending, their digests)
Digests = dict[str, tuple[list[int], list[str]]]
Job = Callable[[sqlite3.Connection], Any]

# Rows cross into Python a chunk at a time, each chunk one string whose pieces are split on
# U+001E (which JSON text never holds raw): one step of SQLite per chunk rather than per row,
# so that threads do not hand the GIL to each other for every row.
_CHUNK = 50_000
# Threads taking jobs: one per core, and one more to step in while another holds the GIL.
_WORKERS = 3
_SEP = b"\x1e"

# What the version-2 entries cover: per kind, the rows (comma-separated) and the digests (one
# string). JSON read by SQLite, as json.loads reads it.
# The entries before the blocks and those after them: two searches over the id (with "id <= ?
# OR id >= ?" and ORDER BY id SQLite reads a year of entries).
_OUTSIDE = (
    "(SELECT id, detail FROM audit_log WHERE id <= ?1 UNION ALL SELECT id, detail FROM "
    "audit_log WHERE id >= ?2 AND id > ?1) WHERE typeof(detail) = 'text' AND "
)
_COVERED_SQL = (
    "SELECT k, count(r), count(d), group_concat(r, ','), group_concat(d, ''), "
    "group_concat(v, '') FROM (SELECT "
    "json_extract(detail, '$.covers') AS k, json_extract(detail, '$.row') AS r, "
    "json_extract(detail, '$.digest') AS d, substr(detail, 6, 1) AS v FROM "
    + _OUTSIDE
    + KEYED_SQL
    + " AND instr(detail, '\"covers\":') > 0 ORDER BY id) GROUP BY k"
)
# The version-3 entries outside the blocks that wrote stock movements.
_MOVES_SQL = (
    "SELECT id, detail FROM " + _OUTSIDE + "substr(detail, 1, 6) = '" + V3_PREFIX + "' AND "
    "instr(detail, '\"moves\":') > 0 ORDER BY id"
)


def json_row(columns: Sequence[str]) -> str:
    """SQL for a row's values as audit.document_text writes them."""
    return "json_array(" + ", ".join(f'"{c}"' for c in columns) + ")"


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection on a snapshot of its own (a read transaction)."""
    # as_uri() escapes what a URI would misread in a folder's name (#, ?, %, spaces).
    conn = sqlite3.connect(
        f"{Path(path).resolve().as_uri()}?mode=ro",
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
        isolation_level=None,
    )
    conn.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
    conn.execute("BEGIN")
    return conn


def _ranges(
    conn: sqlite3.Connection, table: str, key: str, skip: tuple[int, int] = (0, 0)
) -> list[tuple[float, float]]:
    """Chunks (low, high] of a column's values, without those in `skip` (low, high]."""
    bottom, top = float("-inf"), 2**63 - 1
    spans = [(bottom, top)] if skip[0] >= skip[1] else [(bottom, skip[0]), (skip[1], top)]
    return [
        chunk for low, high in spans for chunk in audit_links.chunks(conn, table, key, low, high)
    ]


def _table_texts(
    conn: sqlite3.Connection,
    kind: Covered,
    part: int,
    skip: tuple[int, int] = (0, 0),
    version: int = ENTRY_VERSION,
) -> tuple[str, list[bytes]]:
    """One piece of every document of a kind: its row (part 0) or a child table's rows.

    (document ids comma-separated, pieces). Pieces joined in order make audit.document_text,
    as an entry of `version` hashed it: '[' row ',[' children '],[' ... ']]'.
    """
    if part == 0:
        table, key = kind.table, "id"
        end = ",[" if kind.children else "]"
        inner = (
            f"SELECT id AS k, '[' || {json_row(kind.columns)} || '{end}' AS t "
            f'FROM "{table}" WHERE id > ? AND id <= ? ORDER BY id'
        )
    else:
        table, key, columns = kind.children_of(version)[part - 1]
        end = "]]" if part == len(kind.children) else "],["
        # Grouped over the index on the key: the rows of a document come in id order.
        inner = (
            f"SELECT \"{key}\" AS k, group_concat({json_row(columns)}, ',') || '{end}' AS t "
            f'FROM "{table}" WHERE "{key}" > ? AND "{key}" <= ? GROUP BY "{key}" ORDER BY "{key}"'
        )
    sql = f"SELECT group_concat(k, ','), CAST(group_concat(t, char(30)) AS BLOB) FROM ({inner})"
    keys: list[str] = []
    texts: list[bytes] = []
    for low, high in _ranges(conn, table, key, skip):
        if part and not _grouped_in_rowid_order(conn, sql, (low, high), table, key):
            raise ValueError(f"{table} is not read over an index on {key} alone")
        got_keys, got_texts = conn.execute(sql, (low, high)).fetchone()
        if got_keys is not None:
            pieces = got_texts.split(_SEP)
            if len(pieces) != got_keys.count(",") + 1:
                raise ValueError("a document's text holds U+001E")  # never JSON's
            keys.append(got_keys)
            texts.extend(pieces)
    return ",".join(keys), texts


# A document's child rows are joined in the order SQLite reads them, unsorted: over the index
# on the key alone, so in rowid order, which is the id's when the id is the rowid. Both hold for
# the tables as the app creates them; a table rebuilt otherwise (an id that is not the rowid,
# another index, none) is left to the walk, which sorts by the id.
_INDEX_STEP = re.compile(r"SEARCH (\S+) USING (?:COVERING )?INDEX (\S+) \(")


def _plan(conn: sqlite3.Connection, sql: str, params: tuple[float, ...]) -> list[str]:
    return [str(row[3]) for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]


def _id_is_rowid(conn: sqlite3.Connection, table: str) -> bool:
    """Whether the table's id is its rowid (INTEGER PRIMARY KEY of a rowid table)."""
    plan = _plan(conn, f'SELECT id FROM "{table}" WHERE id = ?', (0,))
    return plan == [f"SEARCH {table} USING INTEGER PRIMARY KEY (rowid=?)"]


def _grouped_in_rowid_order(
    conn: sqlite3.Connection, sql: str, params: tuple[float, float], table: str, key: str
) -> bool:
    """Whether SQLite runs the query over an ascending index on the key alone, with no sort."""
    plan = _plan(conn, sql, params)
    if any("TEMP B-TREE" in step for step in plan):
        return False
    used = [m[2] for m in map(_INDEX_STEP.match, plan) if m is not None and m[1] == table]
    if len(used) != 1:
        return False
    columns = [(r[2], r[3]) for r in conn.execute(f'PRAGMA index_xinfo("{used[0]}")') if r[5]]
    return columns == [(key, 0)]


def _hexdigests(texts: list[bytes]) -> list[str]:
    return list(map(_HEX, map(hashlib.sha256, texts)))


def _join(kind: Covered, pieces: list[tuple[str, list[bytes]]]) -> tuple[str, list[str]]:
    ids, texts = pieces[0]
    if not kind.children:
        return ids, _hexdigests(texts)
    columns = [texts]
    for part, (keys, child_texts) in enumerate(pieces[1:], start=1):
        if keys != ids:  # a document without such rows (or rows of no document: not covered)
            empty = b"]]" if part == len(kind.children) else b"],["
            by_key = dict(zip(keys.split(","), child_texts, strict=True))
            child_texts = [by_key.get(i, empty) for i in ids.split(",")] if ids else []
        columns.append(child_texts)
    return ids, _hexdigests(list(map(b"".join, zip(*columns, strict=True))))


def _document_jobs(
    inside: audit_blocks.Spans | None = None,
    kinds: Sequence[Covered] = tuple(COVERED.values()),
    version: int = ENTRY_VERSION,
) -> list[tuple[str, Job]]:
    """(kind, job) for each piece of each kind's documents, but those the blocks vouch for."""
    return [
        (
            kind.kind,
            partial(
                _table_texts,
                kind=kind,
                part=part,
                skip=(inside or {}).get(kind.table, (0, 0)),
                version=version,
            ),
        )
        for kind in kinds
        for part in range(len(kind.children) + 1)
    ]


def _joined(jobs: list[tuple[str, Job]], results: list[Any]) -> dict[str, tuple[str, list[str]]]:
    pieces: dict[str, list[Any]] = {}
    for (name, _job), result in zip(jobs, results, strict=True):
        pieces.setdefault(name, []).append(result)
    return {name: _join(COVERED[name], got) for name, got in pieces.items()}


def run_jobs(path: Path, jobs: Sequence[Job]) -> list[Any]:
    """Each job's result, in order: _WORKERS threads, each with its own connection, take the
    next job until none is left (an error in one is raised here)."""
    results: list[Any] = [None] * len(jobs)
    todo = iter(range(len(jobs)))
    taking = Lock()

    def work() -> None:
        conn = connect(path)
        try:
            while True:
                with taking:
                    n = next(todo, None)
                if n is None:
                    return
                results[n] = jobs[n](conn)
        finally:
            conn.close()

    with ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="audit") as pool:
        for worker in [pool.submit(work) for _ in range(min(_WORKERS, len(jobs)))]:
            worker.result()
    return results


def quick_digests(path: Path) -> dict[str, tuple[str, list[str]]]:
    """kind -> (document ids comma-separated, their digests): each table read once."""
    jobs = _document_jobs()
    return _joined(jobs, run_jobs(path, [job for _name, job in jobs]))


def document_digests(path: Path, document_sql: Callable[[Covered], str]) -> Digests:
    """Every covered document's digest as the walk reads it (document_sql: one text each)."""
    conn = connect(path)
    try:
        out = {}
        for kind in COVERED.values():
            rows = conn.execute(document_sql(kind)).fetchall()
            texts = list(map(_ENCODE, (r[2] for r in rows)))
            out[kind.kind] = ([r[0] for r in rows], _hexdigests(texts))
        return out
    finally:
        conn.close()


def covered_rows(
    conn: sqlite3.Connection, skip: tuple[int, int] = (0, 0)
) -> dict[str, tuple[str, str, str]] | None:
    """kind -> (rows comma-separated, digests joined, entry versions) the version-2 and -3
    entries cover, but those between the entries `skip` (the blocks'); None when an entry
    covers a kind this version does not know (the walk then says what it makes of it)."""
    covered = {}
    for kind, rows, digests, row_text, digest_text, versions in conn.execute(_COVERED_SQL, skip):
        if kind not in COVERED or rows != digests or len(digest_text) != 64 * digests:
            return None
        covered[kind] = (row_text, digest_text, versions)
    return covered


def _same_documents(ids: str, digests: list[str], rows: str, recorded: str) -> bool:
    """Whether the documents are those the entries cover, each with the digest recorded."""
    if rows == ids:  # whole strings compared: the same rows, in the same order
        return recorded == "".join(digests)
    # In another order (the grouping need not keep the entries' order): row by row.
    chunks = (recorded[n : n + 64] for n in range(0, len(recorded), 64))
    by_row = dict(zip(rows.split(","), chunks, strict=False))  # lengths compared below
    if len(by_row) != len(digests) or len(by_row) != rows.count(",") + 1:
        return False  # a row covered twice, or documents that no entry covers
    return [by_row.get(i) for i in ids.split(",")] == digests


def _same_mixed(
    ids: str, digests: tuple[list[str], list[str]], rows: str, recorded: str, versions: str
) -> bool:
    """_same_documents when some entries are version 2: each document's digest as its own
    entry's version hashed it (digests: version 3's, version 2's)."""
    chunks = (recorded[n : n + 64] for n in range(0, len(recorded), 64))
    by_row = dict(zip(rows.split(","), zip(chunks, versions, strict=False), strict=False))
    if len(by_row) != len(digests[0]) or len(by_row) != rows.count(",") + 1:
        return False
    for row, new, old in zip(ids.split(",") if ids else [], *digests, strict=True):
        entry = by_row.get(row)
        if entry is None or entry[0] != (old if entry[1] == "2" else new):
            return False
    return True


def _movement_rows(
    conn: sqlite3.Connection, skip: tuple[int, int]
) -> tuple[list[int], list[bytes]]:
    """(ids, texts) of the stock movements outside the blocks, id order."""
    sql = (
        "SELECT group_concat(id, ','), CAST(group_concat(t, char(30)) AS BLOB) FROM (SELECT id, "
        f"{audit_moves.ROW_SQL} AS t FROM stock_movements WHERE id > ? AND id <= ? ORDER BY id)"
    )
    ids: list[int] = []
    texts: list[bytes] = []
    for low, high in _ranges(conn, "stock_movements", "id", skip):
        got_ids, got_texts = conn.execute(sql, (low, high)).fetchone()
        if got_ids is not None:
            more = [int(i) for i in got_ids.split(",")]
            pieces = got_texts.split(_SEP) if got_texts is not None else []
            if len(pieces) != len(more):
                raise ValueError("a movement holds a BLOB or U+001E")  # the walk names it
            ids.extend(more)
            texts.extend(pieces)
    return ids, texts


def _movement_spans(
    conn: sqlite3.Connection, skip: tuple[int, int]
) -> tuple[int | None, list[audit_moves.Span]]:
    """(moves_before, the spans of the entries outside the blocks)."""
    spans = []
    for entry_id, detail in conn.execute(_MOVES_SQL, skip):
        found = audit_moves.spans_of(detail)
        if found is not None:
            spans.append((int(entry_id), *found))
    return audit_moves.first_uncovered(conn.cursor()), spans


def quick_check(path: Path) -> int | None:
    """The number of entries when the chain and every covered document are intact, else None."""
    try:
        conn = connect(path)
        try:
            if not all(_id_is_rowid(conn, table) for table in audit_blocks.BLOCK_TABLES):
                return None  # ids of another type, or twice: the walk, which sorts, names them
            blocks = audit_blocks.layout(conn)
        finally:
            conn.close()
        skip = (0, 0) if blocks is None else blocks.entries
        inside = blocks.inside if blocks else {}
        documents = _document_jobs(inside)
        checks: list[Job] = [
            partial(audit_links.chain_intact, blocks=blocks),
            partial(covered_rows, skip=skip),
            partial(_movement_spans, skip=skip),
            partial(_movement_rows, skip=inside.get("stock_movements", (0, 0))),
        ]
        if blocks is not None:
            checks.append(partial(audit_blocks.children_belong, found=blocks))
            checks.extend(partial(_block_intact, spans=s, digest=d) for s, d in blocks.blocks)
        results = run_jobs(path, [*checks, *(job for _name, job in documents)])
        count, covered, moved, moving, *vouched = results[: len(checks)]
        found = _joined(documents, results[len(checks) :])
        if count is None or covered is None or not all(vouched):
            return None
        if not audit_moves.quick_match(*moved, *moving):
            return None
        older = [
            COVERED[name]
            for name, (_rows, _digests, versions) in covered.items()
            if "2" in versions and COVERED[name].children
        ]
        found_v2: dict[str, tuple[str, list[str]]] = {}
        if older:  # documents covered by version-2 entries (an older database's newest)
            jobs = _document_jobs(inside, older, version=2)
            found_v2 = _joined(jobs, run_jobs(path, [job for _name, job in jobs]))
    except (sqlite3.Error, TypeError, AttributeError, UnicodeError, ValueError):
        return None  # e.g. a NULL in a document: the walk on one snapshot names the row
    for name, (ids, digests) in found.items():
        rows, recorded, versions = covered.get(name, ("", "", ""))
        if name in found_v2:
            if not _same_mixed(ids, (digests, found_v2[name][1]), rows, recorded, versions):
                return None
        elif not _same_documents(ids, digests, rows, recorded):
            return None
    return int(count)


def _block_intact(conn: sqlite3.Connection, spans: audit_blocks.Spans, digest: str) -> bool:
    return audit_blocks.block_digest(conn, spans) == digest


def all_match(found: Digests, covered: dict[str, dict[int, tuple[int, str]]]) -> bool:
    """Whether the documents are exactly those the walk's entries cover, each with its digest."""
    for name, (ids, digests) in found.items():
        expected = covered.get(name, {})
        if len(expected) != len(ids):
            return False
        if [entry[1] for entry in map(expected.get, ids) if entry is not None] != digests:
            return False
    return True
