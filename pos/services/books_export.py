"""The books in the day's export: every recap (with its shares per workshop), every deposit,
and the PNBP targets. Small tables, written whole each day so the office always has them."""

import json
from typing import Any

from sqlalchemy import Connection, select

from pos.db import models_books as b
from pos.db.sql_core import table

RECAPS_COLUMNS = (
    "recap_no",
    "from",
    "to",
    "created_at",
    "corrects",
    "base",
    "sales_count",
    "net",
    "cost",
    "base_total",
    "shares",
)
RECAP_SHARES_COLUMNS = ("recap_no", "workshop", "share", "amount")
DEPOSITS_COLUMNS = ("recap_no", "billing_code", "ntpn", "bank", "date", "amount")
TARGETS_COLUMNS = ("year", "target", "owed", "deposited")

_recaps = table(b.Recap)
_shares = table(b.RecapShare)
_targets = table(b.PnbpTarget)


def book_tables(conn: Connection) -> list[tuple[str, tuple[str, ...], list[Any]]]:
    """(name, header, rows) of the recaps, their shares, the deposits and the targets."""
    from pos.services.deposits import deposit_rows, target_status

    older = _recaps.alias("older")
    recaps = [
        (
            no,
            str(start),
            str(end),
            str(at)[:19],
            corrects or "",
            base,
            n,
            net,
            cost,
            total,
            json.dumps(json.loads(detail)["shares"], ensure_ascii=False),
        )
        for no, start, end, at, corrects, base, n, net, cost, total, detail in conn.execute(
            select(
                _recaps.c.recap_no,
                _recaps.c.from_day,
                _recaps.c.to_day,
                _recaps.c.created_at,
                older.c.recap_no,
                _recaps.c.base,
                _recaps.c.sales_count,
                _recaps.c.net,
                _recaps.c.cost,
                _recaps.c.base_total,
                _recaps.c.detail,
            )
            .select_from(_recaps.outerjoin(older, older.c.id == _recaps.c.corrects_id))
            .order_by(_recaps.c.id)
        )
    ]
    shares = [
        tuple(r)
        for r in conn.execute(
            select(_recaps.c.recap_no, _shares.c.workshop, _shares.c.share, _shares.c.amount)
            .select_from(_shares.join(_recaps, _recaps.c.id == _shares.c.recap_id))
            .order_by(_shares.c.id)
        )
    ]
    deposits = [
        (d.recap_no, d.billing_code, d.ntpn, d.bank, d.day.isoformat(), d.amount)
        for d in deposit_rows(conn)
    ]
    targets = []
    for (year,) in conn.execute(select(_targets.c.year).order_by(_targets.c.year)):
        status = target_status(conn, int(year))
        targets.append((status.year, status.target, status.owed, status.deposited))
    return [
        ("recaps", RECAPS_COLUMNS, recaps),
        ("recap_shares", RECAP_SHARES_COLUMNS, shares),
        ("deposits", DEPOSITS_COLUMNS, deposits),
        ("pnbp_targets", TARGETS_COLUMNS, targets),
    ]
