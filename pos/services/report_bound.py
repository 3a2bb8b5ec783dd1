"""The top rows of a period near a kept year, bounded: the year's rows less the removed pieces
(the year's days outside the period) plus the added ones (the period's days outside the year),
with the figures of only the keys that can be in the top worked out.

A key's net over the period is its year's, less its removed pieces' (never below nothing
unless one of its removed rows is: a refund, read from the index of rows of negative net),
plus its added pieces'. When the added days lie in another kept year, a key's net over them
is at most its net over that year (but for the keys the rest of that year lowers), and they
are looked up key by key; else they are added up per key (few: days not yet in a kept year).
The keys are read by net from the year's index walk, and from the other year's or the added
keys, until no key not yet read can beat the top ones; each read key's figures are worked out
exactly. The whole is the year's totals less the removed pieces' plus the added, and the keys
counted are the period's pieces' members or-ed (pos.services.report_members). Adding up two
and a half months of 88k products key by key took half a second (pos.services.report_near,
which this falls back to)."""

from collections.abc import Iterator
from datetime import date, timedelta
from heapq import nsmallest
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Connection, literal, or_, select
from sqlalchemy.exc import IntegrityError, InternalError, OperationalError

from pos.db.models_summaries import ReportKey, ReportPiece, ReportSum
from pos.db.sql_core import table, text_order
from pos.services.report_lookup import (
    NET,
    Ask,
    Figures,
    chunks,
    counted_keys,
    lowered,
    named,
    per_key,
    sums_of,
)
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
    plan_kept,
    refresh,
)
from pos.services.report_query import NO_NAME, ReportRow, Runs

_sums = table(ReportSum)
_pieces = table(ReportPiece)
_keys = table(ReportKey)
Span = tuple[date, date]
Around = list[tuple[int, Span]]  # +1: the period's days outside the year; -1: the year's
Whole = tuple[int, ...]  # the keys counted, then FIGURES
BATCH = 64  # keys read from each list at first, at least (twice the top; half again each round)
# The keys worked out one by one at most (a few milliseconds per thousand), before giving way
# to the usual plan (adding up every key of the pieces: a second for 88k products).
MOST_READ = 20_000


class Mark(NamedTuple):
    """A kept piece's mark: its one stand (None: several or none), members and totals."""

    stand: str | None
    members: bytes | None
    totals: Whole | None


def bounded_top(
    conn: Connection, ask: Ask, year: date, kept: Whole, runs: Around, near: bool = True
) -> tuple[list[ReportRow], Whole] | None:
    """The `top` rows and the whole of `ask` from the kept `year` (its totals `kept`) and the
    pieces `runs` around it (None: a piece not kept with its members, of another stand, a
    removed day not built, the added days far (not `near`) and not in a kept year, or too
    many keys read: the caller adds the pieces up key by key)."""
    src, span, by, _stands, top = ask
    if src.name != MEMBERS or top < 1:
        return None
    added: list[Piece] = []
    added_live: Runs = []
    for _sign, run in (r for r in runs if r[0] > 0):
        pieces, live = plan_kept(conn, src.name, by, run)
        added, added_live = added + pieces, added_live + live
    year_stand = _marks(conn, src.name, by, {("y", year)}).get(("y", year))
    if year_stand is None:
        return None  # unmarked since (a late document): the caller reads it anew
    second, second_lowered = _second_year(conn, ask, runs, year_stand.stand, added_live)
    if second is None and not near:
        return None  # the added days far and not bounded: the usual plan
    removed: list[Piece] = []
    removed_live: Runs = []
    for _sign, run in (r for r in runs if r[0] < 0):
        refresh(conn, src, run, by, False, date.today())
        pieces, live = plan_kept(conn, src.name, by, run)
        removed += pieces
        removed_live += live  # just built: not seen by this transaction
    own, own_live = plan_kept(conn, src.name, by, span)
    marks = _marks(conn, src.name, by, {*removed, *added, *own})
    if len(marks) < len({*removed, *added, *own}):
        return None
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
    gains = {} if second else per_key(conn, ask, added, added_live)
    losses = per_key(conn, ask, [], removed_live)
    if gains is None or losses is None:
        return None
    sides = Sides(removed, losses, gains, added if second else [], second, second_lowered)
    around_marks = [(-1, p, marks[p]) for p in removed] + [(1, p, marks[p]) for p in sides.added]
    figures = _whole_figures(conn, ask, kept, around_marks, gains, losses)
    keys = counted_keys(conn, ask, [bits[p] for p in own], own_live)
    rows = _Reader(conn, ask, year, sides).top()
    return None if rows is None else (rows, (keys, *figures))


