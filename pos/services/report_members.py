"""What a kept piece's mark holds besides its rows (pos.services.report_pieces): its totals
and, on a stand, its members: the keys counted in it (a figure not zero), as a bitmap of their
numbers in report_keys, so that the keys counted over a period are its pieces' bitmaps or-ed
(a key's figures over a period are not all zero when one of its pieces' are not: sales, gross
and refunds are never below nothing, and a void is taken off on its sale's own day).

Members are kept on a stand only: one process writes its sums at a time, where the office's
import jobs would number the same new keys at once."""

import zlib
from collections.abc import Collection, Mapping
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, and_, exists, func, insert, literal, or_, select, update

from pos.db.models_summaries import ReportKey, ReportPiece, ReportSum
from pos.db.sql_core import table
from pos.services.report_marks import days_of, month_end, year_end
from pos.services.report_query import MEASURES

_sums = table(ReportSum)
_pieces = table(ReportPiece)
_keys = table(ReportKey)
FIGURES = ("sales", *MEASURES)
TOTALS = ("keys", *FIGURES)  # a piece's totals kept on its mark
MEMBERS = "stand"  # the source whose pieces keep their members
# A bitmap unpacked is at most this many bytes (100 million keys): a larger one is not ours.
MOST_BYTES = 12_500_000
Span = tuple[date, date]


def mark(
    conn: Connection,
    name: str,
    by: str,
    level: str,
    starts: list[date],
    stand: str | None,
    made_of: tuple[str, date] | None = None,
) -> None:
    """Mark the pieces of `level` at `starts` built, with their totals when their rows are
    of one `stand` (a row per key), and their members on a stand: the members of the pieces
    it was `made_of` (their level and its last day) or-ed, when they all have them."""
    if not starts:
        return
    rows: dict[date, dict[str, Any]] = {
        s: {"source": name, "by": by, "level": level, "start": s, "stand": stand} for s in starts
    }
    span = (min(starts), max(starts))
    if stand is not None:
        for start, figures in piece_totals(conn, name, by, level, span).items():
            if start in rows:
                rows[start].update(zip(TOTALS, figures, strict=True))
        for row in rows.values():
            row.setdefault("keys", 0)
            row.update({f: row.get(f, 0) for f in FIGURES})
    # Members of days (a few hundred keys each), or or-ed from those of the pieces a piece is
    # made of; a month or year added up from the documents gets them when a report first
    # needs them (fill): numbering a year's 88k keys made its first build 1.5 s slower.
    if name == MEMBERS and made_of is not None:
        rows[span[0]]["members"] = _joined(conn, name, by, made_of, span[0])
    elif name == MEMBERS and level == "d":
        for start, members in piece_members(conn, name, by, level, span).items():
            if start in rows:
                rows[start]["members"] = members
    conn.execute(insert(_pieces), list(rows.values()))


def _joined(
    conn: Connection, name: str, by: str, made_of: tuple[str, date], first: date
) -> bytes | None:
    """The members of the pieces of a level from `first` to a last day or-ed (None: one
    has none, or one is not marked): a year's are its months', a month's its days'."""
    level, last = made_of
    mine = (_pieces.c.source == name, _pieces.c.by == by, _pieces.c.level == level)
    query = select(_pieces.c.members).where(*mine, _pieces.c.start.between(first, last))
    blobs = conn.execute(query).scalars().all()
    whole = len(_days(level, (first, last))) if level == "d" else last.month - first.month + 1
    if len(blobs) != whole or any(blob is None for blob in blobs):
        return None
    bits = 0
    for blob in blobs:
        bits |= unpack(blob)
    return pack_bits(bits)


def in_run(name: str, by: str, level: str, span: Span) -> tuple[Any, ...]:
    """The rows of report_sums of the pieces of `level` starting in `span`."""
    return (
        _sums.c.source == name,
        _sums.c.by == by,
        _sums.c.level == level,
        _sums.c.start >= span[0],
        _sums.c.start <= span[1],
    )


def _counted() -> Any:
    return or_(*(_sums.c[f] != 0 for f in FIGURES))


