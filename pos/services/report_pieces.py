"""The sales report's kept sums: per key and stand, per closed day, month or year.

A report over a year read every sale line of it; it reads a year's sums instead (a period is
cut into whole years, whole months and the days at its edges, and each piece is read from its
sums once built, else from the documents). Pieces are built when a report first needs them
(its edge days too), for days before today only, in their own transaction, from the report's
own query over the documents (pos.services.report_query), so the figures are the same:
- a whole month is added up from its days' sums when all are built, else from its
  documents; a whole year from its twelve months;
- days are kept for per-day reports (the recap) and built ahead for every key by the app's
  first start of a day (`build_days`), so that the first report of a month or year is fast;
  at the regional office, for every imported stand-day by the import
  (pos.services.report_summaries).
Documents are never edited, but a late one changes a closed piece: writing a sale, a refund
or a void (and importing a stand-day at the regional office) calls `touch`, which unmarks the
pieces of the days it changed; they are built again when next needed. The sums are whole
rupiah (by payment, each sale is shared among its payments in whole rupiah first).
"""

from collections.abc import Collection, Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    String,
    and_,
    cast,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.exc import IntegrityError, InternalError, OperationalError
from sqlalchemy.orm import Session

from pos.db.models_summaries import ReportPiece, ReportSum
from pos.db.sql_core import table
from pos.services.report_marks import days_of, month_end, pieces_holding, year_end
from pos.services.report_members import TOTALS, as_date, in_run, mark
from pos.services.report_query import MEASURES, Runs, Source, fact_parts

_sums = table(ReportSum)
_pieces = table(ReportPiece)
_COLUMNS = ("source", "by", "level", "start", "stand", "key", "label", "sales", *MEASURES)
Piece = tuple[str, date]  # level ("y", "m" or "d") and first day
DAYS_BACK = 31  # the days build_days looks back on: those of a month the app was not opened


def planned_parts(
    conn: Connection,
    source: Source,
    period: tuple[date, date],
    by: str,
    stands: Collection[str] | None,
    per_day: bool,
) -> tuple[list[Select[Any]], bool]:
    """The parts report_query adds up for `period`: kept sums of built pieces (building the
    missing closed ones first when it can) and the documents of the other days; and whether
    they are already one row per key (and day): one stand's sums of one piece (or of days)."""
    parts, unique, _one = planned(conn, source, period, by, stands, per_day)
    return parts, unique


def planned(
    conn: Connection,
    source: Source,
    period: tuple[date, date],
    by: str,
    stands: Collection[str] | None,
    per_day: bool,
) -> tuple[list[Select[Any]], bool, Piece | None]:
    """planned_parts, and the one built piece `period` is when its sums are of one stand of
    `stands` (None: several pieces, stands or none, or documents read too)."""
    if not source.name or by not in source.keys or period[0] > period[1]:
        return fact_parts(source, by, [period], stands, per_day), False, None
    refresh(conn, source, period, by, per_day, date.today())
    built = built_pieces(conn, source.name, by, period)
    pieces, live = plan(period, set(built), per_day)
    parts = fact_parts(source, by, live, stands, per_day)
    if pieces:
        parts.append(kept_sums(source.name, by, pieces, stands, per_day))
    of = {built[p] for p in pieces}
    unique = not live and (per_day or len(pieces) == 1) and len(of) == 1 and None not in of
    whole = unique and len(pieces) == 1 and (stands is None or built[pieces[0]] in stands)
    return parts, unique, pieces[0] if whole else None


def totals(conn: Connection, name: str, by: str, piece: Piece) -> tuple[int, ...] | None:
    """A piece's kept totals: its counted keys, sales and MEASURES (None: not kept)."""
    mine = _pieces.c.source == name, _pieces.c.by == by, _pieces.c.level == piece[0]
    query = select(*(_pieces.c[n] for n in TOTALS)).where(*mine, _pieces.c.start == piece[1])
    row = conn.execute(query).first()
    return None if row is None or None in row else tuple(int(v) for v in row)


