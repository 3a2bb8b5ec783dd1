"""The stock ledger: receiving from workshops, adjustments, stock counts, history, low stock.

Stock on hand is always the sum of movements; each operation here is one transaction that
adds movements (and a document saying why), never a number overwritten. Each product keeps that
sum beside it (`products.on_hand`, kept by triggers as movements go in: see the migration
stock_on_hand); check_on_hand() compares the two.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.core.errors import NotFound, PosError
from pos.core.money import is_whole
from pos.core.pricing import clean_reason
from pos.core.quantities import MAX_MOVE
from pos.db import sql
from pos.db.models import (
    LOW_STOCK_WHERE,
    Product,
    Refund,
    Sale,
    StockDoc,
    StockMovement,
    User,
    Workshop,
)
from pos.db.session import Database, raw_cursor, write_errors_explained
from pos.i18n import N_, _
from pos.services import approvals, audit, settings
from pos.services.auth import Actor
from pos.services.products import stock_levels

ADJUST_REASONS = {
    "rusak": N_("Damaged"),
    "hilang": N_("Lost"),
    "sampel": N_("Sample"),
    "koreksi": N_("Correction"),
}
LOW_STOCK_QUERY = (
    "SELECT products.id, sku, products.name, on_hand, low_stock, workshops.name "
    "FROM products LEFT JOIN workshops ON workshops.id = products.workshop_id "
    f"WHERE {LOW_STOCK_WHERE} "
    # The furthest below their level first; the same name: the older product first.
    "ORDER BY on_hand - low_stock, products.name, products.id"
)
# The service's own words, also said by the dialogs at the scan instead of at Save.
NOT_TRACKED = N_("{name} is not stock-tracked; change that in the catalog first.")


@dataclass(frozen=True)
class StockLine:
    """A quantity of one product to receive."""

    product_id: int
    qty: int


@dataclass(frozen=True)
class CountDifference:
    """A product of a stock count: on hand before, counted, and the difference."""

    product_id: int
    sku: str
    name: str
    expected: int
    counted: int

    @property
    def difference(self) -> int:
        return self.counted - self.expected


@dataclass(frozen=True)
class MovementRow:
    """One stock movement of a product, with the balance after it."""

    id: int
    at: datetime
    kind: str
    qty: int
    balance: int
    reference: str  # receipt number, workshop, reason...
    note: str | None
    user: str | None


class LowStockRow(NamedTuple):
    """A product at or below its low-stock level (a tuple: thousands are built at once)."""

    product_id: int
    sku: str
    name: str
    stock: int
    low_stock: int
    workshop: str | None


@dataclass(frozen=True)
class OnHandDifference:
    """A product whose kept stock on hand is not the sum of its ledger."""

    product_id: int
    kept: int
    ledger: int


def _check_qty(qty: int, allow_negative: bool = False) -> None:
    if not is_whole(qty):
        raise PosError(_("The quantity must be a whole number."))
    if qty == 0 or (qty < 0 and not allow_negative):
        raise PosError(_("The quantity must be at least 1."))
    if abs(qty) > MAX_MOVE:
        raise PosError(_("The quantity is too large."))


def _tracked_products(session: Session, product_ids: list[int]) -> dict[int, Product]:
    products = {
        p.id: p
        for p in session.execute(select(Product).where(Product.id.in_(product_ids))).scalars()
    }
    for pid in product_ids:
        product = products.get(pid)
        if product is None:
            raise NotFound(_("The product no longer exists."))
        if not product.track_stock:
            raise PosError(_(NOT_TRACKED).format(name=product.name))
    return products


def _new_doc(
    session: Session,
    kind: str,
    actor: Actor,
    now: datetime,
    note: str | None,
    day: date | None = None,
    workshop_id: int | None = None,
    reason: str | None = None,
) -> StockDoc:
    """The document a stock operation's movements point to (flushed, so it has its id)."""
    doc = StockDoc(
        kind=kind,
        workshop_id=workshop_id,
        reason=reason,
        note=(note or "").strip()[:200] or None,
        day=day or now.date(),
        user_id=actor.id,
        created_at=now,
    )
    session.add(doc)
    session.flush()
    return doc


