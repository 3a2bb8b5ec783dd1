"""PNBP deposits against recaps, and the yearly PNBP target with its realisation.

What a recap owes the treasury is its share named PNBP (any case). A recap corrected by a
later one owes nothing more itself: the correction says what is owed for that period.
"""

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Table, delete, extract, func, insert, select

from pos.core.errors import NotFound
from pos.core.money import format_rupiah
from pos.core.text import has_control_chars, looks_like_formula
from pos.core.treasury import InvalidDeposit, billing_code, ntpn
from pos.db import models_books as b
from pos.db.session import Database, write_errors_explained
from pos.db.sql_core import table
from pos.i18n import _
from pos.services import audit, settings

PNBP = "pnbp"
MAX_AMOUNT = 1_000_000_000_000
_recaps = table(b.Recap)
_shares = table(b.RecapShare)
_deposits = table(b.Deposit)
_targets = table(b.PnbpTarget)


def _owed_by_recap(conn: Connection) -> Any:
    """Subquery: recap id -> PNBP owed (0 for a recap a later one corrects)."""
    corrected = select(_recaps.c.corrects_id).where(_recaps.c.corrects_id.is_not(None))
    pnbp = (func.lower(_shares.c.share) == PNBP, _shares.c.recap_id.not_in(corrected))
    return _sum_by_recap(_shares, "owed", *pnbp)


def _sum_by_recap(rows: Table, label: str, *where: Any) -> Any:
    """Subquery: recap id -> the sum of the rows' amounts (named `label`), of rows `where` says."""
    return (
        select(rows.c.recap_id, func.sum(rows.c.amount).label(label))
        .where(*where)
        .group_by(rows.c.recap_id)
        .subquery()
    )


@dataclass(frozen=True)
class RecapBalance:
    """A recap's PNBP: owed, deposited so far, left to deposit."""

    recap_no: str
    from_day: date
    to_day: date
    owed: int
    deposited: int

    @property
    def left(self) -> int:
        return self.owed - self.deposited


def balances(conn: Connection) -> list[RecapBalance]:
    owed = _owed_by_recap(conn)
    paid = _sum_by_recap(_deposits, "paid")
    query = (
        select(
            _recaps.c.recap_no,
            _recaps.c.from_day,
            _recaps.c.to_day,
            func.coalesce(owed.c.owed, 0),
            func.coalesce(paid.c.paid, 0),
        )
        .select_from(
            _recaps.outerjoin(owed, owed.c.recap_id == _recaps.c.id).outerjoin(
                paid, paid.c.recap_id == _recaps.c.id
            )
        )
        .order_by(_recaps.c.id)
    )
    return [RecapBalance(str(n), f, t, int(o), int(p)) for n, f, t, o, p in conn.execute(query)]


@dataclass(frozen=True)
class DepositRow:
    """A deposit as recorded."""

    recap_no: str
    billing_code: str
    ntpn: str
    bank: str
    day: date
    amount: int

    def to_json(self) -> dict[str, Any]:
        return {
            "recap_no": self.recap_no,
            "billing_code": self.billing_code,
            "ntpn": self.ntpn,
            "bank": self.bank,
            "date": self.day.isoformat(),
            "amount": self.amount,
        }


@dataclass(frozen=True)
class DepositResult:
    """The deposit recorded, and a warning when it is more than the recap still owed."""

    deposit: DepositRow
    owed: int
    deposited: int
    warning: str | None


def _bank(text: str) -> str:
    bank = " ".join(text.split())
    if not bank or len(bank) > 40 or has_control_chars(bank) or looks_like_formula(bank):
        raise InvalidDeposit(_("Name the bank in 1 to 40 plain characters."))
    return bank


