"""Shift dialogs driven as a cashier would, checked against the shift in the database."""

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QMessageBox, QWidget

from pos.core.cart import Cart
from pos.i18n import set_language
from pos.services import catalog, sales, shifts
from pos.ui.close_shift_dialog import CloseShiftDialog
from pos.ui.shift_dialogs import CashMoveDialog, OpenShiftDialog, XReportDialog
from pos.ui.widgets import RED


@pytest.fixture(autouse=True)
def _english() -> None:
    # Checked against the English source strings, whatever the catalog holds today.
    set_language("en")


@pytest.fixture
def shown(qtbot) -> Callable[[QWidget], QWidget]:  # type: ignore[no-untyped-def]
    def show(widget: QWidget) -> QWidget:
        qtbot.addWidget(widget)
        with qtbot.waitActive(widget):
            widget.show()
        return widget

    return show


def enter(qtbot, field: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def sell_cash(db, actor, *codes: str) -> int:  # type: ignore[no-untyped-def]
    cart = Cart()
    for code in codes:
        product = catalog.find_by_code(db, code)
        cart.add(product.id, product.sku, product.name, product.price)
    return sales.checkout_cash(db, actor, cart, cart.total).total


def pdf_text(path: Path) -> str:
    return PdfReader(io.BytesIO(path.read_bytes())).pages[0].extract_text()


def visible_texts(dialog: QWidget) -> list[str]:
    texts = [dialog.windowTitle()]
    texts += [label.text() for label in dialog.findChildren(QLabel)]
    texts += [field.text() for field in dialog.findChildren(QLineEdit)]
    return texts


def confirm_with(dialog: CloseShiftDialog, answer: bool) -> list[int]:
    """Answer the "close the shift?" question; returns the amounts it was asked about."""
    asked: list[int] = []

    def ask(counted: int) -> bool:
        asked.append(counted)
        return answer

    dialog.ask_confirmation = ask  # type: ignore[method-assign]
    return asked


def test_open_shift_with_the_typed_float(qtbot, db, kasir, shown) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(OpenShiftDialog(db, kasir))
    assert dialog.amount_field.hasFocus()

    enter(qtbot, dialog.amount_field, "Rp 150.000")

    assert dialog.result() == QDialog.DialogCode.Accepted
    current = shifts.current_shift(db)
    assert current is not None and current.shift_id == dialog.shift_id
    assert current.opening_float == 150_000 and current.expected_cash == 150_000


def test_open_shift_refuses_letters_and_negatives(qtbot, db, kasir, shown) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(OpenShiftDialog(db, kasir))

    enter(qtbot, dialog.amount_field, "dua ratus ribu")
    assert dialog.isVisible() and "is not an amount of rupiah" in dialog.error_label.text()
    enter(qtbot, dialog.amount_field, "-5000")
    assert dialog.isVisible() and "cannot be negative" in dialog.error_label.text()
    assert shifts.current_shift(db) is None and dialog.shift_id is None


def test_a_second_shift_is_refused_inline(qtbot, db, cashier, shown) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(OpenShiftDialog(db, cashier))
    enter(qtbot, dialog.amount_field, "100000")
    assert dialog.isVisible() and "already open" in dialog.error_label.text()
    assert shifts.current_shift(db).opening_float == 0  # type: ignore[union-attr]


def test_cash_out_with_reason_lowers_expected_cash(qtbot, db, cashier, shown) -> None:  # type: ignore[no-untyped-def]
    shifts.move_cash(db, cashier, "in", 300_000, "Modal tambahan")
    dialog = shown(CashMoveDialog(db, cashier))

    enter(qtbot, dialog.amount_field, "50000")
    assert dialog.isVisible() and "cash in or cash out" in dialog.error_label.text()
    dialog.out_radio.click()
    enter(qtbot, dialog.amount_field, "50000")  # still no reason
    assert dialog.isVisible() and "reason" in dialog.error_label.text()
    assert shifts.current_shift(db).cash_out == 0  # type: ignore[union-attr]
    qtbot.keyClicks(dialog.reason_field, "Setor ke bendahara")
    qtbot.keyClick(dialog.reason_field, Qt.Key.Key_Return)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.kind, dialog.amount) == ("out", 50_000)
    current = shifts.current_shift(db)
    assert current is not None
    assert current.cash_out == 50_000 and current.expected_cash == 250_000
    assert [(m.kind, m.amount, m.reason) for m in current.moves][-1] == (
        "out",
        50_000,
        "Setor ke bendahara",
    )