def plan(period: tuple[date, date], built: set[Piece], per_day: bool) -> tuple[list[Piece], Runs]:
    """`period` cut into built pieces (coarsest first) and runs of days to read live."""
    pieces: list[Piece] = []
    live: list[date] = []
    day = period[0]
    while day <= period[1]:
        for level, last in (("y", year_end(day)), ("m", month_end(day))):
            if not per_day and _starts(level, day) and last <= period[1] and (level, day) in built:
                pieces.append((level, day))
                day = last + timedelta(days=1)
                break
        else:
            if ("d", day) in built:
                pieces.append(("d", day))
            else:
                live.append(day)
            day += timedelta(days=1)
    return pieces, runs_of(live)


def plan_kept(
    conn: Connection, name: str, by: str, span: tuple[date, date]
) -> tuple[list[Piece], Runs]:
    """plan() of `span` over the pieces built now (not per day)."""
    return plan(span, set(built_pieces(conn, name, by, span)), False)


def refresh(
    conn: Connection,
    source: Source,
    period: tuple[date, date],
    by: str,
    per_day: bool,
    today: date,
    documents: bool = True,
) -> None:
    """Build the missing pieces of `period` that end before `today`, in a transaction of
    their own (not `documents`: only months added up from days, years from months); when
    the database cannot be written now, the report reads the documents."""
    last = min(period[1], today - timedelta(days=1))
    if last < period[0]:
        return
    try:
        with conn.engine.begin() as writer:
            _build(writer, source, (period[0], last), by, per_day, documents)
    except (OperationalError, IntegrityError, InternalError):
        # Locked by a writer, a read-only file or a server, or built at the same time
        # by another report: the documents answer this time.
        pass


def build_days(conn: Connection, source: Source, today: date, back: int = DAYS_BACK) -> None:
    """Build the missing day pieces of every key of the `back` days before `today` (the app
    does at its first start of a day, in a thread): a report over a month or a year then adds
    up its days' sums instead of reading the documents. A key at a time, each in its own
    transaction: a sale waits for one key's days at most (milliseconds for a day). Then the
    closed months whose days are all built are added up from them, and a year from its
    months when its last one closed: the first report of a month or year reads one piece."""
    span = (today - timedelta(days=back), today - timedelta(days=1))
    for by in source.keys:
        refresh(conn, source, span, by, True, today)
        refresh(conn, source, (_first_of_year(span[0]), span[1]), by, False, today, False)


def touch(
    conn: Connection | Session, source: str, days: Iterable[date], levels: str = "dmy"
) -> None:
    """Unmark the pieces holding `days` (a document was written into them), of `levels`."""
    marks = [(lv, s) for lv, s in pieces_holding(days) if lv in levels]
    if not marks:
        return
    conn.execute(
        delete(_pieces).where(
            _pieces.c.source == source,
            or_(*(and_(_pieces.c.level == lv, _pieces.c.start == s) for lv, s in marks)),
        )
    )


def store_stand_days(
    conn: Connection, source: Source, by: str, stand: str, days: Collection[date]
) -> None:
    """The day pieces of `days` after `stand`'s documents of them came anew (the regional
    import): a built day gets that stand's sums again, one not built is built whole."""
    built = built_pieces(conn, source.name, by, (min(days), max(days)))
    again = sorted(d for d in set(days) if ("d", d) in built)
    for run in runs_of([d for d in set(days) if ("d", d) not in built]):
        _store(conn, source, by, "d", run, days_of(run))
    if not again:
        return
    runs = runs_of(again)
    spans = [and_(_sums.c.start >= first, _sums.c.start <= last) for first, last in runs]
    mine = (_sums.c.source == source.name, _sums.c.by == by, _sums.c.level == "d")
    conn.execute(delete(_sums).where(*mine, _sums.c.stand == stand, or_(*spans)))
    facts = union_all(*fact_parts(source, by, runs, [stand], True, per_stand=True)).subquery()
    conn.execute(insert(_sums).from_select(_COLUMNS, _summed(source.name, by, "d", facts)))
    marks = (_pieces.c.source == source.name, _pieces.c.by == by, _pieces.c.level == "d")
    again_marks = (*marks, _pieces.c.start.in_(again))
    conn.execute(update(_pieces).where(*again_marks).values(dict.fromkeys((*TOTALS, "members"))))
    conn.execute(update(_pieces).where(*again_marks, _pieces.c.stand != stand).values(stand=None))


