"""Key presses with the timestamps a real keyboard or scanner gives (QTest's carry none)."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

BY_HAND_MS = 150  # a cashier on a number pad
SCANNER_MS = 2  # a USB scanner in keyboard mode

_clock = [1_000_000]  # one clock for the whole run: timestamps never go back


def _key(char: str) -> Qt.Key:
    if char == "\r":
        return Qt.Key.Key_Return
    if char.isascii() and char.isalnum():
        return Qt.Key(ord(char.upper()))
    return Qt.Key.Key_unknown


def press(widget: QWidget, char: str, gap_ms: int) -> None:
    """One key, `gap_ms` after the previous one, sent where the keyboard would send it."""
    _clock[0] += gap_ms
    key = _key(char)
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
        event.setTimestamp(_clock[0])
        QApplication.sendEvent(widget, event)


def type_keys(widget: QWidget, text: str, gap_ms: int = BY_HAND_MS) -> None:
    """Type `text` ("\\r" is Enter) with `gap_ms` between keys; the first after a pause."""
    _clock[0] += 1_000
    for char in text:
        press(widget, char, gap_ms)


def scan(widget: QWidget, code: str) -> None:
    """What a scanner sends: the code and Enter, a couple of milliseconds apart."""
    type_keys(widget, f"{code}\r", SCANNER_MS)
