"""Voids and returns: new documents linked to the sale they undo; the sale never changes.

- A void takes back a whole sale of the open shift (before its Z report): its stock comes back
  exactly as it went out, and its payments stop counting. Numbered <STAND>-V<YYYYMMDD>-NNNN.
- A refund takes back some or all lines of a sale of any day: each line back to stock or
  damaged (it comes back, then is written off), the money paid back by a chosen method (cash
  leaves the drawer; other methods record a reference). Numbered <STAND>-R<YYYYMMDD>-NNNN.
  A line gives back its share of what it brought in (pos.core.pricing.refund_share).
Both need the open shift (the Z report counts them) and a supervisor's approval with a reason.
"""

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from pos.core.cart import Cart, CartLine
from pos.core.errors import NotFound, PosError
from pos.core.money import format_rupiah, is_whole
from pos.core.payments import CASH, METHODS, method_label
from pos.core.pricing import refund_share
from pos.core.text import has_control_chars
from pos.db import sql
from pos.db.session import Database, raw_cursor, write_errors_explained
from pos.i18n import _
from pos.services import approvals, audit, numbering, settings
from pos.services.auth import Actor
from pos.services.refund_lookup import SaleLookup, find_sale, lookup
from pos.services.report_marks import touch_stand
from pos.services.sales import products_and_moves
from pos.services.shifts import NoOpenShift

__all__ = ["RefundResult", "ReturnItem", "SaleLookup", "find_sale", "refund", "void_sale"]

VOID, REFUND = "void", "refund"
RESTOCK, DAMAGED = "restock", "damaged"
MAX_REFERENCE = 80


class RefundProblem(PosError):
    """A void or return that cannot be done as asked."""


@dataclass(frozen=True)
class ReturnItem:
    """Units of one sale line coming back, to stock or damaged."""

    sale_line_id: int
    qty: int
    damaged: bool = False


@dataclass(frozen=True)
class RefundResult:
    """The void or refund as recorded."""

    refund_no: str
    kind: str
    receipt_no: str
    total: int
    method: str | None
    created_at: datetime
    approver: str


def document_number(stand: str, kind: str, day_text: str, seq: int) -> str:
    letter = "V" if kind == VOID else "R"
    return f"{stand}-{letter}{day_text.replace('-', '')}-{seq:04d}"


def _next_number(cursor: sqlite3.Cursor, stand: str, kind: str, now: datetime) -> tuple[int, str]:
    """Gapless per stand, kind and day: inside the transaction that writes the document."""
    day = now.date().isoformat()
    row = cursor.execute(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM refunds WHERE stand = ? AND kind = ? AND day = ?",
        (stand, kind, day),
    ).fetchone()
    letter = "V" if kind == VOID else "R"
    seq = max(int(row[0]), numbering.floor(cursor, letter, stand, day) + 1)
    return seq, document_number(stand, kind, day, seq)


def _check_voidable(sale: SaleLookup) -> None:
    if sale.voided:
        raise RefundProblem(_("Receipt {no} is already voided.").format(no=sale.receipt_no))
    if sale.refunds:
        raise RefundProblem(
            _("Receipt {no} already has returns: take the rest back as a return.").format(
                no=sale.receipt_no
            )
        )
    if not sale.voidable:
        raise RefundProblem(
            _(
                "Receipt {no} is not of the open shift: only a sale of this shift can be "
                "voided (before its Z report). Take the goods back as a return instead."
            ).format(no=sale.receipt_no)
        )


def _insert_document(
    cursor: sqlite3.Cursor,
    stand: str,
    kind: str,
    sale: SaleLookup,
    actor: Actor,
    approval_id: int,
    reason: str,
    method: str | None,
    reference: str | None,
    total: int,
    now: datetime,
    shift_id: int,
) -> tuple[int, str, tuple[object, ...]]:
    seq, number = _next_number(cursor, stand, kind, now)
    row = (
        number,
        kind,
        stand,
        now.date().isoformat(),
        seq,
        sale.sale_id,
        shift_id,
        actor.id,
        approval_id,
        reason,
        method,
        reference,
        total,
        sql.sql_datetime(now),
    )  # the order of audit.REFUND_COLUMNS
    cursor.execute(
        "INSERT INTO refunds (refund_no, kind, stand, day, seq, sale_id, shift_id, user_id, "
        "approval_id, reason, method, reference, total, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        row,
    )
    # The report's kept sums of its day and of the sale's day (a void takes the sale off).
    sold_on = cursor.execute("SELECT day FROM sales WHERE id = ?", (sale.sale_id,)).fetchone()
    touch_stand(cursor, [now.date(), *sold_on])
    return int(cursor.lastrowid or 0), number, row


