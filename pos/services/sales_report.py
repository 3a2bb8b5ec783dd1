"""Sales reports over a period, by one breakdown key, net of voids and refunds.

Written with SQLAlchemy Core (no ORM objects) over a Connection, so the same functions run on
SQLite at the stand and on PostgreSQL at the regional office; `stand` narrows to one stand.

Figures of a row: `qty` sold minus returned, `gross` (price x qty as charged), `discount`
(line and sale discounts), `refunds` (money given back), `net` = gross - discount - refunds,
`cost` (the unit cost stored on each sale line, minus that of units returned) and `profit` =
net - cost. A voided sale counts nowhere. A refund counts on its own day, under its own method
and cashier (as in the day report and the Z report); its goods under the sold line's product.
By payment method, each sale's figures are shared among its payments in proportion to what
each paid, in whole rupiah, the largest remainders first (report_query.Share: the net of a
method is exactly what it took in); a refund goes to its own method.
Keys a whole sale belongs to (day, hour, cashier, payment...) read each sale's own sums of its
lines (kept by a trigger, migration 0008); product, category and workshop read the lines.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, select

from pos.core.payments import BY_ORDER
from pos.core.report_keys import KEYS
from pos.db import models as m
from pos.db.sql_core import table
from pos.services.report_query import (
    COUNTER,
    FIELDS,
    NO_NAME,
    ORDERED_KEYS,
    Key,
    ReportRow,
    Share,
    Side,
    Source,
    doc_keys,
    line_measures,
    ordered,
    refund_measures,
    report_rows,
    total_row,
)
from pos.services.report_top import top_rows

__all__ = [
    "COUNTER", "FIELDS", "KEYS", "NO_NAME", "ORDERED_KEYS", "STAND", "ReportRow",
    "daily_report", "sales_report", "stock_value", "top_report", "total_row",
]  # fmt: skip


_sales = table(m.Sale)
_lines = table(m.SaleLine)
_payments = table(m.Payment)
_refunds = table(m.Refund)
_refund_lines = table(m.RefundLine)
_products = table(m.Product)
_categories = table(m.Category)
_workshops = table(m.Workshop)
_users = table(m.User)


def _unit_cost() -> ColumnElement[Any]:
    # Lines from before the cost was stored were filled in by migration 0007; a line some
    # other code writes without it falls back on the catalog cost.
    catalog_products = _products.alias("catalog")
    catalog = select(catalog_products.c.cost).where(catalog_products.c.id == _lines.c.product_id)
    return func.coalesce(_lines.c.unit_cost, catalog.scalar_subquery())


def _goods_keys() -> dict[str, Key]:
    """Keys of the goods on a line: its product, the product's category, the line's workshop
    (the one recorded at sale time; the catalog's for a line without)."""
    product = (_products, _products.c.id == _lines.c.product_id, False)
    made_by = func.coalesce(_lines.c.workshop_id, _products.c.workshop_id)
    return {
        "product": Key(_lines.c.sku),
        "category": Key(
            func.coalesce(_categories.c.name, NO_NAME),
            (product, (_categories, _categories.c.id == _products.c.category_id, True)),
        ),
        "workshop": Key(
            func.coalesce(_workshops.c.name, NO_NAME),
            (product, (_workshops, _workshops.c.id == made_by, True)),
        ),
    }


def _payment_key() -> Key:
    # Each payment takes its part of the sale in whole rupiah (report_query.Share).
    share = Share(_payments, _payments.c.sale_id, _payments.c.amount, _payments.c.id)
    return Key(_payments.c.method, share=share)


def _cashier(doc: Any) -> Key:
    return Key(_users.c.name, ((_users, _users.c.id == doc.c.user_id, False),))


# A pickup's sale is paid by its order (its one payment has the method BY_ORDER).
_by_order = _sales.c.id.in_(select(_payments.c.sale_id).where(_payments.c.method == BY_ORDER))
# Voided sales are added up a second time and taken off: testing each of 100k sales against
# the voids cost more than adding up the few voided sales again (a void is a whole sale).
_voided = _sales.c.id.in_(select(_refunds.c.sale_id).where(_refunds.c.kind == "void"))

STAND = Source(
    sold=(
        # Keys a whole sale belongs to read the sales' own sums (migration 0008 keeps them).
        Side(
            base=_sales,
            day=_sales.c.day,
            stand=_sales.c.stand,
            where=(),
            measures={
                "qty": _sales.c.qty,
                "gross": _sales.c.gross,
                "discount": _sales.c.gross - _sales.c.total,
                "net": _sales.c.total,
                "cost": _sales.c.cost,
            },
            sales=_sales.c.id,
            keys={
                **doc_keys(_sales, _sales.c.day, _sales.c.stand, _by_order),
                "payment": _payment_key(),
                "cashier": _cashier(_sales),
            },
            voided=_voided,
            one_row_per_sale=True,
        ),
        Side(
            base=_lines.join(_sales, _sales.c.id == _lines.c.sale_id),
            day=_sales.c.day,
            stand=_sales.c.stand,
            where=(),
            measures=line_measures(_lines, _unit_cost()),
            sales=_sales.c.id,
            keys=_goods_keys(),
            name=_lines.c.name,
            voided=_voided,
        ),
    ),
    back=Side(
        base=_refund_lines.join(_refunds, _refunds.c.id == _refund_lines.c.refund_id)
        .join(_lines, _lines.c.id == _refund_lines.c.sale_line_id)
        .join(_sales, _sales.c.id == _lines.c.sale_id),
        day=_refunds.c.day,
        stand=_refunds.c.stand,
        where=(_refunds.c.kind == "refund",),
        measures=refund_measures(_refund_lines, _unit_cost()),
        sales=None,
        keys={
            **doc_keys(_refunds, _refunds.c.day, _refunds.c.stand, _by_order),
            **_goods_keys(),
            "payment": Key(func.coalesce(_refunds.c.method, NO_NAME)),
            "cashier": _cashier(_refunds),
        },
        name=_lines.c.name,
    ),
    keys=KEYS,
    name="stand",
)


def sales_report(
    conn: Connection, start: date, end: date, by: str, stand: str | None = None
) -> list[ReportRow]:
    """Figures per `by` key (one of KEYS) from `start` to `end`, both days included."""
    stands = None if stand is None else [stand]
    rows = report_rows(conn, STAND, (start, end), by, stands)
    return ordered([row for _day, row in rows], by)


def top_report(
    conn: Connection, start: date, end: date, by: str, top: int, stand: str | None = None
) -> tuple[list[ReportRow], ReportRow | None]:
    """The `top` rows of sales_report by net and the others added up (report_query.top_rows)."""
    stands = None if stand is None else [stand]
    return top_rows(conn, STAND, (start, end), by, stands, top)


def daily_report(
    conn: Connection, start: date, end: date, by: str, stand: str | None = None
) -> list[tuple[date, ReportRow]]:
    """Figures per day and `by` key (the recap shares each day by the split in force)."""
    stands = None if stand is None else [stand]
    rows = report_rows(conn, STAND, (start, end), by, stands, per_day=True)
    return sorted(((date.fromisoformat(d), r) for d, r in rows), key=lambda x: (x[0], x[1].key))


@dataclass(frozen=True)
class StockValue:
    """What the goods on hand are worth, at cost and at the selling price."""

    products: int
    units: int
    at_cost: int
    at_price: int


def stock_value(conn: Connection) -> StockValue:
    """Stock on hand (the ledger's sum, tracked products, only what is above zero) valued."""
    on_hand = _products.c.on_hand  # the ledger's sum, kept per product (migration stock_on_hand)
    query = select(
        func.count(),
        func.coalesce(func.sum(on_hand), 0),
        func.coalesce(func.sum(on_hand * _products.c.cost), 0),
        func.coalesce(func.sum(on_hand * _products.c.price), 0),
    ).where(on_hand > 0, _products.c.track_stock.is_(True))
    count, units, at_cost, at_price = conn.execute(query).one()
    return StockValue(int(count), int(units), int(at_cost), int(at_price))
