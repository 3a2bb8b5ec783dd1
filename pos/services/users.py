"""Managing the stand's users: add, change PIN or role, deactivate; the first admin's PIN.

PINs are unique at the stand (login is by PIN alone). Hashes are salted, so uniqueness is
checked by trying the new PIN against every stored hash. No PIN and no hash is ever written to
the audit log, the log file or any output.
"""

import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.core.errors import NotFound, PermissionDenied, PosError
from pos.core.permissions import ADMIN, ROLES
from pos.core.pins import check_pin
from pos.db.models_people import User
from pos.db.session import Database, raw_cursor, write_errors_explained
from pos.db.sql_core import id_by_name
from pos.i18n import _
from pos.services import audit, pin_lookup, pins, settings
from pos.services.auth import FIRST_ADMIN, Actor

NAME_MAX = 40


@dataclass(frozen=True)
class UserInfo:
    """A user as lists show them: never the PIN hash, only whether there is one."""

    id: int
    name: str
    role: str
    active: bool
    has_pin: bool


def check_name(name: str) -> str:
    name = " ".join(str(name).split())
    if not name:
        raise PosError(_("Give the user a name."))
    if len(name) > NAME_MAX:
        raise PosError(_("A name is at most {n} characters.").format(n=NAME_MAX))
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise PosError(_("A name cannot contain control characters."))
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise PosError(
            _("Unknown role {role}; choose {roles}.").format(role=role, roles=", ".join(ROLES))
        )
    return role


def list_users(db: Database, include_inactive: bool = True) -> list[UserInfo]:
    """Everyone (the login screen lists the active ones with a PIN, to click on)."""
    # Plain SQL: the lock screen calls this at start-up, before anything else needs the ORM's
    # mappers configured (about 0.1 s, spent later while the cashier types a PIN).
    where = "" if include_inactive else " WHERE active = 1"
    with db.Session() as session:
        rows = raw_cursor(session).execute(
            "SELECT id, name, role, active, pin_hash IS NOT NULL FROM users"
            f"{where} ORDER BY active DESC, name"
        )
        return [
            UserInfo(int(uid), name, role, bool(active), bool(has_pin))
            for uid, name, role, active, has_pin in rows
        ]


def find_user(db: Database, name: str) -> UserInfo:
    """A user by name, case and spacing ignored."""
    wanted = " ".join(str(name).split()).casefold()
    for user in list_users(db):
        if user.name.casefold() == wanted:
            return user
    raise NotFound(_("There is no user named {name}.").format(name=name))


def _pin_taken(session: Session, pin: str, except_user: int | None = None) -> bool:
    """Whether another user has the PIN: checked against the hashes its lookup tag picks."""
    query = select(User.pin_hash).where(User.pin_hash.is_not(None))
    if except_user is not None:
        query = query.where(User.id != except_user)
    query = pin_lookup.narrowed(query, pin_lookup.tag_for(session, pin))
    return pins.in_use((h for h in session.execute(query).scalars() if h), pin)


def _new_hash(db: Database, pin: str, except_user: int | None = None) -> str:
    """Check the PIN's form and that nobody else has it; its hash, made before any write."""
    check_pin(pin)
    with db.Session() as session:
        if _pin_taken(session, pin, except_user):
            raise PosError(_("This PIN is already in use at this stand; choose another."))
    return pins.hash_pin(pin)


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_("There is no such user."))
    return user


def add_user(db: Database, actor: Actor, name: str, role: str, pin: str) -> int:
    actor.require("manage_users")
    name = check_name(name)
    check_role(role)
    pin_hash = _new_hash(db, pin)
    with write_errors_explained(), db.Session.begin() as session:
        if id_by_name(session, User, name) is not None:
            raise PosError(_("There is already a user named {name}.").format(name=name))
        # The PIN may have been given to someone else while it was hashed (another till).
        if _pin_taken(session, pin):
            raise PosError(_("This PIN is already in use at this stand; choose another."))
        user = User(
            name=name,
            role=role,
            pin_hash=pin_hash,
            pin_tag=pin_lookup.new_tag(session, pin),
            active=True,
        )
        session.add(user)
        session.flush()
        now = settings.local_now(session)
        audit.record(session, actor.id, "user_add", {"user": name, "role": role}, now)
        return user.id


