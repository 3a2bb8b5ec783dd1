"""Recaps: a period's sales, cost, profit and each share of the split in force on each sale's
day, per workshop; numbered `<STAND>-K<YYYY>-NNNN`, and frozen once made.

A day's figures are shared by the split in force that day. Within a recap, the base of each
workshop is added up over the days of one split and divided once (pos.core.revenue_split: the
rupiah left over go to the split's named remainder share), so each workshop's shares add up
to its base and the recap's shares to the recap's base, exactly. The `sales` base is net
sales (after discounts and refunds: money that came in), `profit` is net sales minus cost.
A correction is a new recap of the same period that refers to the one it corrects.
"""

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select

from pos.core.errors import NotFound, PosError
from pos.core.revenue_split import allocate
from pos.db import models_books as b
from pos.db.session import Database, write_errors_explained
from pos.db.sql_core import table
from pos.i18n import _
from pos.services import audit, numbering, settings
from pos.services.report_query import ReportRow, Source, report_rows, total_row
from pos.services.sales_report import STAND
from pos.services.splits import Split, load_splits, split_on

_recaps = table(b.Recap)
_recap_shares = table(b.RecapShare)
MAX_DAYS = 366 * 5


class RecapProblem(PosError):
    """A recap that cannot be made: a bad period, or days with sales but no split in force."""


@dataclass
class WorkshopFigures:
    """One workshop's figures and shares over the period."""

    name: str
    sales_count: int = 0
    gross: int = 0
    discount: int = 0
    refunds: int = 0
    net: int = 0
    cost: int = 0
    base_total: int = 0
    shares: dict[str, int] = field(default_factory=dict)

    def add(self, row: ReportRow) -> None:
        self.sales_count += row.sales
        self.gross += row.gross
        self.discount += row.discount
        self.refunds += row.refunds
        self.net += row.net
        self.cost += row.cost

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "profit": self.net - self.cost}


def compute(
    conn: Connection, start: date, end: date, *of: str, source: Source = STAND
) -> dict[str, Any]:
    """The recap of `start`..`end` as JSON-ready data (what a recap freezes); `source` and
    `of`: the central database's documents of those stands (pos.services.central_books)."""
    splits = load_splits(conn)
    stands = list(of) or None
    period = (start, end)
    days = report_rows(conn, source, period, "workshop", stands, per_day=True)
    daily = sorted(((date.fromisoformat(d[:10]), r) for d, r in days), key=lambda x: x[0])
    shops: dict[str, WorkshopFigures] = {}
    bases: dict[tuple[int, str], int] = {}  # (split id, workshop) -> base over its days
    used: dict[int, Split] = {}
    for day, row in daily:
        shop = shops.setdefault(row.key, WorkshopFigures(row.key))
        shop.add(row)
        split = split_on(splits, day)
        if split is None:
            raise RecapProblem(
                _(
                    "No revenue split is in force on {day}; set one from that day or earlier."
                ).format(day=day.isoformat())
            )
        used[split.id] = split
        amount = row.net if split.base == "sales" else row.profit
        bases[(split.id, row.key)] = bases.get((split.id, row.key), 0) + amount
    if not used:
        last = split_on(splits, end)
        if last is None:
            raise RecapProblem(_("Set a revenue split first (pos split set)."))
        used[last.id] = last
    for (split_id, name), base in bases.items():
        split = used[split_id]
        shop = shops[name]
        shop.base_total += base
        for share, amount in allocate(base, list(split.shares), split.remainder_to).items():
            shop.shares[share] = shop.shares.get(share, 0) + amount
    names = [s.name for split in used.values() for s in split.shares]
    share_names = list(dict.fromkeys(names))
    for shop in shops.values():
        shop.shares = {n: shop.shares.get(n, 0) for n in share_names}
    workshops = sorted(shops.values(), key=lambda s: (s.name == "", s.name.casefold()))
    overall = total_row([r for _d, r in report_rows(conn, source, period, "day", stands)])
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "base": "+".join(dict.fromkeys(split.base for split in used.values())),
        "empty": not shops,
        "sales_count": overall.sales,
        "gross": overall.gross,
        "discount": overall.discount,
        "refunds": overall.refunds,
        "net": overall.net,
        "cost": overall.cost,
        "profit": overall.profit,
        "base_total": sum(s.base_total for s in workshops),
        "shares": {n: sum(s.shares[n] for s in workshops) for n in share_names},
        "workshops": [s.to_json() for s in workshops],
        "splits": [split.to_json() for split in used.values()],
    }


@dataclass(frozen=True)
class RecapDoc:
    """A recap as it was frozen: its number, when and by whom, what it corrects, its data."""

    recap_no: str
    created_at: datetime
    made_by: str
    corrects: str | None
    data: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "recap_no": self.recap_no,
            "created_at": self.created_at.isoformat(sep=" ", timespec="seconds"),
            "made_by": self.made_by,
            "corrects": self.corrects,
            **self.data,
        }


def check_period(start: date, end: date, today: date) -> None:
    """Refuse a recap's period that ends before it starts, is over five years or not over."""
    if end < start:
        raise RecapProblem(_("The period ends before it starts."))
    if (end - start).days >= MAX_DAYS:
        raise RecapProblem(_("A recap covers at most five years."))
    if end > today:
        raise RecapProblem(_("A recap cannot cover days still to come."))


