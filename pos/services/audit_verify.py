"""Checking the audit chain and the documents it covers; reading the log for `pos audit list`.

Plain DB-API reads (no ORM objects): a year of sales is 300k entries and must check in seconds.
SQLite builds each document's canonical text itself (json_array() and group_concat), so Python only
hashes one string per document. audit_fast's quick pass answers when all is intact; otherwise
the walk here, row by row on one snapshot, names the first thing that differs.
"""

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from pos.db.session import Database
from pos.i18n import _
from pos.services import audit_fast, audit_moves
from pos.services.audit import (
    COVERED,
    ENTRY_VERSION,
    GENESIS,
    SALE,
    Covered,
    digest_v1,
    digest_v2,
    entry_version,
)
from pos.services.audit_fast import json_row


@dataclass(frozen=True)
class AuditCheck:
    """The result of checking the chain: entries read, the first thing found wrong."""

    entries: int
    first_bad_id: int | None = None  # the audit entry at fault, when one is
    problem: str | None = None  # what is wrong, for a person

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class EntryRow:
    """One audit entry as `pos audit list` shows it."""

    id: int
    at: str
    user: str | None
    action: str
    detail: dict[str, Any]


def _json_row_or_null(columns: tuple[str, ...]) -> str:
    # json_array() refuses a BLOB (which the app never writes): NULL, so that the document
    # differs from what its entry recorded (a child row with one drops out of the text).
    types = ", ".join(f'typeof("{c}")' for c in columns)
    return f"CASE WHEN 'blob' IN ({types}) THEN NULL ELSE {json_row(columns)} END"


def document_sql(kind: Covered, where: str = "", version: int = ENTRY_VERSION) -> str:
    """(id, label, text) of every document of a kind, the text as audit.document_text (as an
    entry of `version` hashed it: version 3 with the child rows' ids)."""
    text = f"'[' || {_json_row_or_null(kind.columns)}"
    for table, key, columns in kind.children_of(version):
        row = _json_row_or_null(columns)
        text += (
            f" || ',[' || coalesce((SELECT group_concat(t, ',') FROM (SELECT {row} "
            f"AS t FROM \"{table}\" WHERE \"{key}\" = d.id ORDER BY id)), '') || ']'"
        )
    return (
        f'SELECT d.id, d."{kind.label}", {text} || \']\' FROM "{kind.table}" d {where} '
        "ORDER BY d.id"
    )


def document_digests_between(
    cursor: Any, kind: Covered, span: tuple[int, int], version: int = ENTRY_VERSION
) -> dict[int, str]:
    """row id -> digest of each document of a kind with an id in (low, high], as an entry of
    `version` hashed it."""
    sql = document_sql(kind, "WHERE d.id > ? AND d.id <= ?", version)
    return {
        row_id: hashlib.sha256(text.encode("utf-8")).hexdigest() if isinstance(text, str) else ""
        for row_id, _label, text in cursor.execute(sql, span)
    }


def covered_by(detail: Any) -> tuple[str, int, str, int] | None:
    """(kind, row id, digest, version) of a version-2 or -3 entry that covers a document; None
    for others."""
    version = entry_version(detail)
    if version < 2 or '"covers":' not in detail:
        return None
    try:
        return (*_covers(detail), version)
    except (TypeError, ValueError, KeyError):
        return None


def _row_label(kind: Covered, label: Any, row_id: int) -> str:
    if kind is SALE:
        return _("sale {receipt}").format(receipt=label)
    return f"{kind.kind} {label} (#{row_id})"


# The keys record() writes sorted, read without parsing the whole JSON (300k entries a year).
# A key's quotes cannot match inside a JSON string value, where quotes are escaped.
_COVERS = re.compile(r'"covers":"([a-z_]+)",.*?"digest":"([0-9a-f]{64})",.*?"row":(\d+)[,}]')


def _covers(detail: str) -> tuple[str, int, str]:
    """(kind, row id, digest) of an entry that covers a document."""
    found = _COVERS.search(detail)
    if found is not None:
        return found[1], int(found[3]), found[2]
    fields = json.loads(detail)
    return str(fields["covers"]), int(fields["row"]), str(fields["digest"])


# kind -> row -> (entry, digest, entry version)
_Covering = dict[str, dict[int, tuple[int, str, int]]]
_Walked = tuple[int, _Covering, dict[str, int], audit_moves.Walked]


def verify_chain(db: Database) -> AuditCheck:
    """Check every entry and every covered document; name the first thing that differs.

    audit_fast's quick pass answers when all is intact (its readers see the file as it is at
    their start; when a database being written to changes between them, they disagree);
    otherwise walk_chain looks again on one snapshot and names what differs.
    """
    count = audit_fast.quick_check(db.path)
    if count is not None:
        return AuditCheck(count)
    return walk_chain(db)


def walk_chain(db: Database) -> AuditCheck:
    """Walk every entry, then every covered document, on one snapshot; name what differs."""
    with db.engine.begin() as conn:  # a read transaction: the chain and the rows agree
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        walked = _walk_entries(cursor)
        if isinstance(walked, AuditCheck):
            return walked
        count, covered, legacy, moves = walked
        for name, kind in COVERED.items():
            problem = _check_documents(cursor, kind, covered[name], legacy)
            if problem is not None:
                return AuditCheck(count, problem[0], problem[1])
        problem = audit_moves.walk_movements(cursor, moves)
        if problem is not None:
            return AuditCheck(count, problem[0], problem[1])
    return AuditCheck(count)


