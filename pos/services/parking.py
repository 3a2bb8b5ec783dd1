"""Park and recall: a customer steps aside, their cart waits in the database under a label
while the next one pays. Parking, recalling and dropping are each one transaction; none of
them sells anything or moves stock."""

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from pos.core.cart import Cart
from pos.core.errors import EmptyCart, NotFound, PosError
from pos.core.text import has_control_chars, visible
from pos.db import sql
from pos.db.session import Database, raw_cursor, write_errors_explained
from pos.i18n import _
from pos.printing.shift_data import ParkedRow
from pos.services import audit, settings
from pos.services.auth import Actor
from pos.services.sales import REGISTER_ID

MAX_LABEL = 40
# More than this many parked at once is a queue nobody can keep track of.
MAX_PARKED = 50


class ParkingProblem(PosError):
    """A sale that cannot be parked, recalled or dropped as asked."""


@dataclass(frozen=True)
class Parked:
    """A parked sale as the recall list shows it."""

    id: int
    label: str
    total: int
    items: int
    parked_at: datetime
    parked_by: str


def clean_label(label: str) -> str:
    """The label as stored: one line, trimmed, 1-40 characters, no control characters."""
    if not isinstance(label, str):
        raise ParkingProblem(_("Give the parked sale a name or a number."))
    if has_control_chars(label):
        raise ParkingProblem(_("The name cannot contain control characters (such as tab)."))
    text = " ".join(label.split())
    if not text:
        raise ParkingProblem(_("Give the parked sale a name or a number."))
    if len(text) > MAX_LABEL:
        raise ParkingProblem(
            _("The name of a parked sale is at most {n} characters.").format(n=MAX_LABEL)
        )
    return text


def park(db: Database, actor: Actor, cart: Cart, label: str) -> Parked:
    """Set the cart aside under `label`; the counter's own cart is then empty."""
    actor.require("sell")
    if cart.is_empty():
        raise EmptyCart(_("The cart is empty: there is nothing to park."))
    text = clean_label(label)
    payload = json.dumps(cart.to_dict(), ensure_ascii=False)
    with write_errors_explained(), db.Session.begin() as session:
        now = settings.local_now(session)
        cursor = raw_cursor(session)
        waiting = cursor.execute(
            "SELECT label FROM parked_sales WHERE status = 'parked'"
        ).fetchall()
        if len(waiting) >= MAX_PARKED:
            raise ParkingProblem(
                _("{n} sales are parked already: recall or drop one first.").format(n=len(waiting))
            )
        if any(str(row[0]).casefold() == text.casefold() for row in waiting):
            raise ParkingProblem(
                _("A sale is parked as “{label}” already: choose another name.").format(label=text)
            )
        cursor.execute(
            "INSERT INTO parked_sales (label, payload, total, items, status, parked_at, "
            "parked_by) VALUES (?, ?, ?, ?, 'parked', ?, ?)",
            (text, payload, cart.total, cart.item_count, sql.sql_datetime(now), actor.id),
        )
        parked_id = int(cursor.lastrowid or 0)
        cursor.execute("DELETE FROM pending_carts WHERE id = ?", (REGISTER_ID,))
        audit.record(
            session,
            actor.id,
            "sale_park",
            {"parked": parked_id, "label": text, "total": cart.total, "items": cart.item_count},
            now,
        )
    return Parked(parked_id, text, cart.total, cart.item_count, now, actor.name)


def list_parked(db: Database) -> list[Parked]:
    """The sales waiting, oldest first."""
    with db.Session() as session:
        rows = raw_cursor(session).execute(
            "SELECT p.id, p.label, p.total, p.items, p.parked_at, COALESCE(u.name, '?') "
            "FROM parked_sales p LEFT JOIN users u ON u.id = p.parked_by "
            "WHERE p.status = 'parked' ORDER BY p.id"
        )
        return [
            Parked(int(i), str(label), int(total), int(items), _when(at), str(name))
            for i, label, total, items, at, name in rows
        ]


def parked_rows(db: Database) -> list[ParkedRow]:
    """The sales waiting, as the X report lists them."""
    return [ParkedRow(p.label, p.total, p.items, p.parked_at, p.parked_by) for p in list_parked(db)]


def _when(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _take(
    cursor: sqlite3.Cursor, parked_id: int, status: str, actor: Actor, now: datetime
) -> tuple[str, str, int, int]:
    """Mark parked sale `parked_id` recalled or dropped; its (label, payload, total, items)."""
    row = cursor.execute(
        "UPDATE parked_sales SET status = ?, closed_at = ?, closed_by = ? "
        "WHERE id = ? AND status = 'parked' RETURNING label, payload, total, items",
        (status, sql.sql_datetime(now), actor.id, parked_id),
    ).fetchone()
    if row is None:
        raise NotFound(
            _("That parked sale is no longer waiting: it was recalled or dropped meanwhile.")
        )
    return str(row[0]), str(row[1]), int(row[2]), int(row[3])


def recall(db: Database, actor: Actor, parked_id: int) -> Cart:
    """Bring a parked sale back to the counter: it becomes the cart being rung up (saved as
    such in the same transaction, so a crash right after loses nothing)."""
    actor.require("sell")
    with write_errors_explained(), db.Session.begin() as session:
        now = settings.local_now(session)
        cursor = raw_cursor(session)
        waiting = cursor.execute(
            "SELECT payload FROM pending_carts WHERE id = ?", (REGISTER_ID,)
        ).fetchone()
        if waiting is not None and not _empty_payload(waiting[0]):
            raise ParkingProblem(
                _("Finish or park the sale on the counter before recalling another.")
            )
        _label, payload, _total, _items = _take(cursor, parked_id, "recalled", actor, now)
        try:
            cart = Cart.from_dict(json.loads(payload))
        except (ValueError, KeyError, TypeError) as e:
            raise ParkingProblem(_("That parked sale is damaged and cannot be recalled.")) from e
        cursor.execute(
            "INSERT INTO pending_carts (id, payload, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET payload = excluded.payload, "
            "updated_at = excluded.updated_at",
            (REGISTER_ID, payload, sql.sql_datetime(now)),
        )
    return cart


def _empty_payload(payload: str) -> bool:
    try:
        return Cart.from_dict(json.loads(payload)).is_empty()
    except (ValueError, KeyError, TypeError):
        return True  # a damaged draft is not a sale (sales.load_pending_cart drops it too)


def drop(db: Database, actor: Actor, parked_id: int) -> str:
    """Give up a parked sale (the customer left); recorded in the audit log. Its label."""
    actor.require("sell")
    with write_errors_explained(), db.Session.begin() as session:
        now = settings.local_now(session)
        label, payload, total, items = _take(raw_cursor(session), parked_id, "dropped", actor, now)
        try:
            lines = [
                f"{line['qty']} x {visible(str(line['sku']))}"
                for line in json.loads(payload)["lines"]
            ]
        except (ValueError, KeyError, TypeError):
            lines = []
        audit.record(
            session,
            actor.id,
            "parked_drop",
            {"parked": parked_id, "label": label, "total": total, "items": items, "lines": lines},
            now,
        )
    return str(label)
