"""Logging in and approving by PIN, with the stand-wide lockout after wrong PINs in a row.

`authenticate_pin()` is the login and the unlock of a locked screen; `approve()` is a
supervisor's PIN typed on the spot to allow one action. Both count wrong PINs against the same
guard (else the approval box would be a way round the lockout), and both write the audit log.
The argon2 checks run outside any write transaction: a cashier at another till never waits.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pos.core.errors import PermissionDenied, PosError
from pos.core.permissions import may
from pos.core.pins import MAX_FAILURES, RESET, InvalidPin, LoginGuardState, check_pin
from pos.db.models_people import LoginGuard, User
from pos.db.session import Database, write_errors_explained
from pos.i18n import _, ngettext
from pos.services import audit, pin_lookup, pins, settings
from pos.services.auth import Actor

GUARD_ID = 1


class WrongPin(PosError):
    """No active user has this PIN (or the chosen user has another)."""


class LoginLocked(PosError):
    """Too many wrong PINs in a row: no PIN is checked until the lock runs out."""

    def __init__(self, message: str, until: datetime) -> None:
        super().__init__(message)
        self.until = until


def read_guard(session: Session) -> LoginGuardState:
    row = session.get(LoginGuard, GUARD_ID)
    if row is None:
        return RESET
    return LoginGuardState(row.failures, row.lockouts, row.locked_until)


def _write_guard(session: Session, state: LoginGuardState) -> None:
    session.merge(
        LoginGuard(
            id=GUARD_ID,
            failures=state.failures,
            lockouts=state.lockouts,
            locked_until=state.locked_until,
        )
    )


def guard_status(db: Database, now: datetime | None = None) -> LoginGuardState:
    """The lockout state as it stands (the login screen shows a running lock)."""
    with db.Session() as session:
        state = read_guard(session)
        if now is None:
            now = settings.local_now(session)
    return state if state.locked_at(now) else LoginGuardState(state.failures, state.lockouts)


def _locked_error(until: datetime, now: datetime) -> LoginLocked:
    minutes = max(1, -(-int((until - now).total_seconds()) // 60))
    return LoginLocked(
        ngettext(
            "Too many wrong PINs: login is locked until {time} ({n} minute).",
            "Too many wrong PINs: login is locked until {time} ({n} minutes).",
            minutes,
        ).format(time=until.strftime("%H:%M"), n=minutes),
        until,
    )


@dataclass(frozen=True)
class _Owner:
    id: int
    name: str
    role: str
    pin_hash: str


def _candidates(
    session: Session, pin: str, user_id: int | None, action: str | None
) -> list[_Owner]:
    """Who could own the PIN: the users its lookup tag picks (usually one), then those without a
    tag; among them who may approve `action` first, then by last login."""
    query = select(User.id, User.name, User.role, User.pin_hash).where(
        User.active.is_(True), User.pin_hash.is_not(None)
    )
    if user_id is not None:
        query = query.where(User.id == user_id)
    else:
        query = pin_lookup.narrowed(query, pin_lookup.tag_for(session, pin))
    query = query.order_by(User.last_login_at.desc().nulls_last(), User.id)
    owners = [_Owner(r.id, r.name, r.role, r.pin_hash) for r in session.execute(query)]
    if action is not None:
        owners.sort(key=lambda o: not may(o.role, action))  # stable: the order above stays
    return owners


def _identify(
    db: Database, pin: str, user_id: int | None, action: str | None, now: datetime | None
) -> tuple[_Owner | None, datetime]:
    """Who owns the PIN (None when nobody does); refuses at once while the login is locked."""
    with db.Session() as session:
        if now is None:
            now = settings.local_now(session)
        state = read_guard(session)
        if state.locked_at(now):
            assert state.locked_until is not None
            raise _locked_error(state.locked_until, now)
        try:
            check_pin(pin)
        except InvalidPin:
            return None, now  # counted like any wrong PIN: it says nothing about the right one
        candidates = _candidates(session, pin, user_id, action)
    found = pins.find_owner([pins.Candidate(c.id, c.pin_hash) for c in candidates], pin)
    owner = None if found is None else next(c for c in candidates if c.id == found.user_id)
    return owner, now


def _record_failure(db: Database, purpose: str, now: datetime) -> PosError:
    """Count a wrong PIN (locking at the fifth in a row); return the error to raise."""
    with write_errors_explained(), db.Session.begin() as session:
        before = read_guard(session)
        after = before.after_failure(now)
        _write_guard(session, after)
        audit.record(
            session,
            None,
            "login_failed",
            {"purpose": purpose, "in_a_row": before.failures + 1},
            now,
        )
        if after.locked_until is None or after.locked_until == before.locked_until:
            left = MAX_FAILURES - after.failures
            return WrongPin(
                ngettext(
                    "Wrong PIN. {n} more try before the login locks.",
                    "Wrong PIN. {n} more tries before the login locks.",
                    left,
                ).format(n=left)
            )
        minutes = int((after.locked_until - now).total_seconds() // 60)
        audit.record(
            session,
            None,
            "login_locked",
            {
                "until": after.locked_until.isoformat(),
                "minutes": minutes,
                "lockout": after.lockouts,
            },
            now,
        )
        return _locked_error(after.locked_until, now)


def _record_success(
    db: Database, owner: _Owner, pin: str, action: str, detail: dict[str, Any], now: datetime
) -> Actor:
    new_hash = pins.hash_pin(pin) if pins.needs_rehash(owner.pin_hash) else None
    with write_errors_explained(), db.Session.begin() as session:
        if read_guard(session) != RESET:
            _write_guard(session, RESET)
        # The tag again: a user from before tags gets one, and a key made anew is caught up.
        values: dict[str, Any] = {"last_login_at": now, "pin_tag": pin_lookup.new_tag(session, pin)}
        if new_hash is not None:
            values["pin_hash"] = new_hash
        session.execute(update(User).where(User.id == owner.id).values(**values))
        audit.record(session, owner.id, action, detail, now)
    return Actor(owner.id, owner.name, owner.role)


def authenticate_pin(
    db: Database, pin: str, user_id: int | None = None, now: datetime | None = None
) -> Actor:
    """Log in (or unlock the screen) by PIN alone, or as the user chosen from the list."""
    owner, now = _identify(db, pin, user_id, None, now)
    if owner is None:
        raise _record_failure(db, "login", now)
    return _record_success(db, owner, pin, "login", {"user": owner.name}, now)


def approve(
    db: Database,
    pin: str,
    action: str,
    detail: dict[str, Any] | None = None,
    now: datetime | None = None,
    allowed: Callable[[Actor], str | None] | None = None,
) -> Actor:
    """A PIN typed on the spot to allow `action`: the approver, whose role must allow it.

    `detail` (what is approved, the reason) goes into the audit entry beside the approver; the
    caller records the approver on the action itself too. `allowed` may refuse an approver the
    role table lets through (e.g. a discount above the approver's own limit): it returns the
    refusal message, or None.
    """
    owner, now = _identify(db, pin, None, action, now)
    if owner is None:
        raise _record_failure(db, action, now)
    approver = Actor(owner.id, owner.name, owner.role)
    refusal = _refusal(approver, action, allowed)
    if refusal is not None:
        # A right PIN of someone who may not approve: refused, but not a guess at a PIN.
        with write_errors_explained(), db.Session.begin() as session:
            audit.record(
                session, owner.id, "approval_refused", {"action": action, **(detail or {})}, now
            )
        raise PermissionDenied(
            _("{refusal} Ask a supervisor to type their PIN.").format(refusal=refusal)
        )
    return _record_success(db, owner, pin, "approval", {"action": action, **(detail or {})}, now)


def _refusal(
    approver: Actor, action: str, allowed: Callable[[Actor], str | None] | None
) -> str | None:
    try:
        approver.require(action)
    except PermissionDenied as e:
        return e.message
    return None if allowed is None else allowed(approver)


def unlock(db: Database, actor: Actor) -> None:
    """An admin lifts a running lockout (e.g. after the clock was set wrong)."""
    actor.require("manage_users")
    with write_errors_explained(), db.Session.begin() as session:
        now = settings.local_now(session)
        _write_guard(session, RESET)
        audit.record(session, actor.id, "login_unlocked", {}, now)
