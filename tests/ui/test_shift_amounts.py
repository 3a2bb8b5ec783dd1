"""Amounts in the shift dialogs: dots as typed, and no scanned code taken as cash."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QLabel
from timed_keys import scan, type_keys

from pos.core.payments import DENOMINATIONS
from pos.i18n import set_language
from pos.services import shifts
from pos.ui.close_shift_dialog import CloseShiftDialog
from pos.ui.shift_dialogs import CashMoveDialog, OpenShiftDialog

SCANNED = "barcode scanner"
ABSURD = "far more than a cash drawer holds"


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


@pytest.fixture
def shown(qtbot):  # type: ignore[no-untyped-def]
    def show(widget: QDialog) -> QDialog:
        qtbot.addWidget(widget)
        with qtbot.waitActive(widget):
            widget.show()
        return widget

    return show


def never_asked(dialog: CloseShiftDialog) -> list[int]:
    asked: list[int] = []

    def ask(counted: int) -> bool:
        asked.append(counted)
        return True

    dialog.ask_confirmation = ask  # type: ignore[method-assign]
    return asked


def assert_whole(dialog: QDialog, label: QLabel) -> None:
    """Every line the label wraps to is inside the dialog: none cut off at the bottom."""
    assert label.height() >= label.heightForWidth(label.width()), label.text()
    assert dialog.rect().contains(label.geometry()), (dialog.size(), label.geometry())


def test_a_scan_into_the_opening_float_opens_nothing(qtbot, db, kasir, shown) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(OpenShiftDialog(db, kasir))
    scan(dialog.amount_field, "012345678905")
    assert dialog.isVisible() and SCANNED in dialog.error_label.text()
    assert_whole(dialog, dialog.error_label)  # four lines in a 460-pixel dialog
    assert shifts.current_shift(db) is None

    type_keys(dialog.amount_field, "150000")
    assert dialog.amount_field.text() == "150.000"
    type_keys(dialog.amount_field, "\r")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert shifts.current_shift(db).opening_float == 150_000  # type: ignore[union-attr]


def test_an_absurd_float_typed_by_hand_opens_nothing(qtbot, db, kasir, shown) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(OpenShiftDialog(db, kasir))
    type_keys(dialog.amount_field, "12345678905\r")
    assert dialog.isVisible() and ABSURD in dialog.error_label.text()
    assert shifts.current_shift(db) is None


def test_cash_moves_refuse_scans_and_absurd_sums(qtbot, db, cashier, shown) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(CashMoveDialog(db, cashier))
    dialog.out_radio.click()
    type_keys(dialog.reason_field, "Setor")
    scan(dialog.amount_field, "8997700001012")
    assert dialog.isVisible() and SCANNED in dialog.error_label.text()
    assert_whole(dialog, dialog.error_label)
    dialog.amount_field.clear()
    type_keys(dialog.amount_field, "99000000\r")  # Rp99 juta out of a drawer holding Rp0
    assert dialog.isVisible() and ABSURD in dialog.error_label.text()
    assert shifts.current_shift(db).cash_in == 0  # type: ignore[union-attr]

    dialog.in_radio.click()
    dialog.amount_field.clear()
    type_keys(dialog.amount_field, "5000000\r")  # Rp5 juta is not absurd
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.amount == 5_000_000


def test_a_scan_into_the_counted_total_closes_nothing(
    qtbot, db, cashier, shown, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(CloseShiftDialog(db, cashier, tmp_path))
    asked = never_asked(dialog)
    dialog.total_only.click()
    scan(dialog.total_field, "012345678905")
    assert SCANNED in dialog.error_label.text()
    dialog.total_field.clear()
    type_keys(dialog.total_field, "12345678905\r")
    assert ABSURD in dialog.error_label.text()
    assert asked == [] and dialog.summary is None and shifts.current_shift(db) is not None


def test_a_scan_into_a_count_of_notes_closes_nothing(
    qtbot, db, cashier, shown, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(CloseShiftDialog(db, cashier, tmp_path))
    asked = never_asked(dialog)
    for field in dialog.piece_fields.values():
        field.setFocus()
        scan(field, "012345678905")  # cut to 7 digits: 123.456 notes of Rp100.000
    assert dialog.piece_fields[DENOMINATIONS[0]].text() == "0123456"
    assert ABSURD in dialog.error_label.text()
    assert asked == [] and dialog.summary is None and shifts.current_shift(db) is not None
