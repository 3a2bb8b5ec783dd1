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

from sqlalchemy import select

from pos.core.errors import NotFound
from pos.core.revenue_split import Share
from pos.db.models_central import CentralDay
from pos.i18n import _
from pos.services.central_db import CentralDb
from pos.services.central_sales import CENTRAL
from pos.services.recaps import MAX_DAYS, RecapProblem, compute
from pos.services.splits import Split, check_split, insert_split, load_splits

FIGURES = ("sales_count", "gross", "discount", "refunds", "net", "cost", "profit", "base_total")


def set_central_split(
    central: CentralDb, valid_from: date, base: str, shares: list[Share], remainder: str | None
) -> Split:
    """Record the office's split applying from `valid_from` on (checked as at a stand)."""
    rest = check_split(valid_from, base, shares, remainder)
    with central.writing() as conn:
        draft = Split(0, valid_from, base, rest, tuple(shares))
        return insert_split(conn, draft, datetime.now(), None)


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
        each = {code: compute(conn, start, end, code, source=CENTRAL) for code in stands}
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