def _build(
    conn: Connection,
    source: Source,
    span: tuple[date, date],
    by: str,
    per_day: bool,
    documents: bool = True,
) -> None:
    built = set(built_pieces(conn, source.name, by, span))
    if per_day:
        missing = [d for d in days_of(span) if ("d", d) not in built]
        for run in runs_of(missing):
            _store(conn, source, by, "d", run, missing)
        return
    edges: list[date] = []
    day = span[0]
    while day <= span[1]:
        last_of_year, last_of_month = year_end(day), month_end(day)
        if _starts("y", day) and last_of_year <= span[1]:
            if ("y", day) not in built:
                months = _month_starts(day, last_of_year)
                for month in (m for m in months if ("m", m) not in built):
                    _build_month(conn, source, by, month, built, documents)
                if all(("m", m) in built for m in months):
                    _add_up(conn, source.name, by, "y", (day, last_of_year), "m")
            day = last_of_year + timedelta(days=1)
        elif _starts("m", day) and last_of_month <= span[1]:
            if ("m", day) not in built:
                _build_month(conn, source, by, day, built, documents)
            day = last_of_month + timedelta(days=1)
        else:  # an edge day: kept per day (each report read its documents: 170 ms by category)
            edges += [day] if documents and ("d", day) not in built else []
            day += timedelta(days=1)
    for run in runs_of(edges):
        _store(conn, source, by, "d", run, edges)


def _store(
    conn: Connection, source: Source, by: str, level: str, run: tuple[date, date], marks: list[date]
) -> None:
    """The sums of `run` per key and stand (and day, for level "d") from the documents."""
    starts = [d for d in marks if run[0] <= d <= run[1]]
    _forget(conn, source.name, by, level, run)
    per_day = level == "d"
    facts = union_all(*fact_parts(source, by, [run], None, per_day, per_stand=True)).subquery()
    conn.execute(
        insert(_sums).from_select(_COLUMNS, _summed(source.name, by, level, facts, run[0]))
    )
    mark(conn, source.name, by, level, starts, _one_stand(conn, source.name, by, level, run))


def _summed(name: str, by: str, level: str, facts: Any, start: date | None = None) -> Select[Any]:
    """Rows of report_sums from fact rows, per day (level "d") or of the piece at `start`."""
    return select(
        literal(name),
        literal(by),
        literal(level),
        facts.c.day if level == "d" else literal(start),
        facts.c.stand,
        cast(facts.c.key, String),
        func.max(facts.c.label),
        func.sum(facts.c.sales),
        *(func.sum(facts.c[m]) for m in MEASURES),
    ).group_by(facts.c.day, facts.c.stand, facts.c.key)


def _build_month(
    conn: Connection, source: Source, by: str, month: date, built: set[Piece], documents: bool
) -> None:
    """A month's sums: its days' added up when every day of it is built (build_days), else
    from the documents (if `documents`; else not built); `built` then holds it."""
    run = (month, month_end(month))
    if all(("d", d) in built for d in days_of(run)):
        _add_up(conn, source.name, by, "m", run, "d")
    elif documents:
        _store(conn, source, by, "m", run, [month])
    else:
        return
    built.add(("m", month))


def _add_up(
    conn: Connection, name: str, by: str, level: str, run: tuple[date, date], of: str
) -> None:
    """The piece `level` of `run` added up from its built pieces of level `of`."""
    _forget(conn, name, by, level, (run[0], run[0]))
    parts = _sums.c.source == name, _sums.c.by == by, _sums.c.level == of
    sums = (
        select(
            literal(name),
            literal(by),
            literal(level),
            literal(run[0]),
            _sums.c.stand,
            _sums.c.key,
            func.max(_sums.c.label),
            func.sum(_sums.c.sales),
            *(func.sum(_sums.c[m]) for m in MEASURES),
        )
        .where(*parts, _sums.c.start >= run[0], _sums.c.start <= run[1])
        .group_by(_sums.c.stand, _sums.c.key)
    )
    conn.execute(insert(_sums).from_select(_COLUMNS, sums))
    start = (run[0], run[0])
    stand = _one_stand(conn, name, by, level, start)
    mark(conn, name, by, level, [run[0]], stand, made_of=(of, run[1]))


