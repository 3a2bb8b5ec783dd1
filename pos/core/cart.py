"""The cart of the customer at the counter: lines, quantities, discounts, totals. Plain data.

Discounts follow pos.core.pricing (rounding, limits, the sale discount's split). A change that
would leave a rupiah discount larger than what it discounts is refused: the cashier removes or
changes the discount first.
"""

from dataclasses import dataclass, field
from typing import Any

from pos.core.money import MAX_AMOUNT, Rupiah, is_whole
from pos.core.pricing import Discount, DiscountProblem, check_fits, spread
from pos.core.quantities import check_qty
from pos.i18n import _


@dataclass(frozen=True)
class Approved:
    """A supervisor's approval attached to a line or the sale: its record and who gave it."""

    approval_id: int
    approver: str

    def to_dict(self) -> dict[str, Any]:
        return {"approval_id": self.approval_id, "approver": self.approver}

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> "Approved | None":
        return None if raw is None else cls(int(raw["approval_id"]), str(raw["approver"]))


@dataclass
class CartLine:
    """One product in the cart: its price (perhaps overridden), quantity and own discount."""

    product_id: int
    sku: str
    name: str
    unit_price: Rupiah
    qty: int = 1
    # The catalog price when the cashier changed the price at the counter (a price override).
    list_price: Rupiah | None = None
    discount: Discount | None = None
    # Approvals of the price override and of a discount over the cashier's limit.
    price_approved: Approved | None = None
    discount_approved: Approved | None = None

    @property
    def gross(self) -> Rupiah:
        return self.unit_price * self.qty

    @property
    def discount_amount(self) -> Rupiah:
        return 0 if self.discount is None else self.discount.amount_off(self.gross)

    @property
    def total(self) -> Rupiah:
        """What the line comes to after its own discount (before the sale discount)."""
        return self.gross - self.discount_amount

    @property
    def overridden(self) -> bool:
        return self.list_price is not None and self.list_price != self.unit_price

    def to_dict(self) -> dict[str, Any]:
        return {
            "product_id": self.product_id,
            "sku": self.sku,
            "name": self.name,
            "unit_price": self.unit_price,
            "qty": self.qty,
            "list_price": self.list_price,
            "discount": None if self.discount is None else self.discount.to_dict(),
            "price_approved": _approved_dict(self.price_approved),
            "discount_approved": _approved_dict(self.discount_approved),
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> "CartLine":
        discount = raw.get("discount")
        list_price = raw.get("list_price")
        return cls(
            product_id=int(raw["product_id"]),
            sku=str(raw["sku"]),
            name=str(raw["name"]),
            unit_price=int(raw["unit_price"]),
            qty=int(raw["qty"]),
            list_price=None if list_price is None else int(list_price),
            discount=None if discount is None else Discount.from_dict(discount),
            price_approved=Approved.from_dict(raw.get("price_approved")),
            discount_approved=Approved.from_dict(raw.get("discount_approved")),
        )


def _approved_dict(approved: Approved | None) -> dict[str, Any] | None:
    return None if approved is None else approved.to_dict()


@dataclass
class Cart:
    """The sale being rung up: its lines and the discount on the whole sale."""

    lines: list[CartLine] = field(default_factory=list)
    discount: Discount | None = None
    discount_approved: Approved | None = None

    def add(self, product_id: int, sku: str, name: str, unit_price: Rupiah, qty: int = 1) -> int:
        """Add `qty` of a product; the same product again raises the quantity of its line.

        Returns the index of the line that changed.
        """
        check_qty(qty)
        for index, line in enumerate(self.lines):
            if (
                line.product_id == product_id
                and line.unit_price == unit_price
                and line.list_price is None
            ):
                check_qty(line.qty + qty)
                line.qty += qty
                return index
        self.lines.append(CartLine(product_id, sku, name, unit_price, qty))
        return len(self.lines) - 1

    def set_qty(self, index: int, qty: int) -> None:
        check_qty(qty)
        line = self.lines[index]
        if line.discount is not None and qty < line.qty:
            self._check_line_discount(line.discount, line.unit_price * qty)
        before = line.qty
        line.qty = qty
        try:
            self._check_sale_discount()
        except DiscountProblem:
            line.qty = before
            raise

    def change_qty(self, index: int, delta: int) -> None:
        """Raise or lower a quantity by `delta`; below 1 is refused, removing is explicit."""
        self.set_qty(index, self.lines[index].qty + delta)

    def remove(self, index: int) -> CartLine:
        line = self.lines.pop(index)
        try:
            self._check_sale_discount()
        except DiscountProblem:
            self.lines.insert(index, line)
            raise
        return line

    def clear(self) -> None:
        self.lines.clear()
        self.discount = None
        self.discount_approved = None

    def set_line_discount(
        self, index: int, discount: Discount | None, approved: Approved | None = None
    ) -> None:
        """Give line `index` a discount (None removes it); refused when larger than the line."""
        line = self.lines[index]
        if discount is not None:
            check_fits(discount, line.gross)
        old = (line.discount, line.discount_approved)
        line.discount = discount
        line.discount_approved = approved if discount is not None else None
        try:
            self._check_sale_discount()
        except DiscountProblem:
            line.discount, line.discount_approved = old
            raise

    def set_price(self, index: int, price: Rupiah, approved: Approved | None = None) -> None:
        """Change the price of line `index` at the counter (a price override); back to the
        catalog price ends the override."""
        if not is_whole(price) or price < 0:
            raise DiscountProblem(_("The price must be a whole number of rupiah, 0 or more."))
        if price > MAX_AMOUNT:
            raise DiscountProblem(_("The amount is too large."))
        line = self.lines[index]
        if line.discount is not None:
            self._check_line_discount(line.discount, price * line.qty)
        old = (line.unit_price, line.list_price, line.price_approved)
        list_price = line.unit_price if line.list_price is None else line.list_price
        line.unit_price = price
        line.list_price = None if price == list_price else list_price
        line.price_approved = None if line.list_price is None else approved
        try:
            self._check_sale_discount()
        except DiscountProblem:
            line.unit_price, line.list_price, line.price_approved = old
            raise

    def set_discount(self, discount: Discount | None, approved: Approved | None = None) -> None:
        """The discount on the whole sale (None removes it); refused when larger than it."""
        if discount is not None:
            check_fits(discount, self.subtotal)
        self.discount = discount
        self.discount_approved = approved if discount is not None else None

    def _check_line_discount(self, discount: Discount, base: Rupiah) -> None:
        try:
            check_fits(discount, base)
        except DiscountProblem as e:
            raise DiscountProblem(
                _("{problem} Remove or change the discount first.").format(problem=e.message)
            ) from None

    def _check_sale_discount(self) -> None:
        if self.discount is not None:
            self._check_line_discount(self.discount, self.subtotal)

    @property
    def subtotal(self) -> Rupiah:
        """The lines after their own discounts, before the sale discount."""
        return sum(line.total for line in self.lines)

    @property
    def sale_discount_amount(self) -> Rupiah:
        return 0 if self.discount is None else self.discount.amount_off(self.subtotal)

    @property
    def discount_total(self) -> Rupiah:
        """Every rupiah off: line discounts and the sale discount."""
        return sum(line.discount_amount for line in self.lines) + self.sale_discount_amount

    @property
    def total(self) -> Rupiah:
        return self.subtotal - self.sale_discount_amount

    def sale_discount_shares(self) -> list[Rupiah]:
        """The sale discount split over the lines (pos.core.pricing.spread), line by line."""
        return spread(self.sale_discount_amount, [line.total for line in self.lines])

    @property
    def item_count(self) -> int:
        return sum(line.qty for line in self.lines)

    def is_empty(self) -> bool:
        return not self.lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": [line.to_dict() for line in self.lines],
            "discount": None if self.discount is None else self.discount.to_dict(),
            "discount_approved": _approved_dict(self.discount_approved),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Cart":
        discount = data.get("discount")
        return cls(
            [CartLine.from_dict(raw) for raw in data.get("lines", [])],
            None if discount is None else Discount.from_dict(discount),
            Approved.from_dict(data.get("discount_approved")),
        )