def _insert_lines(
    cursor: sqlite3.Cursor, refund_id: int, lines: list[tuple[int, int, int, str]]
) -> list[tuple[int, int, int, int, str]]:
    """(id, sale_line_id, qty, amount, disposition) rows of the refund, as audit covers them."""
    rows = [
        (n, *line)
        for n, line in zip(sql.next_ids(cursor, "refund_lines", len(lines)), lines, strict=True)
    ]
    cursor.executemany(
        "INSERT INTO refund_lines (id, refund_id, sale_line_id, qty, amount, disposition) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(row[0], refund_id, *row[1:]) for row in rows],
    )
    return rows


def _covering(
    refund_id: int, row: tuple[object, ...], lines: list[tuple[int, int, int, int, str]]
) -> dict[str, object]:
    return audit.covering(audit.REFUND.kind, refund_id, audit.document_digest(row, (lines,)))


def _begin(session: Session) -> tuple[sqlite3.Cursor, datetime, str]:
    now, stand = settings.now_and_stand(session)
    return raw_cursor(session), now, stand


_TAKEN = "SELECT product_id, -qty, note FROM stock_movements WHERE sale_id = ? AND kind = 'sale'"


def void_sale(
    db: Database, actor: Actor, code: str, reason: str, approver_pin: str | None = None
) -> RefundResult:
    """Void a whole sale of the open shift: stock back, its payments no longer count."""
    before = find_sale(db, code)
    _check_voidable(before)
    with db.Session() as session:
        order = (
            raw_cursor(session)
            .execute("SELECT order_no FROM orders WHERE sale_id = ?", (before.sale_id,))
            .fetchone()
        )
    if order is not None:
        # Its payment is the order's kuitansi: voiding would leave the order handed over
        # while its goods and money stop counting.
        raise RefundProblem(
            _("Receipt {no} hands over order {order}: take the goods back as a return.").format(
                no=before.receipt_no, order=order[0]
            )
        )
    approval = approvals.require_or_approve(
        db, actor, "void_sale", reason, approver_pin, {"receipt_no": before.receipt_no}
    )
    with write_errors_explained(), db.Session.begin() as session:
        cursor, now, stand = _begin(session)
        approval_id = approvals.record(session, approval, now)
        sale = lookup(cursor, before.receipt_no)
        _check_voidable(sale)
        shift_id = sale.open_shift_id
        assert shift_id is not None
        refund_id, number, row = _insert_document(
            cursor, stand, VOID, sale, actor, approval_id, approval.reason, None, None, sale.total,
            now, shift_id,
        )  # fmt: skip
        back = _insert_lines(
            cursor,
            refund_id,
            [(line.sale_line_id, line.qty, line.line_total, RESTOCK) for line in sale.lines],
        )
        # Exactly what the sale took out comes back (bundles: their components).
        taken = cursor.execute(_TAKEN, (sale.sale_id,)).fetchall()
        moved = sql.insert_stock_movements(
            cursor, "void", actor.id, now, taken, sale_id=sale.sale_id, refund_id=refund_id
        )
        audit.record(
            session,
            actor.id,
            "void",
            {
                "void_no": number,
                "receipt_no": sale.receipt_no,
                "total": sale.total,
                "approver": approval.approver.name,
                "reason": approval.reason,
                **_covering(refund_id, row, back),
                **audit.moving(*moved),
            },
            now,
        )
    return RefundResult(
        number, VOID, sale.receipt_no, sale.total, None, now, approval.approver.name
    )