def around(span: Span, year: date) -> Around:
    """What `span` is beside the calendar year starting `year`: the runs of its days outside
    the year (+1) and of the year's days outside it (-1)."""
    end = year.replace(month=12, day=31)
    runs: Around = []
    one = timedelta(days=1)
    if span[0] < year:
        runs.append((1, (span[0], min(span[1], year - one))))
    elif span[0] > year:
        runs.append((-1, (year, min(end, span[0] - one))))
    if span[1] > end:
        runs.append((1, (max(span[0], end + one), span[1])))
    elif span[1] < end:
        runs.append((-1, (max(year, span[1] + one), end)))
    return runs


def _second_year(
    conn: Connection, ask: Ask, runs: Around, stand: str | None, added_live: Runs
) -> tuple[date | None, set[str]]:
    """The kept year that holds the period's days after (or before) the kept year, when
    they are one run of built pieces, and the keys the rest of it lowers (None: none)."""
    plus = [run for sign, run in runs if sign > 0]
    if len(plus) != 1 or added_live or plus[0][0].year != plus[0][1].year:
        return None, set()
    src, _span, by, _stands, _top = ask
    first = plus[0][0].replace(month=1, day=1)
    mark = _marks(conn, src.name, by, {("y", first)}).get(("y", first))
    if mark is None or mark.stand != stand:
        return None, set()
    pieces: list[Piece] = []
    rest = [run for _sign, run in around(plus[0], first)]  # the year's days beyond them
    for run in rest:  # its edge days built for the next report (not seen by this one)
        refresh(conn, src, run, by, False, date.today())
        got, live = plan_kept(conn, src.name, by, run)
        if live:
            return None, set()
        pieces += got
    return first, lowered(conn, ask, pieces)


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


def _whole_figures(
    conn: Connection,
    ask: Ask,
    kept: Whole,
    around: list[tuple[int, Piece, Mark]],
    gains: dict[str, Figures],
    losses: dict[str, Figures],
) -> list[int]:
    """The year's figures less the removed pieces' totals and days' figures, plus the added
    pieces' totals or keys' figures."""
    src, _span, by, _stands, _top = ask
    figures = list(kept[1:])
    for sign, (level, start), mark in around:
        totals = mark.totals
        if totals is None:  # a day of a run marked before its totals were kept, or empty
            got = piece_totals(conn, src.name, by, level, (start, start)).get(start)
            totals = got if got is not None else (0,) * len(TOTALS)
        figures = [f + sign * t for f, t in zip(figures, totals[1:], strict=True)]
    for sign, each in ((1, gains), (-1, losses)):  # a figure at a time: a month's 20k keys
        values = each.values()
        figures = [f + sign * sum(map(itemgetter(i), values)) for i, f in enumerate(figures)]
    return figures


class Sides(NamedTuple):
    """What the period is beside the kept year: the removed pieces, and the added side either
    worked out per key (`gains`) or looked up key by key in `added`, bounded by the kept
    `second` year that holds them (a key's added net is at most its year's there, but for
    the `second_lowered` keys, whose rest of that year lowers them)."""

    removed: list[Piece]
    losses: dict[str, Figures]  # the removed days not kept: their documents' figures per key
    gains: dict[str, Figures]
    added: list[Piece]
    second: date | None
    second_lowered: set[str]


