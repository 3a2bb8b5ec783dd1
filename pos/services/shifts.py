"""Shifts: open with a float, cash in and out, X report at any time, close with a blind count."""

import json
import logging
import sqlite3
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.core.errors import InvalidAmount, NotFound, PosError
from pos.core.money import check_rupiah, format_rupiah
from pos.core.money_entry import IMPLAUSIBLE_FLOOR
from pos.core.payments import CASH, count_total
from pos.db import sql
from pos.db.models import CashMove, Sale, Shift, User
from pos.db.session import Database, raw_cursor, write_errors_explained
from pos.i18n import _
from pos.printing.shift_data import CashMoveRow, ParkedRow, ShiftSummary
from pos.services import audit, audit_anchor, figures, numbering, settings
from pos.services.auth import Actor
from pos.services.order_data import order_figures

log = logging.getLogger(__name__)
# The most an opening float can be: the counter's screen calls more a slip of the scanner.
MAX_FLOAT = IMPLAUSIBLE_FLOOR


class NoOpenShift(PosError):
    """Selling or moving cash needs an open shift."""


def open_shift_id(session: Session) -> int | None:
    return sql.open_shift_id(raw_cursor(session))


def has_open_shift(db: Database) -> bool:
    with db.Session() as session:
        return open_shift_id(session) is not None


def current_shift(db: Database) -> ShiftSummary | None:
    with db.Session() as session:
        shift_id = open_shift_id(session)
    return None if shift_id is None else summary(db, shift_id)


def open_shift(db: Database, actor: Actor, opening_float: int) -> int:
    """Open a shift with the cash float in the drawer (at most MAX_FLOAT); its id."""
    actor.require("open_shift")
    check_rupiah(opening_float)
    if opening_float > MAX_FLOAT:
        raise InvalidAmount(
            _(
                "An opening float of {amount} is more than a cash drawer holds (at most {max})."
            ).format(amount=format_rupiah(opening_float), max=format_rupiah(MAX_FLOAT))
        )
    with write_errors_explained(), db.Session.begin() as session:
        if open_shift_id(session) is not None:
            raise PosError(_("A shift is already open; close it before opening another."))
        now, stand = settings.now_and_stand(session)
        shift = Shift(
            stand=stand,
            status="open",
            opened_at=now,
            opened_by=actor.id,
            opening_float=opening_float,
        )
        session.add(shift)
        session.flush()
        audit.record(
            session, actor.id, "shift_open", {"shift": shift.id, "float": opening_float}, now
        )
        return shift.id


def move_cash(db: Database, actor: Actor, kind: str, amount: int, reason: str) -> None:
    """Cash into (kind 'in') or out of ('out') the drawer, with a reason."""
    actor.require("cash_move")
    check_rupiah(amount)
    if amount == 0:
        raise PosError(_("The amount must be more than Rp0."))
    if kind not in ("in", "out"):
        raise PosError(_("Choose cash in or cash out."))
    reason = " ".join(reason.split())
    if not reason:
        raise PosError(_("Write the reason for the cash movement."))
    with write_errors_explained(), db.Session.begin() as session:
        shift_id = open_shift_id(session)
        if shift_id is None:
            raise NoOpenShift(_("Open a shift first."))
        now = settings.local_now(session)
        session.add(
            CashMove(
                shift_id=shift_id,
                kind=kind,
                amount=amount,
                reason=reason[:200],
                user_id=actor.id,
                created_at=now,
            )
        )
        audit.record(session, actor.id, f"cash_{kind}", {"amount": amount, "reason": reason}, now)


