"""Ask for an amount of rupiah, with the reason shown when the input is not one."""

from PySide6.QtWidgets import QWidget

from pos.core.money import format_number, parse_rupiah
from pos.ui.value_dialog import ValueDialog
from pos.ui.widgets import text_label


class AmountDialog(ValueDialog):
    """One amount field, OK and Cancel."""

    def __init__(
        self,
        title: str,
        prompt: str,
        current: int,
        ok_text: str,
        parent: QWidget | None = None,
    ):
        label = text_label(prompt, wrap=True)
        text = format_number(current)
        super().__init__(title, label, text, parse_rupiah, ok_text, parent, max_length=20)
        self.field.setObjectName("amountField")


def ask_amount(parent: QWidget, title: str, prompt: str, current: int, ok_text: str) -> int | None:
    dialog = AmountDialog(title, prompt, current, ok_text, parent)
    return dialog.value if dialog.exec() else None
