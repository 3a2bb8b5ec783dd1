"""The office's side of the audit anchors: every chain head a stand's exports gave, and a
warning when a later export hashes one of those entries otherwise.

Each export's manifest carries its head (entry id and hash) and the previous export's head as
the stand hashed it at this export (pos.services.audit_anchor). The office keeps every
(stand, entry, hash) it received (central_audit_heads); one entry seen with two hashes means
the stand's chain was rewritten between those exports (or restored from an older backup,
which its restore entry says). It is a warning in the output and the import's outcome: the
export's documents are the stand's books all the same, and an older stick imported after a
newer one compares just as well.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from pos.db.models_central import CentralAuditHead
from pos.i18n import _
from pos.services.audit_anchor import head_fields, short
from pos.services.central_read import DayImport

Head = tuple[int, str | None]  # entry id, its hash (None: the entry was gone at that export)


def heads_of(block: Any) -> list[Head]:
    """The heads an export's `audit` block gives (none from an export of an older Lapak);
    ValueError when the block is there but not as Lapak writes it."""
    if block is None:
        return []
    if not isinstance(block, dict):
        raise ValueError("audit")
    found = [head_fields(block.get("head"), False), head_fields(block.get("previous"), True)]
    return [h for h in found if h is not None]


def _shown(digest: str | None) -> str:
    return _("missing") if digest is None else short(digest)


def record_heads(conn: Connection, server: bool, data: DayImport, at: datetime) -> list[str]:
    """Keep the heads of an export being imported (in its savepoint); a warning for each entry
    an earlier import received with another hash.

    The row goes in first: when another import of the stand holds the same entry uncommitted
    (PostgreSQL, --jobs), the insert waits for it, then finds its row; a check made before
    the insert could miss a rewrite between two exports imported at once."""
    try:
        heads = heads_of(data.audit)
    except ValueError:
        return [
            _(
                "WARNING: the audit head in the manifest of {stand} {day} cannot be read: the "
                "manifest was changed after the export."
            ).format(stand=data.stand, day=data.day.isoformat())
        ]
    dialect_insert = pg_insert if server else sqlite_insert
    warnings: list[str] = []
    for entry_id, digest in heads:
        added = conn.execute(
            dialect_insert(CentralAuditHead)
            .values(
                stand=data.stand,
                entry_id=entry_id,
                hash=digest,
                day=data.day,
                folder=data.folder.name[:200],
                imported_at=at,
            )
            .on_conflict_do_nothing(index_elements=["stand", "entry_id"])
            .returning(CentralAuditHead.id)
        ).first()
        if added is not None:
            continue
        then, then_day, folder = conn.execute(
            select(CentralAuditHead.hash, CentralAuditHead.day, CentralAuditHead.folder).where(
                CentralAuditHead.stand == data.stand, CentralAuditHead.entry_id == entry_id
            )
        ).one()
        if then != digest:
            warnings.append(
                _(
                    "WARNING: the audit chain of stand {stand} was rewritten between two "
                    "exports: entry {id} was {then} in the export of {then_day} ({folder}) and "
                    "is {now} in the export of {day}."
                ).format(
                    stand=data.stand,
                    id=entry_id,
                    then=_shown(then),
                    then_day=then_day.isoformat(),
                    folder=folder,
                    now=_shown(digest),
                    day=data.day.isoformat(),
                )
            )
    return warnings
