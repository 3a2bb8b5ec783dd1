"""The append-only, hash-chained audit log: each entry's hash covers the previous one."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.db.models import AuditEntry
from pos.db.session import Database, raw_cursor
from pos.db.sql import sql_datetime

GENESIS = "0" * 64


def _digest(prev_hash: str, at: datetime, user_id: int | None, action: str, detail: str) -> str:
    payload = json.dumps(
        [prev_hash, at.isoformat(), user_id, action, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(
    session: Session, user_id: int | None, action: str, detail: dict[str, Any], at: datetime
) -> None:
    """Append an entry inside the caller's transaction: the one writer of the chain.

    Hand-written SQL on the session's connection: checkout records every sale here.
    """
    cursor = raw_cursor(session)
    row = cursor.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = row[0] if row else GENESIS
    detail_text = json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    cursor.execute(
        "INSERT INTO audit_log (at, user_id, action, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            sql_datetime(at),
            user_id,
            action,
            detail_text,
            prev_hash,
            _digest(prev_hash, at, user_id, action, detail_text),
        ),
    )


@dataclass(frozen=True)
class AuditCheck:
    """The result of walking the audit chain: entries read, first broken one."""

    entries: int
    first_bad_id: int | None

    @property
    def ok(self) -> bool:
        return self.first_bad_id is None


def verify(db: Database) -> AuditCheck:
    prev_hash = GENESIS
    count = 0
    with db.Session() as session:
        for entry in session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars():
            count += 1
            expected = _digest(prev_hash, entry.at, entry.user_id, entry.action, entry.detail)
            if entry.prev_hash != prev_hash or entry.hash != expected:
                return AuditCheck(count, entry.id)
            prev_hash = entry.hash
    return AuditCheck(count, None)