def _check_items(sale: SaleLookup, items: list[ReturnItem]) -> dict[int, tuple[int, int]]:
    """sale_line_id -> (back to stock, damaged), checked against what may still come back."""
    if sale.voided:
        raise RefundProblem(
            _("Receipt {no} is voided: nothing can be returned.").format(no=sale.receipt_no)
        )
    if not items:
        raise RefundProblem(_("Choose what comes back."))
    lines = {line.sale_line_id: line for line in sale.lines}
    wanted: dict[int, tuple[int, int]] = {}
    for item in items:
        line = lines.get(item.sale_line_id)
        if line is None:
            raise RefundProblem(_("That line is not on receipt {no}.").format(no=sale.receipt_no))
        qty = item.qty
        if not is_whole(qty) or qty < 1:
            raise RefundProblem(_("The quantity must be at least 1."))
        restock, damaged = wanted.get(line.sale_line_id, (0, 0))
        wanted[line.sale_line_id] = (
            (restock, damaged + qty) if item.damaged else (restock + qty, damaged)
        )
        if sum(wanted[line.sale_line_id]) > line.returnable:
            raise RefundProblem(
                _("Only {n} of {name} can come back (sold {sold}, returned {back}).").format(
                    n=line.returnable, name=line.name, sold=line.qty, back=line.returned
                )
            )
    return wanted


def _check_method(cursor: sqlite3.Cursor, method: str, reference: str | None) -> str | None:
    if method not in METHODS:
        raise RefundProblem(_("Unknown payment method {method}.").format(method=method))
    row = cursor.execute(
        "SELECT value FROM settings WHERE key = ?", (settings.PAYMENT_METHODS.key,)
    ).fetchone()
    if method not in settings.PAYMENT_METHODS.read(None if row is None else str(row[0])):
        raise RefundProblem(
            _("{method} is not accepted at this stand.").format(method=method_label(method))
        )
    text = " ".join((reference or "").split())
    if has_control_chars(text) or len(text) > MAX_REFERENCE:
        raise RefundProblem(
            _("The reference may hold at most {max} characters.").format(max=MAX_REFERENCE)
        )
    if method != CASH and not text:
        raise RefundProblem(
            _("Enter the {method} reference of the refund.").format(method=method_label(method))
        )
    return text or None


def drawer_cash(cursor: sqlite3.Cursor, shift_id: int) -> int:
    """Cash the drawer should hold now: float, cash of sales not voided, in - out, refunds,
    order payments."""
    row = cursor.execute(
        "SELECT s.opening_float"
        " + COALESCE((SELECT SUM(p.amount) FROM payments p JOIN sales x ON x.id = p.sale_id"
        "   WHERE x.shift_id = s.id AND p.method = ? AND NOT EXISTS (SELECT 1 FROM refunds v"
        "   WHERE v.sale_id = x.id AND v.kind = 'void')), 0)"
        " + COALESCE((SELECT SUM(CASE kind WHEN 'in' THEN amount ELSE -amount END)"
        "   FROM cash_moves WHERE shift_id = s.id), 0)"
        " - COALESCE((SELECT SUM(total) FROM refunds WHERE shift_id = s.id AND method = ?), 0)"
        # Order payments (kuitansi) in cash, minus DPs paid back in cash (pos.services.orders).
        " + COALESCE((SELECT SUM(CASE kind WHEN 'payment' THEN amount ELSE -amount END)"
        "   FROM order_payments WHERE shift_id = s.id AND method = ?), 0)"
        " FROM shifts s WHERE s.id = ?",
        (CASH, CASH, CASH, shift_id),
    ).fetchone()
    return int(row[0]) if row else 0


