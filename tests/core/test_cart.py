import pytest

from pos.core.cart import Cart
from pos.core.errors import InvalidQuantity
from pos.core.pricing import Discount, make_discount
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


def _discount(kind: str, value: int) -> Discount:
    return make_discount(kind, value, "pelanggan tetap")


def test_line_and_sale_discounts_add_up_to_the_total() -> None:
    from pos.core.cart import Approved
    from pos.core.pricing import AMOUNT, PERCENT

    cart = Cart()
    cart.add(1, "A", "Nastar", 65_000, qty=2)
    cart.add(2, "B", "Tempe", 5_000, qty=3)
    cart.set_line_discount(0, _discount(PERCENT, 10))
    assert cart.lines[0].total == 117_000 and cart.subtotal == 132_000
    cart.set_discount(_discount(AMOUNT, 2_001), Approved(7, "Pak Joko"))
    assert cart.total == 129_999
    assert cart.discount_total == 13_000 + 2_001
    shares = cart.sale_discount_shares()
    assert sum(shares) == 2_001
    nets = [line.total - share for line, share in zip(cart.lines, shares, strict=True)]
    assert sum(nets) == cart.total
    again = Cart.from_dict(cart.to_dict())
    assert again == cart and again.discount_approved == Approved(7, "Pak Joko")


def test_a_discount_larger_than_what_it_discounts_is_refused() -> None:
    from pos.core.pricing import AMOUNT, DiscountProblem

    cart = Cart()
    cart.add(1, "A", "Peci", 35_000, qty=2)
    with pytest.raises(DiscountProblem):
        cart.set_line_discount(0, _discount(AMOUNT, 70_001))
    cart.set_line_discount(0, _discount(AMOUNT, 40_000))
    with pytest.raises(DiscountProblem, match="Hapus atau ubah"):
        cart.set_qty(0, 1)  # Rp40.000 off a Rp35.000 line
    assert cart.lines[0].qty == 2
    with pytest.raises(DiscountProblem):
        cart.set_discount(_discount(AMOUNT, 30_001))
    cart.set_discount(_discount(AMOUNT, 30_000))
    cart.add(2, "B", "Tempe", 5_000)
    with pytest.raises(DiscountProblem):
        cart.remove(0)
    assert len(cart.lines) == 2


def test_price_override_keeps_the_catalog_price_and_ends_at_it() -> None:
    from pos.core.cart import Approved
    from pos.core.pricing import DiscountProblem

    cart = Cart()
    cart.add(1, "A", "Kursi", 850_000)
    cart.set_price(0, 800_000, Approved(3, "Pak Joko"))
    line = cart.lines[0]
    assert (line.unit_price, line.list_price, line.overridden) == (800_000, 850_000, True)
    assert cart.add(1, "A", "Kursi", 850_000) == 1  # a new line at the catalog price
    cart.set_price(0, 850_000)
    assert (line.list_price, line.price_approved) == (None, None)
    with pytest.raises(DiscountProblem):
        cart.set_price(0, -1)
