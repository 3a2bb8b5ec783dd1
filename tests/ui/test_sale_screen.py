"""The sale screen driven from the keyboard, as a cashier with a scanner would."""

from collections.abc import Callable

from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from pos.services import reports, sales
from pos.ui.sale_screen import SaleScreen
from pos.ui.split_payment_dialog import SplitPaymentDialog


def scan(qtbot, screen: SaleScreen, code: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(screen.scan_field, code)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Return)


def when_dialog_opens(qtbot, action: Callable[[QDialog], None]) -> None:  # type: ignore[no-untyped-def]
    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, run)
            return
        action(dialog)  # type: ignore[arg-type]

    QTimer.singleShot(0, run)


def cart_rows(screen: SaleScreen) -> list[tuple[str, str]]:
    model = screen.model
    return [(model.index(r, 1).data(), model.index(r, 2).data()) for r in range(model.rowCount())]


def test_scan_pay_and_receipt(qtbot, screen: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    scan(qtbot, screen, "8997700001012")  # Nastar Keju, Rp65.000
    scan(qtbot, screen, "MK-TMP-01")  # Tempe, no barcode, Rp5.000
    scan(qtbot, screen, "8997700001012")
    scan(qtbot, screen, "8992761166083")  # valid EAN-13, not in the catalog
    assert "Tidak ada produk" in screen.message.text()
    scan(qtbot, screen, "SV-MUG-01")  # Mug, Rp35.000
    assert cart_rows(screen) == [
        ("Nastar Keju Toples 500 gr", "2"),
        ("Tempe Papan", "1"),
        ("Mug Sablon Logo Lapas", "1"),
    ]
    assert screen.total_label.text() == "Rp170.000"
    assert screen.scan_field.hasFocus()

    def pay(dialog: QDialog) -> None:
        assert isinstance(dialog, SplitPaymentDialog)
        qtbot.keyClicks(dialog.amount_field, "200000")
        assert dialog.change_label.text() == "Rp30.000"
        qtbot.keyClick(dialog.amount_field, Qt.Key.Key_Return)

    with qtbot.waitSignal(screen.sale_completed, timeout=5000) as blocker:
        when_dialog_opens(qtbot, pay)
        qtbot.keyClick(screen.scan_field, Qt.Key.Key_F12)
    result = blocker.args[0]
    assert result.total == 170_000 and result.change == 30_000
    assert screen.model.rowCount() == 0 and screen.total_label.text() == "Rp0"
    assert screen.last_sale_label.text() == "KEMBALIAN Rp30.000"
    assert result.receipt_no in screen.last_sale_detail.text()
    assert screen.last_receipt_pdf is not None and screen.last_receipt_pdf.exists()
    text = PdfReader(screen.last_receipt_pdf).pages[0].extract_text()
    assert "Rp170.000" in text and result.receipt_no in text
    report = reports.day_report(screen._db, result.created_at.date())
    assert report.sales_count == 1 and report.total == 170_000


def test_escape_goes_back_to_the_cart(qtbot, screen: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    scan(qtbot, screen, "MK-TMP-01")
    when_dialog_opens(qtbot, lambda d: qtbot.keyClick(d, Qt.Key.Key_Escape))
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_F12)
    assert screen.model.rowCount() == 1
    assert reports.day_report(screen._db, _today(screen)).sales_count == 0
    # The scan field is where keyboard input goes when the window is active again.
    assert screen.focusWidget() is screen.scan_field


def _today(screen: SaleScreen):  # type: ignore[no-untyped-def]
    from pos.services import settings

    with screen._db.Session() as s:
        return settings.local_now(s).date()


def test_bad_tendered_amounts_keep_the_dialog_open(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SplitPaymentDialog(65_000)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.amount_field, "enam puluh")
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert "bukan nominal rupiah" in dialog.error_label.text()
    dialog.amount_field.clear()
    qtbot.keyClicks(dialog.amount_field, "50000")
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_Return)
    assert dialog.isVisible() and "kurang" in dialog.error_label.text()
    dialog.quick_buttons[2].click()  # Rp100.000
    assert dialog.change_label.text() == "Rp35.000"
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_Return)
    assert dialog.cash_tendered == 100_000 and dialog.non_cash == []
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_quantity_keys(qtbot, screen: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    scan(qtbot, screen, "MK-TMP-01")
    scan(qtbot, screen, "KK-SEM-01")
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Plus)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Plus)
    assert cart_rows(screen)[1] == ("Semprong Toples", "3")
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Up)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Minus)  # already 1: refused, told
    assert cart_rows(screen)[0] == ("Tempe Papan", "1")
    assert "Del" in screen.message.text()
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Delete)
    assert cart_rows(screen) == [("Semprong Toples", "3")]
    assert screen.total_label.text() == "Rp90.000"
    scan(qtbot, screen, "4*MK-TMP-01")
    assert cart_rows(screen)[1] == ("Tempe Papan", "4")
    # '-' typed into a code is just a character
    qtbot.keyClicks(screen.scan_field, "KK-KAC-01")
    assert screen.scan_field.text() == "KK-KAC-01"


