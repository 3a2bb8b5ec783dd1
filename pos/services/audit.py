"""The append-only, hash-chained audit log: each entry's hash covers the previous one."""

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from pos.db.models import AuditEntry
from pos.db.session import Database

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
    """Append an entry inside the caller's transaction."""
    prev = session.execute(
        select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).scalar_one_or_none()
    prev_hash = prev or GENESIS
    detail_text = json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    session.execute(
        insert(AuditEntry).values(
            at=at,
            user_id=user_id,
            action=action,
            detail=detail_text,
            prev_hash=prev_hash,
            hash=_digest(prev_hash, at, user_id, action, detail_text),
        )
    )


def record_raw(
    cursor: sqlite3.Cursor, user_id: int | None, action: str, detail: dict[str, Any], at: datetime
) -> None:
    """record() for callers already on the DB-API cursor of the transaction (checkout)."""
    row = cursor.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = row[0] if row else GENESIS
    detail_text = json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    cursor.execute(
        "INSERT INTO audit_log (at, user_id, action, detail, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            at.strftime("%Y-%m-%d %H:%M:%S.%f"),
            user_id,
            action,
            detail_text,
            prev_hash,
            _digest(prev_hash, at, user_id, action, detail_text),
        ),
    )


@dataclass(frozen=True)
class AuditCheck:
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
