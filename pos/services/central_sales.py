"""`pos report sales --central`: the books' sales report (pos.services.sales_report) over the
central database's imported documents, for one stand, a regency's or all of them.

The figures mean what they mean at a stand: a voided sale counts nowhere (also when its void
came with a later day's export), a refund counts on its own day, under its own method and
cashier, its goods under the sold product; by payment method each sale is shared among its
payments in proportion to what each paid. Keys are the stand's, plus `regency`.
"""

from datetime import date
from decimal import Decimal
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

from pos.db.models_central import (
    CentralPayment,
    CentralRefund,
    CentralRefundLine,
    CentralSale,
    CentralSaleLine,
    CentralStand,
)
from pos.db.sql_core import table
from pos.services.sales_report import COUNTER, FIELDS, NO_NAME, ORDERED_KEYS, ReportRow
from pos.services.sales_report import KEYS as STAND_KEYS

KEYS = (*STAND_KEYS, "regency")

_sales = table(CentralSale)
_lines = table(CentralSaleLine)
_payments = table(CentralPayment)
_refunds = table(CentralRefund)
_refund_lines = table(CentralRefundLine)
_stands = table(CentralStand)


def _in_stands(column: Any, stands: list[str] | None) -> list[ColumnElement[bool]]:
    return [] if stands is None else [column.in_(stands)]


def _voided_later() -> Select[Any]:
    """Receipts a void points to (a sale exported before its void still says completed)."""
    return select(_refunds.c.receipt_no).where(_refunds.c.kind == "void")


def _key(by: str, doc: Any, day: Any, stand: Any) -> ColumnElement[Any]:
    """The key column; `doc` is the sale (sold side) or the refund (refund side)."""
    if by == "cashier":
        return doc.c.cashier  # type: ignore[no-any-return]
    if by == "hour":
        return extract("hour", doc.c.created_at)
    if by == "day":
        return cast(day, String)
    if by == "month":
        return func.substr(cast(day, String), 1, 7)
    if by == "channel":
        return literal(COUNTER)
    if by == "stand":
        return stand  # type: ignore[no-any-return]
    if by == "regency":
        return func.coalesce(_stands.c.regency, NO_NAME)
    raise ValueError(by)


def _sold(by: str, start: date, end: date, stands: list[str] | None) -> Select[Any]:
    # Receipt numbers begin with their stand's code: unique across stands on their own.
    where = [
        _lines.c.day >= start,
        _lines.c.day <= end,
        _lines.c.status == "completed",
        _lines.c.receipt_no.not_in(_voided_later()),
        *_in_stands(_lines.c.stand, stands),
    ]
    base: Any = _lines
    weight: ColumnElement[Any] = literal(1)
    if by in ("cashier", "hour", "payment"):
        base = base.join(_sales, _sales.c.receipt_no == _lines.c.receipt_no)
    if by == "payment":
        weight = case(
            (_sales.c.total > 0, _payments.c.amount * 1.0 / _sales.c.total),
            (_payments.c.pay_no == 1, 1.0),
            else_=0.0,
        )
        base = base.join(_payments, _payments.c.receipt_no == _lines.c.receipt_no)
        key: ColumnElement[Any] = _payments.c.method
    elif by == "product":
        key = _lines.c.sku
    elif by in ("category", "workshop"):
        key = func.coalesce(_lines.c[by], NO_NAME)
    else:
        if by == "regency":
            base = base.outerjoin(_stands, _stands.c.code == _lines.c.stand)
        key = _key(by, _sales, _lines.c.day, _lines.c.stand)
    label = func.max(_lines.c.name) if by == "product" else func.max(key)
    return (
        select(
            key.label("key"),
            label.label("label"),
            func.count(func.distinct(_lines.c.receipt_no)).label("sales"),
            func.sum(_lines.c.qty * weight).label("qty"),
            func.sum(_lines.c.qty * _lines.c.unit_price * weight).label("gross"),
            func.sum((_lines.c.discount + _lines.c.sale_discount) * weight).label("discount"),
            literal(0).label("refunds"),
            func.sum(_lines.c.line_total * weight).label("net"),
            func.sum(_lines.c.qty * func.coalesce(_lines.c.unit_cost, 0) * weight).label("cost"),
        )
        .select_from(base)
        .where(and_(*where))
        .group_by(key)
    )


def _back(by: str, start: date, end: date, stands: list[str] | None) -> Select[Any]:
    where = [
        _refund_lines.c.kind == "refund",
        _refund_lines.c.day >= start,
        _refund_lines.c.day <= end,
        *_in_stands(_refund_lines.c.stand, stands),
    ]
    base: Any = _refund_lines
    if by in ("cashier", "hour", "payment"):
        base = base.join(_refunds, _refunds.c.refund_no == _refund_lines.c.refund_no)
    if by == "payment":
        key: ColumnElement[Any] = func.coalesce(_refunds.c.method, NO_NAME)
    elif by == "product":
        key = _refund_lines.c.sku
    elif by in ("category", "workshop"):
        key = func.coalesce(_refund_lines.c[by], NO_NAME)
    else:
        if by == "regency":
            base = base.outerjoin(_stands, _stands.c.code == _refund_lines.c.stand)
        key = _key(by, _refunds, _refund_lines.c.day, _refund_lines.c.stand)
    label = func.max(_refund_lines.c.name) if by == "product" else func.max(key)
    cost = _refund_lines.c.qty * func.coalesce(_refund_lines.c.unit_cost, 0)
    return (
        select(
            key.label("key"),
            label.label("label"),
            literal(0).label("sales"),
            (-func.sum(_refund_lines.c.qty)).label("qty"),
            literal(0).label("gross"),
            literal(0).label("discount"),
            func.sum(_refund_lines.c.amount).label("refunds"),
            (-func.sum(_refund_lines.c.amount)).label("net"),
            (-func.sum(cost)).label("cost"),
        )
        .select_from(base)
        .where(and_(*where))
        .group_by(key)
    )


def central_sales_report(
    conn: Connection, start: date, end: date, by: str, stands: list[str] | None = None
) -> list[ReportRow]:
    """Figures per `by` key (one of KEYS) from `start` to `end` of `stands` (None: all)."""
    if by not in KEYS:
        raise ValueError(by)
    facts = union_all(_sold(by, start, end, stands), _back(by, start, end, stands)).subquery()
    columns = [func.round(func.sum(facts.c[name])) for name in FIELDS if name != "profit"]
    query = select(
        facts.c.key, func.max(facts.c.label), func.sum(facts.c.sales), *columns
    ).group_by(facts.c.key)
    rows = [
        ReportRow(_text(key), _text(label), int(n), *(int(v or 0) for v in values))
        for key, label, n, *values in conn.execute(query)
    ]
    if by in ORDERED_KEYS:
        return sorted(rows, key=lambda r: (int(r.key), "") if r.key.isdigit() else (0, r.key))
    return sorted(rows, key=lambda r: (-r.net, r.key))


def _text(value: object) -> str:
    if value is None:
        return NO_NAME
    if isinstance(value, (float, Decimal)):  # an hour: PostgreSQL's EXTRACT gives numeric
        return str(int(value))
    return str(value)
