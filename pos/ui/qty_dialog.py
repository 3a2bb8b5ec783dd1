"""Ask for a line's quantity, with the reason shown when the input is not a quantity."""

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pos.core.errors import PosError
from pos.core.quantities import parse_qty
from pos.i18n import _
from pos.ui.widgets import RED, ok_cancel_buttons


class QuantityDialog(QDialog):
    """F4: type the quantity of a cart line."""

    def __init__(self, name: str, current: int, maximum: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Quantity"))
        self.value: int | None = None
        self.maximum = maximum
        self.field = QLineEdit(str(current))
        self.field.selectAll()
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {RED};")
        buttons = ok_cancel_buttons(self, _("OK"), self.on_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Quantity of {name}:").format(name=name)))
        layout.addWidget(self.field)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def on_ok(self) -> None:
        try:
            self.value = parse_qty(self.field.text())
        except PosError as e:
            self.error.setText(e.message)
            self.field.selectAll()
            return
        self.accept()


def ask_quantity(parent: QWidget, name: str, current: int, maximum: int) -> int | None:
    dialog = QuantityDialog(name, current, maximum, parent)
    if dialog.exec():
        return dialog.value
    return None
