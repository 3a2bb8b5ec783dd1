"""The tables the lock screen needs (settings, users, their PINs' lookup key, the login guard)
and the declarative base: loaded without the other models, which wait for the sale screen.
Every change here needs a migration."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, LargeBinary, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints keep Alembic's batch migrations on SQLite predictable.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """The declarative base of every table, with Alembic-friendly constraint names."""

    metadata = MetaData(naming_convention=NAMING)


class Setting(Base):
    """One setting's value as text (declared in pos.services.settings)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    """A person who uses the till, with a role and (once set) a PIN."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # kasir, supervisor, admin
    # argon2id (pos.services.pins); NULL until a PIN is set: such a user cannot log in.
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Login by PIN alone tries the users who logged in last first: fewer argon2 checks.
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # One byte of an HMAC of the PIN under PinLookupKey: which user's hash to check at a login
    # (pos.services.pins). NULL until the PIN is set or used after the upgrade that added it.
    pin_tag: Mapped[int | None] = mapped_column(Integer)


class PinLookupKey(Base):
    """The random key of the PINs' lookup tags; one row, id 1; never in an export's copy."""

    __tablename__ = "pin_lookup_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[bytes] = mapped_column(LargeBinary(32))


class LoginGuard(Base):
    """Wrong PINs in a row at this stand and the lockout they caused; one row, id 1.

    Login is by PIN alone, so failures cannot be pinned on a user: the stand locks as a whole.
    """

    __tablename__ = "login_guard"

    id: Mapped[int] = mapped_column(primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    lockouts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
