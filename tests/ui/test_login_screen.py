"""The login and lock screen in the main window: PIN + Enter, quick lock, idle lock, switching."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos.services import shifts, users
from pos.ui import main_window as main_window_module
from pos.ui.idle import IdleWatch
from pos.ui.login_screen import FirstAdminPage, LockScreen
from pos.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo_db, cashier, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """The counter at start, a shift already open (else the first login asks for the float)."""
    win = MainWindow(demo_db, None, tmp_path / "receipts")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)
    win.focus_scan()
    return win


@pytest.fixture
def refusals(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    monkeypatch.setattr(main_window_module, "show_error", lambda parent, e: seen.append(e.message))
    return seen


def type_pin(qtbot, window: MainWindow, pin: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.counter.lock_screen.pin, pin)
    qtbot.keyClick(window.counter.lock_screen.pin, Qt.Key.Key_Return)


def scan(qtbot, window: MainWindow, code: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.sale_screen.scan_field, code)
    qtbot.keyClick(window.sale_screen.scan_field, Qt.Key.Key_Return)


def log_in(qtbot, window: MainWindow, pin: str, monkeypatch=None) -> None:  # type: ignore[no-untyped-def]
    type_pin(qtbot, window, pin)
    assert not window.counter.is_locked(), window.counter.lock_screen.message.text()


def test_starts_locked_with_the_pin_field_focused(window: MainWindow) -> None:
    assert window.counter.is_locked() and window.actor is None
    assert window.counter.pages.currentWidget() is window.counter.lock_screen
    assert window.counter.lock_screen.pin.hasFocus()
    assert (
        window.counter.lock_screen.pin.echoMode()
        == window.counter.lock_screen.pin.EchoMode.Password
    )
    names = [
        window.counter.lock_screen.user_list.item(i).text()
        for i in range(window.counter.lock_screen.user_list.count())
    ]
    assert names == ["Admin  (Admin)", "Budi  (Kasir)", "Pak Joko  (Supervisor)", "Sari  (Kasir)"]
    assert not any(a.isEnabled() for a in window._actions)


def test_pin_and_enter_is_enough(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    log_in(qtbot, window, "1111")
    assert window.actor is not None and window.actor.name == "Sari"
    assert window.sale_screen.scan_field.hasFocus()
    assert "Sari" in window.cashier_label.text()
    # Every action back, except "Open shift…" while a shift is already open.
    shift_open = window.sale_screen.shift_label.is_open
    assert window.open_shift_action.isEnabled() is not shift_open
    assert all(a.isEnabled() for a in window._actions if a is not window.open_shift_action)


def users_actor(window: MainWindow, name: str):  # type: ignore[no-untyped-def]
    from pos.services.auth import Actor

    u = users.find_user(window._db, name)
    return Actor(u.id, u.name, u.role)


def test_wrong_and_malformed_pins_are_told(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    type_pin(qtbot, window, "7391")
    assert window.counter.is_locked() and "PIN salah" in window.counter.lock_screen.message.text()
    assert window.counter.lock_screen.pin.text() == "" and window.counter.lock_screen.pin.hasFocus()
    type_pin(qtbot, window, "12ab")
    assert "PIN salah" in window.counter.lock_screen.message.text()
    qtbot.keyClick(
        window.counter.lock_screen.pin, Qt.Key.Key_Return
    )  # nothing typed: no try counted
    assert "Ketik PIN" in window.counter.lock_screen.message.text()
    for _ in range(3):
        type_pin(qtbot, window, "0000")
    assert "terkunci" in window.counter.lock_screen.message.text()
    type_pin(qtbot, window, "1111")
    assert window.counter.is_locked() and "terkunci" in window.counter.lock_screen.message.text()


def test_a_name_clicked_first_needs_that_users_pin(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    screen: LockScreen = window.counter.lock_screen
    items = screen.user_list.findItems("Budi", Qt.MatchFlag.MatchStartsWith)
    rect = screen.user_list.visualItemRect(items[0])
    qtbot.mouseClick(screen.user_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert screen.chosen_user_id() == users.find_user(window._db, "Budi").id
    assert screen.pin.hasFocus()
    type_pin(qtbot, window, "1111")  # Sari's PIN, but Budi was chosen
    assert window.counter.is_locked()
    type_pin(qtbot, window, "3333")
    assert window.actor is not None and window.actor.name == "Budi"


def test_quick_lock_keeps_the_cart_and_the_next_cashier_sells(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from pos.services import sales

    log_in(qtbot, window, "1111")
    shift_id = shifts.current_shift(window._db)
    scan(qtbot, window, "8997700001012")
    scan(qtbot, window, "MK-TMP-01")
    qtbot.keyClick(window.sale_screen.scan_field, Qt.Key.Key_F11)
    assert window.counter.is_locked() and window.counter.lock_screen.pin.hasFocus()
    assert "Sari" in window.counter.lock_screen.detail.text()
    assert "Locked" in window.cashier_label.text() or "Terkunci" in window.cashier_label.text()
    assert len(window.sale_screen.cart.lines) == 2
    assert len(sales.load_pending_cart(window._db).lines) == 2  # saved as it was locked

    log_in(qtbot, window, "3333")  # Budi takes over the counter
    assert [line.sku for line in window.sale_screen.cart.lines] == ["KK-NAS-500", "MK-TMP-01"]
    assert window.sale_screen.scan_field.hasFocus()
    result = window.sale_screen.complete_sale(100_000)
    assert result is not None
    from sqlalchemy import text

    with window._db.engine.connect() as conn:
        user_id, sale_shift = conn.execute(
            text("SELECT user_id, shift_id FROM sales WHERE receipt_no = :no"),
            {"no": result.receipt_no},
        ).one()
    assert user_id == users.find_user(window._db, "Budi").id
    current = shifts.current_shift(window._db)
    assert (
        current is not None
        and shift_id is not None
        and sale_shift == current.shift_id == shift_id.shift_id
    )


def test_the_menu_lock_and_no_menus_while_locked(qtbot, window: MainWindow, refusals) -> None:  # type: ignore[no-untyped-def]
    log_in(qtbot, window, "1111")
    lock_action = next(a for a in window._actions if a.shortcut().toString() == "F11")
    lock_action.trigger()
    assert window.counter.is_locked()
    catalog_action = next(a for a in window._actions if a.shortcut().toString() == "F9")
    assert not catalog_action.isEnabled() and not window.menuBar().isEnabled()


def test_a_cashier_is_refused_supervisor_screens_clearly(
    qtbot, window: MainWindow, refusals
) -> None:  # type: ignore[no-untyped-def]
    log_in(qtbot, window, "1111")
    window.on_catalog()
    window.on_receive()
    window.on_stock_count()
    window.on_users()
    window.on_restore()
    assert refusals == [
        "Sari (Kasir) tidak boleh mengubah katalog.",
        "Sari (Kasir) tidak boleh menerima barang.",
        "Sari (Kasir) tidak boleh menghitung stok (opname).",
        "Sari (Kasir) tidak boleh mengelola pengguna.",
        "Sari (Kasir) tidak boleh memulihkan cadangan.",
    ]
    assert QApplication.activeModalWidget() is None


def test_idle_lock(qtbot, demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    now = [1000.0]
    watch = IdleWatch(10, clock=lambda: now[0])
    fired: list[bool] = []
    watch.idle.connect(lambda: fired.append(True))
    now[0] += 9 * 60
    watch.check()
    assert not fired
    now[0] += 60
    watch.check()
    watch.check()
    assert fired == [True]  # once, until someone is back
    watch.touch()
    now[0] += 10 * 60
    watch.check()
    assert fired == [True, True]
    never = IdleWatch(0, clock=lambda: now[0])
    now[0] += 10**6
    never.check()


def test_idle_timeout_locks_the_window(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    log_in(qtbot, window, "1111")
    scan(qtbot, window, "MK-TMP-01")
    window.counter.idle.idle.emit()
    assert window.counter.is_locked() and len(window.sale_screen.cart.lines) == 1


def test_first_start_asks_for_the_admin_pin(qtbot, db, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shifts.open_shift(db, admin, 0)  # else the admin, once in, is asked for the float
    win = MainWindow(db, None, tmp_path / "receipts")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)
    win.focus_scan()
    page = win.counter.first_admin
    assert isinstance(page, FirstAdminPage) and win.counter.pages.currentWidget() is page
    assert page.pin.hasFocus()
    qtbot.keyClicks(page.pin, "2468")
    qtbot.keyClick(page.pin, Qt.Key.Key_Return)
    assert page.repeat.hasFocus()
    qtbot.keyClicks(page.repeat, "2467")
    qtbot.keyClick(page.repeat, Qt.Key.Key_Return)
    assert "berbeda" in page.message.text() and win.counter.is_locked()
    qtbot.keyClicks(page.pin, "12")
    qtbot.keyClick(page.pin, Qt.Key.Key_Return)
    qtbot.keyClicks(page.repeat, "12")
    qtbot.keyClick(page.repeat, Qt.Key.Key_Return)
    assert "4 sampai 8" in page.message.text()
    qtbot.keyClicks(page.pin, "2468")
    qtbot.keyClick(page.pin, Qt.Key.Key_Return)
    qtbot.keyClicks(page.repeat, "2468")
    qtbot.keyClick(page.repeat, Qt.Key.Key_Return)
    assert win.actor is not None and win.actor.role == "admin"
    assert not users.needs_admin_pin(db)
    win.sale_screen.save_now()
