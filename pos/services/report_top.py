"""The top rows of the sales report by net and the others added up in one row: a year's 90k
products are many rows to make in Python (and to look at); the database picks the top ones
and adds up the rest, so the rows shown still add up to the whole."""

from collections.abc import Collection
from datetime import date

from sqlalchemy import BigInteger, Connection, Subquery, cast, func, literal, or_, select

from pos.db.models_summaries import ReportSum
from pos.db.sql_core import table, text_order
from pos.i18n import ngettext
from pos.services.report_members import FIGURES
from pos.services.report_near import near_top
from pos.services.report_pieces import Piece, planned, totals
from pos.services.report_query import (
    MEASURES,
    NO_NAME,
    ORDERED_KEYS,
    ReportRow,
    Source,
    ordered,
    report_query,
    report_rows,
    total_row,
)

_sums = table(ReportSum)
Stands = Collection[str] | None  # None: all
Top = tuple[list[ReportRow], ReportRow | None]  # the top rows, the others added up (or None)


def top_rows(
    conn: Connection, src: Source, span: tuple[date, date], by: str, stands: Stands, top: int
) -> Top:
    """The `top` rows of `report_rows` by net (most first, then key) and the others added up
    in one row (key "", label the number of keys in it; None: no others), so that the rows
    still add up to the whole. A year's 90k products are not all made into Python rows: the
    database picks the top ones and adds up the rest (keys in their own order: all rows)."""
    if by in ORDERED_KEYS:
        return ordered([row for _day, row in report_rows(conn, src, span, by, stands)], by), None
    parts, unique, piece = planned(conn, src, span, by, stands, False)
    if piece is not None:
        return _piece_top(conn, src.name, by, piece, top)
    near = near_top(conn, src, span, by, stands, top)
    if near is not None:  # a year-long period not starting on 1 January
        return _with_others(*near)
    rows = report_query(src, span, by, stands, False, parts, unique).subquery()
    _day, key, *figures = rows.c
    net = figures[2 + MEASURES.index("net")]
    counted = or_(*(c != 0 for c in figures[1:]))  # a key whose figures are all zero is none
    by_net = (net.desc(), text_order(conn, key))  # ties as ordered() has them, on every engine
    first = select(key, *figures).where(counted).order_by(*by_net).limit(top)
    picked = ordered([ReportRow._make(r) for r in conn.execute(first)], by)
    return _with_others(picked, _added_up(conn, select(*figures[1:]).where(counted).subquery()))


def _piece_top(conn: Connection, name: str, by: str, piece: Piece, top: int) -> Top:
    """top_rows of a period that is one built piece of one stand: a year's top keys are a
    walk of the index by net (no sort of its 88k rows), the whole its kept totals."""
    level, start = piece
    # The level written into the statement: the index by net holds the years' rows only, and
    # is used only when the query names the level itself.
    inline = literal(level, literal_execute=True)
    mine = (_sums.c.source == name, _sums.c.by == by, _sums.c.level == inline)
    counted = or_(*(_sums.c[f] != 0 for f in FIGURES))
    where = (*mine, _sums.c.start == start, counted)
    columns = (_sums.c[f] for f in FIGURES)
    named = (func.coalesce(_sums.c.key, NO_NAME), func.coalesce(_sums.c.label, NO_NAME))
    by_net = (_sums.c.net.desc(), text_order(conn, _sums.c.key))
    first = select(*named, *columns).where(*where).order_by(*by_net)
    picked = ordered([ReportRow._make(r) for r in conn.execute(first.limit(top))], by)
    whole = totals(conn, name, by, piece)
    if whole is None:  # marked before its totals were kept
        whole = _added_up(conn, select(*(_sums.c[f] for f in FIGURES)).where(*where).subquery())
    return _with_others(picked, whole)


def _added_up(conn: Connection, rows: Subquery) -> tuple[int, ...]:
    """The number of `rows` and each of their columns added up."""
    sums = (cast(func.coalesce(func.sum(c), 0), BigInteger) for c in rows.c)
    return tuple(int(v) for v in conn.execute(select(func.count(), *sums)).one())


def _with_others(picked: list[ReportRow], whole: tuple[int, ...]) -> Top:
    """The picked rows and the rest of `whole` (the keys counted, then FIGURES) in one row."""
    count, *figures = whole
    if count <= len(picked):
        return picked, None
    shown = total_row(picked)
    rest = [t - getattr(shown, n) for t, n in zip(figures, FIGURES, strict=True)]
    return picked, ReportRow("", _others(count - len(picked)), *rest)


def _others(count: int) -> str:
    return ngettext("{n} other", "{n} others", count).format(n=count)
