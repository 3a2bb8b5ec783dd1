"""Pieces of the product form: labelled fields, buttons beside them, messages under them."""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton

from pos.core.product import FIELD_LABELS
from pos.i18n import _
from pos.ui.widgets import GREEN, RED


def field_label(key: str) -> str:
    """The translated label of a product field."""
    # Not _(FIELD_LABELS["sku"]): the extractor would take the key "sku" for a message.
    return _(FIELD_LABELS[key])


def line_edit(max_length: int, placeholder: str = "") -> QLineEdit:
    """A one-line field that refuses more than `max_length` characters."""
    field = QLineEdit()
    field.setMaxLength(max_length)
    field.setPlaceholderText(placeholder)
    return field


def form_button(text: str, slot: object) -> QPushButton:
    """A button beside a field: Enter in the field never presses it."""
    button = QPushButton(text)
    button.setAutoDefault(False)  # Enter in a field saves the form, it never presses this
    button.clicked.connect(slot)
    return button


class FittedLabel(QLabel):
    """A wrapped message under a field, as tall as its text at the width it is given."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        # WORKAROUND: layouts size a word-wrapped QLabel for the width it had before, so a
        # two-line message got one line (https://bugreports.qt.io/browse/QTBUG-37673).
        super().resizeEvent(event)
        height = self.heightForWidth(self.width())
        if height > 0 and height != self.minimumHeight():
            self.setMinimumHeight(height)


def message_label() -> QLabel:
    """A hidden red message under a field (see say_under)."""
    label = FittedLabel()
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setStyleSheet(f"color: {RED};")
    label.setWordWrap(True)
    label.hide()
    return label


def is_enter(watched: QObject, field: QObject, event: QEvent) -> bool:
    """Is `event` Enter pressed in `field` (for an event filter)?"""
    if watched is not field or event.type() != QEvent.Type.KeyPress:
        return False
    assert isinstance(event, QKeyEvent)
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


KEEP_SPACE = "keepSpace"  # a message label whose line is reserved even when empty


def say_under(label: QLabel, text: str, ok: bool = False) -> None:
    """Show (or with no text, hide) a message under a field, collapsing its form row."""
    label.setText(text)
    label.setStyleSheet(f"color: {GREEN if ok else RED};")
    if label.property(KEEP_SPACE):
        return  # its line stays, empty or not: nothing around it moves
    parent = label.parentWidget()
    form = parent.layout() if parent is not None else None
    if isinstance(form, QFormLayout) and form.indexOf(label) >= 0:
        form.setRowVisible(label, bool(text))
    else:
        label.setVisible(bool(text))
