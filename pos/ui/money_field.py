"""The one field for an amount of rupiah: dots as you type, and a scan is never taken as money."""

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from pos.core.money import Rupiah, format_number, parse_rupiah
from pos.core.money_entry import (
    ScanDetector,
    ScannedAmount,
    group_as_typed,
    scanned_message,
    skip_separator,
)

MAX_LENGTH = 40
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class MoneyField(QLineEdit):
    """Shows '200.000' while '200000' is typed, reads what parse_rupiah reads, refuses scans.

    Keys that arrive at scanner speed (pos.core.money_entry.ScanDetector) mark the field: its
    Enter is swallowed and `refused` says why, `amount()` refuses, until the field is cleared
    or typed over. Key events without a timestamp (synthetic ones, as in tests that do not set
    one) cannot be timed and are taken as typed by hand.
    """

    refused = Signal(str)  # why Enter was not taken; the text stays, selected, to be typed over

    def __init__(self, parent: QWidget | None = None, *, guard_scans: bool = True) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMaxLength(MAX_LENGTH)
        self._scans = ScanDetector() if guard_scans else None
        self.textEdited.connect(self.on_edited)
        self.textChanged.connect(self.on_text_changed)

    def amount(self) -> Rupiah:
        """The amount typed; InvalidAmount (a PosError) with the reason when it cannot be taken."""
        if self.was_scanned():
            raise ScannedAmount(scanned_message())
        return parse_rupiah(self.text())

    def set_amount(self, amount: Rupiah) -> None:
        """Put an amount in as a button does: grouped, and not a scan."""
        if self._scans is not None:
            self._scans.reset()
        self.setText(format_number(amount))

    def was_scanned(self) -> bool:
        return self._scans is not None and self._scans.scanned

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        enter = key in _ENTER
        if self._scans is not None and (enter or _is_character(event)):
            if not enter and self._replaces_everything():
                self._scans.reset()
            if event.timestamp():
                self._scans.key(event.timestamp(), event.isAutoRepeat())
        if enter and self.was_scanned():
            event.accept()  # never reaches the dialog's default button
            self.selectAll()
            self.refused.emit(scanned_message())
            return
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) and not self.hasSelectedText():
            # Remove a digit, not the dot that grouping would put straight back.
            backwards = key == Qt.Key.Key_Backspace
            self.setCursorPosition(skip_separator(self.text(), self.cursorPosition(), backwards))
        super().keyPressEvent(event)

    @Slot(str)
    def on_edited(self, text: str) -> None:
        grouped, cursor = group_as_typed(text, self.cursorPosition())
        if grouped != text:
            self.setText(grouped)
            self.setCursorPosition(cursor)

    @Slot(str)
    def on_text_changed(self, text: str) -> None:
        if self._scans is not None and not text.strip():
            self._scans.reset()

    def _replaces_everything(self) -> bool:
        return self.hasSelectedText() and len(self.selectedText()) == len(self.text())


def _is_character(event: QKeyEvent) -> bool:
    text = event.text()
    return bool(text) and text.isprintable()
