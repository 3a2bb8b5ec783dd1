import pytest

from pos.core.barcodes import is_valid_gs1
from pos.core.cart import Cart
from pos.core.errors import PermissionDenied
from pos.core.product import InvalidProduct, ProductFields
from pos.services import catalog, products, sales, settings, stock
from pos.services.auth import supervisor_actor


@pytest.fixture
def boss(demo_db):  # type: ignore[no-untyped-def]
    return supervisor_actor(demo_db)


def fields(**kw) -> ProductFields:  # type: ignore[no-untyped-def]
    base = {
        "sku": "KY-BARU-01",
        "name": "Kotak Perhiasan Kayu",
        "price": 120_000,
        "category": "Kerajinan Kayu",
        "workshop": "Kerajinan Kayu",
        "unit": "pcs",
    }
    return ProductFields(**{**base, **kw})


def test_create_and_edit(demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    pid = products.save_product(
        demo_db, boss, fields(sku=" ky-baru-01 ", name="  Kotak   Perhiasan ")
    )
    detail = products.get_product(demo_db, pid)
    assert detail.fields.sku == "KY-BARU-01" and detail.fields.name == "Kotak Perhiasan"
    assert detail.stock == 0 and detail.buildable is None
    products.save_product(demo_db, boss, fields(price=135_000, pirt="123"), product_id=pid)
    assert catalog.find_by_code(demo_db, "KY-BARU-01").price == 135_000
    assert [p.sku for p in catalog.search(demo_db, "perhiasan")] == ["KY-BARU-01"]


def test_cashier_cannot_edit_the_catalog(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        products.save_product(demo_db, cashier, fields())


def test_every_problem_is_reported(demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    bad = fields(
        sku="KK-NAS-500",
        barcode="8997700001029",
        price=-5,
        name="",
        category="Tidak Ada",
        shelf_life_days=0,
    )
    with pytest.raises(InvalidProduct) as caught:
        products.save_product(demo_db, boss, bad)
    by_field = {e.field: e.message for e in caught.value.errors}
    assert set(by_field) >= {"sku", "barcode", "price", "name", "category", "shelf_life_days"}
    assert "Nastar Keju Toples 500 gr" in by_field["sku"]
    assert "Nastar Nanas Toples 250 gr" in by_field["barcode"]  # who holds the code
    assert catalog.product_count(demo_db) == 46


def test_bad_check_digit_is_refused(demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidProduct, match="Digit pemeriksa"):
        products.save_product(demo_db, boss, fields(barcode="8997700001013"))


def test_missing_category_can_be_created(demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    pid = products.save_product(
        demo_db, boss, fields(category="Souvenir Baru"), create_missing=True
    )
    assert products.get_product(demo_db, pid).fields.category == "Souvenir Baru"
    assert "Souvenir Baru" in [c.name for c in products.categories(demo_db)]


def test_generated_barcodes_are_valid_and_unused(demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    first = products.generate_barcode(demo_db)
    assert is_valid_gs1(first) and first.startswith("20")
    assert first not in {p.barcode for p in catalog.list_products(demo_db, include_inactive=True)}
    products.save_product(demo_db, boss, fields(barcode=first))
    second = products.generate_barcode(demo_db)
    assert second != first and is_valid_gs1(second)
    settings.set_value(demo_db, settings.INSTORE_PREFIX, 27)
    assert products.generate_barcode(demo_db).startswith("27")


def test_deactivated_product_keeps_its_sales(demo_db, boss, cashier) -> None:  # type: ignore[no-untyped-def]
    p = catalog.find_by_code(demo_db, "MK-TMP-01")
    cart = Cart()
    cart.add(p.id, p.sku, p.name, p.price)
    sales.checkout_cash(demo_db, cashier, cart, 5_000)
    products.set_active(demo_db, boss, p.id, False)
    assert "MK-TMP-01" not in {x.sku for x in catalog.list_products(demo_db)}
    assert "MK-TMP-01" in {x.sku for x in catalog.list_products(demo_db, include_inactive=True)}
    assert products.get_product(demo_db, p.id).stock == 59


def _sku_id(db, sku: str) -> int:  # type: ignore[no-untyped-def]
    return products.product_id_by_sku(db, sku)


def test_bundle_sale_moves_components(demo_db, boss, cashier) -> None:  # type: ignore[no-untyped-def]
    hamper = _sku_id(demo_db, "HP-RMD-S")
    products.save_product(
        demo_db,
        boss,
        fields(
            sku="HP-RMD-S",
            name="Hampers Ramadan Kecil (3 toples)",
            price=150_000,
            category="Hampers",
            workshop="Tata Boga",
            unit="paket",
            components=(("KK-NAS-250", 2), ("KK-SEM-01", 1)),
        ),
        product_id=hamper,
    )
    detail = products.get_product(demo_db, hamper)
    # 30 nastar // 2 = 15, 20 semprong // 1 = 20
    assert detail.buildable == 15
    before = stock.stock_on_hand(demo_db)
    cart = Cart()
    cart.add(hamper, "HP-RMD-S", "Hampers", 150_000, qty=3)
    result = sales.checkout_cash(demo_db, cashier, cart, 450_000)
    after = stock.stock_on_hand(demo_db)
    nastar, semprong = _sku_id(demo_db, "KK-NAS-250"), _sku_id(demo_db, "KK-SEM-01")
    assert after[nastar] == before[nastar] - 6 and after[semprong] == before[semprong] - 3
    assert after.get(hamper, 0) == before.get(hamper, 0)  # the bundle's own stock is untouched
    rows = stock.history(demo_db, nastar)
    assert rows[0].reference == result.receipt_no and rows[0].qty == -6
    assert products.get_product(demo_db, hamper).buildable == 12


def test_bundle_cannot_contain_itself(demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    small, big = _sku_id(demo_db, "HP-RMD-S"), _sku_id(demo_db, "HP-RMD-L")
    original = products.get_product(demo_db, small).fields.components
    base = {"category": "Hampers", "workshop": "Tata Boga", "unit": "paket"}
    products.save_product(
        demo_db,
        boss,
        fields(
            sku="HP-RMD-L",
            name="Hampers Besar",
            price=400_000,
            components=(("HP-RMD-S", 2),),
            **base,
        ),
        product_id=big,
    )
    with pytest.raises(InvalidProduct, match="tidak boleh berisi dirinya"):
        products.save_product(
            demo_db,
            boss,
            fields(
                sku="HP-RMD-S",
                name="Hampers Kecil",
                price=150_000,
                components=(("HP-RMD-L", 1),),
                **base,
            ),
            product_id=small,
        )
    with pytest.raises(InvalidProduct):
        products.save_product(
            demo_db,
            boss,
            fields(
                sku="HP-RMD-S",
                name="Hampers Kecil",
                price=150_000,
                components=(("HP-RMD-S", 1),),
                **base,
            ),
            product_id=small,
        )
    assert products.get_product(demo_db, small).fields.components == original
