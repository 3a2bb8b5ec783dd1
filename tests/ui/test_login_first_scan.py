"""The lock screen shows before the sale screen is built (start-up time); the sale screen is
built once the lock screen is painted, or at the PIN if that comes first, and the first scan
after the login always lands in the cart."""

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from pos.services import sales
from pos.ui.main_window import MainWindow

PIN = "1111"  # Sari, a cashier of the demo


def locked_window(qtbot, db, tmp_path: Path, after_paint: bool, wait: bool = True) -> MainWindow:  # type: ignore[no-untyped-def]
    """As pos.app starts it; `wait`: until the window has the keyboard (events run meanwhile)."""
    win = MainWindow(db, None, tmp_path / "receipts")
    qtbot.addWidget(win)
    assert win.counter.sale_screen is None
    if after_paint:
        win.build_sale_screen_after_paint()
    win.show()
    win.focus_scan()
    if wait:
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow, timeout=3000)
    return win


def type_pin(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(win.counter.lock_screen.pin, PIN)
    qtbot.keyClick(win.counter.lock_screen.pin, Qt.Key.Key_Return)


def scan(qtbot, win: MainWindow, code: str) -> None:  # type: ignore[no-untyped-def]
    field = win.sale_screen.scan_field
    assert field.hasFocus() or not win.isActiveWindow()
    qtbot.keyClicks(field, code)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_the_lock_screen_shows_without_the_sale_screen(qtbot, demo_db, cashier, tmp_path) -> None:  # type: ignore[no-untyped-def]
    win = locked_window(qtbot, demo_db, tmp_path, after_paint=False)
    assert win.counter.sale_screen is None
    assert win.counter.is_locked() and win.actor is None
    assert win.counter.pages.currentWidget() is win.counter.lock_screen
    assert win.counter.lock_screen.pin.hasFocus()
    assert win.counter.lock_screen.user_list.count() == 4
    assert not any(action.isEnabled() for action in win._actions)
    win.close()  # nothing to save or to stop: no cart, no printer thread yet
    assert win.counter.sale_screen is None


def test_built_once_the_lock_screen_is_painted_then_the_first_scan_works(  # type: ignore[no-untyped-def]
    qtbot, demo_db, cashier, tmp_path
) -> None:
    win = locked_window(qtbot, demo_db, tmp_path, after_paint=True)
    qtbot.waitUntil(lambda: win.counter.sale_screen is not None, timeout=5000)
    # Built behind the lock screen: still locked, the keyboard still on the PIN.
    assert win.counter.is_locked() and win.actor is None
    assert win.counter.pages.currentWidget() is win.counter.lock_screen
    assert win.counter.lock_screen.pin.hasFocus()
    type_pin(qtbot, win)
    assert not win.counter.is_locked() and win.actor is not None and win.actor.name == "Sari"
    scan(qtbot, win, "MK-TMP-01")
    assert [line.sku for line in win.sale_screen.cart.lines] == ["MK-TMP-01"]
    assert win.sale_screen.message.text() == "" or "MK-TMP-01" not in win.sale_screen.message.text()


def test_a_pin_typed_before_it_is_built_builds_it_and_the_first_scan_works(  # type: ignore[no-untyped-def]
    qtbot, demo_db, cashier, tmp_path
) -> None:
    win = locked_window(qtbot, demo_db, tmp_path, after_paint=False)
    type_pin(qtbot, win)
    assert win.counter.sale_screen is not None
    assert win.actor is not None and win.actor.name == "Sari"
    assert win.sale_screen.scan_field.hasFocus()
    assert win.open_shift_action.isEnabled() is not win.sale_screen.shift_label.is_open
    scan(qtbot, win, "8997700001012")
    scan(qtbot, win, "MK-TMP-01")
    assert [line.sku for line in win.sale_screen.cart.lines] == ["KK-NAS-500", "MK-TMP-01"]
    total = win.sale_screen.cart.total
    result = win.sale_screen.complete_sale(total)
    assert result is not None
    assert win.last_sale.text().endswith(result.receipt_no)  # the window heard of the sale


def test_keys_typed_as_the_window_appears_reach_the_pin_then_the_scan_field(  # type: ignore[no-untyped-def]
    qtbot, demo_db, cashier, tmp_path
) -> None:
    """A fast cashier: PIN and Enter queued before the window has painted or built anything."""
    win = locked_window(qtbot, demo_db, tmp_path, after_paint=True, wait=False)
    pin_field = win.counter.lock_screen.pin
    for key, text in [*((Qt.Key(ord(d)), d) for d in PIN), (Qt.Key.Key_Return, "\r")]:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.postEvent(
                pin_field, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
            )
    qtbot.waitUntil(lambda: not win.counter.is_locked(), timeout=5000)
    assert win.actor is not None and win.actor.name == "Sari"
    scan(qtbot, win, "MK-TMP-01")
    assert [line.sku for line in win.sale_screen.cart.lines] == ["MK-TMP-01"]


def test_the_cart_of_last_time_is_back_after_the_login(qtbot, demo_db, cashier, tmp_path) -> None:  # type: ignore[no-untyped-def]
    before = MainWindow(demo_db, cashier, tmp_path / "receipts")
    qtbot.addWidget(before)
    assert before.sale_screen.add_code("MK-TMP-01")
    before.close()  # saves the cart, as a crash would have left it
    assert len(sales.load_pending_cart(demo_db).lines) == 1
    win = locked_window(qtbot, demo_db, tmp_path, after_paint=True)
    qtbot.waitUntil(lambda: win.counter.sale_screen is not None, timeout=5000)
    type_pin(qtbot, win)
    assert [line.sku for line in win.sale_screen.cart.lines] == ["MK-TMP-01"]