@dataclass(frozen=True)
class Author:
    """Who makes a recap: a user of the database, or a named person of the office (no user)."""

    user_id: int | None
    name: str | None = None


def freeze(
    conn: Connection, code: str, now: datetime, data: dict[str, Any], by: Author
) -> tuple[str, str | None]:
    """Number and store a recap of `data` (compute's, with an optional `scope`) in the
    caller's transaction: `<code>-K<YYYY>-NNNN`; it corrects the last recap of the same
    period and scope. Returns its number and the number of the one it corrects."""
    start, end = date.fromisoformat(data["from"]), date.fromisoformat(data["to"])
    earlier = conn.execute(
        select(_recaps.c.id, _recaps.c.recap_no, _recaps.c.detail)
        .where(_recaps.c.from_day == start, _recaps.c.to_day == end)
        .order_by(_recaps.c.id.desc())
    ).all()
    scope = data.get("scope")
    corrects = next((r for r in earlier if json.loads(r[2]).get("scope") == scope), None)
    prefix = f"{code}-K{now.year}-"
    last = select(func.coalesce(func.max(_recaps.c.seq), 0))
    used = int(conn.execute(last.where(_recaps.c.recap_no.like(prefix + "%"))).scalar_one())
    seq = 1 + max(used, numbering.floor_of(conn, "K", code, str(now.year)))
    recap_no = f"{prefix}{seq:04d}"
    figures = ("base", "sales_count", "gross", "discount", "refunds", "net", "cost", "base_total")
    row = {
        "recap_no": recap_no, "stand": code, "seq": seq, "from_day": start, "to_day": end,
        "created_at": now, "user_id": by.user_id, "made_by": by.name,
        "corrects_id": corrects[0] if corrects else None,
        "detail": json.dumps(data, ensure_ascii=False, sort_keys=True),
    }  # fmt: skip
    inserted = conn.execute(insert(_recaps).values(**row, **{f: data[f] for f in figures}))
    recap_id = inserted.inserted_primary_key[0]  # type: ignore[index]
    share_rows = [
        {"recap_id": recap_id, "workshop": w["name"], "share": name, "amount": amount}
        for w in data["workshops"]
        for name, amount in w["shares"].items()
    ]
    if share_rows:
        conn.execute(insert(_recap_shares), share_rows)
    return recap_no, corrects[1] if corrects else None


def audit_detail(recap_no: str, data: dict[str, Any]) -> dict[str, Any]:
    """What the audit log keeps of a recap."""
    keys = ("from", "to", "base_total", "shares")
    return {"recap_no": recap_no, **{k: data[k] for k in keys}}


def create_recap(db: Database, actor: Any, start: date, end: date) -> RecapDoc:
    """Compute and freeze the recap of `start`..`end`: one transaction, one number."""
    actor.require("manage_books")
    with write_errors_explained(), db.Session.begin() as session:
        now = settings.local_now(session)
        stand = settings.read_in(session, settings.STAND_CODE)
        check_period(start, end, now.date())
        conn = session.connection()
        data = compute(conn, start, end)
        recap_no, corrects = freeze(conn, stand, now, data, Author(actor.id))
        audit.record(session, actor.id, "recap", audit_detail(recap_no, data), now)
    return RecapDoc(recap_no, now, actor.name, corrects, data)


def recap_docs(conn: Connection, where: Any = None) -> list[RecapDoc]:
    """The recaps of the database on `conn` (those `where` says), oldest first."""
    from pos.db.models import User

    users = User.__table__
    older = _recaps.alias("older")
    query = (
        select(
            _recaps.c.recap_no,
            _recaps.c.created_at,
            func.coalesce(users.c.name, _recaps.c.made_by, ""),
            older.c.recap_no,
            _recaps.c.detail,
        )
        .select_from(
            _recaps.outerjoin(users, users.c.id == _recaps.c.user_id).outerjoin(
                older, older.c.id == _recaps.c.corrects_id
            )
        )
        .order_by(_recaps.c.id)
    )
    if where is not None:
        query = query.where(where)
    return [
        RecapDoc(str(no), at, str(who), None if old is None else str(old), json.loads(detail))
        for no, at, who, old, detail in conn.execute(query)
    ]


def list_recaps(db: Database, actor: Any) -> list[RecapDoc]:
    actor.require("view_reports")
    with db.engine.connect() as conn:
        return recap_docs(conn)


def find_in(conn: Connection, recap_no: str) -> RecapDoc:
    """The recap numbered `recap_no` (any case) of the database on `conn`."""
    wanted = recap_no.strip().upper()[:40]
    found = recap_docs(conn, func.upper(_recaps.c.recap_no) == wanted)
    if not found:
        raise NotFound(_("No recap numbered {no}.").format(no=wanted))
    return found[0]


def find_recap(db: Database, actor: Any, recap_no: str) -> RecapDoc:
    actor.require("view_reports")
    with db.engine.connect() as conn:
        return find_in(conn, recap_no)


def preview(db: Database, actor: Any, start: date, end: date) -> dict[str, Any]:
    """What a recap of the period would say now, without numbering or keeping it."""
    actor.require("view_reports")
    check_period(start, end, settings.stand_now(db).date())
    with db.engine.connect() as conn:
        return compute(conn, start, end)
