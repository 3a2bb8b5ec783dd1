"""The top rows of a period near a kept year, bounded: the year's rows less the removed pieces
(the year's days outside the period) plus the added ones (the period's days outside the year),
with the figures of only the keys that can be in the top worked out.

A key's net over the period is its year's, less its removed pieces' (never below nothing
unless one of its removed rows is: a refund, read from the index of rows of negative net),
plus its added pieces'. The keys are read by net from the year's index walk and from the added
pieces added up (few: the period's days after the year) until no key not yet read can beat the
top ones; each read key's figures are worked out exactly. The whole is the year's totals less
the removed pieces' plus the added, and the keys counted are the period's pieces' members
or-ed (pos.services.report_members). Adding up two and a half months of 88k products key by
key took half a second (pos.services.report_near, which this falls back to)."""

from collections.abc import Collection, Iterator, Sequence
from datetime import date
from heapq import nsmallest
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, String, cast, func, literal, or_, select, union_all
from sqlalchemy.exc import IntegrityError, InternalError, OperationalError

from pos.db.models_summaries import ReportKey, ReportPiece, ReportSum
from pos.db.sql_core import table
from pos.services.report_members import (
    FIGURES,
    MEMBERS,
    TOTALS,
    as_date,
    fill,
    piece_totals,
    unpack,
)
from pos.services.report_pieces import (
    Piece,
    built_pieces,
    days_of,
    kept_sums,
    plan,
    refresh,
    runs_of,
)
from pos.services.report_query import NO_NAME, ReportRow, Runs, Source, fact_parts

_sums = table(ReportSum)
_pieces = table(ReportPiece)
_keys = table(ReportKey)
Span = tuple[date, date]
Around = list[tuple[int, Span]]  # +1: the period's days outside the year; -1: the year's
Whole = tuple[int, ...]  # the keys counted, then FIGURES
Figures = tuple[int, ...]
NET = FIGURES.index("net")
BATCH = 64  # keys read from each list at first, at least (twice the top; doubled each round)
CHUNK = 500  # keys looked up per statement


class Ask(NamedTuple):
    """A top report asked for: where, over which days, by which key, of which stands."""

    src: Source
    span: Span
    by: str
    stands: Collection[str] | None
    top: int


class Mark(NamedTuple):
    """A kept piece's mark: its one stand (None: several or none), members and totals."""

    stand: str | None
    members: bytes | None
    totals: Whole | None


def bounded_top(
    conn: Connection, ask: Ask, year: date, kept: Whole, runs: Around
) -> tuple[list[ReportRow], Whole] | None:
    """The `top` rows and the whole of `ask` from the kept `year` (its totals `kept`) and the
    pieces `runs` around it (None: a piece not kept with its members, of another stand, or
    a removed day not built: the caller adds the pieces up key by key)."""
    src, span, by, _stands, _top = ask
    if src.name != MEMBERS:
        return None
    removed: list[Piece] = []
    added: list[Piece] = []
    added_live: Runs = []
    removed_live: Runs = []
    for sign, run in runs:
        if sign < 0:
            refresh(conn, src, run, by, False, date.today())
        pieces, live = plan(run, set(built_pieces(conn, src.name, by, run)), False)
        removed += pieces if sign < 0 else []
        added += pieces if sign > 0 else []
        added_live += live if sign > 0 else []
        removed_live += live if sign < 0 else []  # just built: not seen by this transaction
    own, own_live = plan(span, set(built_pieces(conn, src.name, by, span)), False)
    marks = _marks(conn, src.name, by, {*removed, *added, *own})
    year_stand = _marks(conn, src.name, by, {("y", year)}).get(("y", year))
    if year_stand is None or len(marks) < len({*removed, *added, *own}):
        return None  # unmarked since (a late document): the caller reads it anew
    if any(m.members is None for m in marks.values()):
        _fill(conn, src.name, by, {p: m.members for p, m in marks.items()})
        return None  # this time; the next report reads the members
    try:
        bits = {piece: unpack(m.members or b"") for piece, m in marks.items()}
    except ValueError:  # not a bitmap of ours: the usual way
        return None
    for piece, m in marks.items():  # no one stand's and not empty: of several stands
        if m.stand not in (None, year_stand.stand) or (m.stand is None and bits[piece]):
            return None
    gains = _added(conn, ask, added, added_live)
    losses = _added(conn, ask, [], removed_live)
    if gains is None or losses is None:
        return None
    removed_marks = [(p, marks[p]) for p in removed]
    figures = _whole_figures(conn, src.name, by, kept, removed_marks, gains, losses)
    count = _count(conn, ask, [bits[p] for p in own], own_live)
    rows = _Reader(conn, ask, year, removed, gains, losses).top()
    return rows, (count, *figures)


