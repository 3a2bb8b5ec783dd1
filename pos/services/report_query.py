"""The one query builder of the sales report, given where its documents are (a `Source`).

A source is a mapping of the report's facts onto tables: the stand's own tables
(pos.services.sales_report) or the regional office's imported ones (pos.services.central_sales).
It has one or two sold sides (the sales' own sums, for keys a whole sale belongs to, and the
lines) and one refund side; each side names its fact rows, where they count, the figures of a
row and the key columns with the joins they need. The builder adds each side up per key (and
per day for the recap), takes off voided sales where a side says how, and sums the sides.
Written with SQLAlchemy Core, so it runs on SQLite and PostgreSQL alike.
"""

import gc
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Connection,
    FromClause,
    Select,
    String,
    and_,
    case,
    cast,
    extract,
    func,
    literal,
    or_,
    select,
    union_all,
)

NO_NAME = ""  # the key of goods without a category or workshop
COUNTER = "counter"  # the channel of sales rung up at the stand
ORDER = "order"  # the channel of orders handed over (their sale is paid by BY_ORDER)
FIELDS = ("qty", "gross", "discount", "refunds", "net", "cost", "profit")
MEASURES = ("qty", "gross", "discount", "refunds", "net", "cost")
SPLIT = 1 << 20  # payments are shared through parts this size: 64 bits hold Rp10^12 sales
# Keys whose rows read best in their own order (time), not by the money they made.
ORDERED_KEYS = frozenset({"hour", "day", "month"})

Join = tuple[FromClause, ColumnElement[bool], bool]  # table, on, outer


class ReportRow(NamedTuple):
    """One key's figures over the period (a tuple: a year's 90k products build fast)."""

    key: str
    label: str
    sales: int
    qty: int
    gross: int
    discount: int
    refunds: int
    net: int
    cost: int

    def to_json(self) -> dict[str, Any]:
        figures = {name: getattr(self, name) for name in FIELDS}
        return {"key": self.key, "label": self.label, "sales": self.sales, **figures}

    @property
    def profit(self) -> int:
        return self.net - self.cost


def total_row(rows: list[ReportRow], label: str = "") -> ReportRow:
    """The rows added up (sales counts too: only exact for keys a sale belongs to once)."""
    sums = (sum(getattr(r, name) for r in rows) for name in ("sales", *MEASURES))
    return ReportRow("", label, *sums)


@dataclass(frozen=True)
class Share:
    """Where a sale's payments are, for a key that shares each sale's figures among them in
    proportion to what each paid (`order`: the first payment first)."""

    payments: FromClause
    sale: Column[Any]  # the payment's sale, as the side's `sales` column names it
    amount: Column[Any]
    order: Column[Any]


@dataclass(frozen=True)
class Key:
    """A breakdown key's column on one side and the joins it needs; by payment, the column
    of the payments and how each sale is shared among them (then `joins` are not used)."""

    column: ColumnElement[Any]
    joins: tuple[Join, ...] = ()
    share: Share | None = None


@dataclass(frozen=True)
class Side:
    """One kind of fact row of a source: what was sold (per sale or per line) or given back."""

    base: FromClause
    day: ColumnElement[Any]
    stand: ColumnElement[Any]
    where: tuple[ColumnElement[bool], ...]
    measures: Mapping[str, ColumnElement[Any]]  # of MEASURES; a missing one is 0
    sales: ColumnElement[Any] | None  # the sale a row belongs to (None: counts no sale)
    keys: Mapping[str, Key]
    name: ColumnElement[Any] | None = None  # the product's name, the label by product
    voided: ColumnElement[bool] | None = None  # rows to take off again (voided sales)
    one_row_per_sale: bool = False


@dataclass(frozen=True)
class Source:
    """Where the sales report reads: its sold sides (the first that has the key is used)
    and its refund side."""

    sold: tuple[Side, ...]
    back: Side
    keys: tuple[str, ...] = field(default=())
    name: str = ""  # its rows in report_sums (pos.services.report_pieces); "": none kept


