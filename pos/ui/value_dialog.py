"""A dialog that asks for one value: its field keeps the dialog open, saying why, until what
is typed parses."""

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QWidget

from pos.core.errors import PosError
from pos.ui.layouts import vbox
from pos.ui.widgets import ok_cancel_buttons, red_label


class ValueDialog(QDialog):
    """`prompt`, one field, OK and Cancel; `value` is what `parse` made of the field."""

    def __init__(
        self,
        title: str,
        prompt: QLabel,
        text: str,
        parse: Callable[[str], int],
        ok_text: str,
        parent: QWidget | None,
        max_length: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.value: int | None = None
        self._parse = parse
        self.field = QLineEdit(text)
        if max_length is not None:
            self.field.setMaxLength(max_length)  # before selectAll(): it drops the selection
        self.field.selectAll()
        self.error = red_label()
        buttons = ok_cancel_buttons(self, ok_text, self.on_ok)
        vbox(prompt, self.field, self.error, buttons, parent=self)

    @Slot()
    def on_ok(self) -> None:
        try:
            self.value = self._parse(self.field.text())
        except PosError as e:
            self.error.setText(e.message)
            self.field.selectAll()
            return
        self.accept()