def add_deposit(
    db: Database,
    actor: Any,
    recap_no: str,
    billing: str,
    ntpn_text: str,
    bank: str,
    day: date,
    amount: int,
) -> DepositResult:
    """Record a PNBP deposit against a recap. Over what the recap still owes: recorded, with
    a warning (the bank has the money; the office sorts it out)."""
    actor.require("manage_books")
    code, reference, bank = billing_code(billing), ntpn(ntpn_text), _bank(bank)
    if not 0 < amount <= MAX_AMOUNT:
        raise InvalidDeposit(_("A deposit is more than Rp0 and at most Rp1.000.000.000.000."))
    wanted = recap_no.strip().upper()[:40]
    with write_errors_explained(), db.Session.begin() as session:
        now = settings.local_now(session)
        if not date(2000, 1, 1) <= day <= now.date():
            raise InvalidDeposit(_("A deposit's date cannot be in the future."))
        conn = session.connection()
        recap_id = conn.execute(
            select(_recaps.c.id).where(func.upper(_recaps.c.recap_no) == wanted)
        ).scalar()
        if recap_id is None:
            raise NotFound(_("No recap numbered {no}.").format(no=wanted))
        if conn.execute(select(_deposits.c.id).where(_deposits.c.ntpn == reference)).first():
            raise InvalidDeposit(
                _("A deposit with NTPN {ntpn} is already recorded.").format(ntpn=reference)
            )
        balance = next(x for x in balances(conn) if x.recap_no.upper() == wanted)
        conn.execute(
            insert(_deposits).values(
                recap_id=recap_id,
                billing_code=code,
                ntpn=reference,
                bank=bank,
                day=day,
                amount=amount,
                created_at=now,
                user_id=actor.id,
            )
        )
        row = DepositRow(balance.recap_no, code, reference, bank, day, amount)
        audit.record(session, actor.id, "deposit", row.to_json(), now)
    warning = None
    if amount > balance.left:
        warning = _(
            "This is {over} more than recap {no} still owed ({left}): check the amount."
        ).format(
            over=format_rupiah(amount - max(balance.left, 0)),
            no=balance.recap_no,
            left=format_rupiah(max(balance.left, 0)),
        )
    return DepositResult(row, balance.owed, balance.deposited + amount, warning)


def list_deposits(db: Database, actor: Any) -> list[DepositRow]:
    actor.require("view_reports")
    with db.engine.connect() as conn:
        return deposit_rows(conn)


def deposit_rows(conn: Connection, year: int | None = None) -> list[DepositRow]:
    query = (
        select(
            _recaps.c.recap_no,
            _deposits.c.billing_code,
            _deposits.c.ntpn,
            _deposits.c.bank,
            _deposits.c.day,
            _deposits.c.amount,
        )
        .select_from(_deposits.join(_recaps, _recaps.c.id == _deposits.c.recap_id))
        .order_by(_deposits.c.day, _deposits.c.id)
    )
    if year is not None:
        query = query.where(extract("year", _deposits.c.day) == year)
    return [
        DepositRow(str(no), str(code), str(reference), str(bank), day, int(amount))
        for no, code, reference, bank, day, amount in conn.execute(query)
    ]


@dataclass(frozen=True)
class TargetStatus:
    """A year's PNBP target, what recaps of the year owe, and what was deposited in it."""

    year: int
    target: int | None
    owed: int
    deposited: int

    @property
    def percent(self) -> float | None:
        return None if not self.target else 100.0 * self.deposited / self.target

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def target_status(conn: Connection, year: int) -> TargetStatus:
    target = conn.execute(select(_targets.c.amount).where(_targets.c.year == year)).scalar()
    owed = _owed_by_recap(conn)
    owed_total = conn.execute(
        select(func.coalesce(func.sum(owed.c.owed), 0))
        .select_from(owed.join(_recaps, _recaps.c.id == owed.c.recap_id))
        .where(extract("year", _recaps.c.to_day) == year)
    ).scalar_one()
    paid = conn.execute(
        select(func.coalesce(func.sum(_deposits.c.amount), 0)).where(
            extract("year", _deposits.c.day) == year
        )
    ).scalar_one()
    return TargetStatus(year, None if target is None else int(target), int(owed_total), int(paid))


def get_target(db: Database, actor: Any, year: int) -> TargetStatus:
    actor.require("view_reports")
    with db.engine.connect() as conn:
        return target_status(conn, year)


def set_target(db: Database, actor: Any, year: int, amount: int) -> TargetStatus:
    """Set (or change) the year's PNBP target."""
    actor.require("manage_books")
    if not 2000 <= year <= 2100:
        raise InvalidDeposit(_("A target's year is between 2000 and 2100."))
    if not 0 <= amount <= MAX_AMOUNT:
        raise InvalidDeposit(_("A target is from Rp0 to Rp1.000.000.000.000."))
    with write_errors_explained(), db.Session.begin() as session:
        now = settings.local_now(session)
        conn = session.connection()
        conn.execute(delete(_targets).where(_targets.c.year == year))
        conn.execute(
            insert(_targets).values(year=year, amount=amount, updated_at=now, user_id=actor.id)
        )
        audit.record(session, actor.id, "pnbp_target", {"year": year, "amount": amount}, now)
        return target_status(conn, year)
