"""The split payment dialog driven from the keyboard, as a cashier would at the till."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from timed_keys import scan, type_keys

from pos.core.payments import NonCashPayment
from pos.i18n import set_language
from pos.ui.split_payment_dialog import SplitPaymentDialog


@pytest.fixture(autouse=True)
def _english() -> None:
    # Checked against the English source strings, whatever the catalog holds today.
    set_language("en")


@pytest.fixture
def open_dialog(qtbot):  # type: ignore[no-untyped-def]
    def make(total: int, methods: list[str] | None = None) -> SplitPaymentDialog:
        dialog = SplitPaymentDialog(total, methods)
        qtbot.addWidget(dialog)
        with qtbot.waitActive(dialog):  # F5-F8 are window shortcuts: they need it active
            dialog.show()
        return dialog

    return make


def test_qris_part_and_cash_with_change(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(915_000)
    assert dialog.amount_field.hasFocus()

    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_F5)
    [line] = dialog.lines
    assert line.method == "qris" and line.amount_field.text() == "915.000"
    assert line.amount_field.hasFocus()  # selected: typing replaces the suggested amount
    qtbot.keyClicks(line.amount_field, "500000")
    qtbot.keyClicks(line.reference_field, "QR-889123")
    assert not line.bank_field.isVisible()
    line.confirm_box.click()
    assert dialog.cash_due_label.text() == "Rp415.000"
    qtbot.keyClicks(dialog.amount_field, "500000")
    assert dialog.change_label.text() == "Rp85.000"
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_Return)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.non_cash == [NonCashPayment("qris", 500_000, "QR-889123", None, True)]
    assert dialog.cash_tendered == 500_000
    cash = next(s for s in dialog.settled if s.method == "tunai")
    assert (cash.amount, cash.tendered, cash.change) == (415_000, 500_000, 85_000)


def test_unconfirmed_qris_keeps_the_dialog_open(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(915_000)
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_F5)
    line = dialog.lines[0]
    line.amount_field.setText("500000")
    qtbot.keyClicks(line.reference_field, "QR-1")
    qtbot.keyClicks(dialog.amount_field, "415000")

    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_Return)

    assert dialog.isVisible() and dialog.cash_tendered is None and dialog.non_cash == []
    assert "Confirm that the QRIS payment of Rp500.000 has arrived" in dialog.error_label.text()
    # Ticked with the keyboard, then Enter from the check box itself.
    line.confirm_box.setFocus()
    qtbot.keyClick(line.confirm_box, Qt.Key.Key_Space)
    qtbot.keyClick(line.confirm_box, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.non_cash[0].confirmed and dialog.cash_tendered == 415_000


def test_plain_cash_sale_is_type_and_enter(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(65_000)
    assert not dialog.cash_due_label.isVisible()  # nothing paid otherwise: no extra row
    shown = [b.text() for b in dialog.quick_buttons if b.isVisible() and b.isEnabled()]
    assert shown == ["Exact amount", "Rp70.000", "Rp100.000"]
    assert dialog.quick_buttons[-1].isHidden()  # two round amounts for Rp65.000

    qtbot.keyClicks(dialog.amount_field, "enam puluh")
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.cash_tendered is None
    assert "is not an amount of rupiah" in dialog.error_label.text()
    dialog.amount_field.clear()
    qtbot.keyClicks(dialog.amount_field, "50000")
    assert "Rp15.000 short" in dialog.error_label.text()
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_Return)
    assert dialog.isVisible() and "less than the total" in dialog.error_label.text()
    dialog.quick_buttons[2].click()  # Rp100.000
    assert dialog.change_label.text() == "Rp35.000"
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_Return)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.cash_tendered == 100_000 and dialog.non_cash == []


def test_exact_amount_then_enter(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(170_000)
    dialog.quick_buttons[0].click()
    assert dialog.change_label.text() == "Rp0"
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.cash_tendered == 170_000


def test_quick_cash_follows_what_is_left_in_cash(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(915_000)
    shown = [b.text() for b in dialog.quick_buttons if b.isVisible() and b.isEnabled()]
    assert shown == ["Exact amount", "Rp1.000.000"]
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_F7)  # debit
    dialog.lines[0].amount_field.setText("900000")
    assert dialog.cash_due_label.text() == "Rp15.000"
    assert [b.text() for b in dialog.quick_buttons[1:]] == ["Rp20.000", "Rp50.000", "Rp100.000"]
    assert all(b.isEnabled() for b in dialog.quick_buttons)
    dialog.quick_buttons[0].click()  # exact: the Rp15.000 left, not the whole total
    assert dialog.amount_field.text() == "15.000"


def test_whole_total_by_transfer_needs_the_bank(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(915_000)
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_F6)
    line = dialog.lines[0]
    assert line.bank_field.isVisible()
    qtbot.keyClicks(line.reference_field, "TRF9")
    line.confirm_box.click()
    assert dialog.cash_due_label.text() == "Rp0"
    assert not any(b.isEnabled() for b in dialog.quick_buttons)

    qtbot.keyClick(line.reference_field, Qt.Key.Key_Return)
    assert dialog.isVisible() and "bank of the transfer" in dialog.error_label.text()
    qtbot.keyClicks(line.bank_field, "BRI")
    qtbot.keyClick(line.bank_field, Qt.Key.Key_Return)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.non_cash == [NonCashPayment("transfer", 915_000, "TRF9", "BRI", True)]
    assert dialog.cash_tendered == 0


def test_non_cash_above_the_total_is_refused(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(100_000)
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_F8)  # other
    line = dialog.lines[0]
    line.amount_field.setText("150000")
    line.confirm_box.click()
    assert dialog.cash_due_label.text() == "-Rp50.000"

    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_Return)

    assert dialog.isVisible() and "change is given only from cash" in dialog.error_label.text()


def test_removing_a_line_gives_the_amount_back_to_cash(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(300_000)
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_F5)
    dialog.lines[0].amount_field.setText("100000")
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_F7)
    assert dialog.lines[1].amount_field.text() == "200.000"  # the rest, by default
    assert dialog.cash_due_label.text() == "Rp0"

    dialog.lines[0].remove_button.click()

    assert [line.method for line in dialog.lines] == ["debit"]
    assert dialog.cash_due_label.text() == "Rp100.000"
    assert dialog.amount_field.hasFocus()


def test_bad_non_cash_amount_is_explained(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(50_000)
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_F7)
    dialog.lines[0].amount_field.setText("lima")
    assert "Debit/EDC" in dialog.error_label.text()
    assert dialog.cash_due_label.text() == "Rp50.000"  # an unreadable amount pays nothing
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_Return)
    assert dialog.isVisible() and "is not an amount of rupiah" in dialog.error_label.text()


def test_escape_goes_back(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(65_000)
    qtbot.keyClicks(dialog.amount_field, "100000")
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.cash_tendered is None


def test_only_the_offered_methods(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(65_000, methods=["tunai", "qris"])
    assert list(dialog.method_buttons) == ["qris"]
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_F6)
    assert dialog.lines == []


def test_a_scan_into_the_cash_field_never_completes_the_sale(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    # The report: a stray UPC-A scan and its Enter completed a sale with Rp12.345.678.905.
    dialog = open_dialog(17_000)
    scan(dialog.amount_field, "012345678905")

    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.cash_tendered is None
    assert "barcode scanner" in dialog.error_label.text()
    assert dialog.change_label.text() == "—"
    assert dialog.amount_field.selectedText() == dialog.amount_field.text()
    type_keys(dialog.amount_field, "20000\r")  # typed over by hand

    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.cash_tendered == 20_000


def test_a_scan_without_enter_is_refused_at_enter(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(17_000)
    type_keys(dialog.amount_field, "12345678", gap_ms=4)  # a scanner set to send no Enter
    assert "barcode scanner" in dialog.error_label.text()  # said at once, not only at Enter
    type_keys(dialog.amount_field, "\r")
    assert dialog.isVisible() and dialog.cash_tendered is None


def test_an_absurd_amount_typed_by_hand_waits(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(17_000)
    type_keys(dialog.amount_field, "12345678905")
    assert dialog.amount_field.text() == "12.345.678.905"
    assert "cannot be right" in dialog.error_label.text()
    assert dialog.change_label.text() == "—"
    type_keys(dialog.amount_field, "\r")
    assert dialog.isVisible() and dialog.cash_tendered is None
    assert "cannot be right" in dialog.error_label.text()


def test_a_big_sale_paid_in_notes_passes(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(13_000_000)
    type_keys(dialog.amount_field, "15000000\r")
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.cash_tendered == 15_000_000


def test_amounts_show_dots_as_typed(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(65_000)
    type_keys(dialog.amount_field, "100000")
    assert dialog.amount_field.text() == "100.000"
    assert dialog.change_label.text() == "Rp35.000"


def test_a_scan_into_a_non_cash_amount_is_refused(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(50_000)
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_F7)
    line = dialog.lines[0]
    line.amount_field.selectAll()
    scan(line.amount_field, "8997700001012")
    assert dialog.isVisible() and dialog.non_cash == []
    assert "barcode scanner" in dialog.error_label.text()


@pytest.mark.parametrize(
    ("total", "offered"),
    [
        (570_000, ["Rp600.000", "Rp1.000.000"]),
        (37_000, ["Rp40.000", "Rp50.000", "Rp100.000"]),
        (250_000, ["Rp300.000"]),  # three notes; no bundle for two and a half
        (1_250_000, ["Rp1.300.000", "Rp1.500.000", "Rp2.000.000"]),
    ],
)
def test_quick_cash_offers_round_notes_above_any_total(  # type: ignore[no-untyped-def]
    qtbot, open_dialog, total: int, offered: list[str]
) -> None:
    dialog = open_dialog(total)
    shown = [b.text() for b in dialog.quick_buttons[1:] if b.isVisible() and b.isEnabled()]
    assert shown == offered
    dialog.quick_buttons[1].click()
    assert dialog.amount_field.amount() == int(offered[0][2:].replace(".", ""))
    qtbot.keyClick(dialog.amount_field, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
