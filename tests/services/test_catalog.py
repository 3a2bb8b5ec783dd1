import pytest
from sqlalchemy import update

from pos.core.errors import InvalidBarcode, UnknownProduct
from pos.db.models import Product
from pos.services import catalog


def test_find_by_barcode_and_sku(demo_db) -> None:  # type: ignore[no-untyped-def]
    by_code = catalog.find_by_code(demo_db, "8997700001012")
    assert by_code.sku == "KK-NAS-500" and by_code.price == 65_000
    assert catalog.find_by_code(demo_db, "MK-TMP-01").name == "Tempe Papan"
    assert catalog.find_by_code(demo_db, "mk-tmp-01").sku == "MK-TMP-01"


def test_unknown_valid_code(demo_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownProduct, match="Tidak ada produk"):
        catalog.find_by_code(demo_db, "8992761166083")


def test_bad_check_digit(demo_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidBarcode):
        catalog.find_by_code(demo_db, "8997700001013")


def test_long_paste(demo_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidBarcode, match="terlalu panjang"):
        catalog.find_by_code(demo_db, "8" * 300)


def test_inactive_product_is_not_sold(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.Session.begin() as s:
        s.execute(update(Product).where(Product.sku == "MK-TMP-01").values(active=False))
    with pytest.raises(UnknownProduct, match="sudah tidak dijual"):
        catalog.find_by_code(demo_db, "MK-TMP-01")


def test_search_by_fragments(demo_db) -> None:  # type: ignore[no-untyped-def]
    names = [p.name for p in catalog.search(demo_db, "KURSI jat")]
    assert "Kursi Jati Minimalis" in names and "Kursi Jati Ukir Sandaran Tinggi" in names
    assert all("kursi" in n.lower() and "jat" in n.lower() for n in names)
    found = catalog.search(demo_db, "nastar")
    assert found and all(p.stock is not None for p in found)
    assert catalog.search(demo_db, "   ") == []
    assert catalog.search(demo_db, "100%") == []


def test_list_products_has_stock(demo_db) -> None:  # type: ignore[no-untyped-def]
    products = catalog.list_products(demo_db)
    assert len(products) >= 40
    nastar = next(p for p in products if p.sku == "KK-NAS-500")
    assert nastar.stock == 24 and nastar.workshop == "Tata Boga"