def _forget(conn: Connection, name: str, by: str, level: str, run: tuple[date, date]) -> None:
    """Rows of pieces built before and unmarked since (by `touch`)."""
    conn.execute(delete(_sums).where(*in_run(name, by, level, run)))


def _one_stand(conn: Connection, name: str, by: str, level: str, run: tuple[date, date]) -> Any:
    """The stand all of the run's sums are of (None: several or none)."""
    query = select(func.min(_sums.c.stand), func.max(_sums.c.stand))
    first, last = conn.execute(query.where(*in_run(name, by, level, run))).one()
    return first if first == last else None


def built_pieces(
    conn: Connection, name: str, by: str, span: tuple[date, date]
) -> dict[Piece, str | None]:
    """The built pieces near `span`, with the one stand each is of (None: several or none)."""
    query = select(_pieces.c.level, _pieces.c.start, _pieces.c.stand).where(
        _pieces.c.source == name,
        _pieces.c.by == by,
        _pieces.c.start >= _first_of_year(span[0]),
        _pieces.c.start <= span[1],
    )
    return {(level, as_date(start)): stand for level, start, stand in conn.execute(query)}


def kept_sums(
    name: str, by: str, pieces: list[Piece], stands: Collection[str] | None, per_day: bool
) -> Select[Any]:
    """The kept sums of `pieces`, as columns of fact_parts."""
    where = [_sums.c.source == name, _sums.c.by == by, or_(*piece_spans(pieces))]
    if stands is not None:
        where.append(_sums.c.stand.in_(list(stands)))
    # Kept as text: an hour goes back to the number the documents' query gives.
    key = cast(_sums.c.key, Integer) if by == "hour" else _sums.c.key
    return select(
        (_sums.c.start if per_day else literal("")).label("day"),
        _sums.c.stand.label("stand"),
        key.label("key"),
        (key if by == "hour" else _sums.c.label).label("label"),
        _sums.c.sales.label("sales"),
        *(_sums.c[m] for m in MEASURES),
    ).where(*where)


def piece_groups(pieces: list[Piece]) -> list[list[Piece]]:
    """`pieces` as the groups one range of the index by piece reads: the years, the months,
    each run of days (an OR of them reads every row of the key)."""
    groups = [[p for p in pieces if p[0] == level] for level in ("y", "m")]
    days = runs_of([start for level, start in pieces if level == "d"])
    groups += [[("d", day) for day in days_of(run)] for run in days]
    return [group for group in groups if group]


def piece_spans(pieces: list[Piece]) -> list[ColumnElement[bool]]:
    """Where the rows of `pieces` are in report_sums: one condition per piece_groups group."""
    spans = []
    for group in piece_groups(pieces):
        level, starts = group[0][0], [start for _level, start in group]
        if level != "d":
            spans.append(and_(_sums.c.level == level, _sums.c.start.in_(starts)))
        else:
            first, last = starts[0], starts[-1]
            spans.append(and_(_sums.c.level == "d", _sums.c.start >= first, _sums.c.start <= last))
    return spans


def runs_of(days: list[date]) -> Runs:
    """`days` as runs of consecutive days."""
    runs: Runs = []
    for day in sorted(days):
        if runs and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _starts(level: str, day: date) -> bool:
    return day.day == 1 and (level == "m" or day.month == 1)


def _first_of_year(day: date) -> date:
    return day.replace(month=1, day=1)


def _month_starts(first: date, last: date) -> list[date]:
    return [first.replace(month=m) for m in range(first.month, last.month + 1)]
