"""Text typed at the counter or in the catalog is bounded and free of control characters."""

import pytest
from sqlalchemy import func, select

from pos.core.cart import Cart
from pos.core.payments import MAX_BANK, MAX_REFERENCE, NonCashPayment, PaymentProblem
from pos.core.product import InvalidProduct, ProductFields
from pos.db.models import Category, Payment, Product, Sale
from pos.services import catalog, products, sales
from pos.services.auth import system_actor


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.Session() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def _cart(db) -> Cart:  # type: ignore[no-untyped-def]
    cart = Cart()
    p = catalog.find_by_code(db, "KK-NAS-500")
    cart.add(p.id, p.sku, p.name, p.price)
    return cart


def test_the_limits_are_the_columns() -> None:
    assert Payment.__table__.c.reference.type.length == MAX_REFERENCE
    assert Payment.__table__.c.bank.type.length == MAX_BANK


@pytest.mark.parametrize(
    "reference,bank,expected",
    [
        ("T1", "B" * 305, "lebih dari 40 karakter"),
        ("R" * 81, "BRI", "lebih dari 80 karakter"),
        ("T1\x00", "BRI", "(?i)karakter kontrol"),
        ("T1", "BRI\x1b[2J", "(?i)karakter kontrol"),
        ('=HYPERLINK("http://evil")' + "x" * 80, "BRI", "lebih dari 80 karakter"),
    ],
)
def test_checkout_refuses_a_reference_or_bank_that_does_not_fit(
    demo_db, cashier, reference: str, bank: str, expected: str
) -> None:  # type: ignore[no-untyped-def]
    payment = NonCashPayment("transfer", 65_000, reference=reference, bank=bank, confirmed=True)
    with pytest.raises(PaymentProblem, match=expected):
        sales.checkout(demo_db, cashier, _cart(demo_db), [payment], 0)
    assert _count(demo_db, Sale) == 0 and _count(demo_db, Payment) == 0


def test_a_reference_and_bank_at_the_limit_are_kept(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    payment = NonCashPayment(
        "transfer", 65_000, reference="R" * MAX_REFERENCE, bank="B" * MAX_BANK, confirmed=True
    )
    sales.checkout(demo_db, cashier, _cart(demo_db), [payment], 0)
    with demo_db.Session() as s:
        stored = s.execute(select(Payment.reference, Payment.bank)).one()
    assert stored == ("R" * MAX_REFERENCE, "B" * MAX_BANK)


@pytest.mark.parametrize("name", ["Kue\x00Nastar", "Kue\x1bNastar", "Kue\x7fNastar"])
def test_a_product_name_with_control_characters_is_refused(demo_db, name: str) -> None:  # type: ignore[no-untyped-def]
    before = _count(demo_db, Product)
    fields = ProductFields(sku="KK-NEW-01", name=name, price=1000)
    with pytest.raises(InvalidProduct):
        products.save_product(demo_db, system_actor(demo_db), fields)
    assert _count(demo_db, Product) == before


@pytest.mark.parametrize("name", ["Kue\x00Kering", "Mebel\x1b[31m"])
def test_a_category_name_with_control_characters_is_refused(demo_db, name: str) -> None:  # type: ignore[no-untyped-def]
    before = _count(demo_db, Category)
    with pytest.raises(Exception, match=r"(?i)karakter kontrol"):
        products.add_named(demo_db, system_actor(demo_db), "category", name)
    assert _count(demo_db, Category) == before
    first = products.categories(demo_db)[0]
    with pytest.raises(Exception, match=r"(?i)karakter kontrol"):
        products.rename_named(demo_db, system_actor(demo_db), "category", first.id, name)
    assert products.categories(demo_db)[0].name == first.name
