"""The top rows of a period near a kept year (a year-long period that does not start on 1
January, a rolling twelve months): the year's kept sums plus the period's days and months
outside it, less the year's days and months outside the period (pos.services.report_pieces).

Only the keys those few days and months hold are added up, and each is looked up in the
year's rows; every other key's figures are its year's row, read by a walk of the index by
net. Adding up eleven months' rows per key (88k products) took a second. The figures are
exact: a key's year row plus or minus whole kept sums or documents, in whole rupiah."""

from collections.abc import Collection, Sequence
from datetime import date
from heapq import nsmallest
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    Select,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    union_all,
)

from pos.db.models_summaries import ReportSum
from pos.db.sql_core import table, text_order
from pos.services.report_bound import Around, around, bounded_top
from pos.services.report_lookup import Ask, named
from pos.services.report_members import FIGURES
from pos.services.report_pieces import (
    built_pieces,
    kept_sums,
    plan_kept,
    refresh,
    totals,
)
from pos.services.report_query import NO_NAME, ReportRow, Source, fact_parts

_sums = table(ReportSum)
Span = tuple[date, date]
Whole = tuple[int, ...]  # the keys counted, then FIGURES
# What reading a year's rows costs, in days of rows: a year holds fewer rows than its days
# (88k products against 300k day rows) but a key's row is read for each of them.
YEAR_COST = 150
# The keys a year must have for its way to pay: a few hundred keys' months and days are
# added up in a few milliseconds, fewer than the year's way takes to start.
MANY_KEYS = 1000
NET = 1 + FIGURES.index("net")  # in a row of key then FIGURES


def near_top(
    conn: Connection,
    src: Source,
    span: Span,
    by: str,
    stands: Collection[str] | None,
    top: int,
) -> tuple[list[ReportRow], Whole] | None:
    """The `top` rows of `span` by net (then key) and its whole, read around the kept year
    of one stand that differs from `span` by the fewest days (None: no such year, or the
    usual plan reads fewer rows: far from a year, unless its days beyond the year lie in
    another kept year). The pieces of `span` are built already (planned())."""
    marks = built_pieces(conn, src.name, by, (date(span[0].year, 1, 1), span[1]))
    best: tuple[int, date] | None = None
    for year in range(span[0].year, span[1].year + 1):
        start = date(year, 1, 1)
        stand = marks.get(("y", start))
        if stand is None or (stands is not None and stand not in stands):
            continue  # not built, or of several stands
        cost = sum(_cost(run) for _sign, run in around(span, start))
        if best is None or cost < best[0]:
            best = (cost, start)
    if best is None:
        return None
    near = 2 * best[0] < _cost(span)  # else only a bounded walk of two kept years pays
    kept = totals(conn, src.name, by, ("y", best[1]))
    if kept is None or kept[0] < MANY_KEYS or _has_no_key(conn, src.name, by, best[1]):
        return None  # few keys (or not known how many: a mark from before its totals)
    ask = Ask(src, span, by, stands, top)
    bounded = bounded_top(conn, ask, best[1], kept, around(span, best[1]), near)
    if bounded is not None or not near:
        return bounded
    return _read(conn, ask, best[1], kept)


def _cost(span: Span) -> int:
    """The rows the usual plan reads for `span`, in days: its days, a whole year's fewer."""
    days = (span[1] - span[0]).days + 1
    years = [date(y, 1, 1) for y in range(span[0].year, span[1].year + 1)]
    whole = sum(1 for y in years if span[0] <= y and y.replace(month=12, day=31) <= span[1])
    return days - 365 * whole + YEAR_COST * whole


def _year_rows(name: str, by: str, year: date) -> tuple[Any, ...]:
    # The level written into the statement: the index by net holds the years' rows only.
    level = literal("y", literal_execute=True)
    return _sums.c.source == name, _sums.c.by == by, _sums.c.level == level, _sums.c.start == year


def _has_no_key(conn: Connection, name: str, by: str, year: date) -> bool:
    """Whether the year has a row without a key (never written so; not joined by key)."""
    query = select(_sums.c.id).where(*_year_rows(name, by, year), _sums.c.key.is_(None))
    return conn.execute(query.limit(1)).first() is not None


