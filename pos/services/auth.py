"""Who is acting: the user logged in by PIN, checked against the permission table."""

from dataclasses import dataclass

from sqlalchemy import select

from pos.core.errors import NotFound, PermissionDenied
from pos.core.permissions import (
    ACTIONS,
    ADMIN,
    KASIR,
    PERMISSIONS,
    ROLE_LABELS,
    ROLES,
    SUPERVISOR,
    may,
)
from pos.db.models_people import User
from pos.db.session import Database
from pos.i18n import _

__all__ = [
    "ADMIN",
    "KASIR",
    "PERMISSIONS",
    "ROLES",
    "SUPERVISOR",
    "Actor",
    "default_actor",
    "ensure_default_users",
    "role_label",
    "supervisor_actor",
    "system_actor",
]

FIRST_ADMIN = "Admin"


def role_label(role: str) -> str:
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


@dataclass(frozen=True)
class Actor:
    """A user as the services see them: who, and in which role."""

    id: int
    name: str
    role: str

    def may(self, action: str) -> bool:
        return may(self.role, action)

    def require(self, action: str) -> None:
        """Refuse, with a message naming the user and the action, what the role may not do."""
        if not self.may(action):
            what = _(ACTIONS[action]) if action in ACTIONS else action
            raise PermissionDenied(
                _("{name} ({role}) may not {action}.").format(
                    name=self.name, role=role_label(self.role), action=what
                )
            )


def ensure_default_users(db: Database) -> None:
    """A new database gets one admin, without a PIN until `pos init --admin-pin` or first start."""
    with db.engine.connect() as conn:
        if conn.exec_driver_sql("SELECT 1 FROM users LIMIT 1").first() is not None:
            return  # every start but the first: no ORM work before the window shows
    with db.Session.begin() as session:
        if session.execute(select(User.id).limit(1)).first() is None:
            session.add(User(name=FIRST_ADMIN, role=ADMIN, active=True))


def _first(db: Database, roles: tuple[str, ...]) -> Actor:
    with db.Session() as session:
        user = session.execute(
            select(User)
            .where(User.role.in_(roles), User.active.is_(True))
            .order_by(User.id)
            .limit(1)
        ).scalar_one_or_none()
        if user is None:
            raise NotFound(_("There is no active user with that role."))
        return Actor(user.id, user.name, user.role)


def system_actor(db: Database) -> Actor:
    """The first active admin: who the command line acts as (it runs as the stand's admin)."""
    return _first(db, (ADMIN,))


def default_actor(db: Database) -> Actor:
    """The first active cashier: who scripts, benchmarks and tests ring up sales as."""
    return _first(db, (KASIR,))


def supervisor_actor(db: Database) -> Actor:
    """The first active supervisor: for scripts, benchmarks and tests of supervisor work."""
    return _first(db, (SUPERVISOR,))