def test_close_with_a_count_per_denomination_writes_the_z_report(  # type: ignore[no-untyped-def]
    qtbot, demo_db, cashier, shown, tmp_path
) -> None:
    sold = sell_cash(demo_db, cashier, "KK-NAS-500", "MK-TMP-01")  # 65.000 + 5.000
    shifts.move_cash(demo_db, cashier, "in", 100_000, "Uang kecil")
    expected = sold + 100_000  # 170.000
    dialog = shown(CloseShiftDialog(demo_db, cashier, tmp_path / "z"))
    asked = confirm_with(dialog, True)
    assert dialog.piece_fields[100_000].hasFocus()

    # Enter moves down a row: 1 x 100.000, 1 x 50.000, 0 x 20.000, 1 x 10.000, 1 x 5.000
    for pieces in ("1", "1", "", "1", "1"):
        field = QApplication.focusWidget()
        assert isinstance(field, QLineEdit)
        qtbot.keyClicks(field, pieces)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert dialog.counted_label.text() == "Counted: Rp165.000"
    dialog.close_button.click()

    assert asked == [165_000]
    summary = dialog.summary
    assert summary is not None and summary.status == "closed" and summary.z_number == 1
    assert summary.counted_cash == 165_000 and summary.expected_cash == expected
    assert summary.count_detail == {100_000: 1, 50_000: 1, 10_000: 1, 5_000: 1}
    assert shifts.current_shift(demo_db) is None
    assert dialog.expected_label.text() == "Rp170.000"
    assert dialog.difference_label.text() == "-Rp5.000"
    assert RED in dialog.difference_label.styleSheet()
    assert dialog.difference_caption.text() == "Difference (short)"

    assert dialog.pdf_path == tmp_path / "z" / f"Z-{summary.stand}-0001.pdf"
    assert dialog.pdf_path.exists() and str(dialog.pdf_path) in dialog.pdf_label.text()
    text = pdf_text(dialog.pdf_path)
    assert "Z REPORT No. 1" in text
    assert "Difference (short)" in text and "-Rp5.000" in text
    assert "Rp100.000 x 1" in text and "Rp165.000" in text
    assert not list((tmp_path / "z").glob(".*.tmp"))  # the atomic write left nothing behind

    qtbot.keyClick(dialog.done_button, Qt.Key.Key_Escape)  # nothing left to cancel
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_count_is_blind_until_submitted(qtbot, db, cashier, shown, tmp_path) -> None:  # type: ignore[no-untyped-def]
    shifts.move_cash(db, cashier, "in", 173_900, "Modal")
    dialog = shown(CloseShiftDialog(db, cashier, tmp_path))
    confirm_with(dialog, True)

    def shows_expected() -> bool:
        return any("173.900" in t or "173900" in t for t in visible_texts(dialog))

    assert not shows_expected()
    qtbot.keyClicks(dialog.piece_fields[100_000], "1")
    qtbot.keyClicks(dialog.piece_fields[50_000], "1")
    qtbot.keyClicks(dialog.piece_fields[20_000], "1")
    assert dialog.counted_label.text() == "Counted: Rp170.000"
    assert not shows_expected()

    dialog.close_button.click()

    assert shows_expected() and dialog.expected_label.text() == "Rp173.900"
    assert dialog.difference_label.text() == "-Rp3.900"


@pytest.mark.parametrize(
    ("denomination", "typed", "message"),
    [
        (2_000, "dua", "'dua' is not a quantity"),
        (5_000, "-1", "whole number, 0 or more"),
        (100, "1.5", "is not a quantity"),
    ],
)
def test_bad_counts_close_nothing(  # type: ignore[no-untyped-def]
    qtbot, db, cashier, shown, tmp_path, denomination, typed, message
) -> None:
    dialog = shown(CloseShiftDialog(db, cashier, tmp_path / "z"))
    asked = confirm_with(dialog, True)
    qtbot.keyClicks(dialog.piece_fields[100_000], "2")
    qtbot.keyClicks(dialog.piece_fields[denomination], typed)
    assert message in dialog.error_label.text()  # told while typing

    dialog.close_button.click()

    assert asked == [] and dialog.summary is None
    assert message in dialog.error_label.text()
    assert f"Rp{denomination:,}".replace(",", ".") in dialog.error_label.text()
    assert shifts.current_shift(db) is not None
    assert not (tmp_path / "z").exists()


