"""Sales reports over a period, by one breakdown key, net of voids and refunds.

Written with SQLAlchemy Core (no ORM objects) over a Connection, so the same functions run on
SQLite at the stand and on PostgreSQL at the regional office; `stand` narrows to one stand.

Figures of a row: `qty` sold minus returned, `gross` (price x qty as charged), `discount`
(line and sale discounts), `refunds` (money given back), `net` = gross - discount - refunds,
`cost` (the unit cost stored on each sale line, minus that of units returned) and `profit` =
net - cost. A voided sale counts nowhere. A refund counts on its own day, under its own method
and cashier (as in the day report and the Z report); its goods under the sold line's product.
By payment method, each sale's figures are shared among its payments in proportion to what
each paid (the net of a method is exactly what it took in); a refund goes to its own method.
Keys a whole sale belongs to (day, hour, cashier, payment...) read each sale's own sums of its
lines (kept by a trigger, migration 0008); product, category and workshop read the lines.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    and_,
    case,
    cast,
    extract,
    func,
    literal,
    select,
    union_all,
)

from pos.db import models as m
from pos.db.sql_core import table

KEYS = (
    "product",
    "category",
    "workshop",
    "payment",
    "cashier",
    "hour",
    "day",
    "month",
    "channel",
    "stand",
)
# Keys whose rows read best in their own order (time), not by the money they made.
ORDERED_KEYS = frozenset({"hour", "day", "month"})
NO_NAME = ""  # the key of goods without a category or workshop
COUNTER = "counter"  # the one channel of sales rung up at the stand

_sales = table(m.Sale)
_lines = table(m.SaleLine)
_payments = table(m.Payment)
_refunds = table(m.Refund)
_refund_lines = table(m.RefundLine)
_products = table(m.Product)
_categories = table(m.Category)
_workshops = table(m.Workshop)
_users = table(m.User)
_movements = table(m.StockMovement)

FIELDS = ("qty", "gross", "discount", "refunds", "net", "cost", "profit")


@dataclass(frozen=True)
class ReportRow:
    """One key's figures over the period."""

    key: str
    label: str
    sales: int
    qty: int
    gross: int
    discount: int
    refunds: int
    net: int
    cost: int

    @property
    def profit(self) -> int:
        return self.net - self.cost

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "sales": self.sales,
            **{name: getattr(self, name) for name in FIELDS},
        }


def total_row(rows: list[ReportRow], label: str = "") -> ReportRow:
    """The rows added up (sales counts too: only exact for keys a sale belongs to once)."""
    return ReportRow(
        "",
        label,
        sum(r.sales for r in rows),
        sum(r.qty for r in rows),
        sum(r.gross for r in rows),
        sum(r.discount for r in rows),
        sum(r.refunds for r in rows),
        sum(r.net for r in rows),
        sum(r.cost for r in rows),
    )


def _unit_cost() -> ColumnElement[Any]:
    # Lines from before the cost was stored were filled in by migration 0007; a line some
    # other code writes without it falls back on the catalog cost.
    catalog_products = _products.alias("catalog")
    catalog = select(catalog_products.c.cost).where(catalog_products.c.id == _lines.c.product_id)
    return func.coalesce(_lines.c.unit_cost, catalog.scalar_subquery())


def _voided() -> Select[Any]:
    return select(_refunds.c.sale_id).where(_refunds.c.kind == "void")


def _key(by: str, refund_side: bool) -> tuple[ColumnElement[Any], list[Any]]:
    """The key column of a fact row and the tables to join for it (besides lines and sales)."""
    doc = _refunds if refund_side else _sales
    if by == "product":
        return _lines.c.sku, []
    if by == "category":
        return func.coalesce(_categories.c.name, NO_NAME), [_products, _categories]
    if by == "workshop":
        # The workshop recorded on the line at sale time; the catalog's for a line without.
        return func.coalesce(_workshops.c.name, NO_NAME), [_products, _workshops]
    if by == "cashier":
        return _users.c.name, [_users]
    if by == "hour":
        return extract("hour", doc.c.created_at), []
    if by == "day":
        return doc.c.day, []
    if by == "month":
        return func.substr(cast(doc.c.day, String), 1, 7), []
    if by == "channel":
        return literal(COUNTER), []
    if by == "stand":
        return doc.c.stand, []
    raise ValueError(by)


