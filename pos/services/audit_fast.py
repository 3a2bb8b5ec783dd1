"""The documents' half of `pos audit verify`, hashed in a thread beside the walk of the chain.

SQLite builds each document's canonical text (audit_verify.document_sql) and releases the GIL
while it does, which is most of the documents' cost: on two cores they take no extra time
beside the chain. Hashing and comparing stay in C (map() over the rows, whole lists compared).
This half only says "all match"; when anything differs, audit_verify walks everything again
on one snapshot, row by row, to name it.
"""

import hashlib
import sqlite3
import threading
from collections.abc import Callable
from operator import methodcaller
from pathlib import Path

from pos.db.session import BUSY_TIMEOUT_MS
from pos.services.audit import COVERED, Covered

_HEX = methodcaller("hexdigest")
_ENCODE = methodcaller("encode", "utf-8")

# kind -> (document ids ascending, their digests)
Digests = dict[str, tuple[list[int], list[str]]]


def document_digests(path: Path, document_sql: Callable[[Covered], str]) -> Digests:
    """Every covered document's digest, read on a connection of its own (one snapshot)."""
    out = {}
    # as_uri() escapes what a URI would misread in a folder's name (#, ?, %, spaces).
    conn = sqlite3.connect(
        f"{Path(path).resolve().as_uri()}?mode=ro",
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )
    try:
        conn.execute("BEGIN")
        for kind in COVERED.values():
            rows = conn.execute(document_sql(kind)).fetchall()
            texts = [r[2] for r in rows]
            digests = list(map(_HEX, map(hashlib.sha256, map(_ENCODE, texts))))
            out[kind.kind] = ([r[0] for r in rows], digests)
    finally:
        conn.close()
    return out


def all_match(found: Digests, covered: dict[str, dict[int, tuple[int, str]]]) -> bool:
    """Whether the documents are exactly those the entries cover, each with its digest."""
    for name, (ids, digests) in found.items():
        expected = covered.get(name, {})
        if len(expected) != len(ids):
            return False
        if [entry[1] for entry in map(expected.get, ids) if entry is not None] != digests:
            return False
    return True


class DocumentWorker(threading.Thread):
    """Reads and hashes the documents while the chain is walked."""

    def __init__(self, path: Path, document_sql: Callable[[Covered], str]) -> None:
        super().__init__(name="audit-documents", daemon=True)
        self._path = path
        self._document_sql = document_sql
        self.result: Digests | None = None

    def run(self) -> None:
        try:
            self.result = document_digests(self._path, self._document_sql)
        except (sqlite3.Error, TypeError, AttributeError, UnicodeError):
            self.result = None  # e.g. a NULL text: the walk on one snapshot names the row