def test_nothing_typed_closes_nothing(qtbot, db, cashier, shown, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(CloseShiftDialog(db, cashier, tmp_path))
    asked = confirm_with(dialog, True)
    assert dialog.error_label.text() == ""  # no scolding before anything is typed
    dialog.close_button.click()
    assert asked == [] and "Enter the cash counted" in dialog.error_label.text()
    assert shifts.current_shift(db) is not None


def test_close_with_only_a_total(qtbot, db, cashier, shown, tmp_path) -> None:  # type: ignore[no-untyped-def]
    shifts.move_cash(db, cashier, "in", 100_000, "Modal")
    dialog = shown(CloseShiftDialog(db, cashier, tmp_path))
    confirm_with(dialog, True)
    dialog.total_only.click()
    assert dialog.total_field.isVisible() and not dialog.grid_box.isVisible()

    enter(qtbot, dialog.total_field, "-100")
    assert dialog.summary is None and "cannot be negative" in dialog.error_label.text()
    enter(qtbot, dialog.total_field, "100.500")

    summary = dialog.summary
    assert summary is not None and summary.counted_cash == 100_500 and summary.count_detail == {}
    assert dialog.difference_caption.text() == "Difference (over)"
    assert dialog.difference_label.text() == "Rp500"
    assert dialog.pdf_path is not None and "Difference (over)" in pdf_text(dialog.pdf_path)


def test_recount_in_the_question_closes_nothing(qtbot, db, cashier, shown, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(CloseShiftDialog(db, cashier, tmp_path))
    qtbot.keyClicks(dialog.piece_fields[1_000], "3")
    questions: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        questions.append(box.text())
        recount = next(b for b in box.buttons() if b.text() == "Recount")
        recount.click()

    QTimer.singleShot(0, answer)
    dialog.close_button.click()

    assert questions and "Rp3.000" in questions[0]
    assert dialog.summary is None and shifts.current_shift(db) is not None
    assert dialog.pages.currentIndex() == 0


def test_close_without_an_open_shift(qtbot, db, kasir, shown, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(CloseShiftDialog(db, kasir, tmp_path))
    assert not dialog.close_button.isEnabled()
    assert "no open shift" in dialog.shift_label.text()


def test_x_report_shows_the_open_shift_and_saves_a_pdf(  # type: ignore[no-untyped-def]
    qtbot, demo_db, cashier, shown, tmp_path
) -> None:
    sell_cash(demo_db, cashier, "KK-NAS-500")
    shifts.move_cash(demo_db, cashier, "out", 20_000, "Beli kantong plastik")
    dialog = shown(XReportDialog(demo_db))
    text = dialog.browser.toPlainText()
    assert "X REPORT (shift still open)" in text
    assert "Rp65.000" in text and "Beli kantong plastik" in text
    assert "Rp45.000" in text  # expected cash: 0 + 65.000 - 20.000

    target = tmp_path / "reports" / "x.pdf"
    suggested: list[str] = []
    dialog.choose_pdf_path = lambda name: suggested.append(name) or target  # type: ignore[method-assign]
    dialog.save_button.click()

    assert suggested and suggested[0].startswith("X-") and suggested[0].endswith(".pdf")
    assert dialog.saved_path == target and str(target) in dialog.status_label.text()
    pdf = pdf_text(target)
    assert "X REPORT (shift still open)" in pdf and "Rp45.000" in pdf
    assert shifts.current_shift(demo_db) is not None  # an X report closes nothing


def test_x_report_without_a_shift(qtbot, db, shown) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(XReportDialog(db))
    assert "No shift is open" in dialog.browser.toPlainText()
    assert not dialog.save_button.isEnabled()
