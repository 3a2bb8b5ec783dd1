"""Helpers for queries in SQLAlchemy Core over the models' tables (reports, the books)."""

from typing import Any, cast

from sqlalchemy import Table


def table(model: Any) -> Table:
    """The Table of a declarative model, typed as one (``__table__`` is a FromClause)."""
    return cast(Table, model.__table__)
