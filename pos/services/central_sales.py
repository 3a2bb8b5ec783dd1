"""`pos report sales --central` and `pos recap --central`: the books' sales report
(pos.services.report_query) over the central database's imported documents, for one stand,
a regency's or all of them.

The figures mean what they mean at a stand: a voided sale counts nowhere (also when its void
came with a later day's export), a refund counts on its own day, under its own method and
cashier, its goods under the sold product; by payment method each sale is shared among its
payments in proportion to what each paid. Keys are the stand's, plus `regency`. Imported lines
carry their sale's day, stand, status, category and workshop: most keys read the lines alone.
"""

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, exists, func

from pos.core.payments import BY_ORDER
from pos.db.models_central import (
    CentralPayment,
    CentralRefund,
    CentralRefundLine,
    CentralSale,
    CentralSaleLine,
    CentralStand,
)
from pos.db.sql_core import table
from pos.services import report_query as rq
from pos.services.report_query import NO_NAME, Join, Key, ReportRow
from pos.services.sales_report import KEYS as STAND_KEYS

KEYS = (*STAND_KEYS, "regency")

_sales = table(CentralSale)
_lines = table(CentralSaleLine)
_payments = table(CentralPayment)
_refunds = table(CentralRefund)
_refund_lines = table(CentralRefundLine)
_stands = table(CentralStand)
_orders = _payments.alias("orders")


def _fact_keys(rows: Any, doc: Any, to_doc: Join) -> dict[str, Key]:
    """Keys of imported line rows (sale lines or refund lines) and of their document."""
    # Looked up per row by stand and number (IN (every order's payment) read the region's).
    by_order = exists().where(
        _orders.c.method == BY_ORDER,
        _orders.c.stand == rows.c.stand,
        _orders.c.receipt_no == rows.c.receipt_no,
    )
    return {
        **rq.doc_keys(doc, rows.c.day, rows.c.stand, by_order, (to_doc,)),
        "product": Key(rows.c.sku),
        "category": Key(func.coalesce(rows.c.category, NO_NAME)),
        "workshop": Key(func.coalesce(rows.c.workshop, NO_NAME)),
        "cashier": Key(doc.c.cashier, (to_doc,)),
        "regency": Key(
            func.coalesce(_stands.c.regency, NO_NAME),
            ((_stands, _stands.c.code == rows.c.stand, True),),
        ),
    }


# Receipt numbers begin with their stand's code: unique across stands on their own; the
# stand too lets the join read each document by its unique (stand, number) index.
_to_sale: Join = (
    _sales,
    and_(_sales.c.stand == _lines.c.stand, _sales.c.receipt_no == _lines.c.receipt_no),
    False,
)
_to_refund: Join = (
    _refunds,
    and_(
        _refunds.c.stand == _refund_lines.c.stand,
        _refunds.c.refund_no == _refund_lines.c.refund_no,
    ),
    False,
)
# Each sale's lines added up and shared among its payments in whole rupiah (rq.Share).
_share = rq.Share(_payments, _payments.c.receipt_no, _payments.c.amount, _payments.c.pay_no)
# A sale exported before its void still says completed: its stand's void of its receipt
# number tells. Looked up per line by stand and number: NOT IN (every void) read the region's
# voids for each key of each stand-day the import builds.
_voids = _refunds.alias("voids")
_not_voided_later = ~exists().where(
    _voids.c.kind == "void",
    _voids.c.stand == _lines.c.stand,
    _voids.c.receipt_no == _lines.c.receipt_no,
)

CENTRAL = rq.Source(
    sold=(
        rq.Side(
            base=_lines,
            day=_lines.c.day,
            stand=_lines.c.stand,
            where=(_lines.c.status == "completed", _not_voided_later),
            measures=rq.line_measures(_lines, func.coalesce(_lines.c.unit_cost, 0)),
            sales=_lines.c.receipt_no,
            keys={
                **_fact_keys(_lines, _sales, _to_sale),
                "payment": Key(_payments.c.method, share=_share),
            },
            name=_lines.c.name,
        ),
    ),
    back=rq.Side(
        base=_refund_lines,
        day=_refund_lines.c.day,
        stand=_refund_lines.c.stand,
        where=(_refund_lines.c.kind == "refund",),
        measures=rq.refund_measures(_refund_lines, func.coalesce(_refund_lines.c.unit_cost, 0)),
        sales=None,
        keys={
            **_fact_keys(_refund_lines, _refunds, _to_refund),
            "payment": Key(func.coalesce(_refunds.c.method, NO_NAME), (_to_refund,)),
        },
        name=_refund_lines.c.name,
    ),
    keys=KEYS,
    name="central",
)


def central_sales_report(
    conn: Connection, start: date, end: date, by: str, stands: Collection[str] | None = None
) -> list[ReportRow]:
    """Figures per `by` key (one of KEYS) from `start` to `end` of `stands` (None: all)."""
    rows = rq.report_rows(conn, CENTRAL, (start, end), by, stands)
    return rq.ordered([row for _day, row in rows], by)


def central_daily_report(
    conn: Connection, start: date, end: date, by: str, stands: Collection[str] | None = None
) -> list[tuple[date, ReportRow]]:
    """Figures per day and `by` key of `stands` (None: all), as the stand's daily_report."""
    rows = rq.report_rows(conn, CENTRAL, (start, end), by, stands, per_day=True)
    return sorted(((_day(d), r) for d, r in rows), key=lambda x: (x[0], x[1].key))


def _day(text: str) -> date:
    return date.fromisoformat(text[:10])


__all__ = ["CENTRAL", "KEYS", "central_daily_report", "central_sales_report"]