def receive(
    db: Database,
    actor: Actor,
    workshop_id: int | None,
    lines: list[StockLine],
    day: date | None = None,
    note: str | None = None,
) -> int:
    """Book a delivery from a workshop; returns the document id (labels can be printed from it)."""
    actor.require("receive_stock")
    if not lines:
        raise PosError(_("Add at least one product to receive."))
    for line in lines:
        _check_qty(line.qty)
    if len({line.product_id for line in lines}) != len(lines):
        raise PosError(_("A product is listed twice; put its quantities together."))
    with write_errors_explained(), db.Session.begin() as session:
        if workshop_id is not None and session.get(Workshop, workshop_id) is None:
            raise NotFound(_("The workshop no longer exists."))
        _tracked_products(session, [line.product_id for line in lines])
        now = settings.local_now(session)
        doc = _new_doc(session, "receive", actor, now, note, day=day, workshop_id=workshop_id)
        moved = sql.insert_stock_movements(
            raw_cursor(session),
            "receive",
            actor.id,
            now,
            [(line.product_id, line.qty, None) for line in lines],
            doc_id=doc.id,
        )
        detail = {
            "doc": doc.id,
            "lines": len(lines),
            "units": sum(line.qty for line in lines),
            **audit.moving(*moved),
        }
        audit.record(session, actor.id, "stock_receive", detail, now)
        return doc.id


def received_lines(db: Database, doc_id: int) -> list[StockLine]:
    """What a receiving document brought in (for labels: copies = units received)."""
    with db.Session() as session:
        rows = session.execute(
            select(StockMovement.product_id, StockMovement.qty)
            .where(StockMovement.doc_id == doc_id, StockMovement.kind == "receive")
            .order_by(StockMovement.id)
        ).all()
    if not rows:
        raise NotFound(_("There is no stock receipt {no}.").format(no=doc_id))
    return [StockLine(int(p), int(q)) for p, q in rows]


def adjust(
    db: Database,
    actor: Actor,
    product_id: int,
    qty: int,
    reason: str,
    note: str | None = None,
    approver_pin: str | None = None,
) -> int:
    """Add (qty > 0) or remove (qty < 0) stock with a reason; stock may go below zero.

    A cashier adjusts with a supervisor's PIN (`approver_pin`); that approval, with the note
    (or the reason) as its reason, is recorded on the document.
    """
    if reason not in ADJUST_REASONS:
        raise PosError(_("Choose a reason: damaged, lost, sample or correction."))
    _check_qty(qty, allow_negative=True)
    why = clean_reason(note or "", required=False) or _(ADJUST_REASONS[reason])
    approval = approvals.require_or_approve(
        db, actor, "adjust_stock", why, approver_pin, {"product_id": product_id, "qty": qty}
    )
    with write_errors_explained(), db.Session.begin() as session:
        _tracked_products(session, [product_id])
        now = settings.local_now(session)
        doc = _new_doc(session, "adjust", actor, now, note, reason=reason)
        if approval.by_pin:  # a cashier's: the supervisor who typed their PIN, and why
            doc.approval_id = approvals.record(session, approval, now)
        moved = sql.insert_stock_movements(
            raw_cursor(session), "adjust", actor.id, now, [(product_id, qty, reason)], doc_id=doc.id
        )
        detail: dict[str, object] = {
            "doc": doc.id,
            "product": product_id,
            "qty": qty,
            "reason": reason,
            **audit.moving(*moved),
        }
        if doc.approval_id is not None:
            detail |= {"approval": doc.approval_id, "approver": approval.approver.name}
        audit.record(session, actor.id, "stock_adjust", detail, now)
        return doc.id


