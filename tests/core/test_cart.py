import pytest

from pos.core.cart import Cart
from pos.core.errors import InvalidQuantity
from pos.core.quantities import MAX_QTY


def test_same_product_raises_quantity() -> None:
    cart = Cart()
    assert cart.add(1, "A", "Nastar", 65_000) == 0
    assert cart.add(2, "B", "Tempe", 5_000, qty=3) == 1
    assert cart.add(1, "A", "Nastar", 65_000) == 0
    assert [line.qty for line in cart.lines] == [2, 3]
    assert cart.total == 2 * 65_000 + 3 * 5_000
    assert cart.item_count == 5


def test_change_set_remove() -> None:
    cart = Cart()
    cart.add(1, "A", "Kursi", 850_000)
    cart.add(2, "B", "Meja", 1_750_000)
    cart.change_qty(0, +2)
    cart.set_qty(1, 4)
    assert cart.total == 3 * 850_000 + 4 * 1_750_000
    removed = cart.remove(0)
    assert removed.name == "Kursi"
    assert cart.total == 7_000_000


@pytest.mark.parametrize("qty", [0, -1, MAX_QTY + 1])
def test_bad_quantities_change_nothing(qty: int) -> None:
    cart = Cart()
    cart.add(1, "A", "Tempe", 5_000, qty=2)
    with pytest.raises(InvalidQuantity):
        cart.set_qty(0, qty)
    with pytest.raises(InvalidQuantity):
        cart.add(1, "A", "Tempe", 5_000, qty=qty)
    assert cart.lines[0].qty == 2


def test_quantity_cannot_drop_below_one() -> None:
    cart = Cart()
    cart.add(1, "A", "Tempe", 5_000)
    with pytest.raises(InvalidQuantity):
        cart.change_qty(0, -1)


def test_cart_round_trips_through_dict() -> None:
    cart = Cart()
    cart.add(1, "A", "Nastar", 65_000, qty=2)
    cart.add(7, "Z", "Peci", 35_000)
    again = Cart.from_dict(cart.to_dict())
    assert again == cart
