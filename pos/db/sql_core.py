"""Helpers for queries in SQLAlchemy Core over the models' tables (reports, the books, lookups)."""

from typing import Any, cast

from sqlalchemy import Connection, Table, func, select
from sqlalchemy.orm import Session


def table(model: Any) -> Table:
    """The Table of a declarative model, typed as one (``__table__`` is a FromClause)."""
    return cast(Table, model.__table__)


def id_by_name(
    session: Session, model: Any, name: str, other_than: int | None = None
) -> int | None:
    """The id of the row of `model` whose name is `name` ignoring case (users, categories and
    workshops are unique that way), leaving out the row `other_than` (the one being renamed)."""
    rows = table(model)
    query = select(rows.c.id).where(func.lower(rows.c.name) == name.lower())
    if other_than is not None:
        query = query.where(rows.c.id != other_than)
    found = session.execute(query.limit(1)).scalar()
    return None if found is None else int(found)


def text_order(conn: Connection, value: Any) -> Any:
    """`value` (text) to order by as Python orders str: by code point, a NULL as "" (first).
    SQLite does so already (UTF-8 bytes compared, NULL first); PostgreSQL orders text by the
    database's collation (en_US, ICU: "alpha" before "Zebra") and puts NULL last."""
    if conn.dialect.name != "postgresql":
        return value
    return func.coalesce(value, "").collate("C")
