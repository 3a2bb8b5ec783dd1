import pytest

from pos.core.errors import PermissionDenied, PosError
from pos.services import products, stock
from pos.services.auth import supervisor_actor
from pos.services.stock import StockLine


@pytest.fixture
def boss(demo_db):  # type: ignore[no-untyped-def]
    return supervisor_actor(demo_db)


def sku(db, code: str) -> int:  # type: ignore[no-untyped-def]
    return products.product_id_by_sku(db, code)


def on_hand(db, code: str) -> int:  # type: ignore[no-untyped-def]
    return stock.stock_on_hand(db).get(sku(db, code), 0)


def test_receive_from_workshop(demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    bakery = next(w.id for w in products.workshops(demo_db) if w.name == "Tata Boga")
    nastar, tempe = sku(demo_db, "KK-NAS-500"), sku(demo_db, "MK-TMP-01")
    doc = stock.receive(
        demo_db, boss, bakery, [StockLine(nastar, 12), StockLine(tempe, 40)], note="Kiriman pagi"
    )
    assert on_hand(demo_db, "KK-NAS-500") == 24 + 12 and on_hand(demo_db, "MK-TMP-01") == 60 + 40
    assert stock.received_lines(demo_db, doc) == [StockLine(nastar, 12), StockLine(tempe, 40)]
    top = stock.history(demo_db, nastar)[0]
    assert (top.kind, top.qty, top.balance, top.reference, top.note) == (
        "receive",
        12,
        36,
        "Tata Boga",
        "Kiriman pagi",
    )


@pytest.mark.parametrize("qty", [0, -3, 2_000_000])
def test_receive_refuses_bad_quantities(demo_db, boss, qty: int) -> None:  # type: ignore[no-untyped-def]
    before = stock.total_movements(demo_db)
    with pytest.raises(PosError):
        stock.receive(
            demo_db,
            boss,
            None,
            [StockLine(sku(demo_db, "KK-NAS-500"), 5), StockLine(sku(demo_db, "MK-TMP-01"), qty)],
        )
    assert stock.total_movements(demo_db) == before


def test_cashier_cannot_move_stock(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        stock.adjust(demo_db, cashier, sku(demo_db, "KK-NAS-500"), -1, "rusak")


def test_adjust_with_reason_may_go_below_zero(demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    pid = sku(demo_db, "MB-LMR-3P")  # one in stock
    stock.adjust(demo_db, boss, pid, -3, "hilang", "dicek ulang")
    assert on_hand(demo_db, "MB-LMR-3P") == -2
    low = {r.sku: r for r in stock.low_stock(demo_db)}
    assert low["MB-LMR-3P"].stock == -2
    assert stock.history(demo_db, pid)[0].reference == "Hilang"
    with pytest.raises(PosError, match="alasan"):
        stock.adjust(demo_db, boss, pid, 1, "dicuri")


def test_stock_count_books_differences(demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    nastar, mug, peci = (
        sku(demo_db, "KK-NAS-500"),
        sku(demo_db, "SV-MUG-01"),
        sku(demo_db, "PK-PCI-HTM"),
    )
    diffs = stock.count(demo_db, boss, {nastar: 20, mug: 24, peci: 31})
    by_id = {d.product_id: d for d in diffs}
    assert (by_id[nastar].expected, by_id[nastar].difference) == (24, -4)
    assert by_id[mug].difference == 0 and by_id[peci].difference == 1
    assert on_hand(demo_db, "KK-NAS-500") == 20 and on_hand(demo_db, "PK-PCI-HTM") == 31
    assert [r.kind for r in stock.history(demo_db, mug)] == ["opening"]  # no zero movement


def test_stock_count_refuses_negative_counts(demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    before = stock.total_movements(demo_db)
    with pytest.raises(PosError):
        stock.count(demo_db, boss, {sku(demo_db, "KK-NAS-500"): 3, sku(demo_db, "SV-MUG-01"): -1})
    assert stock.total_movements(demo_db) == before


def test_low_stock_list(demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    low = {r.sku for r in stock.low_stock(demo_db)}
    # demo low-stock level is 3: the furniture with 1-3 in stock and the 0-stock orders
    assert {"MB-SET-TMU", "MB-LMR-3P", "SV-MUG-FOT"} <= low
    assert "KK-NAS-500" not in low
