"""The customer display at each step of a sale: welcome, lines as scanned, the QRIS to scan,
thanks with paid and change; fed by the sale screen through CustomerDisplayLink."""

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from test_sale_screen import scan, when_dialog_opens

from pos.core.cart import Cart
from pos.core.payments import Settled
from pos.core.qris import parse
from pos.services import settings
from pos.services.sales import SaleResult
from pos.ui.customer_display import SHOWN_LINES, CustomerDisplay
from pos.ui.customer_display_link import CustomerDisplayLink
from pos.ui.sale_screen import SaleScreen
from pos.ui.split_payment_dialog import SplitPaymentDialog

STATIC = (
    "00020101021126670016COM.NOBUBANK.WWW01189360050300000879140214703239147837910303UMI"
    "51440014ID.CO.QRIS.WWW0215ID20232709941630303UMI5204481253033605802ID5923GRANOOL STORE "
    "OK12295776006KEDIRI61056421262070703A0163047127"
)


@pytest.fixture(autouse=True)
def _english() -> None:
    from pos.i18n import set_language

    set_language("en")


@pytest.fixture
def display(qtbot):  # type: ignore[no-untyped-def]
    widget = CustomerDisplay("Lapak Lapas Jember")
    qtbot.addWidget(widget)
    widget.resize(1024, 600)
    widget.show()
    yield widget
    widget.allow_close()


def _cart(n: int = 2) -> Cart:
    cart = Cart()
    cart.add(1, "KK-NAS-500", "Nastar Keju Toples 500 gr", 65_000, 2)
    for i in range(n - 1):
        cart.add(10 + i, f"SKU-{i}", f"Produk {i}", 5_000)
    return cart


def test_each_step(display: CustomerDisplay) -> None:
    # Between customers: the stand's name and a greeting.
    assert display.pages.currentIndex() == 0
    assert display.stand_label.text() == "Lapak Lapas Jember"
    assert display.greeting.text() == "Welcome"

    display.show_cart(_cart(2))
    assert display.pages.currentIndex() == 1
    assert display.line_labels[0][0].text() == "2 x Nastar Keju Toples 500 gr"
    assert display.line_labels[0][1].text() == "Rp130.000"
    assert display.line_labels[1][0].text() == "1 x Produk 0"
    assert display.line_labels[2][0].text() == ""
    assert display.total_label.text() == "Rp135.000"
    assert display.count_label.text() == "3 items"

    display.show_qris(STATIC, 135_000, "GRANOOL STORE")
    assert display.pages.currentIndex() == 2
    assert display.qris_amount.text() == "Rp135.000"
    assert display.qr.payload == STATIC
    display.show_qris("", 0, "")
    assert display.pages.currentIndex() == 1

    cash = Settled("tunai", 135_000, 200_000, 65_000, None, None, True)
    display.show_thanks(SaleResult(1, "X-1", 135_000, 200_000, 65_000, datetime.now(), (cash,)))
    assert display.pages.currentIndex() == 0
    assert display.greeting.text() == "Thank you!"
    assert display.stand_label.text() == "Lapak Lapas Jember"
    assert display.paid_label.text() == "Total Rp135.000  ·  Paid Rp200.000"
    assert display.change_label.text() == "Change Rp65.000"
    display.show_cart(Cart())  # the empty cart after the sale keeps the thanks up
    assert display.greeting.text() == "Thank you!"
    display.show_cart(_cart(1))  # the next customer's first scan
    assert display.pages.currentIndex() == 1


def test_a_long_cart_shows_the_newest_lines(display: CustomerDisplay) -> None:
    display.show_cart(_cart(SHOWN_LINES + 3))
    assert display.more_label.text() == "… and 3 lines above"
    assert display.line_labels[-1][0].text() == f"1 x Produk {SHOWN_LINES + 1}"


def test_closing_by_hand_is_refused(display: CustomerDisplay) -> None:
    display.close()
    assert display.isVisible()