def _join(base: Any, tables: list[Any], refund_side: bool) -> Any:
    doc = _refunds if refund_side else _sales
    for joined in tables:
        if joined is _products:
            base = base.join(_products, _products.c.id == _lines.c.product_id)
        elif joined is _categories:
            base = base.outerjoin(_categories, _categories.c.id == _products.c.category_id)
        elif joined is _workshops:
            made_by = func.coalesce(_lines.c.workshop_id, _products.c.workshop_id)
            base = base.outerjoin(_workshops, _workshops.c.id == made_by)
        elif joined is _users:
            base = base.join(_users, _users.c.id == doc.c.user_id)
    return base


# Keys a whole sale belongs to: read from the sales' own sums (qty, gross, cost), not lines.
SALE_KEYS = frozenset({"payment", "cashier", "hour", "day", "month", "channel", "stand"})


def _sold_by_sale(by: str, where: list[Any], per_day: bool, sign: int) -> Select[Any]:
    """Sold figures per key from the sales alone (migration 0008 keeps their lines' sums)."""
    base: Any = _sales
    measures: list[ColumnElement[Any]] = [
        _sales.c.qty,
        _sales.c.gross,
        _sales.c.total,
        _sales.c.cost,
    ]
    if by == "payment":
        # Each payment takes its part of the sale; a sale of Rp0 goes to its first payment.
        others = _payments.alias("others")
        first = select(func.min(others.c.id)).where(others.c.sale_id == _sales.c.id)
        weight = case(
            (_sales.c.total > 0, _payments.c.amount * 1.0 / _sales.c.total),
            (_payments.c.id == first.scalar_subquery(), 1.0),
            else_=0.0,
        )
        base = base.join(_payments, _payments.c.sale_id == _sales.c.id)
        key: ColumnElement[Any] = _payments.c.method
        measures = [c * weight for c in measures]
        # A sale paid twice the same way is still one sale.
        sales: ColumnElement[Any] = func.count(func.distinct(_sales.c.id))
    else:
        key, tables = _key(by, refund_side=False)
        base = _join(base, tables, refund_side=False)
        sales = func.count()  # each sale once under its key
    qty, gross, net, cost = (func.sum(c) for c in measures)
    # What to group by: each costs a sort of 100k rows unless SQLite can read the rows in its
    # order. The stored day can (its index); a month is grouped by day here and the outer
    # query adds the days up; a constant key (channel) needs no grouping at all.
    groups: list[ColumnElement[Any]] = [_sales.c.day] if per_day or by in ("day", "month") else []
    if by not in ("day", "month", "channel"):
        groups.append(key)
    day = _sales.c.day if per_day else literal("")
    return (
        select(
            day.label("day"),
            func.max(key).label("key"),
            func.max(key).label("label"),
            (sign * sales).label("sales"),
            (sign * qty).label("qty"),
            (sign * gross).label("gross"),
            (sign * (gross - net)).label("discount"),
            literal(0).label("refunds"),
            (sign * net).label("net"),
            (sign * cost).label("cost"),
        )
        .select_from(base)
        .where(and_(*where))
        .group_by(*groups)
    )


def _sold(
    by: str, start: date, end: date, stand: str | None, per_day: bool, voided: bool = False
) -> Select[Any]:
    """Every sale of the period (`voided` False), or only the voided ones, to take off again:
    testing each of 100k sales against the voids cost more than adding up the few voided
    sales a second time (a void is a whole sale of one day)."""
    where = [_sales.c.day >= start, _sales.c.day <= end]
    if voided:
        where.append(_sales.c.id.in_(_voided()))
    if stand is not None:
        where.append(_sales.c.stand == stand)
    sign = -1 if voided else 1
    if by in SALE_KEYS:
        return _sold_by_sale(by, where, per_day, sign)
    base = _lines.join(_sales, _sales.c.id == _lines.c.sale_id)
    key, tables = _key(by, refund_side=False)
    base = _join(base, tables, refund_side=False)
    sales = func.count(func.distinct(_sales.c.id))
    label = func.max(_lines.c.name) if by == "product" else func.max(key)
    day = _sales.c.day if per_day else literal("")
    return (
        select(
            day.label("day"),
            key.label("key"),
            label.label("label"),
            (sign * sales).label("sales"),
            (sign * func.sum(_lines.c.qty)).label("qty"),
            (sign * func.sum(_lines.c.qty * _lines.c.unit_price)).label("gross"),
            (sign * func.sum(_lines.c.discount + _lines.c.sale_discount)).label("discount"),
            literal(0).label("refunds"),
            (sign * func.sum(_lines.c.line_total)).label("net"),
            (sign * func.sum(_lines.c.qty * _unit_cost())).label("cost"),
        )
        .select_from(base)
        .where(and_(*where))
        .group_by(day, key)
    )