def refund(
    db: Database,
    actor: Actor,
    code: str,
    items: list[ReturnItem],
    method: str,
    reason: str,
    approver_pin: str | None = None,
    reference: str | None = None,
) -> RefundResult:
    """Take back some or all lines of a sale and pay the money back by `method`."""
    before = find_sale(db, code)
    _check_items(before, items)
    if before.open_shift_id is None:
        raise NoOpenShift(_("Open a shift first: the Z report counts the refund."))
    with db.Session() as session:  # refused before anyone types a PIN
        _check_method(raw_cursor(session), method, reference)
    approval = approvals.require_or_approve(
        db, actor, "refund", reason, approver_pin, {"receipt_no": before.receipt_no}
    )
    with write_errors_explained(), db.Session.begin() as session:
        cursor, now, stand = _begin(session)
        approval_id = approvals.record(session, approval, now)
        reference = _check_method(cursor, method, reference)
        sale = lookup(cursor, before.receipt_no)
        wanted = _check_items(sale, items)
        shift_id = sale.open_shift_id
        if shift_id is None:
            raise NoOpenShift(_("Open a shift first: the Z report counts the refund."))
        lines = {line.sale_line_id: line for line in sale.lines}
        amounts = {
            lid: refund_share(lines[lid].line_total, lines[lid].qty, lines[lid].returned, sum(q))
            for lid, q in wanted.items()
        }
        total = sum(amounts.values())
        if method == CASH and total > (in_drawer := drawer_cash(cursor, shift_id)):
            raise RefundProblem(
                _("The drawer should hold only {cash}; refund {total} another way.").format(
                    cash=format_rupiah(in_drawer), total=format_rupiah(total)
                )
            )
        refund_id, number, row = _insert_document(
            cursor, stand, REFUND, sale, actor, approval_id, approval.reason, method, reference,
            total, now, shift_id,
        )  # fmt: skip
        rows: list[tuple[int, int, int, str]] = []
        for lid, (restock, damaged) in wanted.items():
            # The money goes with the units back to stock first, then with the damaged ones.
            first = (
                refund_share(lines[lid].line_total, lines[lid].qty, lines[lid].returned, restock)
                if restock
                else 0
            )
            if restock:
                rows.append((lid, restock, first, RESTOCK))
            if damaged:
                rows.append((lid, damaged, amounts[lid] - first, DAMAGED))
        back = _insert_lines(cursor, refund_id, rows)
        moved = _stock_back(cursor, sale, wanted, refund_id, actor, now)
        audit.record(
            session,
            actor.id,
            "refund",
            {
                "refund_no": number,
                "receipt_no": sale.receipt_no,
                "total": total,
                "method": method,
                "approver": approval.approver.name,
                "reason": approval.reason,
                **_covering(refund_id, row, back),
                **audit.moving(*moved),
            },
            now,
        )
    return RefundResult(number, REFUND, sale.receipt_no, total, method, now, approval.approver.name)


def _stock_back(
    cursor: sqlite3.Cursor,
    sale: SaleLookup,
    wanted: dict[int, tuple[int, int]],
    refund_id: int,
    actor: Actor,
    now: datetime,
) -> tuple[int, list[tuple[object, ...]]]:
    """Each returned unit comes back (kind 'return'); a damaged one is then written off (kind
    'damaged'). A bundle brings back its components as the catalog defines them now.
    Returns the movements as sql.insert_stock_movements does (both kinds, one after the other)."""
    lines = {line.sale_line_id: line for line in sale.lines}
    back: list[tuple[int, int, str | None]] = []
    written_off: list[tuple[int, int, str | None]] = []
    for lid, (restock, damaged) in wanted.items():
        line = lines[lid]
        cart = Cart([CartLine(line.product_id, line.sku, line.name, 0, restock + damaged)])
        _prices, moves = products_and_moves(cursor, cart)
        for pid, qty, note in moves:
            back.append((pid, qty, note))
            if damaged:
                written_off.append((pid, -(qty * damaged // (restock + damaged)), note))
    low, rows = sql.insert_stock_movements(
        cursor, "return", actor.id, now, back, sale_id=sale.sale_id, refund_id=refund_id
    )
    _low, off = sql.insert_stock_movements(
        cursor, DAMAGED, actor.id, now, written_off, sale_id=sale.sale_id, refund_id=refund_id
    )
    return low, rows + off


__all__ += ["DAMAGED", "REFUND", "RESTOCK", "VOID", "NotFound", "RefundProblem", "drawer_cash"]