def _marks(conn: Connection, name: str, by: str, pieces: set[Piece]) -> dict[Piece, Mark]:
    if not pieces:
        return {}
    starts = sorted({start for _level, start in pieces})
    query = select(
        _pieces.c.level,
        _pieces.c.start,
        _pieces.c.stand,
        _pieces.c.members,
        *(_pieces.c[t] for t in TOTALS),
    ).where(_pieces.c.source == name, _pieces.c.by == by, _pieces.c.start.in_(starts))
    found = {}
    for level, start, stand, members, *totals in conn.execute(query):
        piece = (level, as_date(start))
        if piece in pieces:
            whole = None if None in totals else tuple(int(t) for t in totals)
            found[piece] = Mark(stand, members, whole)
    return found


def _fill(conn: Connection, name: str, by: str, marks: dict[Piece, bytes | None]) -> None:
    """Keep the members of marks made before they were (in a transaction of their own)."""
    try:
        with conn.engine.begin() as writer:
            fill(writer, name, by, marks)
    except (OperationalError, IntegrityError, InternalError):
        pass  # locked or read-only: the usual way this time and the next


def _added(
    conn: Connection, ask: Ask, pieces: list[Piece], live: Runs
) -> dict[str, Figures] | None:
    """Each key's figures over the added pieces and days (None: a row without a key)."""
    src, _span, by, stands, _top = ask
    parts = fact_parts(src, by, live, stands, False)
    for level in ("y", "m"):  # each level apart: an OR of them reads every row of the key
        if any(lv == level for lv, _start in pieces):
            parts.append(kept_sums(src.name, by, _of(pieces, level), stands, False))
    for run in runs_of([start for lv, start in pieces if lv == "d"]):
        days = [("d", start) for start in days_of(run)]
        parts.append(kept_sums(src.name, by, days, stands, False))
    if not parts:
        return {}
    rows = union_all(*(_keyed(part) for part in parts)).subquery()
    query = select(rows.c.key, *(func.sum(rows.c[f]) for f in FIGURES)).group_by(rows.c.key)
    with conn.execute(query) as result:  # the driver's own rows: a month's 20k keys
        got = result.cursor.fetchall()
    gains = {str(key): tuple(map(int, figures)) for key, *figures in got}
    return None if any(key is None for key, *_figures in got) else gains


def _of(pieces: list[Piece], level: str) -> list[Piece]:
    return [(lv, start) for lv, start in pieces if lv == level]


def _keyed(part: Select[Any]) -> Select[Any]:
    rows = part.subquery()
    return select(cast(rows.c.key, String).label("key"), *(rows.c[f] for f in FIGURES))


def _whole_figures(
    conn: Connection,
    name: str,
    by: str,
    kept: Whole,
    removed: list[tuple[Piece, Mark]],
    gains: dict[str, Figures],
    losses: dict[str, Figures],
) -> list[int]:
    """The year's figures less the removed pieces' totals and days' figures, plus the added
    keys' figures."""
    figures = list(kept[1:])
    for (level, start), mark in removed:
        totals = mark.totals
        if totals is None:  # a day of a run marked before its totals were kept, or empty
            got = piece_totals(conn, name, by, level, (start, start)).get(start)
            totals = got if got is not None else (0,) * len(TOTALS)
        figures = [f - t for f, t in zip(figures, totals[1:], strict=True)]
    for sign, each in ((1, gains), (-1, losses)):  # a figure at a time: a month's 20k keys
        values = each.values()
        figures = [f + sign * sum(map(itemgetter(i), values)) for i, f in enumerate(figures)]
    return figures


def _count(conn: Connection, ask: Ask, members: Sequence[int], live: Runs) -> int:
    """The keys counted over the period: its pieces' members or-ed, and its live days' keys."""
    bits = 0
    for each in members:
        bits |= each
    extra = 0
    if live:
        src, _span, by, stands, _top = ask
        rows = union_all(*(_keyed(p) for p in fact_parts(src, by, live, stands, False)))
        every = rows.subquery()
        sums = [func.sum(every.c[f]) for f in FIGURES]
        query = select(every.c.key).group_by(every.c.key).having(or_(*(s != 0 for s in sums)))
        keys = [str(k) for (k,) in conn.execute(query)]
        numbered: dict[str, int] = {}
        for chunk in _chunks(keys):
            mine = (_keys.c.source == src.name, _keys.c.by == by, _keys.c.key.in_(chunk))
            numbered.update(conn.execute(select(_keys.c.key, _keys.c.id).where(*mine)).all())
        for key in keys:
            if key in numbered:
                bits |= 1 << numbered[key]
            else:
                extra += 1
    return bits.bit_count() + extra


