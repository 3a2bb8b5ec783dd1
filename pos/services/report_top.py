"""The top rows of the sales report by net and the others added up in one row: a year's 90k
products are many rows to make in Python (and to look at); the database picks the top ones
and adds up the rest, so the rows shown still add up to the whole."""

from collections.abc import Collection
from datetime import date

from sqlalchemy import BigInteger, Connection, cast, func, or_, select

from pos.i18n import ngettext
from pos.services.report_pieces import planned_parts
from pos.services.report_query import (
    MEASURES,
    ORDERED_KEYS,
    ReportRow,
    Source,
    ordered,
    report_query,
    report_rows,
    total_row,
)

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
    parts, unique = planned_parts(conn, src, span, by, stands, False)
    rows = report_query(src, span, by, stands, False, parts, unique).subquery()
    _day, key, *figures = rows.c
    net = figures[2 + MEASURES.index("net")]
    counted = or_(*(c != 0 for c in figures[1:]))  # a key whose figures are all zero is none
    first = select(key, *figures).where(counted).order_by(net.desc(), key).limit(top)
    sums = (cast(func.coalesce(func.sum(c), 0), BigInteger) for c in figures[1:])
    whole_rows = select(func.count(), *sums).where(counted)
    picked = ordered([ReportRow._make(r) for r in conn.execute(first)], by)
    count, *totals = conn.execute(whole_rows).one()
    if count <= len(picked):
        return picked, None
    shown = total_row(picked)
    rest = [t - getattr(shown, n) for t, n in zip(totals, ("sales", *MEASURES), strict=True)]
    return picked, ReportRow("", _others(count - len(picked)), *rest)


def _others(count: int) -> str:
    return ngettext("{n} other", "{n} others", count).format(n=count)
