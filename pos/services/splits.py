"""Revenue split settings: dated documents; the split in force on a day is the latest dated on
or before it. A split is never changed: a new one from a later date replaces it from then on."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, insert, select

from pos.core.revenue_split import InvalidSplit, Share, check_base, check_name, check_shares
from pos.db import models_books as b
from pos.db.session import Database, write_errors_explained
from pos.db.sql_core import table
from pos.i18n import _
from pos.services import audit, settings
from pos.services.auth import Actor

_splits = table(b.RevenueSplit)
_shares = table(b.RevenueSplitShare)
_recaps = table(b.Recap)


@dataclass(frozen=True)
class Split:
    """A revenue split: from which day, of which base, the shares and where the remainder goes."""

    id: int
    valid_from: date
    base: str
    remainder_to: str
    shares: tuple[Share, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "from": self.valid_from.isoformat(),
            "base": self.base,
            "remainder_to": self.remainder_to,
            "shares": {s.name: s.bp / 100 for s in self.shares},
            "shares_bp": {s.name: s.bp for s in self.shares},
        }

    def describe(self) -> str:
        return ", ".join(f"{s.name} {s.percent_text}" for s in self.shares)


def load_splits(conn: Connection) -> list[Split]:
    """Every split, oldest date first (for one date, the one recorded last wins)."""
    shares: dict[int, list[Share]] = {}
    for split_id, name, bp in conn.execute(
        select(_shares.c.split_id, _shares.c.name, _shares.c.bp).order_by(
            _shares.c.split_id, _shares.c.position
        )
    ):
        shares.setdefault(int(split_id), []).append(Share(str(name), int(bp)))
    rows = conn.execute(
        select(_splits.c.id, _splits.c.valid_from, _splits.c.base, _splits.c.remainder_to).order_by(
            _splits.c.valid_from, _splits.c.id
        )
    )
    return [
        Split(int(i), _as_date(d), str(base), str(rest), tuple(shares.get(int(i), [])))
        for i, d, base, rest in rows
    ]


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def split_on(splits: list[Split], day: date) -> Split | None:
    """The split in force on `day` (splits as load_splits orders them)."""
    found = None
    for split in splits:
        if split.valid_from > day:
            break
        found = split
    return found


def list_splits(db: Database, actor: Actor) -> list[Split]:
    actor.require("view_reports")
    with db.engine.connect() as conn:
        return load_splits(conn)


def set_split(
    db: Database,
    actor: Actor,
    valid_from: date,
    base: str,
    shares: list[Share],
    remainder_to: str | None = None,
) -> Split:
    """Record a split applying from `valid_from` on. The rupiah left over by rounding go to
    `remainder_to` (default: the first share). Refused when a recap covers that day or later."""
    actor.require("manage_books")
    remainder = check_split(valid_from, base, shares, remainder_to)
    with write_errors_explained(), db.Session.begin() as session:
        now = settings.local_now(session)
        last = session.execute(select(func.max(_recaps.c.to_day))).scalar()
        if last is not None and valid_from <= _as_date(last):
            raise InvalidSplit(
                _(
                    "A recap already covers the days up to {day}: a new split can apply from "
                    "{next} on, never to days already recapped."
                ).format(day=_as_date(last).isoformat(), next=_next_day(_as_date(last)))
            )
        draft = Split(0, valid_from, base, remainder, tuple(shares))
        split = insert_split(session.connection(), draft, now, actor.id)
        audit.record(session, actor.id, "split_set", split.to_json(), now)
    return split


def check_split(valid_from: date, base: str, shares: list[Share], remainder_to: str | None) -> str:
    """A split's date, base and shares checked; the share taking the remainder, as named."""
    check_base(base)
    remainder = check_name(remainder_to) if remainder_to else shares[0].name if shares else ""
    check_shares(shares, remainder)
    remainder = next(s.name for s in shares if s.name.casefold() == remainder.casefold())
    if not date(2000, 1, 1) <= valid_from <= date(2100, 12, 31):
        raise InvalidSplit(_("A split's date must be between 2000 and 2100."))
    return remainder


def insert_split(conn: Connection, draft: Split, now: datetime, user_id: int | None) -> Split:
    """Write a checked split (its id not yet known) and its shares, in the caller's
    transaction; the split as written."""
    row = {"valid_from": draft.valid_from, "base": draft.base, "remainder_to": draft.remainder_to}
    split_id = conn.execute(
        insert(_splits).values(**row, created_at=now, user_id=user_id)
    ).inserted_primary_key[0]  # type: ignore[index]
    conn.execute(
        insert(_shares),
        [
            {"split_id": split_id, "position": n, "name": s.name, "bp": s.bp}
            for n, s in enumerate(draft.shares, 1)
        ],
    )
    return Split(int(split_id), draft.valid_from, draft.base, draft.remainder_to, draft.shares)


def _next_day(day: date) -> str:
    return (day + timedelta(days=1)).isoformat()