def _chunks(keys: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(keys), CHUNK):
        yield keys[i : i + CHUNK]


class _Reader:
    """The top rows, reading keys by net from the year and the added keys until none unread
    can beat them."""

    def __init__(
        self,
        conn: Connection,
        ask: Ask,
        year: date,
        removed: list[Piece],
        gains: dict[str, Figures],
        losses: dict[str, Figures],
    ) -> None:
        self.conn, self.ask, self.year, self.removed, self.gains = conn, ask, year, removed, gains
        self.losses = losses  # the removed days not kept: their documents' figures per key
        self.rows: dict[str, tuple[Figures, str | None]] = {}  # key: figures, year's label
        self.touched: set[str] = set(gains)  # keys whose label is not the year's

    def top(self) -> list[ReportRow]:
        top = self.ask.top
        lowered = self._lowered()
        by_gain = sorted(self.gains, key=lambda k: (-self.gains[k][NET], k))
        walk = self._walk()
        year_net: int | None = None  # the last net read from the year (None: none yet)
        year_done = gain_at = 0
        size = max(2 * top, BATCH)  # the top rows are most often among the year's first
        while True:
            batch: dict[str, tuple[Figures, str | None]] = {}
            for key, label, figures in _take(walk, size):
                batch[key] = (figures, label)
                year_net = figures[NET]
            year_done = year_done or len(batch) < size
            taken = by_gain[gain_at : gain_at + size]
            gain_at += len(taken)
            self._read([*lowered, *(k for k in taken if k not in batch)], batch)
            lowered = []
            year_bound = 0 if year_done or year_net is None else max(year_net, 0)
            gain_bound = (
                0 if gain_at >= len(by_gain) else max(self.gains[by_gain[gain_at - 1]][NET], 0)
            )
            best = self._best(top)
            if year_done and gain_at >= len(by_gain):
                break
            if len(best) == top and year_bound + gain_bound < best[-1][1][NET]:
                break
            size *= 2
        return self._named(self._best(top))

    def _best(self, top: int) -> list[tuple[str, Figures]]:
        counted = ((k, f) for k, (f, _label) in self.rows.items() if any(f))
        return nsmallest(top, counted, key=lambda r: (-r[1][NET], r[0]))

    def _named(self, best: list[tuple[str, Figures]]) -> list[ReportRow]:
        renamed = named(self.conn, self.ask, [k for k, _f in best if k in self.touched])
        rows = []
        for key, figures in best:
            label = renamed.get(key) if key in self.touched else self.rows[key][1]
            rows.append(ReportRow(key, NO_NAME if label is None else label, *figures))
        return rows

    def _year_rows(self) -> tuple[Any, ...]:
        src, _span, by, _stands, _top = self.ask
        level = literal("y", literal_execute=True)  # the index by net holds years only
        mine = (_sums.c.source == src.name, _sums.c.by == by, _sums.c.level == level)
        return (*mine, _sums.c.start == self.year)

    def _walk(self) -> Iterator[tuple[str, str | None, Figures]]:
        """The year's counted rows by net (most first, then key): key, label, figures."""
        counted = or_(*(_sums.c[f] != 0 for f in FIGURES))
        query = (
            select(_sums.c.key, _sums.c.label, *(_sums.c[f] for f in FIGURES))
            .where(*self._year_rows(), counted)
            .order_by(_sums.c.net.desc(), _sums.c.key)
        )
        seen, limit = 0, 4 * BATCH
        while True:
            got = self.conn.execute(query.limit(limit)).all()
            for key, label, *figures in got[seen:]:
                yield str(key), label, tuple(int(f) for f in figures)
            if len(got) < limit:
                return
            seen, limit = len(got), 4 * limit

    def _lowered(self) -> list[str]:
        """The keys a removed piece lowers by less than nothing (a row of negative net), or
        the removed days not kept."""
        src, _span, by, _stands, _top = self.ask
        below = _sums.c.net < literal(0, literal_execute=True)  # the index of those rows
        keys = {k for k, loss in self.losses.items() if loss[NET] < 0}
        for level, starts in _by_level(self.removed).items():
            mine = (_sums.c.source == src.name, _sums.c.by == by, _sums.c.level == level)
            query = select(_sums.c.key).where(*mine, _sums.c.start.in_(starts), below)
            keys |= {str(k) for (k,) in self.conn.execute(query.distinct())}
        return sorted(keys)

    def _read(self, keys: list[str], known: dict[str, tuple[Figures, str | None]]) -> None:
        """Work out the figures of `keys` (their year's rows looked up) and of `known` (their
        year's rows given), those not read yet."""
        fresh = {k: v for k, v in known.items() if k not in self.rows}
        wanted = [k for k in keys if k not in self.rows and k not in fresh]
        for chunk in _chunks(wanted):
            query = select(_sums.c.key, _sums.c.label, *(_sums.c[f] for f in FIGURES))
            for key, label, *values in self.conn.execute(
                query.where(*self._year_rows(), _sums.c.key.in_(chunk))
            ):
                fresh[str(key)] = (tuple(int(f) for f in values), label)
        for key in wanted:
            fresh.setdefault(key, ((0,) * len(FIGURES), None))
        lost = self._removed_of(list(fresh))
        for key, (figures, label) in fresh.items():
            less = lost.get(key, (0,) * len(FIGURES))
            more = self.gains.get(key, (0,) * len(FIGURES))
            total = tuple(y - r + a for y, r, a in zip(figures, less, more, strict=True))
            self.rows[key] = (total, label)
        self.touched |= set(lost)

    def _removed_of(self, keys: list[str]) -> dict[str, Figures]:
        """The removed pieces' figures of `keys` added up (the keys with a row in them)."""
        src, _span, by, _stands, _top = self.ask
        lost: dict[str, list[int]] = {}
        levels = _by_level(self.removed)
        for chunk in _chunks(keys) if levels else ():
            parts = []  # a statement per level: an OR of them reads every row of the key
            for level, starts in levels.items():
                mine = (_sums.c.source == src.name, _sums.c.by == by, _sums.c.level == level)
                where = (*mine, _sums.c.start.in_(starts), _sums.c.key.in_(chunk))
                parts.append(select(_sums.c.key, *(_sums.c[f] for f in FIGURES)).where(*where))
            rows = union_all(*parts).subquery()
            sums = (func.sum(rows.c[f]) for f in FIGURES)
            for key, *figures in self.conn.execute(select(rows.c.key, *sums).group_by(rows.c.key)):
                lost[str(key)] = [int(f) for f in figures]
        for key in keys:
            if key in self.losses:
                got = lost.setdefault(key, [0] * len(FIGURES))
                got[:] = [g + f for g, f in zip(got, self.losses[key], strict=True)]
        return {k: tuple(v) for k, v in lost.items()}


