"""Who is acting. Until PIN logins exist, the app acts as the default cashier."""

from dataclasses import dataclass

from sqlalchemy import select

from pos.core.errors import PermissionDenied
from pos.db.models import User
from pos.db.session import Database
from pos.i18n import _

CASHIER = "cashier"
SUPERVISOR = "supervisor"
ADMIN = "admin"
ROLES = (CASHIER, SUPERVISOR, ADMIN)
DEFAULT_CASHIER = "Kasir"

# What each role may do; checked by the services, whatever the UI shows.
PERMISSIONS: dict[str, frozenset[str]] = {
    CASHIER: frozenset({"sell"}),
    SUPERVISOR: frozenset({"sell", "manage_catalog", "manage_stock", "load_demo"}),
    ADMIN: frozenset({"sell", "manage_catalog", "manage_stock", "load_demo", "manage_settings"}),
}


@dataclass(frozen=True)
class Actor:
    id: int
    name: str
    role: str

    def require(self, permission: str) -> None:
        if permission not in PERMISSIONS.get(self.role, frozenset()):
            raise PermissionDenied(
                _("{name} ({role}) may not do this.").format(name=self.name, role=self.role)
            )


def ensure_default_users(db: Database) -> None:
    with db.engine.connect() as conn:
        if conn.exec_driver_sql("SELECT 1 FROM users LIMIT 1").first() is not None:
            return  # every start but the first: no ORM work before the window shows
    with db.Session.begin() as session:
        if session.execute(select(User.id).limit(1)).first() is None:
            session.add(User(name=DEFAULT_CASHIER, role=CASHIER, active=True))
            session.add(User(name="Admin", role=ADMIN, active=True))


def default_actor(db: Database) -> Actor:
    """The cashier the app acts as while there are no logins."""
    with db.engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT id, name, role FROM users ORDER BY name = ? DESC, id LIMIT 1",
            (DEFAULT_CASHIER,),
        ).one()
    return Actor(int(row[0]), str(row[1]), str(row[2]))


def system_actor(db: Database) -> Actor:
    """The admin, for set-up actions run from the command line (init, demo loading)."""
    with db.Session() as session:
        user = session.execute(
            select(User).where(User.role == ADMIN).order_by(User.id).limit(1)
        ).scalar_one()
        return Actor(user.id, user.name, user.role)


def supervisor_actor(db: Database) -> Actor:
    """Who the supervisor screens act as until PIN logins exist: the first supervisor or admin."""
    with db.Session() as session:
        user = session.execute(
            select(User)
            .where(User.role.in_((SUPERVISOR, ADMIN)), User.active.is_(True))
            .order_by(User.role.desc(), User.id)
            .limit(1)
        ).scalar_one()
        return Actor(user.id, user.name, user.role)