class _Reader:
    """The top rows, reading keys by net from the year, and from the added keys or the second
    year, until none unread can beat them."""

    def __init__(self, conn: Connection, ask: Ask, year: date, sides: Sides) -> None:
        self.conn, self.ask, self.year, self.sides = conn, ask, year, sides
        self.rows: dict[str, tuple[Figures, str | None]] = {}  # key: figures, year's label
        self.touched: set[str] = set(sides.gains)  # keys whose label is not the year's

    def top(self) -> list[ReportRow] | None:
        top, gains = self.ask.top, self.sides.gains
        keen = {k for k, loss in self.sides.losses.items() if loss[NET] < 0}
        keen |= lowered(self.conn, self.ask, self.sides.removed) | self.sides.second_lowered
        by_gain = sorted(gains, key=lambda k: (-gains[k][NET], k))
        walk = self._walk(self.year)
        second = self._walk(self.sides.second) if self.sides.second else iter(())
        nets: list[int | None] = [None, None]  # the last net read from each year
        done = [False, self.sides.second is None]
        gain_at = 0
        size = max(2 * top, BATCH)  # the top rows are most often among the year's first
        while True:
            batch: dict[str, tuple[Figures, str | None]] = {}
            for key, label, figures in _take(walk, size):
                batch[key] = (figures, label)
                nets[0] = figures[NET]
            others = _take(second, size)
            nets[1] = others[-1][2][NET] if others else nets[1]
            done = [done[0] or len(batch) < size, done[1] or len(others) < size]
            taken = by_gain[gain_at : gain_at + size]
            gain_at += len(taken)
            self._read([*keen, *taken, *(key for key, _label, _f in others)], batch)
            keen = set()
            bound = sum(0 if d or n is None else max(n, 0) for d, n in zip(done, nets, strict=True))
            bound += 0 if gain_at >= len(by_gain) else max(gains[by_gain[gain_at - 1]][NET], 0)
            best = self._best(top)
            if all(done) and gain_at >= len(by_gain):
                break
            if len(best) == top and bound < best[-1][1][NET]:
                break
            if len(self.rows) > MOST_READ:
                return None  # the bound too loose for these keys: adding up pays better
            size += max(size // 2, 1)  # half again (doubling read a third more than needed)
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

    def _year_rows(self, year: date) -> tuple[Any, ...]:
        src, _span, by, _stands, _top = self.ask
        level = literal("y", literal_execute=True)  # the index by net holds years only
        mine = (_sums.c.source == src.name, _sums.c.by == by, _sums.c.level == level)
        return (*mine, _sums.c.start == year)

    def _walk(self, year: date) -> Iterator[tuple[str, str | None, Figures]]:
        """A year's counted rows by net (most first, then key): key, label, figures."""
        counted = or_(*(_sums.c[f] != 0 for f in FIGURES))
        query = (
            select(_sums.c.key, _sums.c.label, *(_sums.c[f] for f in FIGURES))
            .where(*self._year_rows(year), counted)
            .order_by(_sums.c.net.desc(), text_order(self.conn, _sums.c.key))
        )
        seen, limit = 0, 4 * BATCH
        while True:
            got = self.conn.execute(query.limit(limit)).all()
            for key, label, *figures in got[seen:]:
                yield str(key), label, tuple(int(f) for f in figures)
            if len(got) < limit:
                return
            seen, limit = len(got), 4 * limit

    def _read(self, keys: list[str], known: dict[str, tuple[Figures, str | None]]) -> None:
        """Work out the figures of `keys` (their year's rows looked up) and of `known` (their
        year's rows given), those not read yet."""
        fresh = {k: v for k, v in known.items() if k not in self.rows}
        wanted = list(dict.fromkeys(k for k in keys if k not in self.rows and k not in fresh))
        for chunk in chunks(wanted):
            query = select(_sums.c.key, _sums.c.label, *(_sums.c[f] for f in FIGURES))
            for key, label, *values in self.conn.execute(
                query.where(*self._year_rows(self.year), _sums.c.key.in_(chunk))
            ):
                fresh[str(key)] = (tuple(int(f) for f in values), label)
        for key in wanted:
            fresh.setdefault(key, ((0,) * len(FIGURES), None))
        lost = sums_of(self.conn, self.ask, self.sides.removed, list(fresh))
        for key, loss in self.sides.losses.items() if fresh else ():
            if key in fresh:
                got = lost.setdefault(key, [0] * len(FIGURES))
                got[:] = [g + f for g, f in zip(got, loss, strict=True)]
        more = sums_of(self.conn, self.ask, self.sides.added, list(fresh))
        zero = (0,) * len(FIGURES)
        for key, (figures, label) in fresh.items():
            less, plus = lost.get(key, zero), more.get(key, self.sides.gains.get(key, zero))
            total = tuple(y - r + a for y, r, a in zip(figures, less, plus, strict=True))
            self.rows[key] = (total, label)
        self.touched |= set(lost) | set(more)


def _take(walk: Iterator[Any], size: int) -> list[Any]:
    got = []
    for item in walk:
        got.append(item)
        if len(got) == size:
            break
    return got
