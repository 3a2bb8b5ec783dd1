"""The books across stands: `pos split set|list --central` and `pos recap new|list|show --central`.

The regional office keeps its own revenue splits in the central database (the same tables as a
stand's, from the same migrations). A central recap is each stand's recap worked out from its
imported documents by the split in force on each day (pos.services.recaps.compute, the same
code a stand runs), then added up: so its figures and shares are the sum of the stands' own
recaps for the period, to the rupiah (each stand's rounding remainder stays with its stand).
`recap show --from --to` shows it; `recap new` freezes it as a document of the central
database, numbered `KANWIL-K<YYYY>-NNNN`, made by a named person of the office, its scope (all
stands, one stand or a regency) kept with it, and written to the central audit log.
"""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, text

from pos.core.errors import NotFound
from pos.core.revenue_split import Share
from pos.db.models import AuditEntry
from pos.db.models_central import CentralDay
from pos.db.sql import sql_datetime
from pos.db.sql_core import table
from pos.i18n import _
from pos.services import audit
from pos.services.central_costs import unknown_costs
from pos.services.central_db import CentralDb
from pos.services.central_sales import CENTRAL
from pos.services.recaps import (
    Author,
    RecapDoc,
    RecapProblem,
    audit_detail,
    check_period,
    compute,
    find_in,
    freeze,
    recap_docs,
)
from pos.services.splits import Split, check_split, insert_split, load_splits

OFFICE = "KANWIL"  # the prefix of the office's recap numbers (Kantor Wilayah)
RECAP_LOCK = 1634754908  # the advisory lock numbering takes (the migrations' is ...907)
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
    check_period(start, end, date.max)  # shown, not kept: days to come may be asked for
    with central.reading() as conn:
        return _recap_data(conn, start, end, stands)


def _recap_data(
    conn: Connection, start: date, end: date, stands: list[str] | None
) -> dict[str, Any]:
    if stands is None:
        query = select(CentralDay.stand).where(CentralDay.day.between(start, end))
        stands = sorted({str(s) for s in conn.scalars(query.distinct())})
    if not load_splits(conn):
        raise NotFound(
            _("The central database has no revenue split yet: set one with pos split set "
              "--central URL.")
        )  # fmt: skip
    each = {code: compute(conn, start, end, code, source=CENTRAL) for code in stands}
    data = _added_up(start, end, each)
    # Profit counts no cost for lines imported without one: say how much revenue that is.
    unknown = unknown_costs(conn, start, end, "stand", stands) if stands else {}
    for stand in data["stands"]:
        stand["unknown_cost_net"] = unknown[stand["code"]].net if stand["code"] in unknown else 0
    data["unknown_cost_net"] = sum(stand["unknown_cost_net"] for stand in data["stands"])
    return data


def create_central_recap(
    central: CentralDb,
    made_by: str,
    start: date,
    end: date,
    stands: list[str] | None = None,
    scope: str = "",
) -> RecapDoc:
    """Freeze the recap of `stands` over `start`..`end` as a numbered document of the central
    database, made by `made_by` (a person of the office); `scope` says which stands it
    covers ("" all, "stand:CODE", "regency:NAME"): a recap of the same period and scope made
    earlier is the one it corrects. One transaction."""
    who = office_person(made_by)
    now = datetime.now().replace(microsecond=0)
    check_period(start, end, now.date())
    with central.writing() as conn:
        if central.is_server:  # office users numbering at once take turns
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": RECAP_LOCK})
        data = {**_recap_data(conn, start, end, stands), "scope": scope}
        recap_no, corrects = freeze(conn, OFFICE, now, data, Author(None, who))
        detail = {**audit_detail(recap_no, data), "scope": scope, "made_by": who}
        _audit(conn, "central_recap", detail, now)
    return RecapDoc(recap_no, now, who, corrects, data)


def central_recaps(central: CentralDb) -> list[RecapDoc]:
    """The central database's recaps, oldest first."""
    with central.reading() as conn:
        return recap_docs(conn)


def find_central_recap(central: CentralDb, recap_no: str) -> RecapDoc:
    """One recap of the central database by its number."""
    with central.reading() as conn:
        return find_in(conn, recap_no)


def office_person(name: str) -> str:
    """The name of who makes a recap at the office: 1-80 printable characters, no formula."""
    name = " ".join(name.split())
    if not name or len(name) > 80 or not name.isprintable() or name[0] in "=+-@":
        raise RecapProblem(
            _("Say who makes the recap (--made-by NAME): a name of 1 to 80 characters, "
              "not starting with = + - @.")
        )  # fmt: skip
    return name


def _audit(conn: Connection, action: str, detail: dict[str, Any], at: datetime) -> None:
    """Append to the central database's hash chain (the stand's rule, in SQLAlchemy Core)."""
    log = table(AuditEntry)
    last = select(log.c.hash).order_by(log.c.id.desc()).limit(1)
    prev = conn.execute(last).scalar() or audit.GENESIS
    text_ = audit.detail_text(detail)
    digest = audit.digest_v2(prev, sql_datetime(at), None, action, text_)
    conn.execute(
        insert(log).values(
            at=at, user_id=None, action=action, detail=text_, prev_hash=prev, hash=digest
        )
    )


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


__all__ = [
    "central_recap", "central_recaps", "central_splits", "create_central_recap",
    "find_central_recap", "set_central_split",
]  # fmt: skip