def summary(db: Database, shift_id: int) -> ShiftSummary:
    with db.Session() as session:
        shift = session.get(Shift, shift_id)
        if shift is None:
            raise PosError(_("There is no shift {no}.").format(no=shift_id))
        users = dict(session.execute(select(User.id, User.name)).all())
        cursor = raw_cursor(session)
        count, total = cursor.execute(
            "SELECT COUNT(*), COALESCE(SUM(s.total), 0) FROM sales s "
            f"WHERE s.shift_id = ? AND {figures.NOT_VOIDED}",
            (shift_id,),
        ).fetchone()
        payments = {
            str(method): int(amount)
            for method, amount in cursor.execute(
                "SELECT p.method, SUM(p.amount) FROM payments p JOIN sales s ON s.id = p.sale_id "
                f"WHERE s.shift_id = ? AND {figures.NOT_VOIDED} GROUP BY p.method",
                (shift_id,),
            )
        }
        parts = figures.figures(cursor, "shift", shift_id)
        orders = order_figures(cursor, "shift", shift_id)
        first, last = session.execute(
            select(func.min(Sale.receipt_no), func.max(Sale.receipt_no)).where(
                Sale.shift_id == shift_id
            )
        ).one()
        moves = [
            CashMoveRow(m.created_at, m.kind, m.amount, m.reason, users.get(m.user_id, "?"))
            for m in session.execute(
                select(CashMove).where(CashMove.shift_id == shift_id).order_by(CashMove.id)
            ).scalars()
        ]
    cash_in = sum(m.amount for m in moves if m.kind == "in")
    cash_out = sum(m.amount for m in moves if m.kind == "out")
    cash_refunds = sum(r.total for r in parts.refunds if r.method == CASH)
    expected = shift.opening_float + payments.get(CASH, 0) + cash_in - cash_out - cash_refunds
    expected += orders.received.get(CASH, 0) - orders.refunded.get(CASH, 0)
    if shift.expected_cash is not None:
        expected = shift.expected_cash
    detail = {int(k): int(v) for k, v in json.loads(shift.count_detail or "{}").items()}
    if shift.status == "open" or shift.closed_at is None:
        parked = _parked(db)
    elif shift.parked_at_close is not None:
        parked = [_parked_row(row) for row in json.loads(shift.parked_at_close)]
    else:  # closed before the list was kept
        with db.Session() as session:
            parked = parked_at(raw_cursor(session), shift.closed_at)
    return ShiftSummary(
        shift_id=shift.id,
        stand=shift.stand,
        status=shift.status,
        z_number=shift.z_number,
        opened_at=shift.opened_at,
        opened_by=users.get(shift.opened_by, "?"),
        closed_at=shift.closed_at,
        closed_by=users.get(shift.closed_by) if shift.closed_by else None,
        opening_float=shift.opening_float,
        sales_count=int(count),
        sales_total=int(total),
        voids_count=len(parts.voided),
        voids_total=parts.voids_total,
        payments=payments,
        cash_in=cash_in,
        cash_out=cash_out,
        expected_cash=expected,
        counted_cash=shift.counted_cash,
        count_detail=detail,
        moves=moves,
        first_receipt=first,
        last_receipt=last,
        discount_total=parts.discount_total,
        refunds=parts.refunds,
        cashiers=parts.cashiers,
        parked=parked,
        order_received=orders.received,
        order_refunded=orders.refunded,
        audit_head_id=shift.close_head_id,
        audit_head_hash=shift.close_head_hash,
    )


def _parked_json(rows: list[ParkedRow]) -> str:
    return json.dumps(
        [[p.label, p.total, p.items, p.parked_at.isoformat(), p.user] for p in rows],
        ensure_ascii=False,
    )


def _parked_row(row: list[object]) -> ParkedRow:
    label, total, items, at, user = row
    return ParkedRow(str(label), int(str(total)), int(str(items)), _when(at), str(user))


def parked_at(cursor: sqlite3.Cursor, when: datetime) -> list[ParkedRow]:
    """The sales that were parked and still waiting at `when`, by their times (to the second:
    one recalled in the second of `when` counts as waiting); for shifts closed before the
    close kept its own list."""
    at = sql.sql_datetime(when)
    rows = cursor.execute(
        "SELECT p.label, p.total, p.items, p.parked_at, COALESCE(u.name, '?') "
        "FROM parked_sales p LEFT JOIN users u ON u.id = p.parked_by "
        "WHERE p.parked_at <= ? AND (p.status = 'parked' OR p.closed_at >= ?) ORDER BY p.id",
        (at, at),
    )
    return [
        ParkedRow(str(label), int(total), int(items), _when(parked), str(name))
        for label, total, items, parked, name in rows
    ]


