"""Ask for a line's quantity, with the reason shown when the input is not a quantity."""

from PySide6.QtWidgets import QLabel, QWidget

from pos.core.quantities import parse_qty
from pos.i18n import _
from pos.ui.value_dialog import ValueDialog


class QuantityDialog(ValueDialog):
    """F4: type the quantity of a cart line."""

    def __init__(self, name: str, current: int, maximum: int, parent: QWidget | None = None):
        prompt = QLabel(_("Quantity of {name}:").format(name=name))
        super().__init__(_("Quantity"), prompt, str(current), parse_qty, _("OK"), parent)
        self.maximum = maximum
        self.error.setWordWrap(False)


def ask_quantity(parent: QWidget, name: str, current: int, maximum: int) -> int | None:
    dialog = QuantityDialog(name, current, maximum, parent)
    if dialog.exec():
        return dialog.value
    return None
