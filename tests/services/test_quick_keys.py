import pytest

from pos.core.errors import PermissionDenied, PosError
from pos.services import products, quick_keys
from pos.services.auth import supervisor_actor


def clear_all(db, boss) -> None:  # type: ignore[no-untyped-def]
    for position in range(1, quick_keys.MAX_KEYS + 1):
        quick_keys.set_key(db, boss, position, None)


def test_demo_has_quick_keys_for_items_without_barcode(demo_db) -> None:  # type: ignore[no-untyped-def]
    keys = quick_keys.list_keys(demo_db)
    assert keys[0].sku == "MK-TMP-01" and len(keys) >= 4


def test_set_move_and_clear(demo_db) -> None:  # type: ignore[no-untyped-def]
    boss = supervisor_actor(demo_db)
    clear_all(demo_db, boss)
    tempe = products.product_id_by_sku(demo_db, "MK-TMP-01")
    roti = products.product_id_by_sku(demo_db, "MK-ROT-01")
    quick_keys.set_key(demo_db, boss, 1, tempe)
    quick_keys.set_key(demo_db, boss, 2, roti)
    assert [(k.position, k.sku) for k in quick_keys.list_keys(demo_db)] == [
        (1, "MK-TMP-01"),
        (2, "MK-ROT-01"),
    ]
    quick_keys.set_key(demo_db, boss, 5, tempe)  # moves tempe from key 1
    assert [(k.position, k.sku) for k in quick_keys.list_keys(demo_db)] == [
        (2, "MK-ROT-01"),
        (5, "MK-TMP-01"),
    ]
    quick_keys.set_key(demo_db, boss, 2, None)
    assert [k.position for k in quick_keys.list_keys(demo_db)] == [5]


def test_refusals(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    boss = supervisor_actor(demo_db)
    clear_all(demo_db, boss)
    tempe = products.product_id_by_sku(demo_db, "MK-TMP-01")
    with pytest.raises(PermissionDenied):
        quick_keys.set_key(demo_db, cashier, 1, tempe)
    with pytest.raises(PosError):
        quick_keys.set_key(demo_db, boss, 25, tempe)
    products.set_active(demo_db, boss, tempe, False)
    with pytest.raises(PosError):
        quick_keys.set_key(demo_db, boss, 1, tempe)
    assert quick_keys.list_keys(demo_db) == []


def test_replace_all_is_one_transaction(demo_db) -> None:  # type: ignore[no-untyped-def]
    boss = supervisor_actor(demo_db)
    before = quick_keys.list_keys(demo_db)
    tempe = products.product_id_by_sku(demo_db, "MK-TMP-01")
    roti = products.product_id_by_sku(demo_db, "MK-ROT-01")
    with pytest.raises(PosError):
        quick_keys.replace_all(demo_db, boss, [roti, None, tempe, tempe])
    assert quick_keys.list_keys(demo_db) == before
    quick_keys.replace_all(demo_db, boss, [roti, None, tempe])
    assert [(k.position, k.sku) for k in quick_keys.list_keys(demo_db)] == [
        (1, "MK-ROT-01"),
        (3, "MK-TMP-01"),
    ]
