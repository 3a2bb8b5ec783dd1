"""Ask for an amount of rupiah, with the reason shown when the input is not one."""

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.core.errors import PosError
from pos.core.money import format_number, parse_rupiah
from pos.ui.widgets import RED, ok_cancel_buttons


class AmountDialog(QDialog):
    """One amount field, OK and Cancel."""

    def __init__(
        self,
        title: str,
        prompt: str,
        current: int,
        ok_text: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.value: int | None = None
        self.field = QLineEdit(format_number(current))
        self.field.setObjectName("amountField")
        self.field.setMaxLength(20)
        self.field.selectAll()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {RED};")
        buttons = ok_cancel_buttons(self, ok_text, self.on_ok)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addWidget(self.field)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    @Slot()
    def on_ok(self) -> None:
        try:
            self.value = parse_rupiah(self.field.text())
        except PosError as e:
            self.error.setText(e.message)
            self.field.selectAll()
            return
        self.accept()


def ask_amount(parent: QWidget, title: str, prompt: str, current: int, ok_text: str) -> int | None:
    dialog = AmountDialog(title, prompt, current, ok_text, parent)
    return dialog.value if dialog.exec() else None