def count(
    db: Database, actor: Actor, counted: dict[int, int], note: str | None = None
) -> list[CountDifference]:
    """A stock count (opname): book counted - on hand for every product counted, in one go."""
    actor.require("count_stock")
    if not counted:
        raise PosError(_("Enter at least one counted quantity."))
    for value in counted.values():
        if not is_whole(value) or value < 0:
            raise PosError(_("A counted quantity must be a whole number, 0 or more."))
        if value > MAX_MOVE:
            raise PosError(_("The quantity is too large."))
    with write_errors_explained(), db.Session.begin() as session:
        products = _tracked_products(session, list(counted))
        on_hand = stock_levels(session, list(counted))
        now = settings.local_now(session)
        differences = [
            CountDifference(pid, products[pid].sku, products[pid].name, on_hand.get(pid, 0), qty)
            for pid, qty in counted.items()
        ]
        doc = _new_doc(session, "count", actor, now, note)
        moved = sql.insert_stock_movements(
            raw_cursor(session),
            "count",
            actor.id,
            now,
            [(d.product_id, d.difference, None) for d in differences if d.difference],
            doc_id=doc.id,
        )
        changed = [d for d in differences if d.difference]
        detail = {
            "doc": doc.id,
            "counted": len(differences),
            "differences": len(changed),
            **audit.moving(*moved),
        }
        audit.record(session, actor.id, "stock_count", detail, now)
        return differences


def history(db: Database, product_id: int, limit: int = 500) -> list[MovementRow]:
    """The newest movements of a product, each with the balance after it."""
    with db.Session() as session:
        if session.get(Product, product_id) is None:
            raise NotFound(_("The product no longer exists."))
        total = stock_levels(session, [product_id]).get(product_id, 0)
        rows = session.execute(
            select(
                StockMovement.id,
                StockMovement.created_at,
                StockMovement.kind,
                StockMovement.qty,
                StockMovement.note,
                Sale.receipt_no,
                Refund.refund_no,
                StockDoc.reason,
                StockDoc.note.label("doc_note"),
                Workshop.name.label("workshop"),
                User.name.label("user"),
            )
            .outerjoin(Sale, Sale.id == StockMovement.sale_id)
            .outerjoin(Refund, Refund.id == StockMovement.refund_id)
            .outerjoin(StockDoc, StockDoc.id == StockMovement.doc_id)
            .outerjoin(Workshop, Workshop.id == StockDoc.workshop_id)
            .outerjoin(User, User.id == StockMovement.user_id)
            .where(StockMovement.product_id == product_id)
            .order_by(StockMovement.id.desc())
            .limit(limit)
        ).all()
    result = []
    balance = total
    for r in rows:
        reason = _(ADJUST_REASONS[r.reason]) if r.reason else ""
        reference = r.refund_no or r.receipt_no or r.workshop or reason
        result.append(
            MovementRow(
                r.id, r.created_at, r.kind, r.qty, balance, reference, r.doc_note or r.note, r.user
            )
        )
        balance -= r.qty
    return result


def low_stock(db: Database) -> list[LowStockRow]:
    """Active stock-tracked products at or below their low-stock level, or below zero.

    Only those products are read: the partial index ix_products_low_stock holds them alone, and
    this WHERE is the index's own condition (models.LOW_STOCK_WHERE) so SQLite can use it.
    """
    with db.Session() as session:
        rows = raw_cursor(session).execute(LOW_STOCK_QUERY).fetchall()
    return [LowStockRow._make(row) for row in rows]


def check_on_hand(db: Database) -> list[OnHandDifference]:
    """Every product whose stock on hand kept beside it differs from the sum of its ledger
    (empty when the two agree, as the triggers of migration stock_on_hand keep them)."""
    with db.Session() as session:
        rows = sql.on_hand_differences(raw_cursor(session))
    return [OnHandDifference(pid, kept, summed) for pid, kept, summed in rows]


def stock_on_hand(db: Database) -> dict[int, int]:
    """Every product's stock on hand (0 when it never moved)."""
    with db.Session() as session:
        return stock_levels(session)


def total_movements(db: Database) -> int:
    with db.Session() as session:
        return int(session.execute(select(func.count(StockMovement.id))).scalar_one())


def tracked_on_hand(db: Database, product_ids: list[int]) -> dict[int, int]:
    """Stock on hand of those of `product_ids` that track their stock (0 when never moved)."""
    if not product_ids:
        return {}
    with db.Session() as session:
        rows = session.execute(
            select(Product.id, Product.on_hand).where(
                Product.id.in_(product_ids), Product.track_stock
            )
        ).all()
    return {int(pid): int(on_hand) for pid, on_hand in rows}