def _walk_entries(cursor: Any) -> AuditCheck | _Walked:
    """The first broken entry, or (entries, kind -> row -> (entry, digest, version), v1 sale
    entries, the stock movements the entries wrote)."""
    prev = GENESIS
    count = 0
    covered: _Covering = {k: {} for k in COVERED}
    moves = audit_moves.Walked()
    legacy: dict[str, int] = {}  # version-1 sale entries by receipt number
    rows = cursor.execute(
        "SELECT id, at, user_id, action, detail, prev_hash, hash FROM audit_log ORDER BY id"
    )
    for entry_id, at, user_id, action, detail, prev_hash, stored in rows:
        count += 1
        if prev_hash != prev:
            return AuditCheck(
                count,
                entry_id,
                _(
                    "Audit entry {id} does not follow the entry before it: an entry was "
                    "removed or inserted there."
                ).format(id=entry_id),
            )
        version = entry_version(detail)
        v2 = version >= 2
        try:
            if v2:
                expected = digest_v2(prev, at, user_id, action, detail)
            else:
                expected = digest_v1(prev, datetime.fromisoformat(at), user_id, action, detail)
        except (TypeError, ValueError):
            expected = None
        if stored != expected or not moves.entry(entry_id, version, detail):
            return AuditCheck(
                count, entry_id, _("Audit entry {id} was changed.").format(id=entry_id)
            )
        prev = stored
        try:
            _take(covered, legacy, entry_id, version, action, detail)
        except (ValueError, TypeError, KeyError, AttributeError):  # no writer writes it so
            return AuditCheck(
                count, entry_id, _("Audit entry {id} was changed.").format(id=entry_id)
            )
    return count, covered, legacy, moves


def _take(
    covered: _Covering,
    legacy: dict[str, int],
    entry_id: int,
    version: int,
    action: str,
    detail: Any,
) -> None:
    """Note the document an entry covers (a version-1 sale entry: its receipt number)."""
    if version >= 2 and '"covers":' in detail:
        kind_name, row_id, digest = _covers(detail)
        rows_of_kind = covered.get(kind_name)
        if rows_of_kind is not None:
            rows_of_kind[row_id] = (entry_id, digest, version)
    elif version < 2 and action == "sale":
        receipt = json.loads(detail).get("receipt_no")
        if isinstance(receipt, str):
            legacy[receipt] = entry_id


def _documents(cursor: Any, kind: Covered, versions: set[int]) -> Iterator[tuple[Any, ...]]:
    """(id, label, text as version 3 hashes it, text as version 2 does) of each document."""
    if not kind.children or versions <= {ENTRY_VERSION} or versions <= {1, 2}:
        version = ENTRY_VERSION if ENTRY_VERSION in versions or not versions else 2
        for row_id, label, text in cursor.execute(document_sql(kind, version=version)):
            yield row_id, label, text, text  # one text: as the entries hashed it
        return
    older = cursor.connection.cursor()  # both texts side by side, on the same snapshot
    newer = cursor.execute(document_sql(kind))
    for (row_id, label, text), (_id, _label, text_v2) in zip(
        newer, older.execute(document_sql(kind, version=2)), strict=True
    ):
        yield row_id, label, text, text_v2


def _check_documents(
    cursor: Any, kind: Covered, covered: dict[int, tuple[int, str, int]], legacy: dict[str, int]
) -> tuple[int | None, str] | None:
    sha256 = hashlib.sha256
    versions = {entry[2] for entry in covered.values()}
    for row_id, label, text_v3, text_v2 in _documents(cursor, kind, versions):
        entry = covered.pop(row_id, None)
        if entry is None:
            if kind is SALE and legacy.pop(label, None) is not None:
                continue  # recorded before entries covered the sale's rows
            return None, _("{row} is not in the audit log: it was inserted.").format(
                row=_row_label(kind, label, row_id)
            )
        text = text_v3 if entry[2] >= 3 else text_v2
        if text is None or sha256(text.encode("utf-8")).hexdigest() != entry[1]:
            return entry[0], _(
                "{row} differs from what audit entry {id} recorded: its row, one of its lines "
                "or one of its payments was changed, removed or added."
            ).format(row=_row_label(kind, label, row_id), id=entry[0])
    if covered:
        row_id, (entry_id, _digest, _v) = min(covered.items(), key=lambda item: item[1][0])
        return entry_id, _(
            "The row recorded by audit entry {id} ({kind} #{row}) was removed."
        ).format(id=entry_id, kind=kind.kind, row=row_id)
    if kind is SALE and legacy:
        receipt, entry_id = min(legacy.items(), key=lambda item: item[1])
        return entry_id, _("{row} (audit entry {id}) was removed.").format(
            row=_row_label(kind, receipt, 0), id=entry_id
        )
    return None


def list_entries(db: Database, day: date | None = None) -> list[EntryRow]:
    """The log, oldest first; only one day's entries when `day` is given."""
    sql = (
        "SELECT a.id, a.at, u.name, a.action, a.detail FROM audit_log a "
        "LEFT JOIN users u ON u.id = a.user_id"
    )
    params: tuple[str, ...] = ()
    if day is not None:
        sql += " WHERE a.at >= ? AND a.at < ?"
        params = (day.isoformat(), (day + timedelta(days=1)).isoformat())
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(sql + " ORDER BY a.id", params).fetchall()
    out = []
    for entry_id, at, user, action, detail in rows:
        try:
            fields = json.loads(detail)
        except (TypeError, ValueError):
            fields = {"text": str(detail)}
        if not isinstance(fields, dict):
            fields = {"value": fields}
        fields.pop("v", None)
        out.append(EntryRow(int(entry_id), str(at)[:19], user, str(action), fields))
    return out
