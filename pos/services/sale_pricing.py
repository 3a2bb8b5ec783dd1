"""Checkout's check of prices and discounts: what the cart asks against the catalog, the
seller's discount limit and the approvals it carries. Runs inside the checkout transaction.

A price that is not the catalog's is a price override: the seller's role must allow it, or a
supervisor's approval for that product at that price must be on the line. A discount above the
seller's limit (settings, per role) needs an approval covering its percent. Whatever the cart
claims, the catalog price at the time of the sale is what `list_price` records.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from pos.core.cart import Approved, Cart, CartLine
from pos.core.errors import PermissionDenied
from pos.core.money import MAX_AMOUNT, format_rupiah, is_whole
from pos.core.pricing import Discount, DiscountProblem, check_fits
from pos.core.quantities import check_qty
from pos.i18n import _
from pos.services import approvals, settings
from pos.services.auth import Actor


@dataclass(frozen=True)
class PricedLine:
    """A cart line as stored: net amount, discount and approvals settled."""

    line: CartLine
    list_price: int | None
    price_approval_id: int | None
    discount: int
    discount_approval_id: int | None
    sale_discount: int

    @property
    def line_total(self) -> int:
        return self.line.gross - self.discount - self.sale_discount


@dataclass(frozen=True)
class PricedSale:
    """The whole cart priced: its lines, the sale discount and the total."""

    lines: list[PricedLine]
    discount: int
    discount_approval_id: int | None
    total: int

    @property
    def discount_total(self) -> int:
        return self.discount + sum(p.discount for p in self.lines)


def _approved_ids(cart: Cart) -> set[int]:
    found: list[Approved | None] = [cart.discount_approved]
    for line in cart.lines:
        found += [line.price_approved, line.discount_approved]
    return {a.approval_id for a in found if a is not None}


def check_cart_lines(cart: Cart) -> None:
    """What the cart must hold whoever built it: quantities, prices, discounts that fit."""
    for line in cart.lines:
        check_qty(line.qty)
        price = line.unit_price
        if not is_whole(price) or not 0 <= price <= MAX_AMOUNT:
            raise DiscountProblem(_("The price must be a whole number of rupiah, 0 or more."))
        if line.discount is not None:
            check_fits(line.discount, line.gross)
    if cart.discount is not None:
        check_fits(cart.discount, cart.subtotal)


class _Pricer:
    """The approvals the cart carries, checked against what each line or the sale asks."""

    def __init__(self, session: Session, actor: Actor, cart: Cart, now: datetime) -> None:
        self.actor = actor
        self.granted = approvals.load_granted(session, _approved_ids(cart))
        self.today = now.date().isoformat()
        has_discount = cart.discount is not None or any(line.discount for line in cart.lines)
        self.limit = 0
        if has_discount:
            actor.require("discount")
            self.limit = settings.discount_limit(session, actor.role)

    def approval(
        self, approved: Approved | None, action: str, covers: dict[str, Any], needed: bool
    ) -> int | None:
        """The approval id to record; refused when `needed` and missing or not covering."""
        if approved is None:
            if needed:
                raise approvals.ApprovalNeeded(
                    _("{name} may not {action} alone: a supervisor must approve it.").format(
                        name=self.actor.name, action=approvals.action_words(action)
                    )
                )
            return None
        try:
            granted = self.granted.get(approved.approval_id)
            approvals.check_granted(granted, action, self.today, covers)
        except PermissionDenied:
            if needed:
                raise
            return None  # not needed after all (e.g. the quantity went up): nothing to record
        return approved.approval_id

    def discount(self, discount: Discount, base: int, approved: Approved | None) -> int | None:
        percent = discount.percent_of(base)
        if approved is None and percent > self.limit:
            raise approvals.ApprovalNeeded(
                _(
                    "A discount of {percent}% is over the limit of {name} ({limit}%): "
                    "a supervisor must approve it with their PIN."
                ).format(percent=percent, name=self.actor.name, limit=self.limit)
            )
        return self.approval(approved, "discount", {"percent": percent}, percent > self.limit)

    def price(self, line: CartLine, catalog: int) -> tuple[int | None, int | None]:
        """(list price, approval id) of a line: both None at the catalog price."""
        if line.unit_price == catalog:
            return None, None
        may_override = self.actor.may("price_override")
        if line.list_price is None and not may_override:
            raise PermissionDenied(
                _("The price of {name} is {price} in the catalog now; scan it again.").format(
                    name=line.name, price=format_rupiah(catalog)
                )
            )
        covers = {"product_id": line.product_id, "price": line.unit_price}
        return catalog, self.approval(
            line.price_approved, "price_override", covers, not may_override
        )


def price_cart(
    session: Session,
    actor: Actor,
    cart: Cart,
    catalog_prices: dict[int, int],
    now: datetime,
) -> PricedSale:
    """Check every price and discount of `cart` (see the module's docstring) and settle them."""
    pricer = _Pricer(session, actor, cart, now)
    priced = []
    for line, share in zip(cart.lines, cart.sale_discount_shares(), strict=True):
        list_price, price_approval = pricer.price(line, catalog_prices[line.product_id])
        discount_approval = None
        if line.discount is not None:
            discount_approval = pricer.discount(line.discount, line.gross, line.discount_approved)
        priced.append(
            PricedLine(
                line, list_price, price_approval, line.discount_amount, discount_approval, share
            )
        )
    sale_approval = None
    if cart.discount is not None:
        sale_approval = pricer.discount(cart.discount, cart.subtotal, cart.discount_approved)
    return PricedSale(priced, cart.sale_discount_amount, sale_approval, cart.total)
