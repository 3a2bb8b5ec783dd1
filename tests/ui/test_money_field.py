"""MoneyField: dots as you type, what parse_rupiah reads, and scans never taken as money."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from timed_keys import scan, type_keys

from pos.core.errors import InvalidAmount
from pos.core.money_entry import ScannedAmount
from pos.i18n import set_language
from pos.ui.money_field import MoneyField


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


@pytest.fixture
def field(qtbot):  # type: ignore[no-untyped-def]
    widget = MoneyField()
    qtbot.addWidget(widget)
    widget.show()
    widget.setFocus()
    return widget


def test_dots_as_you_type(qtbot, field) -> None:  # type: ignore[no-untyped-def]
    shown = []
    field.textChanged.connect(shown.append)
    type_keys(field, "200000")
    assert field.text() == "200.000"
    assert field.cursorPosition() == len("200.000")
    assert "20.000" in shown and "2.000" in shown
    assert field.amount() == 200_000


def test_typing_in_the_middle_keeps_the_cursor_after_the_digit(qtbot, field) -> None:  # type: ignore[no-untyped-def]
    type_keys(field, "200000")
    field.setCursorPosition(len("200."))
    type_keys(field, "5")
    assert field.text() == "2.005.000"
    assert field.cursorPosition() == len("2.005")


def test_backspace_after_a_dot_removes_the_digit_before_it(qtbot, field) -> None:  # type: ignore[no-untyped-def]
    type_keys(field, "200000")
    field.setCursorPosition(len("200."))
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert field.text() == "20.000"
    field.setCursorPosition(len("20"))
    qtbot.keyClick(field, Qt.Key.Key_Delete)  # just before the dot: the 0 after it goes
    assert field.text() == "2.000"


@pytest.mark.parametrize(
    ("pasted", "shown", "amount"),
    [
        ("Rp200.000", "200.000", 200_000),
        ("200000", "200.000", 200_000),
        ("rp 1.250.000", "1.250.000", 1_250_000),
        ("30.000,00", "30.000", 30_000),
    ],
)
def test_pasted_amounts(qtbot, field, pasted: str, shown: str, amount: int) -> None:  # type: ignore[no-untyped-def]
    QApplication.clipboard().setText(pasted)
    qtbot.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == shown
    assert field.amount() == amount


@pytest.mark.parametrize("text", ["dua ratus", "-5000", "5.000,50", ""])
def test_what_is_not_an_amount_is_refused_with_a_message(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    type_keys(field, text)
    with pytest.raises(InvalidAmount) as refused:
        field.amount()
    assert refused.value.message


def test_a_scan_is_not_money_and_its_enter_goes_nowhere(qtbot, field) -> None:  # type: ignore[no-untyped-def]
    entered, refused = [], []
    field.returnPressed.connect(lambda: entered.append(True))
    field.refused.connect(refused.append)
    scan(field, "012345678905")

    assert entered == []
    assert refused and "scanner" in refused[0]
    assert field.was_scanned()
    assert field.selectedText() == field.text()  # typing replaces it
    with pytest.raises(ScannedAmount):
        field.amount()

    type_keys(field, "50000\r")  # typed over by hand
    assert not field.was_scanned()
    assert field.amount() == 50_000
    assert entered == [True]


def test_a_scan_after_hand_typing_marks_the_field(qtbot, field) -> None:  # type: ignore[no-untyped-def]
    type_keys(field, "50")
    scan(field, "12345678")
    with pytest.raises(ScannedAmount):
        field.amount()
    field.clear()  # cleared: a fresh start
    type_keys(field, "50000")
    assert field.amount() == 50_000


def test_a_slow_enter_after_a_scan_without_enter_is_still_refused(qtbot, field) -> None:  # type: ignore[no-untyped-def]
    refused = []
    field.refused.connect(refused.append)
    type_keys(field, "012345678905", gap_ms=3)
    type_keys(field, "\r")
    assert refused


def test_buttons_put_amounts_that_are_not_scans(qtbot, field) -> None:  # type: ignore[no-untyped-def]
    scan(field, "012345678905")
    field.set_amount(100_000)
    assert field.text() == "100.000"
    assert field.amount() == 100_000


def test_fields_without_the_guard_take_fast_input(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = MoneyField(guard_scans=False)
    qtbot.addWidget(field)
    scan(field, "150000")
    assert field.text() == "150.000"
    assert field.amount() == 150_000
