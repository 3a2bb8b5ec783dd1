"""The cart of the customer at the counter: lines, quantities, totals. Plain data, no I/O."""

from dataclasses import asdict, dataclass, field
from typing import Any

from pos.core.money import Rupiah
from pos.core.quantities import check_qty


@dataclass
class CartLine:
    """One product on the cart, at the price it was scanned at."""

    product_id: int
    sku: str
    name: str
    unit_price: Rupiah
    qty: int = 1

    @property
    def total(self) -> Rupiah:
        return self.unit_price * self.qty


@dataclass
class Cart:
    """The lines being rung up for the customer at the counter."""

    lines: list[CartLine] = field(default_factory=list)

    def add(self, product_id: int, sku: str, name: str, unit_price: Rupiah, qty: int = 1) -> int:
        """Add `qty` of a product; the same product again raises the quantity of its line.

        Returns the index of the line that changed.
        """
        check_qty(qty)
        for index, line in enumerate(self.lines):
            if line.product_id == product_id and line.unit_price == unit_price:
                check_qty(line.qty + qty)
                line.qty += qty
                return index
        self.lines.append(CartLine(product_id, sku, name, unit_price, qty))
        return len(self.lines) - 1

    def set_qty(self, index: int, qty: int) -> None:
        check_qty(qty)
        self.lines[index].qty = qty

    def change_qty(self, index: int, delta: int) -> None:
        """Raise or lower a quantity by `delta`; below 1 is refused, removing is explicit."""
        self.set_qty(index, self.lines[index].qty + delta)

    def remove(self, index: int) -> CartLine:
        return self.lines.pop(index)

    def clear(self) -> None:
        self.lines.clear()

    @property
    def total(self) -> Rupiah:
        return sum(line.total for line in self.lines)

    @property
    def item_count(self) -> int:
        return sum(line.qty for line in self.lines)

    def is_empty(self) -> bool:
        return not self.lines

    def to_dict(self) -> dict[str, Any]:
        return {"lines": [asdict(line) for line in self.lines]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Cart":
        lines = [
            CartLine(
                product_id=int(raw["product_id"]),
                sku=str(raw["sku"]),
                name=str(raw["name"]),
                unit_price=int(raw["unit_price"]),
                qty=int(raw["qty"]),
            )
            for raw in data.get("lines", [])
        ]
        return cls(lines)