def doc_keys(
    doc: FromClause,
    day: ColumnElement[Any],
    stand: ColumnElement[Any],
    by_order: ColumnElement[bool],
    joins: tuple[Join, ...] = (),
) -> dict[str, Key]:
    """The keys a whole document (sale or refund) has, read from `doc` and its day and stand;
    `by_order` tells a sale that handed an order over (channel "order", else "counter");
    `joins` bring `doc` in when the side's rows are not the documents themselves."""
    day_text = cast(day, String)
    return {
        "hour": Key(extract("hour", doc.c.created_at), joins),
        "day": Key(day_text),
        "month": Key(func.substr(day_text, 1, 7)),
        "channel": Key(case((by_order, literal(ORDER)), else_=literal(COUNTER))),
        "stand": Key(stand),
    }


def line_measures(lines: FromClause, unit_cost: ColumnElement[Any]) -> dict[str, Any]:
    """The figures of sale lines (both sources name their line columns alike)."""
    return {
        "qty": lines.c.qty,
        "gross": lines.c.qty * lines.c.unit_price,
        "discount": lines.c.discount + lines.c.sale_discount,
        "net": lines.c.line_total,
        "cost": lines.c.qty * unit_cost,
    }


def refund_measures(refund_lines: FromClause, unit_cost: ColumnElement[Any]) -> dict[str, Any]:
    """The figures of refund lines: goods and money back, the goods' cost off again."""
    qty, amount = refund_lines.c.qty, refund_lines.c.amount
    return {"qty": -qty, "refunds": amount, "net": -amount, "cost": -qty * unit_cost}


def _side_for(source: Source, by: str) -> Side:
    for side in source.sold:
        if by in side.keys:
            return side
    raise ValueError(by)


Runs = list[tuple[date, date]]  # spans of days, both ends included


