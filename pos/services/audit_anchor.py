"""External anchors of the audit chain: its head written where it leaves the stand, checked later.

Someone holding the database file can rewrite the whole chain (edit a sale, recompute every
hash after it) and verify finds it intact: nothing inside the file vouches for the head. So the
head (the newest entry's id and hash) goes out with each day's export (manifest.json) and is
printed on each Z report; `pos audit verify --anchor ID:HASH` or `--anchor-file manifest.json`
checks that the entry still has that hash. Each export also carries the previous export's head
as hashed at this export, so the office sees a rewrite between two exports (central_anchors).

Plain sqlite3 and json only: `pos audit verify` starts without SQLAlchemy.
"""

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pos.core.audit_head import SHORT
from pos.core.errors import PosError
from pos.i18n import _

MAX_ENTRY_ID = 2**62
MAX_MANIFEST_BYTES = 1024 * 1024
MANIFEST = "manifest.json"  # as pos.services.export_verify names it
_HEX = re.compile(r"[0-9a-f]{16,64}")
_FULL_HEX = re.compile(r"[0-9a-f]{64}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
HEAD, PREVIOUS, GIVEN = "head", "previous", "given"


class BadAnchor(PosError):
    """An anchor that cannot be read: malformed, a missing or hostile manifest."""


@dataclass(frozen=True)
class Anchor:
    """An entry's hash as seen earlier (a prefix of at least SHORT hex digits), and from where."""

    entry_id: int
    hash: str
    kind: str = GIVEN  # HEAD or PREVIOUS of an export of `day`, or GIVEN by hand
    day: str | None = None

    def what(self) -> str:
        if self.kind == HEAD:
            return _("the head exported on {day}").format(day=self.day)
        if self.kind == PREVIOUS:
            return _("the previous export's head, as the export of {day} saw it").format(
                day=self.day
            )
        return _("the anchor given")


def short(digest: str) -> str:
    """The printed form of a hash: its first SHORT hex digits."""
    return digest[:SHORT]


def head(cursor: sqlite3.Cursor) -> tuple[int, str] | None:
    """The newest entry's id and hash (None: an empty chain)."""
    row = cursor.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def hash_of(cursor: sqlite3.Cursor, entry_id: int) -> str | None:
    row = cursor.execute("SELECT hash FROM audit_log WHERE id = ?", (entry_id,)).fetchone()
    return None if row is None else str(row[0])


def export_block(cursor: sqlite3.Cursor) -> dict[str, Any]:
    """The manifest's `audit` block, read in the export's snapshot: the chain's head, and the
    head of the stand's previous export (table exports) with that entry's hash now (None when
    the entry is gone): the office compares it with the head that export carried."""
    now = head(cursor)
    block: dict[str, Any] = {
        "head": None if now is None else {"id": now[0], "hash": now[1]},
        "previous": None,
    }
    row = cursor.execute(
        "SELECT day, head_id FROM exports WHERE head_id IS NOT NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is not None:
        entry_id = int(row[1])
        block["previous"] = {
            "day": str(row[0])[:10],
            "id": entry_id,
            "hash": hash_of(cursor, entry_id),
        }
    return block


def parse_anchor(text: str) -> Anchor:
    """`ID:HASH` (HASH: the first 16 to all 64 hex digits of the entry's hash)."""
    entry, sep, digest = str(text).strip().partition(":")
    digest = digest.strip().lower()
    if not sep or not entry.strip().isdigit() or not _HEX.fullmatch(digest):
        raise BadAnchor(
            _(
                "{text} is not an anchor: write ENTRY:HASH, the entry's number and at least the "
                "first 16 hex digits of its hash (as the Z report or manifest.json shows them)."
            ).format(text=repr(str(text)[:80]))
        )
    entry_id = int(entry)
    if not 1 <= entry_id <= MAX_ENTRY_ID:
        raise BadAnchor(_("{n} is not an audit entry number.").format(n=entry.strip()[:20]))
    return Anchor(entry_id, digest)


def head_fields(value: object, gone_allowed: bool) -> tuple[int, str | None] | None:
    """(entry id, hash) of a manifest's head object, as Lapak writes it (None: no head, an
    export of an empty chain; a hash of None only where `gone_allowed`: the previous head
    was already gone at that export); ValueError otherwise."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("head")
    entry_id, digest = value.get("id"), value.get("hash")
    if not isinstance(entry_id, int) or isinstance(entry_id, bool):
        raise ValueError("id")
    if not 1 <= entry_id <= MAX_ENTRY_ID:
        raise ValueError("id")
    if digest is None and gone_allowed:
        return entry_id, None
    if not isinstance(digest, str) or not _FULL_HEX.fullmatch(digest):
        raise ValueError("hash")
    return entry_id, digest


def _entry(value: object, kind: str, day: str) -> Anchor | None:
    """An anchor from a manifest's head object, or None (an export of an empty chain, or a
    previous head already gone at that export: nothing vouched for)."""
    found = head_fields(value, kind == PREVIOUS)
    if found is None or found[1] is None:
        return None
    return Anchor(found[0], found[1], kind, day)


def read_manifest(path: Path) -> dict[str, Any]:
    """A manifest (or an export folder's manifest) as JSON, refused when hostile or too big."""
    path = Path(path).expanduser()
    if path.is_dir():
        path = path / MANIFEST
    shown = str(path)[-200:]
    try:
        if not path.is_file():
            raise BadAnchor(_("{path} is not a file: no manifest to check.").format(path=shown))
        with path.open("rb") as f:
            raw = f.read(MAX_MANIFEST_BYTES + 1)  # never more, whatever the file grows to
        if len(raw) > MAX_MANIFEST_BYTES:
            raise ValueError("too big")
        document = json.loads(raw.decode("utf-8"))
        if not isinstance(document, dict):
            raise ValueError("not an object")
    except (OSError, ValueError, RecursionError) as e:
        raise BadAnchor(
            _("{path} cannot be read as an export's manifest.json.").format(path=shown)
        ) from e
    return document


def manifest_anchors(document: dict[str, Any], shown: str) -> list[Anchor]:
    """The head a manifest carries and its view of the previous export's head."""
    audit = document.get("audit")
    day = document.get("date")
    if audit is None:
        raise BadAnchor(
            _(
                "{path} carries no audit head: it was exported by a Lapak from before anchors."
            ).format(path=shown)
        )
    try:
        if not isinstance(audit, dict) or not isinstance(day, str) or not _DAY.fullmatch(day):
            raise ValueError("audit")
        found = [_entry(audit.get("head"), HEAD, day), _entry(audit.get("previous"), PREVIOUS, day)]
    except ValueError as e:
        raise BadAnchor(
            _("The audit head in {path} cannot be read: the manifest was tampered with.").format(
                path=shown
            )
        ) from e
    return [a for a in found if a is not None]


def read_anchor_file(text: str) -> list[Anchor]:
    """The anchors of a manifest.json or of an export folder holding one."""
    path = Path(str(text))
    return manifest_anchors(read_manifest(path), str(path)[-200:])


def check(cursor: sqlite3.Cursor, anchors: list[Anchor]) -> str | None:
    """The first anchor the chain no longer matches, in words (None: every one matches)."""
    for anchor in sorted(anchors, key=lambda a: a.entry_id):
        now = hash_of(cursor, anchor.entry_id)
        if now is None:
            return _(
                "audit entry {id} is missing, but {what} ({hash}) names it: the chain was cut "
                "after it was taken."
            ).format(id=anchor.entry_id, what=anchor.what(), hash=short(anchor.hash))
        if not now.startswith(anchor.hash):
            return _(
                "audit entry {id} no longer matches {what} ({hash}; now {now}): the chain was "
                "rewritten after it was taken."
            ).format(
                id=anchor.entry_id, what=anchor.what(), hash=short(anchor.hash), now=short(now)
            )
    return None


def check_file(path: Path, anchors: list[Anchor]) -> str | None:
    """check() on a database file, read over plain sqlite3 (its own read snapshot)."""
    from pos.services import audit_fast

    conn = audit_fast.connect(path)
    try:
        return check(conn.cursor(), anchors)
    finally:
        conn.close()
