"""The layout builders and the small shared pieces that screens are built from."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpacerItem,
    QWidget,
)

from pos.core.errors import PosError
from pos.i18n import N_
from pos.ui.layouts import STRETCH, form, hbox, scrolled, vbox
from pos.ui.list_search import ListSearchField
from pos.ui.value_dialog import ValueDialog
from pos.ui.widgets import (
    RED,
    RowsTableModel,
    act_on_double_click,
    chosen_row,
    make_table,
    plain_button,
    red_label,
    text_label,
)


class NumbersModel(RowsTableModel[int]):
    HEADERS = (N_("Qty"),)

    def texts(self, row: int, number: int) -> tuple[str, ...]:
        return (str(row),)

    def in_red(self, row: int, col: int) -> bool:
        return row < 0


def test_boxes_take_widgets_layouts_stretches_and_spaces(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    first, second, inner = QLabel("a"), QLineEdit(), hbox(QLabel("b"))
    column = vbox(first, 8, (second, 2), STRETCH, inner, parent=parent)
    assert parent.layout() is column and column.count() == 5
    assert column.itemAt(0).widget() is first
    spacer = column.itemAt(1).spacerItem()
    assert isinstance(spacer, QSpacerItem) and spacer.sizeHint().height() == 8
    assert column.itemAt(2).widget() is second and column.stretch(2) == 2
    assert column.itemAt(3).spacerItem() is not None and column.stretch(3) == 1
    assert column.itemAt(4).layout() is inner
    assert isinstance(inner, QHBoxLayout) and first.parent() is parent
    with pytest.raises(TypeError):
        vbox("not a widget")


def test_form_rows_and_a_scrolled_layout(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = QLineEdit()
    fields = form(("Name", field), ("", QPushButton("Add")))
    assert isinstance(fields, QFormLayout) and fields.rowCount() == 2
    assert fields.labelForField(field).text() == "Name"
    scroll = scrolled(fields)
    qtbot.addWidget(scroll)
    assert scroll.widgetResizable() and scroll.widget().layout() is fields


def test_labels_and_buttons(qtbot) -> None:  # type: ignore[no-untyped-def]
    refused = red_label(min_height=40)
    assert RED in refused.styleSheet() and refused.wordWrap() and refused.minimumHeight() == 40
    assert not red_label(wrap=False).wordWrap()
    big = text_label("Total", point_size=30, wrap=True)
    assert big.wordWrap() and big.font().pointSize() > text_label("x").font().pointSize()
    pressed: list[bool] = []
    plain = plain_button("Go", lambda: pressed.append(True))
    tabbed = plain_button("Go", lambda: pressed.append(True), focus=True)
    assert plain.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert tabbed.focusPolicy() != Qt.FocusPolicy.NoFocus and not tabbed.autoDefault()
    for button in (plain, tabbed):
        qtbot.addWidget(button)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert pressed == [True, True]


def test_red_cells_chosen_rows_and_double_clicks(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = NumbersModel()
    table = make_table(model, 0)
    qtbot.addWidget(table)
    model.set_rows([3, -2, 5])
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) == QColor(RED)
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert chosen_row(table, model) is None
    acted: list[int | None] = []
    act_on_double_click(table, lambda: acted.append(chosen_row(table, model)))
    table.doubleClicked.emit(model.index(2, 0))
    assert acted == [5]


def test_search_field_waits_for_a_pause_and_arrows_choose_rows(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = NumbersModel()
    table = make_table(model, 0, focus=False)
    model.set_rows([1, 2, 3])
    field = ListSearchField(table, "Find", 5)
    qtbot.addWidget(table)
    qtbot.addWidget(field)
    assert field.maxLength() == 5 and field.placeholderText() == "Find"
    with qtbot.waitSignal(field.typed):
        qtbot.keyClicks(field, "12")
    qtbot.keyClick(field, Qt.Key.Key_Down)
    qtbot.keyClick(field, Qt.Key.Key_Down)
    assert chosen_row(table, model) == 2
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert chosen_row(table, model) == 1
    assert field.text() == "12"  # the arrows never reached the text


def test_value_dialog_stays_open_until_the_value_parses(qtbot) -> None:  # type: ignore[no-untyped-def]
    def parse(text: str) -> int:
        if not text.isdigit():
            raise PosError("Not a number")
        return int(text)

    dialog = ValueDialog("Title", QLabel("How many?"), "x", parse, "OK", None)
    qtbot.addWidget(dialog)
    dialog.on_ok()
    assert dialog.error.text() == "Not a number" and dialog.value is None
    assert dialog.result() == 0
    dialog.field.setText("12")
    dialog.on_ok()
    assert dialog.value == 12 and dialog.result() == 1


def test_the_amount_dialog_starts_with_the_amount_chosen(qtbot) -> None:  # type: ignore[no-untyped-def]
    from pos.ui.money_dialog import AmountDialog

    dialog = AmountDialog("Price", "New price", 5000, "Change")
    qtbot.addWidget(dialog)
    assert dialog.field.maxLength() == 20
    assert dialog.field.selectedText() == dialog.field.text() == "5.000"  # typing replaces it