def _shared(
    side: Side,
    key: Key,
    share: Share,
    sales: ColumnElement[Any],
    where: list[ColumnElement[bool]],
) -> tuple[FromClause, dict[str, ColumnElement[Any]]]:
    """The side's rows added up per sale, each sale's figures shared among its payments in
    whole rupiah, the largest remainders first (ties: the earlier payment), as
    pos.core.pricing.spread does: a payment method's net is what it took in, to the rupiah.
    A sale of Rp0 goes to its first payment. The rows with the key and the measures."""
    names = [n for n in MEASURES if n in side.measures]
    columns = [sales.label("sale"), side.day.label("day"), side.stand.label("stand")]
    if side.one_row_per_sale:
        sums = [side.measures[n].label(n) for n in names]
        sold = select(*columns, *sums).select_from(side.base).where(and_(*where))
    else:
        sums = [func.sum(side.measures[n]).label(n) for n in names]
        columns[1:] = [func.max(side.day).label("day"), func.max(side.stand).label("stand")]
        sold = select(*columns, *sums).select_from(side.base).where(and_(*where))
        sold = sold.group_by(sales)
    sale = sold.subquery()
    whole = sale.c.net  # the sale's total, what its payments add up to
    over = case((whole > 0, whole), else_=literal(1))
    # The sale's other payments, read only for the few rows that need them (no window: a
    # year's 100k payments sorted per figure took seconds).
    other = share.payments.alias("other")
    same_sale = other.c[share.sale.key] == sale.c.sale
    before_me = other.c[share.order.key] < share.order
    first = ~select(literal(1)).select_from(other).where(same_sale, before_me).exists()
    parts = []
    for name in names:

        def split(amount: ColumnElement[Any], figure: Any = sale.c[name]) -> tuple[Any, Any]:
            # figure * amount // over without that product (past 64 bits above Rp3 billion)
            r = ((figure % over) + over) % over  # also below zero: a floor division
            low = amount % SPLIT
            x = r * ((amount - low) // SPLIT)
            rest = x % over * SPLIT + r * low
            dropped = rest % over  # each division below is exact: no rounding toward zero
            kept = (figure - r) // over * amount + (x - x % over) // over * SPLIT
            return dropped, kept + (rest - dropped) // over

        dropped, kept = split(share.amount)
        their_dropped, their_kept = split(other.c[share.amount.key])
        # The rupiah left over go one each to the largest dropped remainders (ties: the
        # earlier payment). They add up to `short` times the sale's total, each below it:
        # a payment that dropped nothing never gets one.
        ahead = or_(their_dropped > dropped, and_(their_dropped == dropped, before_me))
        rank = select(func.count()).select_from(other).where(same_sale, ahead).scalar_subquery()
        added = select(func.sum(their_kept)).select_from(other).where(same_sale)
        short = sale.c[name] - added.scalar_subquery()
        extra = case((dropped > 0, case((rank < short, 1), else_=0)), else_=0)
        parts.append(case((whole > 0, kept + extra), (first, sale.c[name]), else_=0).label(name))
    rows = (
        select(sale.c.day, sale.c.stand, sale.c.sale, key.column.label("key"), *parts)
        .select_from(sale.join(share.payments, share.sale == sale.c.sale))
        .subquery()
    )
    return rows, {n: rows.c[n] for n in names}


def _facts(
    side: Side,
    by: str,
    runs: Runs,
    stands: Collection[str] | None,
    per_day: bool,
    voided: bool = False,
    per_stand: bool = False,
) -> Select[Any]:
    key = side.keys[by]
    base: Any = side.base
    joined: set[int] = set()
    for table, on, outer in key.joins:
        if id(table) not in joined:
            joined.add(id(table))
            base = base.join(table, on, isouter=outer)
    spans = [and_(side.day >= first, side.day <= last) for first, last in runs]
    where = [*(spans if len(spans) == 1 else [or_(*spans)]), *side.where]
    if stands is not None:
        where.append(side.stand.in_(list(stands)))
    if voided and side.voided is not None:
        where.append(side.voided)
    sign = -1 if voided else 1
    measures, column, day, stand = side.measures, key.column, side.day, side.stand
    if key.share is not None and side.sales is not None:
        base, measures = _shared(side, key, key.share, side.sales, where)
        column, day, stand, where = base.c.key, base.c.day, base.c.stand, []

    def total(name: str) -> ColumnElement[Any]:
        measure = measures.get(name)
        if measure is None:
            return literal(0)
        return sign * func.sum(measure)

    if side.sales is None:
        sales: ColumnElement[Any] = literal(0)
    elif side.one_row_per_sale and key.share is None:
        sales = sign * func.count()
    elif key.share is not None:
        sales = sign * func.count(func.distinct(base.c.sale))
    else:
        sales = sign * func.count(func.distinct(side.sales))
    # What to group by: each costs a sort of 100k rows unless SQLite can read the rows in its
    # order. The stored day can (its index); a month is grouped by day here and the outer
    # query adds the days up.
    groups: list[ColumnElement[Any]] = [day] if per_day or by in ("day", "month") else []
    if by not in ("day", "month"):
        groups.append(column)
    if per_stand:
        groups.append(stand)
    label = func.max(side.name) if by == "product" and side.name is not None else None
    return (
        select(
            (day if per_day else literal("")).label("day"),
            (stand if per_stand else literal("")).label("stand"),
            func.max(column).label("key"),
            (label if label is not None else func.max(column)).label("label"),
            sales.label("sales"),
            *(total(name).label(name) for name in MEASURES),
        )
        .select_from(base)
        .where(*where)
        .group_by(*groups)
    )


def fact_parts(
    source: Source,
    by: str,
    runs: Runs,
    stands: Collection[str] | None,
    per_day: bool,
    per_stand: bool = False,
) -> list[Select[Any]]:
    """The documents' figures over `runs` per key (and day, stand), one select per side:
    columns day, stand, key, label, sales and the MEASURES, to be added up per key."""
    if by not in source.keys:
        raise ValueError(by)
    if not runs:
        return []
    sold = _side_for(source, by)
    parts = [_facts(sold, by, runs, stands, per_day, per_stand=per_stand)]
    if sold.voided is not None:
        parts.append(_facts(sold, by, runs, stands, per_day, True, per_stand))
    parts.append(_facts(source.back, by, runs, stands, per_day, per_stand=per_stand))
    return parts


def report_query(
    source: Source,
    period: tuple[date, date],
    by: str,
    stands: Collection[str] | None = None,
    per_day: bool = False,
    parts: list[Select[Any]] | None = None,
    unique: bool = False,
) -> Select[Any]:
    """The query of `report_rows`: day, key, label, sales and the MEASURES per key, added
    up from `parts` (`fact_parts` or kept sums; default: the documents of `period`), or
    only rounded if `unique` says the one part has a row per key (and day) already."""
    if by not in source.keys:
        raise ValueError(by)
    if parts is None:
        parts = fact_parts(source, by, [period], stands, per_day)

    # Text never NULL and whole numbers from the database: a year's 90k products are made
    # into rows without a Python call per value (the hour, a number, is made text there).
    def text(value: Any) -> Any:
        return value if by == "hour" else func.coalesce(value, NO_NAME)

    def whole(value: Any) -> Any:
        return func.coalesce(cast(value, BigInteger), 0)

    if unique and len(parts) == 1:
        one = parts[0].subquery()
        return select(
            one.c.day if per_day else literal(""),
            text(one.c.key),
            text(one.c.label),
            whole(one.c.sales),
            *(whole(one.c[name]) for name in MEASURES),
        )
    # One part (a piece's kept sums) is read without a union: SQLite then reads it in the
    # order of its index and adds it up without sorting.
    facts = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()
    columns = [whole(func.sum(facts.c[name])) for name in MEASURES]
    figures = (text(facts.c.key), text(func.max(facts.c.label)), whole(func.sum(facts.c.sales)))
    if not per_day:
        return select(literal(""), *figures, *columns).group_by(facts.c.key)
    return select(facts.c.day, *figures, *columns).group_by(facts.c.day, facts.c.key)


def report_rows(
    conn: Connection,
    source: Source,
    period: tuple[date, date],
    by: str,
    stands: Collection[str] | None = None,
    per_day: bool = False,
) -> list[tuple[str, ReportRow]]:
    """(day, row) per `by` key (and per day if `per_day`, else day "") over `period`, both
    days included, of `stands` (None: all). Closed pieces of time read their kept sums."""
    from pos.services.report_pieces import planned_parts  # it builds on this module

    parts, unique = planned_parts(conn, source, period, by, stands, per_day)
    query = report_query(source, period, by, stands, per_day, parts, unique)
    with _bulk():
        # The driver's own rows: every column is plain text or a whole number already.
        with conn.execute(query) as result:
            fetched: Sequence[Any] = result.cursor.fetchall()
        if by == "hour":
            fetched = [(day, _text(key), _text(label), *rest) for day, key, label, *rest in fetched]
        make = ReportRow._make
        # A side with nothing in the period still answers rows of zeros where not grouped.
        return [(str(r[0]), make(r[1:])) for r in fetched if r[3] or any(r[4:])]


@contextmanager
def _bulk() -> Iterator[None]:
    """No garbage collection while a report makes its rows: 90k new tuples set off several
    full collections of the whole heap, which took half the time of a year's products."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def ordered(rows: list[ReportRow], by: str) -> list[ReportRow]:
    """Rows in their own order for time keys, else by net (most first), then key."""
    if by in ORDERED_KEYS:
        return sorted(rows, key=lambda r: (int(r.key), "") if r.key.isdigit() else (0, r.key))
    # Two stable sorts on C-level keys: a year's 90k products sort several times faster.
    return sorted(sorted(rows, key=itemgetter(0)), key=itemgetter(7), reverse=True)


def _text(value: object) -> str:
    if value is None:
        return NO_NAME
    if isinstance(value, (float, Decimal)):  # an hour: PostgreSQL's EXTRACT gives numeric
        return str(int(value))
    return str(value)