def test_the_qr_on_screen_decodes_to_the_payload(qtbot, display, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg (zbar-tools) is not installed")
    display.show_qris(STATIC, 1, "GRANOOL STORE")
    qtbot.waitExposed(display)
    shot = tmp_path / "qr.png"
    assert display.qr.grab().save(str(shot))
    decoded = subprocess.run(
        ["zbarimg", "--nodbus", "-q", "--raw", str(shot)], capture_output=True, text=True
    )
    assert decoded.stdout.strip() == STATIC


def test_payment_dialog_shows_the_qris_with_the_amount(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SplitPaymentDialog(570_000, qris=parse(STATIC))
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):  # F5-F8 are window shortcuts: they need it active
        dialog.show()
    assert not dialog.qris_panel.isVisible()
    with qtbot.waitSignal(dialog.qris_shown) as shown:
        qtbot.keyClick(dialog.amount_field, Qt.Key.Key_F5)  # a QRIS payment for what is due
    payload, amount, merchant = shown.args
    built = parse(payload)
    assert (built.amount, built.dynamic, amount) == (570_000, True, 570_000)
    assert merchant == "GRANOOL STORE OK1229577"
    assert dialog.qris_panel.isVisible() and dialog.qris_panel.qr.payload == payload
    line = dialog.lines[0]
    with qtbot.waitSignal(dialog.qris_shown) as shown:
        line.amount_field.set_amount(500_000)  # the rest in cash
    assert parse(shown.args[0]).amount == 500_000
    with qtbot.waitSignal(dialog.qris_shown) as shown:
        line.remove_button.click()
    assert shown.args == ["", 0, ""] and not dialog.qris_panel.isVisible()


def test_payment_dialog_without_a_qris_says_so(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SplitPaymentDialog(30_000)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):  # F5-F8 are window shortcuts: they need it active
        dialog.show()
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_F5)
    assert dialog.qris_panel.isVisible() and not dialog.qris_panel.qr.isVisible()
    assert "No QRIS is set" in dialog.qris_panel.caption.text()
    assert "Rp30.000" in dialog.qris_panel.caption.text()


def test_the_link_follows_a_sale(qtbot, screen: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    db = screen._db
    settings.set_from_text(db, "qris.static", STATIC)
    settings.set_from_text(db, "display.customer", "on")
    link = CustomerDisplayLink(db, screen, screen)
    link.apply_setting()
    display = link.display
    assert display is not None and display.isVisible()
    assert display.stand_label.text() == settings.get(db, settings.STAND_NAME)
    scan(qtbot, screen, "8997700001012")
    assert display.total_label.text() == "Rp65.000"
    seen: list[tuple[int, int]] = []

    def pay_by_qris(dialog: QDialog) -> None:
        try:
            _pay(dialog)
        except BaseException:
            dialog.reject()  # the test fails on `seen`, not by waiting forever
            raise

    def _pay(dialog: QDialog) -> None:
        assert isinstance(dialog, SplitPaymentDialog)
        dialog.method_buttons["qris"].click()  # F5 (tested above) needs an active window
        seen.append((display.pages.currentIndex(), parse(display.qr.payload).amount or 0))
        dialog.lines[0].reference_field.setText("ref 8841")  # from the payment notification
        dialog.lines[0].confirm_box.setChecked(True)
        qtbot.keyClick(dialog.lines[0].amount_field, Qt.Key.Key_Return)
        if dialog.isVisible():
            raise AssertionError(dialog.error_label.text())

    with qtbot.waitSignal(screen.sale_completed, timeout=5000):
        when_dialog_opens(qtbot, pay_by_qris)
        qtbot.keyClick(screen.scan_field, Qt.Key.Key_F12)
    assert seen == [(2, 65_000)]
    assert display.greeting.text() == "Thank you!"
    settings.set_from_text(db, "display.customer", "off")
    link.apply_setting()
    assert link.display is None


def test_the_main_window_opens_it_as_the_setting_says(qtbot, demo_db, admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pos.ui.main_window import MainWindow

    settings.set_from_text(demo_db, "display.customer", "on")
    window = MainWindow(demo_db, admin, tmp_path / "receipts")
    qtbot.addWidget(window)
    window.show()
    link = window.customer_display
    assert link.display is not None and link.display.isVisible()
    switch = next(
        a for m in window.menuBar().actions() for a in m.menu().actions() if a.isCheckable()
    )
    assert switch.isChecked()
    switch.setChecked(False)  # closed from the Sale menu, for now
    assert link.display is None
    switch.setChecked(True)
    assert link.display is not None
    window.close()
    assert link.display is None


def test_the_payment_dialog_keeps_the_qr_code_on_its_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SplitPaymentDialog(80_000, qris=parse(STATIC))
    qtbot.addWidget(dialog)
    dialog.show()
    room = dialog.screen().availableGeometry()
    dialog.move(room.x() + room.width() // 3, room.y())
    dialog.method_buttons["qris"].click()
    qtbot.waitUntil(lambda: dialog.width() >= dialog.minimumWidth())
    assert dialog.qris_panel.isVisible()
    assert dialog.x() >= room.x()
    assert dialog.x() + dialog.minimumWidth() <= room.x() + room.width()
