"""Looking up a report's kept sums key by key (pos.services.report_bound): what a few
pieces hold of some keys, the keys a piece lowers, the keys counted over a period, labels."""

from collections.abc import Collection, Iterator, Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, String, cast, func, literal, or_, select, union_all

from pos.db.models_summaries import ReportKey, ReportSum
from pos.db.sql_core import table
from pos.services.report_members import FIGURES
from pos.services.report_pieces import Piece, kept_sums, piece_groups, piece_spans, plan_kept
from pos.services.report_query import NO_NAME, Runs, Source, fact_parts

_sums = table(ReportSum)
_keys = table(ReportKey)
Span = tuple[date, date]
Figures = tuple[int, ...]
NET = FIGURES.index("net")
CHUNK = 500  # keys looked up per statement


class Ask(NamedTuple):
    """A top report asked for: where, over which days, by which key, of which stands."""

    src: Source
    span: Span
    by: str
    stands: Collection[str] | None
    top: int


def per_key(
    conn: Connection, ask: Ask, pieces: list[Piece], live: Runs
) -> dict[str, Figures] | None:
    """Each key's figures over the added pieces and days (None: a row without a key)."""
    src, _span, by, stands, _top = ask
    parts = fact_parts(src, by, live, stands, False)
    for group in piece_groups(pieces):  # each apart: an OR of them reads every row of the key
        parts.append(kept_sums(src.name, by, group, stands, False))
    if not parts:
        return {}
    rows = union_all(*(keyed(part) for part in parts)).subquery()
    query = select(rows.c.key, *(func.sum(rows.c[f]) for f in FIGURES)).group_by(rows.c.key)
    with conn.execute(query) as result:  # the driver's own rows: a month's 20k keys
        got = result.cursor.fetchall()
    gains = {str(key): tuple(map(int, figures)) for key, *figures in got}
    return None if any(key is None for key, *_figures in got) else gains


def keyed(part: Select[Any]) -> Select[Any]:
    """A part's key (as text, as kept) and FIGURES."""
    rows = part.subquery()
    return select(cast(rows.c.key, String).label("key"), *(rows.c[f] for f in FIGURES))


def counted_keys(conn: Connection, ask: Ask, members: Sequence[int], live: Runs) -> int:
    """The keys counted over the period: its pieces' members or-ed, and its live days' keys."""
    bits = 0
    for each in members:
        bits |= each
    extra = 0
    if live:
        src, _span, by, stands, _top = ask
        rows = union_all(*(keyed(p) for p in fact_parts(src, by, live, stands, False)))
        every = rows.subquery()
        sums = [func.sum(every.c[f]) for f in FIGURES]
        query = select(every.c.key).group_by(every.c.key).having(or_(*(s != 0 for s in sums)))
        keys = [str(k) for (k,) in conn.execute(query)]
        numbered: dict[str, int] = {}
        for chunk in chunks(keys):
            mine = (_keys.c.source == src.name, _keys.c.by == by, _keys.c.key.in_(chunk))
            numbered.update(conn.execute(select(_keys.c.key, _keys.c.id).where(*mine)).all())
        for key in keys:
            if key in numbered:
                bits |= 1 << numbered[key]
            else:
                extra += 1
    return bits.bit_count() + extra


def chunks(keys: Sequence[str]) -> Iterator[Sequence[str]]:
    """`keys` a statement's worth at a time."""
    for i in range(0, len(keys), CHUNK):
        yield keys[i : i + CHUNK]


def by_level(pieces: list[Piece]) -> dict[str, list[date]]:
    """The starts of `pieces` per level."""
    levels: dict[str, list[date]] = {}
    for level, start in pieces:
        levels.setdefault(level, []).append(start)
    return levels


def sums_of(
    conn: Connection, ask: "Ask", pieces: list[Piece], keys: Sequence[str]
) -> dict[str, list[int]]:
    """The figures of `keys` in `pieces` added up (the keys with a row in them)."""
    src, _span, by, _stands, _top = ask
    found: dict[str, list[int]] = {}
    spans = piece_spans(pieces)
    for chunk in chunks(keys) if spans else ():
        parts = []  # a statement per span: an OR of them reads every row of the key
        for where in spans:
            mine = (_sums.c.source == src.name, _sums.c.by == by, where)
            columns = (_sums.c[f] for f in FIGURES)
            parts.append(select(_sums.c.key, *columns).where(*mine, _sums.c.key.in_(chunk)))
        rows = union_all(*parts).subquery()
        sums = (func.sum(rows.c[f]) for f in FIGURES)
        for key, *figures in conn.execute(select(rows.c.key, *sums).group_by(rows.c.key)):
            found[str(key)] = [int(f) for f in figures]
    return found


def lowered(conn: Connection, ask: "Ask", pieces: list[Piece]) -> set[str]:
    """The keys with a row of negative net in `pieces` (refunds: an index of their own)."""
    src, _span, by, _stands, _top = ask
    below = _sums.c.net < literal(0, literal_execute=True)  # the index of those rows
    keys: set[str] = set()
    for level, starts in by_level(pieces).items():
        mine = (_sums.c.source == src.name, _sums.c.by == by, _sums.c.level == level)
        query = select(_sums.c.key).where(*mine, _sums.c.start.in_(starts), below)
        keys |= {str(k) for (k,) in conn.execute(query.distinct())}
    return keys


def named(conn: Connection, ask: Ask, keys: Sequence[str]) -> dict[str, str]:
    """The label of each of `keys` over `span` (the product's name: the greatest it was sold
    under), from the period's own pieces and documents, as the usual plan reads it."""
    if not keys:
        return {}
    src, span, by, stands, _top = ask
    if by != "product":  # only a product's label is not its key (its name: report_query)
        return {key: key for key in keys}
    pieces, live = plan_kept(conn, src.name, by, span)
    parts: list[Select[Any]] = []
    for part in fact_parts(src, by, live, stands, False):
        rows = part.subquery()
        key = cast(rows.c.key, String)
        parts.append(select(key.label("key"), rows.c.label).where(key.in_(keys)))
    for where_kept in piece_spans(pieces):  # the pieces' rows of the keys
        where = [_sums.c.source == src.name, _sums.c.by == by, where_kept, _sums.c.key.in_(keys)]
        if stands is not None:
            where.append(_sums.c.stand.in_(list(stands)))
        parts.append(select(_sums.c.key, _sums.c.label).where(*where))
    every = union_all(*parts).subquery()
    query = select(every.c.key, func.max(every.c.label)).group_by(every.c.key)
    return {k: NO_NAME if v is None else str(v) for k, v in conn.execute(query)}
