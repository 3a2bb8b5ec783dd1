"""The cart is written on the first event-loop turn after a change, and retried until it is."""

import pytest
from PySide6.QtWidgets import QApplication

from pos.core.errors import DatabaseProblem
from pos.i18n import set_language
from pos.services import sales
from pos.ui.cart_saver import CartSaver


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


class FakeDisk:
    """Counts writes; refuses the first `failures` of them as a locked database would."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.writes = 0

    def save(self) -> None:
        if self.failures:
            self.failures -= 1
            raise DatabaseProblem("database is locked")
        self.writes += 1


def test_written_on_the_next_turn_of_the_event_loop(qtbot) -> None:  # type: ignore[no-untyped-def]
    disk = FakeDisk()
    saver = CartSaver(disk.save)
    for _ in range(5):  # a burst of scans handled in one go: one write
        saver.changed()
    assert disk.writes == 0 and saver.pending()  # the repaint comes first
    QApplication.processEvents()
    assert disk.writes == 1 and not saver.pending()


def test_a_refused_write_is_retried_until_it_works(qtbot) -> None:  # type: ignore[no-untyped-def]
    disk = FakeDisk(failures=3)
    saver = CartSaver(disk.save)
    told, recovered = [], []
    saver.failing.connect(told.append)
    saver.recovered.connect(lambda: recovered.append(True))
    saver.changed()

    qtbot.waitUntil(lambda: disk.writes == 1, timeout=5_000)

    assert not saver.pending()
    assert len(told) == 2  # not after the first quick retry
    assert "could not be saved yet" in told[0] and "database is locked" in told[0]
    assert recovered == [True]


def test_a_new_change_during_retries_is_written_at_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    disk = FakeDisk(failures=1)
    saver = CartSaver(disk.save)
    saver.changed()
    QApplication.processEvents()
    assert disk.writes == 0 and saver.pending()
    saver.changed()  # does not wait for the retry delay
    QApplication.processEvents()
    assert disk.writes == 1


def test_stop_ends_the_retries(qtbot) -> None:  # type: ignore[no-untyped-def]
    disk = FakeDisk(failures=1)
    saver = CartSaver(disk.save)
    assert not saver.save_now()
    saver.stop()
    qtbot.wait(300)  # longer than the first retry delay
    assert disk.writes == 0 and disk.failures == 0


def test_the_sale_screen_writes_a_scan_on_the_next_turn(qtbot, screen, demo_db) -> None:  # type: ignore[no-untyped-def]
    assert screen.add_code("8997700001012")
    QApplication.processEvents()
    assert [line.sku for line in sales.load_pending_cart(demo_db).lines] == ["KK-NAS-500"]


def test_a_restored_cart_is_not_written_over_at_start(qtbot, demo_db, cashier, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pos.ui.sale_screen import SaleScreen

    first = SaleScreen(demo_db, cashier, tmp_path / "receipts")
    qtbot.addWidget(first)
    first.add_code("3*2000000000152")  # 3x Dipan Jati, one in stock: as in the report
    first.add_code("8997700001050")  # Cookies Coklat
    QApplication.processEvents()
    saved = sales.load_pending_cart(demo_db)

    again = SaleScreen(demo_db, cashier, tmp_path / "receipts")
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    QApplication.processEvents()

    assert again.cart == saved and [line.qty for line in saved.lines] == [3, 1]
    assert sales.load_pending_cart(demo_db) == saved
    assert not again.saver.pending()
