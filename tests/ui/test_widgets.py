"""The shared UI toolkit: the table base, the confirmation box."""

from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from pos.i18n import N_
from pos.ui.widgets import RIGHT, RowsTableModel, confirm


class PairsModel(RowsTableModel[tuple[str, int]]):
    HEADERS = (N_("Product"), N_("Qty"))
    RIGHT_COLUMNS = frozenset({1})

    def texts(self, row: tuple[str, int], number: int) -> tuple[str, ...]:
        return (f"{number + 1}. {row[0]}", str(row[1]))

    def style(self, row: tuple[str, int], col: int, role: int) -> Any:
        return "tip" if role == Qt.ItemDataRole.ToolTipRole and col == 0 else None


def test_rows_model_asks_only_for_texts_and_style(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = PairsModel()
    model.set_rows([("Tempe", 3), ("Nastar", 12)])
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert model.index(1, 0).data() == "2. Nastar"
    assert model.index(1, 1).data() == "12"
    assert model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) == RIGHT
    assert model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "tip"
    assert model.data(model.index(5, 0)) is None  # no such row


@pytest.mark.parametrize(("press", "answer"), [("Yes, go", True), ("No, wait", False)])
def test_confirm_says_which_button_was_pressed(qtbot, press: str, answer: bool) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == press).click()

    QTimer.singleShot(0, click)
    assert confirm(parent, "Title", "Really?", "Yes, go", "No, wait") is answer
    assert seen == ["Really?"]


def test_run_key_runs_the_bound_slot_and_takes_the_event(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    from pos.ui.widgets import on_enter, run_key

    done: list[str] = []
    keys = {Qt.Key.Key_Delete: lambda: done.append("drop"), **on_enter(lambda: done.append("ok"))}
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete):
        event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier)
        event.ignore()
        assert run_key(event, keys) and event.isAccepted()
    other = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
    assert not run_key(other, keys)
    assert done == ["ok", "ok", "drop"]