def _when(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _parked(db: Database) -> list[ParkedRow]:
    from pos.services import parking  # parking needs sales, which needs this module

    return parking.parked_rows(db)


def close_shift(
    db: Database, actor: Actor, pieces: dict[int, int] | None = None, total: int | None = None
) -> ShiftSummary:
    """Close the open shift with a blind count (per denomination, or a total) and number it."""
    actor.require("close_shift")
    if pieces:
        counted = count_total(pieces)
    elif total is not None:
        check_rupiah(total)
        counted = total
    else:
        raise PosError(_("Enter the cash counted in the drawer."))
    with write_errors_explained(), db.Session.begin() as session:
        shift_id = open_shift_id(session)
        if shift_id is None:
            raise NoOpenShift(_("There is no open shift to close."))
    before = summary(db, shift_id)
    with write_errors_explained(), db.Session.begin() as session:
        shift = session.get(Shift, shift_id)
        if shift is None or shift.status != "open":
            raise PosError(_("The shift was closed meanwhile."))
        now = settings.local_now(session)
        last_z = session.execute(
            select(func.max(Shift.z_number)).where(Shift.stand == shift.stand)
        ).scalar_one_or_none()
        used = numbering.floor_of(session.connection(), "Z", shift.stand, "")
        shift.z_number = max(last_z or 0, used) + 1
        shift.status = "closed"
        shift.closed_at = now
        shift.closed_by = actor.id
        shift.expected_cash = before.expected_cash
        shift.counted_cash = counted
        shift.count_detail = json.dumps({str(k): v for k, v in (pieces or {}).items()})
        shift.parked_at_close = _parked_json(before.parked)
        audit.record(
            session,
            actor.id,
            "shift_close",
            {
                "shift": shift_id,
                "z": shift.z_number,
                "expected": before.expected_cash,
                "counted": counted,
                "parked": len(before.parked),
                "parked_total": sum(p.total for p in before.parked),
            },
            now,
        )
        # The head after the close's own entry, in its transaction: what the Z report prints.
        head = audit_anchor.head(raw_cursor(session))
        if head is not None:
            shift.close_head_id, shift.close_head_hash = head
    _backup_after_close(db, now)
    return summary(db, shift_id)


def _backup_after_close(db: Database, now: datetime) -> None:
    from pos.services.backup import auto_backup

    try:
        auto_backup(db, "shift", now)
    except PosError:
        # The shift is closed and counted; a backup problem must not undo that. It is logged
        # and the daily backup tries again.
        log.exception("backup after closing the shift failed")


def shift_of_z(db: Database, z_number: int) -> int:
    """The shift whose Z report has `z_number` at this stand (NotFound if none)."""
    with db.Session() as session:
        stand = settings.read_in(session, settings.STAND_CODE)
        found = session.execute(
            select(Shift.id).where(Shift.stand == stand, Shift.z_number == z_number)
        ).scalar_one_or_none()
    if found is None:
        raise NotFound(_("There is no Z report {no}.").format(no=z_number))
    return int(found)


def last_closed(db: Database) -> ShiftSummary | None:
    """The shift closed last, or None when none was ever closed."""
    with db.Session() as session:
        found = session.execute(
            select(Shift.id).where(Shift.status == "closed").order_by(Shift.id.desc()).limit(1)
        ).scalar_one_or_none()
    return None if found is None else summary(db, int(found))


def shifts_of_day(db: Database, day: date) -> list[int]:
    """Shifts opened on `day` (stand time), oldest first."""
    with db.Session() as session:
        return list(
            session.execute(
                select(Shift.id)
                .where(func.date(Shift.opened_at) == day.isoformat())
                .order_by(Shift.id)
            ).scalars()
        )
