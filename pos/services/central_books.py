"""The books across stands: `pos split set|list --central` and `pos recap show --central`.

The regional office keeps its own revenue splits in the central database (the same tables as a
stand's, from the same migrations). A central recap is each stand's recap worked out from its
imported documents by the split in force on each day (pos.services.recaps.compute, the same
code a stand runs), then added up: so its figures and shares are the sum of the stands' own
recaps for the period, to the rupiah (each stand's rounding remainder stays with its stand).
It is not numbered or frozen here: a stand's recap is the document; the office's is a report.
"""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select

from pos.core.errors import NotFound, PosError
from pos.core.revenue_split import Share, check_base, check_name, check_shares
from pos.db import models_books as b
from pos.db.models_central import CentralDay
from pos.db.sql_core import table
from pos.i18n import _
from pos.services.central_db import CentralDb
from pos.services.central_sales import CENTRAL
from pos.services.recaps import MAX_DAYS, RecapProblem, compute
from pos.services.splits import Split, load_splits

_splits = table(b.RevenueSplit)
_shares = table(b.RevenueSplitShare)
FIGURES = ("sales_count", "gross", "discount", "refunds", "net", "cost", "profit", "base_total")


def set_central_split(
    central: CentralDb, valid_from: date, base: str, shares: list[Share], remainder: str | None
) -> Split:
    """Record the office's split applying from `valid_from` on (checked as at a stand)."""
    check_base(base)
    rest = check_name(remainder) if remainder else shares[0].name if shares else ""
    check_shares(shares, rest)
    rest = next(s.name for s in shares if s.name.casefold() == rest.casefold())
    if not date(2000, 1, 1) <= valid_from <= date(2100, 12, 31):
        raise PosError(_("A split's date must be between 2000 and 2100."))
    with central.writing() as conn:
        row = {"valid_from": valid_from, "base": base, "remainder_to": rest}
        split_id = conn.execute(
            insert(_splits).values(**row, created_at=datetime.now(), user_id=None)
        ).inserted_primary_key[0]  # type: ignore[index]
        conn.execute(
            insert(_shares),
            [
                {"split_id": split_id, "position": n, "name": s.name, "bp": s.bp}
                for n, s in enumerate(shares, 1)
            ],
        )
    return Split(int(split_id), valid_from, base, rest, tuple(shares))


def central_splits(central: CentralDb) -> list[Split]:
    """The office's splits, oldest first."""
    with central.reading() as conn:
        return load_splits(conn)


def central_recap(
    central: CentralDb, start: date, end: date, stands: list[str] | None = None
) -> dict[str, Any]:
    """The recap of `stands` (None: every stand with days imported) over `start`..`end`:
    the stands' recaps added up, with each stand's base and shares under `stands`."""
    if end < start:
        raise RecapProblem(_("The period ends before it starts."))
    if (end - start).days >= MAX_DAYS:
        raise RecapProblem(_("A recap covers at most five years."))
    with central.reading() as conn:
        if stands is None:
            query = select(CentralDay.stand).where(CentralDay.day.between(start, end))
            stands = sorted({str(s) for s in conn.scalars(query.distinct())})
        if not load_splits(conn):
            raise NotFound(
                _("The central database has no revenue split yet: set one with pos split set "
                  "--central URL.")
            )  # fmt: skip
        each = {code: compute(conn, start, end, code, CENTRAL) for code in stands}
    return _added_up(start, end, each)


def _added_up(start: date, end: date, each: dict[str, dict[str, Any]]) -> dict[str, Any]:
    share_names = list(dict.fromkeys(n for d in each.values() for n in d["shares"]))
    total = _sum(each.values(), share_names)
    shops: dict[str, list[dict[str, Any]]] = {}
    for data in each.values():
        for shop in data["workshops"]:
            shops.setdefault(shop["name"], []).append(shop)
    workshops = [
        {"name": name, **_sum(rows, share_names)}
        for name, rows in sorted(shops.items(), key=lambda x: (x[0] == "", x[0].casefold()))
    ]
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "base": "+".join(dict.fromkeys(p for d in each.values() for p in d["base"].split("+"))),
        "empty": all(d["empty"] for d in each.values()),
        **total,
        "workshops": workshops,
        "stands": [
            {"code": code, "base_total": d["base_total"], "shares": d["shares"]}
            for code, d in each.items()
        ],
        "splits": list({json_key(s): s for d in each.values() for s in d["splits"]}.values()),
    }


def _sum(parts: Iterable[dict[str, Any]], share_names: list[str]) -> dict[str, Any]:
    rows = list(parts)
    sums: dict[str, Any] = {f: sum(int(r.get(f, 0)) for r in rows) for f in FIGURES}
    sums["shares"] = {n: sum(int(r["shares"].get(n, 0)) for r in rows) for n in share_names}
    return sums


def json_key(split: dict[str, Any]) -> str:
    """A split's identity in a recap's data (its id and date)."""
    return f"{split['id']}:{split['from']}"


__all__ = ["central_recap", "central_splits", "set_central_split"]