def _by_level(pieces: list[Piece]) -> dict[str, list[date]]:
    levels: dict[str, list[date]] = {}
    for level, start in pieces:
        levels.setdefault(level, []).append(start)
    return levels


def _take(walk: Iterator[Any], size: int) -> list[Any]:
    got = []
    for item in walk:
        got.append(item)
        if len(got) == size:
            break
    return got


def named(conn: Connection, ask: Ask, keys: Sequence[str]) -> dict[str, str]:
    """The label of each of `keys` over `span` (the product's name: the greatest it was sold
    under), from the period's own pieces and documents, as the usual plan reads it."""
    if not keys:
        return {}
    src, span, by, stands, _top = ask
    if by != "product":  # only a product's label is not its key (its name: report_query)
        return {key: key for key in keys}
    pieces, live = plan(span, set(built_pieces(conn, src.name, by, span)), False)
    parts: list[Select[Any]] = []
    for part in fact_parts(src, by, live, stands, False):
        rows = part.subquery()
        key = cast(rows.c.key, String)
        parts.append(select(key.label("key"), rows.c.label).where(key.in_(keys)))
    for level in ("y", "m", "d"):  # each piece's rows of the keys: a seek per piece and key
        starts = [start for lv, start in pieces if lv == level]
        if starts:
            mine = (_sums.c.source == src.name, _sums.c.by == by, _sums.c.level == level)
            where = [*mine, _sums.c.start.in_(starts), _sums.c.key.in_(keys)]
            if stands is not None:
                where.append(_sums.c.stand.in_(list(stands)))
            parts.append(select(_sums.c.key, _sums.c.label).where(*where))
    every = union_all(*parts).subquery()
    query = select(every.c.key, func.max(every.c.label)).group_by(every.c.key)
    return {k: NO_NAME if v is None else str(v) for k, v in conn.execute(query)}
