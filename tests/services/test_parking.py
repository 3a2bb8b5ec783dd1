"""Park, recall and drop: a parked sale waits in the database, never sold, never moving stock."""

from datetime import datetime

import pytest
from sale_helpers import cart_of, stock
from sqlalchemy import text

from pos.core.cart import Cart
from pos.core.errors import EmptyCart, NotFound
from pos.printing.shift_report import report_rows
from pos.services import audit, audit_verify, parking, sales, shifts
from pos.services.parking import ParkingProblem


@pytest.fixture(autouse=True)
def _english() -> None:
    from pos.i18n import set_language

    set_language("en")  # the messages are checked in their source words


def _count(db, sql: str) -> int:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar_one())


def test_park_then_recall_gives_the_same_cart(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    cart = cart_of(demo_db, "KK-NAS-500", "KK-NAS-500", "MK-TMP-01")
    sales.save_pending_cart(demo_db, cart)
    before_stock = stock(demo_db, "KK-NAS-500")
    moves = _count(demo_db, "SELECT count(*) FROM stock_movements")

    parked = parking.park(demo_db, cashier, cart, "  Ibu   berbaju merah ")
    assert parked.label == "Ibu berbaju merah"
    assert (parked.total, parked.items) == (cart.total, 3)
    # The counter's cart is gone from the database in the same transaction.
    assert sales.load_pending_cart(demo_db).is_empty()
    assert [p.label for p in parking.list_parked(demo_db)] == ["Ibu berbaju merah"]
    assert parking.list_parked(demo_db)[0].parked_by == cashier.name

    recalled = parking.recall(demo_db, cashier, parked.id)
    assert recalled == cart
    assert sales.load_pending_cart(demo_db) == cart  # a crash now loses nothing
    assert parking.list_parked(demo_db) == []
    # Never sold, never moved stock.
    assert _count(demo_db, "SELECT count(*) FROM sales") == 0
    assert _count(demo_db, "SELECT count(*) FROM stock_movements") == moves
    assert stock(demo_db, "KK-NAS-500") == before_stock


def test_many_wait_and_the_recalled_one_sells(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    first = parking.park(demo_db, cashier, cart_of(demo_db, "KK-NAS-500"), "1")
    parking.park(demo_db, cashier, cart_of(demo_db, "MK-TMP-01"), "2")
    assert [p.label for p in parking.list_parked(demo_db)] == ["1", "2"]
    cart = parking.recall(demo_db, cashier, first.id)
    result = sales.checkout_cash(demo_db, cashier, cart, cart.total)
    assert result.total == cart.total
    assert sales.load_pending_cart(demo_db).is_empty()
    assert [p.label for p in parking.list_parked(demo_db)] == ["2"]


@pytest.mark.parametrize(
    ("label", "words"),
    [("", "name or a number"), ("   ", "name or a number"), ("x" * 41, "at most 40"),
     ("A\x00B", "control"), ("A\tB", "control")],
)  # fmt: skip
def test_bad_labels_are_refused(demo_db, cashier, label: str, words: str) -> None:  # type: ignore[no-untyped-def]
    cart = cart_of(demo_db, "KK-NAS-500")
    sales.save_pending_cart(demo_db, cart)
    with pytest.raises(ParkingProblem, match=words):
        parking.park(demo_db, cashier, cart, label)
    assert parking.list_parked(demo_db) == []
    assert sales.load_pending_cart(demo_db) == cart  # nothing changed


def test_a_label_waiting_already_is_refused(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    parking.park(demo_db, cashier, cart_of(demo_db, "KK-NAS-500"), "Pak Budi")
    with pytest.raises(ParkingProblem, match="already"):
        parking.park(demo_db, cashier, cart_of(demo_db, "MK-TMP-01"), "pak budi")
    assert len(parking.list_parked(demo_db)) == 1


def test_an_empty_cart_is_not_parked(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EmptyCart):
        parking.park(demo_db, cashier, Cart(), "1")


def test_recall_needs_the_counter_free_and_the_sale_waiting(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    waiting = parking.park(demo_db, cashier, cart_of(demo_db, "KK-NAS-500"), "1")
    on_counter = cart_of(demo_db, "MK-TMP-01")
    sales.save_pending_cart(demo_db, on_counter)
    with pytest.raises(ParkingProblem, match="Finish or park"):
        parking.recall(demo_db, cashier, waiting.id)
    assert [p.id for p in parking.list_parked(demo_db)] == [waiting.id]
    assert sales.load_pending_cart(demo_db) == on_counter
    sales.save_pending_cart(demo_db, Cart())
    parking.recall(demo_db, cashier, waiting.id)
    sales.save_pending_cart(demo_db, Cart())
    with pytest.raises(NotFound):
        parking.recall(demo_db, cashier, waiting.id)  # recalled already (another till?)
    with pytest.raises(NotFound):
        parking.drop(demo_db, cashier, waiting.id)


def test_drop_is_audited(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    cart = cart_of(demo_db, "KK-NAS-500", "KK-NAS-500")
    parked = parking.park(demo_db, cashier, cart, "Meja 3")
    assert parking.drop(demo_db, cashier, parked.id) == "Meja 3"
    assert parking.list_parked(demo_db) == []
    entries = audit_verify.list_entries(demo_db)
    action, detail = entries[-1].action, entries[-1].detail
    assert action == "parked_drop"
    fields = audit.fields(detail) if isinstance(detail, str) else detail
    assert fields["label"] == "Meja 3"
    assert fields["total"] == cart.total
    assert fields["lines"] == ["2 x KK-NAS-500"]
    assert entries[-2].action == "sale_park"
    assert audit.verify(demo_db).ok
    assert _count(demo_db, "SELECT count(*) FROM sales") == 0


def test_x_report_lists_what_waits(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    one = parking.park(demo_db, cashier, cart_of(demo_db, "KK-NAS-500"), "Ibu Ani")
    parking.park(demo_db, cashier, cart_of(demo_db, "MK-TMP-01", "MK-TMP-01"), "7")
    summary = shifts.current_shift(demo_db)
    assert summary is not None
    assert [(p.label, p.items) for p in summary.parked] == [("Ibu Ani", 1), ("7", 2)]
    assert summary.sales_count == 0 and summary.sales_total == 0  # parked is not sold
    rows = report_rows(summary, "Lapak", datetime(2026, 11, 27, 20, 0))
    texts = [r.left for r in rows]
    assert "Parked, not sold (2)" in texts
    assert any(t.endswith("Ibu Ani") for t in texts)
    parking.drop(demo_db, cashier, one.id)
    summary = shifts.current_shift(demo_db)
    assert summary is not None
    assert [p.label for p in summary.parked] == ["7"]