def piece_totals(
    conn: Connection, name: str, by: str, level: str, span: Span
) -> dict[date, tuple[int, ...]]:
    """Each piece's counted keys and figures added up, of the pieces in `span` with a row
    (its rows one per key: one stand's)."""
    sums = (func.coalesce(func.sum(_sums.c[f]), 0) for f in FIGURES)
    query = (
        select(_sums.c.start, func.count(), *sums)
        .where(*in_run(name, by, level, span), _counted())
        .group_by(_sums.c.start)
    )
    return {start: tuple(int(v) for v in got) for start, *got in conn.execute(query)}


def piece_members(
    conn: Connection, name: str, by: str, level: str, span: Span
) -> dict[date, bytes | None]:
    """Each piece's members in `span` (an empty bitmap: none counted; None: a counted row
    without a key, not numbered), numbering its new keys first."""
    where = in_run(name, by, level, span)
    known = exists().where(_keys.c.source == name, _keys.c.by == by, _keys.c.key == _sums.c.key)
    new = select(literal(name), literal(by), _sums.c.key).where(
        *where, _sums.c.key.is_not(None), ~known
    )
    conn.execute(insert(_keys).from_select(["source", "by", "key"], new.distinct()))
    on = and_(_keys.c.source == name, _keys.c.by == by, _keys.c.key == _sums.c.key)
    query = select(_sums.c.start, _keys.c.id).select_from(_sums.outerjoin(_keys, on))
    numbers: dict[date, list[int] | None] = {s: [] for s in _days(level, span)}
    query = query.where(*where, _counted()).order_by(_sums.c.start)
    with conn.execute(query) as result:  # the driver's own rows: a year's month is 20k
        for start, group in groupby(result.cursor.fetchall(), key=itemgetter(0)):
            day = as_date(start)
            got = [number for _start, number in group]
            numbers[day] = None if None in got else got
    return {s: None if got is None else pack(got) for s, got in numbers.items()}


def as_date(value: Any) -> date:
    """A date from the database (SQLite may give its text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _days(level: str, span: Span) -> list[date]:
    """The starts of `span` a piece of `level` may have (a day's every day, else the first)."""
    if level != "d":
        return [span[0]] if span[0] == span[1] else []
    return days_of(span)


def pack(numbers: Collection[int]) -> bytes:
    """Key numbers as a compressed bitmap (bit n of the little-endian number)."""
    bits = bytearray((max(numbers) >> 3) + 1 if numbers else 0)
    for n in numbers:
        bits[n >> 3] |= 1 << (n & 7)
    return zlib.compress(bytes(bits), 6)


def pack_bits(bits: int) -> bytes:
    """A bitmap as a number, compressed as pack() does."""
    return zlib.compress(bits.to_bytes((bits.bit_length() + 7) // 8, "little"), 6)


def unpack(blob: bytes) -> int:
    """A bitmap of pack() as a number (ValueError: not one)."""
    if not isinstance(blob, bytes | bytearray | memoryview):
        raise ValueError("members")
    try:
        inflate = zlib.decompressobj()
        bits = inflate.decompress(blob, MOST_BYTES)
    except zlib.error as problem:
        raise ValueError("members") from problem
    if inflate.unconsumed_tail or not inflate.eof:
        raise ValueError("members")
    return int.from_bytes(bits, "little")


def fill(conn: Connection, name: str, by: str, marks: Mapping[tuple[str, date], Any]) -> None:
    """Give the marks of `marks` (level and start: the mark's members) that have none their
    members (a month or year added up from the documents, or marked before members were
    kept): its days' or months' or-ed when they have them, else numbered from its rows."""
    order = {"d": 0, "m": 1, "y": 2}  # a year's months first: it is their members or-ed
    for level, start in sorted(marks, key=lambda piece: (order.get(piece[0], 3), piece[1])):
        if marks[(level, start)] is not None:
            continue
        got = None
        if level in ("m", "y"):
            last = year_end(start) if level == "y" else month_end(start)
            got = _joined(conn, name, by, ("d" if level == "m" else "m", last), start)
        if got is None:
            got = piece_members(conn, name, by, level, (start, start)).get(start)
        mine = (_pieces.c.source == name, _pieces.c.by == by, _pieces.c.level == level)
        conn.execute(update(_pieces).where(*mine, _pieces.c.start == start).values(members=got))
