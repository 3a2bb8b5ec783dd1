"""Revenue across stands whose cost is not known: lines imported from exports made before sale
lines carried their cost (unit_cost NULL, never 0).

The books' report counts no cost for them, so its profit for a key that has any is only an
upper bound: the report says so, with what of the key's figures came from such lines. They are
found by the books' one report query (pos.services.report_query) over the imported lines
narrowed to those without a cost, through a partial index that is empty while every cost is
known (migration 0017).
"""

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Connection

from pos.db.models_central import CentralRefundLine, CentralSaleLine
from pos.db.sql_core import table
from pos.services import report_query as rq
from pos.services.central_sales import CENTRAL
from pos.services.report_query import ReportRow, Side

_lines = table(CentralSaleLine)
_refund_lines = table(CentralRefundLine)


def _without_cost(side: Side, lines: Any) -> Side:
    if side.base is not lines:  # the lines are the only rows that carry a cost
        raise ValueError(side.base)
    return replace(side, where=(*side.where, lines.c.unit_cost.is_(None)))


def _source() -> rq.Source:
    sold = next(s for s in CENTRAL.sold if s.base is _lines)
    return rq.Source(
        sold=(_without_cost(sold, _lines),),
        back=_without_cost(CENTRAL.back, _refund_lines),
        keys=CENTRAL.keys,
    )


@dataclass(frozen=True)
class UnknownCost:
    """What of a key's figures came from lines whose cost is not known."""

    sales: int
    qty: int
    net: int

    def to_json(self) -> dict[str, int]:
        return {"unknown_cost_sales": self.sales, "unknown_cost_qty": self.qty,
                "unknown_cost_net": self.net}  # fmt: skip


def unknown_costs(
    conn: Connection, start: date, end: date, by: str, stands: Collection[str] | None = None
) -> dict[str, UnknownCost]:
    """Per `by` key (as the books' report keys its rows), the figures of lines without a known
    cost from `start` to `end` of `stands` (None: all); keys with none are left out."""
    rows = rq.report_rows(conn, _source(), (start, end), by, stands)
    return {row.key: UnknownCost(row.sales, row.qty, row.net) for _day, row in rows}


def row_json(row: ReportRow, unknown: UnknownCost | None) -> dict[str, Any]:
    """A report row as JSON, saying what of it has no known cost: then its profit is unknown
    (null), and `profit_at_most` is what it would be if those lines cost nothing."""
    data = row.to_json()
    if unknown is None:
        return {**data, "unknown_cost_sales": 0, "unknown_cost_qty": 0, "unknown_cost_net": 0}
    return {**data, **unknown.to_json(), "profit": None, "profit_at_most": row.profit}


def added_up(parts: Collection[UnknownCost]) -> UnknownCost | None:
    """The unknown costs of several keys together (None when there are none)."""
    if not parts:
        return None
    return UnknownCost(*(sum(getattr(p, f) for p in parts) for f in ("sales", "qty", "net")))


__all__ = ["UnknownCost", "added_up", "row_json", "unknown_costs"]