def _parts(
    conn: Connection, src: Source, by: str, stands: Collection[str] | None, runs: Around
) -> list[Select[Any]]:
    """The kept sums or the documents of each run, per key, signed: key and FIGURES."""
    signed = []
    for sign, run in runs:
        if sign < 0:  # the period's own pieces (edge days too) were built by planned()
            refresh(conn, src, run, by, False, date.today())
        pieces, live = plan_kept(conn, src.name, by, run)
        parts = fact_parts(src, by, live, stands, False)
        if pieces:
            parts.append(kept_sums(src.name, by, pieces, stands, False))
        for part in parts:
            rows = part.subquery()
            figures = ((sign * rows.c[f]).label(f) for f in FIGURES)
            signed.append(select(cast(rows.c.key, String).label("key"), *figures))
    return signed


def _read(conn: Connection, ask: Ask, year: date, kept: Whole) -> tuple[list[ReportRow], Whole]:
    src, span, by, stands, top = ask
    parts = _parts(conn, src, by, stands, around(span, year))
    added = _added(parts) if parts else None
    changed: Sequence[Any] = []
    if added is not None:
        year_row = _sums.alias("year_row")
        on = and_(
            year_row.c.source == src.name,
            year_row.c.by == by,
            year_row.c.level == "y",
            year_row.c.start == year,
            year_row.c.key == added.c.key,
        )
        figures = [func.coalesce(year_row.c[f], 0) + added.c[f] for f in FIGURES]
        counted = case((or_(*(f != 0 for f in figures)), 1), else_=0)
        was = case((or_(*(year_row.c[f] != 0 for f in FIGURES)), 1), else_=0)
        query = select(
            func.coalesce(added.c.key, NO_NAME),
            *(_whole(f) for f in figures),
            counted,
            was,
            *(added.c[f] for f in FIGURES),
        ).select_from(added.outerjoin(year_row, on))
        with conn.execute(query) as result:  # the driver's own rows: whole numbers and text
            changed = result.cursor.fetchall()
    width = 1 + len(FIGURES)
    # Each changed key's figures over the period, and the whole: the year's, plus the
    # changes, counting the keys that came in or went out.
    columns = list(zip(*changed, strict=True)) if changed else [()] * (2 * width + 1)
    moved = sum(columns[width]) - sum(columns[width + 1])
    deltas = (sum(c) for c in columns[width + 2 :])
    whole = (kept[0] + moved, *(k + d for k, d in zip(kept[1:], deltas, strict=True)))
    ranked = [r[:width] for r in changed if r[width]]
    fresh = _unchanged(conn, src.name, by, year, top, {r[0] for r in changed})
    labels = {key: label for key, label, *_figures in fresh}
    candidates = [*ranked, *((key, *figures) for key, _label, *figures in fresh)]
    picked = nsmallest(top, candidates, key=lambda r: (-r[NET], r[0]))
    unnamed = [r[0] for r in picked if r[0] not in labels]
    labels.update(named(conn, ask, unnamed))
    return [ReportRow(r[0], labels.get(r[0], NO_NAME), *r[1:]) for r in picked], whole


def _added(parts: list[Select[Any]]) -> Any:
    """The signed parts added up per key."""
    rows = union_all(*parts).subquery()
    sums = (func.sum(rows.c[f]).label(f) for f in FIGURES)
    return select(rows.c.key, *sums).group_by(rows.c.key).subquery()


def _whole(value: Any) -> Any:
    return cast(value, BigInteger)


def _unchanged(
    conn: Connection, name: str, by: str, year: date, top: int, changed: set[Any]
) -> list[tuple[Any, ...]]:
    """The year's `top` counted rows by net (then key) of keys not in `changed`: key, label
    and FIGURES, a walk of the index by net that skips the changed keys."""
    counted = or_(*(_sums.c[f] != 0 for f in FIGURES))
    named = (func.coalesce(_sums.c.key, NO_NAME), func.coalesce(_sums.c.label, NO_NAME))
    walk = (
        select(*named, *(_sums.c[f] for f in FIGURES))
        .where(*_year_rows(name, by, year), counted)
        .order_by(_sums.c.net.desc(), text_order(conn, _sums.c.key))
    )
    limit = top + 64
    while True:
        got = conn.execute(walk.limit(limit)).all()
        fresh = [tuple(r) for r in got if r[0] not in changed]
        if len(fresh) >= top or len(got) < limit:
            return fresh[:top]
        limit *= 4