def test_bad_input_changes_nothing(qtbot, screen: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    scan(qtbot, screen, "MK-TMP-01")
    for bad in ("8997700001013", "x" * 300, "0*MK-TMP-01", "KOPI-123"):
        screen.scan_field.setText(bad)
        qtbot.keyClick(screen.scan_field, Qt.Key.Key_Return)
        assert cart_rows(screen) == [("Tempe Papan", "1")], bad
        assert screen.message.text()
        assert screen.scan_field.text() == ""  # ready for the next scan


def test_multiplier_is_checked_before_the_lookup(qtbot, screen: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    # A zero multiplier is a quantity problem, even before the code is known to be unknown.
    scan(qtbot, screen, "0*NO-SUCH-SKU")
    assert "paling sedikit 1" in screen.message.text()
    assert "Tidak ada produk" not in screen.message.text()
    scan(qtbot, screen, "99999*MK-TMP-01")
    assert cart_rows(screen) == [("Tempe Papan", "99999")]
    scan(qtbot, screen, "1*MK-TMP-01")  # past the most one line may hold: refused, told
    assert cart_rows(screen) == [("Tempe Papan", "99999")]
    assert "99999" in screen.message.text()


def test_set_quantity_dialog(qtbot, screen: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    scan(qtbot, screen, "MB-KRS-JTI")

    def answer(dialog: QDialog) -> None:
        field = dialog.field  # type: ignore[attr-defined]
        field.setText("-2")
        dialog.on_ok()  # type: ignore[attr-defined]
        assert dialog.isVisible() and dialog.error.text()  # type: ignore[attr-defined]
        field.setText("12")
        dialog.on_ok()  # type: ignore[attr-defined]

    when_dialog_opens(qtbot, answer)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_F4)
    assert cart_rows(screen) == [("Kursi Jati Minimalis", "12")]


def test_search_adds_the_chosen_product(qtbot, screen: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    def choose(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.field, "rehal uk")  # type: ignore[attr-defined]
        assert dialog.model.rowCount() == 1  # type: ignore[attr-defined]
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)  # type: ignore[attr-defined]

    when_dialog_opens(qtbot, choose)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_F2)
    assert cart_rows(screen) == [("Rehal Ukir Kaligrafi", "1")]


def test_unfinished_sale_comes_back(qtbot, screen: SaleScreen, demo_db, cashier, tmp_path) -> None:  # type: ignore[no-untyped-def]
    scan(qtbot, screen, "KK-NAS-500")
    scan(qtbot, screen, "KK-NAS-500")
    scan(qtbot, screen, "PK-BTK-L")
    qtbot.waitUntil(lambda: not sales.load_pending_cart(demo_db).is_empty())
    qtbot.waitUntil(lambda: sales.load_pending_cart(demo_db).item_count == 3)
    again = SaleScreen(demo_db, cashier, tmp_path / "receipts")
    qtbot.addWidget(again)
    assert cart_rows(again) == cart_rows(screen)
    assert "dipulihkan" in again.message.text()


def test_quick_key_adds_a_product(qtbot, screen: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    assert screen.quick_keys.buttons, "the demo has quick keys"
    first = screen.quick_keys.buttons[0]
    assert "Tempe Papan" in first.text()
    first.click()
    first.click()
    assert cart_rows(screen) == [("Tempe Papan", "2")]


def test_paying_without_a_shift_asks_for_the_float(qtbot, demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pos.services import shifts
    from pos.services.auth import default_actor

    screen = SaleScreen(demo_db, default_actor(demo_db), tmp_path / "receipts")
    qtbot.addWidget(screen)
    scan(qtbot, screen, "MK-TMP-01")

    def open_shift(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.amount_field, "150000")  # type: ignore[attr-defined]
        qtbot.keyClick(dialog.amount_field, Qt.Key.Key_Return)  # type: ignore[attr-defined]

        def pay() -> None:
            payment = QApplication.activeModalWidget()
            if not isinstance(payment, SplitPaymentDialog):
                QTimer.singleShot(10, pay)
                return
            qtbot.keyClicks(payment.amount_field, "5000")
            qtbot.keyClick(payment.amount_field, Qt.Key.Key_Return)

        QTimer.singleShot(0, pay)

    with qtbot.waitSignal(screen.sale_completed, timeout=5000):
        when_dialog_opens(qtbot, open_shift)
        screen.on_pay()
    current = shifts.current_shift(demo_db)
    assert current is not None and current.opening_float == 150_000 and current.sales_count == 1


def test_line_keys_on_an_empty_cart_say_so(qtbot, screen: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    screen.on_set_quantity()
    assert screen.message.text() == "Keranjang masih kosong."
    screen.on_line_discount()
    assert screen.message.text() == "Keranjang masih kosong: pindai produk dulu."
    assert QApplication.activeModalWidget() is None and cart_rows(screen) == []
