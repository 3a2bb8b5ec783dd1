"""Supervisor approvals: the one way an action a cashier may not do alone gets done.

Two shapes, one record (the `approvals` table: who approved what, why, when, for whom):
- `require_or_approve()` then `record()`: for an action done at once (void, refund, opening the
  drawer, a cashier's stock adjustment). The PIN is checked first (argon2, outside any write);
  the action's own transaction then writes the approval beside the document it approves. A
  user whose role allows the action approves themselves: the reason is recorded all the same.
- `grant()`: for what waits in the cart until checkout (a discount over the cashier's limit, a
  price override). The approval is written at once; checkout checks it by `check_granted()`:
  same action, the same business day, and covering what the line or sale asks.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from pos.core.errors import PermissionDenied, PosError
from pos.core.permissions import ACTIONS
from pos.core.pricing import clean_reason
from pos.db import sql
from pos.db.session import Database, raw_cursor, write_errors_explained
from pos.i18n import _
from pos.services import audit, login, settings
from pos.services.auth import Actor, role_label

MAX_DETAIL = 2_000  # characters of the JSON detail kept with an approval


class ApprovalNeeded(PermissionDenied):
    """The action needs a supervisor's PIN, and none (or a wrong one) was given."""


@dataclass(frozen=True)
class Approval:
    """Who allows an action and why; `id` is None until recorded with the action."""

    action: str
    approver: Actor
    requested_by: Actor
    reason: str
    detail: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    @property
    def by_pin(self) -> bool:
        """A supervisor typed their PIN (rather than acting alone)."""
        return self.approver.id != self.requested_by.id


def _detail_text(detail: dict[str, Any]) -> str:
    text = json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if len(text) > MAX_DETAIL:
        raise PosError(_("The approval holds too much detail."))
    return text


def action_words(action: str) -> str:
    return _(ACTIONS[action]) if action in ACTIONS else action


def require_or_approve(
    db: Database,
    actor: Actor,
    action: str,
    reason: str,
    approver_pin: str | None = None,
    detail: dict[str, Any] | None = None,
) -> Approval:
    """Who approves `action` for `actor`: the actor when their role allows it, else the owner of
    `approver_pin` (checked now, counted against the login lockout). Nothing is written but the
    PIN check's own audit entry; pass the result to record() inside the action's transaction."""
    reason = clean_reason(reason)
    detail = dict(detail or {})
    _detail_text(detail)
    if actor.may(action):
        return Approval(action, actor, actor, reason, detail)
    if not approver_pin:
        raise ApprovalNeeded(
            _("{name} ({role}) may not {action} alone: a supervisor must type their PIN.").format(
                name=actor.name, role=role_label(actor.role), action=action_words(action)
            )
        )
    approver = login.approve(
        db, approver_pin, action, {"reason": reason, "for": actor.name, **detail}
    )
    return Approval(action, approver, actor, reason, detail)


def record(session: Session, approval: Approval, at: datetime) -> int:
    """Write the approval inside the caller's transaction, with the audit entry that covers
    its row; returns its id."""
    cursor = raw_cursor(session)
    row = (
        approval.action,
        approval.approver.id,
        approval.requested_by.id,
        approval.reason,
        _detail_text(approval.detail),
        sql.sql_datetime(at),
    )  # the order of audit.APPROVAL_COLUMNS
    cursor.execute(
        "INSERT INTO approvals (action, approver_id, requested_by, reason, detail, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        row,
    )
    approval_id = int(cursor.lastrowid or 0)
    detail = {
        "action": approval.action,
        "approver": approval.approver.name,
        "reason": approval.reason,
        **audit.covering(audit.APPROVAL.kind, approval_id, audit.document_digest(row, ())),
    }
    audit.record(session, approval.requested_by.id, "approval_recorded", detail, at)
    return approval_id


def _discount_limit_check(db: Database, percent: int) -> Any:
    def allowed(approver: Actor) -> str | None:
        with db.Session() as session:
            limit = settings.discount_limit(session, approver.role)
        if percent <= limit:
            return None
        return _("{name} ({role}) may approve discounts up to {limit}%.").format(
            name=approver.name, role=role_label(approver.role), limit=limit
        )

    return allowed


def grant(
    db: Database,
    actor: Actor,
    action: str,
    approver_pin: str,
    reason: str,
    detail: dict[str, Any] | None = None,
) -> Approval:
    """A supervisor's PIN typed in the approval dialog for what waits in the cart: checked,
    recorded at once, returned with its id for the cart line or sale to carry.

    For a discount, `detail["percent"]` is what it takes off; the approver's own limit must
    cover it. For a price override, `detail` names the product and the new price.
    """
    reason = clean_reason(reason)
    detail = dict(detail or {})
    _detail_text(detail)
    allowed = None
    if action == "discount":
        allowed = _discount_limit_check(db, int(detail.get("percent", 100)))
    if not approver_pin:
        raise ApprovalNeeded(_("Type the supervisor's PIN."))
    approver = login.approve(
        db, approver_pin, action, {"reason": reason, "for": actor.name, **detail}, allowed=allowed
    )
    approval = Approval(action, approver, actor, reason, detail)
    with write_errors_explained(), db.Session.begin() as session:
        approval_id = record(session, approval, settings.local_now(session))
    return Approval(action, approver, actor, reason, detail, approval_id)


@dataclass(frozen=True)
class Granted:
    """An approval as stored, for checkout to check against what it is used for."""

    id: int
    action: str
    approver_id: int
    detail: dict[str, Any]
    day: str  # YYYY-MM-DD of the stand's day it was given


def load_granted(session: Session, ids: set[int]) -> dict[int, Granted]:
    """The stored approvals with these ids (missing ones are left out)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = raw_cursor(session).execute(
        f"SELECT id, action, approver_id, detail, substr(created_at, 1, 10) FROM approvals "
        f"WHERE id IN ({marks})",
        sorted(ids),
    )
    found: dict[int, Granted] = {}
    for approval_id, action, approver_id, detail, day in rows:
        try:
            parsed = json.loads(detail)
        except ValueError:
            parsed = {}
        found[int(approval_id)] = Granted(int(approval_id), action, int(approver_id), parsed, day)
    return found


def check_granted(granted: Granted | None, action: str, today: str, covers: dict[str, Any]) -> None:
    """Refuse an approval that is missing, for another action or day, or does not cover
    `covers` (a discount: at least the percent; an override: the same product and price)."""
    ok = granted is not None and granted.action == action and granted.day == today
    if ok and granted is not None:
        for key, wanted in covers.items():
            have = granted.detail.get(key)
            if key == "percent":
                ok = ok and isinstance(have, int) and have >= wanted
            else:
                ok = ok and have == wanted
    if not ok:
        raise ApprovalNeeded(
            _("The approval to {action} is missing or does not cover this; ask again.").format(
                action=action_words(action)
            )
        )
