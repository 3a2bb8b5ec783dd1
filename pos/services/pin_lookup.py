"""The database's PIN lookup key and the tags it gives (see pos.services.pins): which users'
argon2 hashes a typed PIN is checked against."""

from typing import TypeVarTuple

from sqlalchemy import Select, or_, select, update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from pos.db.models_people import PinLookupKey, User
from pos.services import pins

KEY_ID = 1
Ts = TypeVarTuple("Ts")


def read_key(session: Session) -> bytes | None:
    """The key, or None while no PIN was set since the upgrade (or in an export's copy)."""
    key = session.execute(select(PinLookupKey.key).where(PinLookupKey.id == KEY_ID)).scalar()
    return bytes(key) if key else None


def ensure_key(session: Session) -> bytes:
    """The key, made inside the caller's write transaction if there is none yet."""
    key = read_key(session)
    if key is None:
        # Tags made under a key that is gone would hide their users from the login.
        session.execute(update(User).values(pin_tag=None))
        session.execute(
            insert(PinLookupKey).values(id=KEY_ID, key=pins.new_key()).on_conflict_do_nothing()
        )
        key = read_key(session)
        assert key is not None
    return key


def tag_for(session: Session, pin: str) -> int | None:
    """The PIN's tag under the key (None when there is no key: every user is a candidate)."""
    key = read_key(session)
    return None if key is None else pins.tag(key, pin)


def new_tag(session: Session, pin: str) -> int:
    """The tag to store with a PIN being set or used (write transaction)."""
    return pins.tag(ensure_key(session), pin)


def narrowed(query: Select[*Ts], tag: int | None) -> Select[*Ts]:
    """Only the users whose tag is the PIN's, then those without one (checked last)."""
    if tag is None:
        return query
    return query.where(or_(User.pin_tag == tag, User.pin_tag.is_(None))).order_by(
        User.pin_tag.is_(None)
    )