def set_pin(db: Database, actor: Actor, user_id: int, pin: str) -> None:
    actor.require("manage_users")
    pin_hash = _new_hash(db, pin, except_user=user_id)
    with write_errors_explained(), db.Session.begin() as session:
        user = _user(session, user_id)
        if _pin_taken(session, pin, except_user=user_id):
            raise PosError(_("This PIN is already in use at this stand; choose another."))
        user.pin_hash = pin_hash
        user.pin_tag = pin_lookup.new_tag(session, pin)
        now = settings.local_now(session)
        audit.record(session, actor.id, "user_pin_set", {"user": user.name}, now)


def _check_admins_left(session: Session, user: User, role: str, active: bool) -> None:
    if user.role != ADMIN or (role == ADMIN and active):
        return
    others = session.execute(
        select(func.count(User.id)).where(
            User.role == ADMIN, User.active.is_(True), User.id != user.id
        )
    ).scalar_one()
    if not others:
        raise PermissionDenied(
            _("{name} is the last active admin; make another admin first.").format(name=user.name)
        )


def set_role(db: Database, actor: Actor, user_id: int, role: str) -> None:
    actor.require("manage_users")
    check_role(role)
    with write_errors_explained(), db.Session.begin() as session:
        user = _user(session, user_id)
        if user.role == role:
            return
        _check_admins_left(session, user, role, user.active)
        before, user.role = user.role, role
        now = settings.local_now(session)
        audit.record(
            session, actor.id, "user_role", {"user": user.name, "from": before, "to": role}, now
        )


def set_active(db: Database, actor: Actor, user_id: int, active: bool) -> None:
    """Deactivate (or bring back) a user; their sales and records keep their name."""
    actor.require("manage_users")
    with write_errors_explained(), db.Session.begin() as session:
        user = _user(session, user_id)
        if user.active == active:
            return
        _check_admins_left(session, user, user.role, active)
        # Bringing a user back needs no PIN check: PINs are unique among inactive users too.
        user.active = active
        now = settings.local_now(session)
        action = "user_activate" if active else "user_deactivate"
        audit.record(session, actor.id, action, {"user": user.name}, now)


def needs_admin_pin(db: Database) -> bool:
    """True while no active admin has a PIN: the first start asks for one."""
    with db.engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT 1 FROM users WHERE role = ? AND active = 1 AND pin_hash IS NOT NULL LIMIT 1",
            (ADMIN,),
        ).first()
    return row is None


def set_first_admin_pin(db: Database, pin: str) -> Actor:
    """Give the first admin a PIN, only while no active admin has one (`pos init --admin-pin`).

    Needs no login: there is nobody who could log in yet.
    """
    if not needs_admin_pin(db):
        raise _admin_has_pin()
    pin_hash = _new_hash(db, pin)
    with write_errors_explained(), db.Session.begin() as session:
        if not _no_admin_pin(session):
            raise _admin_has_pin()
        if _pin_taken(session, pin):
            raise PosError(_("This PIN is already in use at this stand; choose another."))
        admin = (
            session.execute(
                select(User).where(User.role == ADMIN, User.active.is_(True)).order_by(User.id)
            )
            .scalars()
            .first()
        )
        if admin is None:
            admin = User(name=_unused_admin_name(session), role=ADMIN, active=True)
            session.add(admin)
        admin.pin_hash = pin_hash
        admin.pin_tag = pin_lookup.new_tag(session, pin)
        session.flush()
        now = settings.local_now(session)
        audit.record(session, admin.id, "user_pin_set", {"user": admin.name, "first": True}, now)
        return Actor(admin.id, admin.name, admin.role)


def _admin_has_pin() -> PermissionDenied:
    return PermissionDenied(
        _("The admin already has a PIN; an admin changes PINs with: pos user set-pin.")
    )


def _no_admin_pin(session: Session) -> bool:
    return (
        session.execute(
            select(User.id)
            .where(User.role == ADMIN, User.active.is_(True), User.pin_hash.is_not(None))
            .limit(1)
        ).first()
        is None
    )


def _unused_admin_name(session: Session) -> str:
    names = {n.lower() for n in session.execute(select(User.name)).scalars()}
    name, n = FIRST_ADMIN, 1
    while name.lower() in names:
        n += 1
        name = f"{FIRST_ADMIN} {n}"
    return name