def _back(by: str, start: date, end: date, stand: str | None, per_day: bool) -> Select[Any]:
    where = [_refunds.c.kind == "refund", _refunds.c.day >= start, _refunds.c.day <= end]
    if stand is not None:
        where.append(_refunds.c.stand == stand)
    base = (
        _refund_lines.join(_refunds, _refunds.c.id == _refund_lines.c.refund_id)
        .join(_lines, _lines.c.id == _refund_lines.c.sale_line_id)
        .join(_sales, _sales.c.id == _lines.c.sale_id)
    )
    if by == "payment":
        key: ColumnElement[Any] = func.coalesce(_refunds.c.method, NO_NAME)
    else:
        key, tables = _key(by, refund_side=True)
        base = _join(base, tables, refund_side=True)
    label = func.max(_lines.c.name) if by == "product" else func.max(key)
    day = _refunds.c.day if per_day else literal("")
    return (
        select(
            day.label("day"),
            key.label("key"),
            label.label("label"),
            literal(0).label("sales"),
            (-func.sum(_refund_lines.c.qty)).label("qty"),
            literal(0).label("gross"),
            literal(0).label("discount"),
            func.sum(_refund_lines.c.amount).label("refunds"),
            (-func.sum(_refund_lines.c.amount)).label("net"),
            (-func.sum(_refund_lines.c.qty * _unit_cost())).label("cost"),
        )
        .select_from(base)
        .where(and_(*where))
        .group_by(day, key)
    )


def sales_report(
    conn: Connection, start: date, end: date, by: str, stand: str | None = None
) -> list[ReportRow]:
    """Figures per `by` key (one of KEYS) from `start` to `end`, both days included."""
    rows = [row for _day, row in _report(conn, start, end, by, stand, per_day=False)]
    if by in ORDERED_KEYS:
        return sorted(rows, key=lambda r: _order(r.key))
    return sorted(rows, key=lambda r: (-r.net, r.key))


def daily_report(
    conn: Connection, start: date, end: date, by: str, stand: str | None = None
) -> list[tuple[date, ReportRow]]:
    """Figures per day and `by` key (the recap shares each day by the split in force)."""
    rows = _report(conn, start, end, by, stand, per_day=True)
    return sorted(((date.fromisoformat(d), r) for d, r in rows), key=lambda x: (x[0], x[1].key))


def _report(
    conn: Connection, start: date, end: date, by: str, stand: str | None, per_day: bool
) -> list[tuple[str, ReportRow]]:
    if by not in KEYS:
        raise ValueError(by)
    facts = union_all(
        _sold(by, start, end, stand, per_day),
        _sold(by, start, end, stand, per_day, voided=True),
        _back(by, start, end, stand, per_day),
    ).subquery()
    columns = [func.round(func.sum(facts.c[name])) for name in FIELDS if name != "profit"]
    query = select(
        facts.c.day, facts.c.key, func.max(facts.c.label), func.sum(facts.c.sales), *columns
    ).group_by(facts.c.day, facts.c.key)
    rows = [
        (str(day), ReportRow(_text(key), _text(label), int(n or 0), *(int(v or 0) for v in values)))
        for day, key, label, n, *values in conn.execute(query)
    ]
    # A sum without GROUP BY (the channel) answers one row even when nothing was sold.
    return [(d, r) for d, r in rows if r.sales or any(getattr(r, f) for f in FIELDS)]


def _text(value: object) -> str:
    if value is None:
        return NO_NAME
    if isinstance(value, float):
        return str(int(value))
    return str(value)


def _order(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (0, key)


@dataclass(frozen=True)
class StockValue:
    """What the goods on hand are worth, at cost and at the selling price."""

    products: int
    units: int
    at_cost: int
    at_price: int


def stock_value(conn: Connection) -> StockValue:
    """Stock on hand (the ledger's sum, tracked products, only what is above zero) valued."""
    levels = (
        select(_movements.c.product_id, func.sum(_movements.c.qty).label("on_hand"))
        .group_by(_movements.c.product_id)
        .subquery()
    )
    query = (
        select(
            func.count(),
            func.coalesce(func.sum(levels.c.on_hand), 0),
            func.coalesce(func.sum(levels.c.on_hand * _products.c.cost), 0),
            func.coalesce(func.sum(levels.c.on_hand * _products.c.price), 0),
        )
        .select_from(levels.join(_products, _products.c.id == levels.c.product_id))
        .where(levels.c.on_hand > 0, _products.c.track_stock.is_(True))
    )
    count, units, at_cost, at_price = conn.execute(query).one()
    return StockValue(int(count), int(units), int(at_cost), int(at_price))
