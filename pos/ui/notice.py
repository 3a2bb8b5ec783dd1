"""A notice that fades: says what was saved without a dialog to dismiss (the next customer waits).

Use `show_notice(widget, text)` after an action that worked; keep modal boxes for decisions.
"""

from PySide6.QtCore import QEasingCurve, QPropertyAnimation, Qt, QTimer, Slot
from PySide6.QtWidgets import QGraphicsOpacityEffect, QLabel, QWidget

from pos.ui.scaling import pt
from pos.ui.widgets import GREEN, RED

SHOWN_MS = 4_000  # long enough to read two lines, short enough not to cover the next sale
FADE_MS = 800


class Notice(QLabel):
    """A rounded label at the bottom of a window that fades out by itself; never takes focus."""

    def __init__(self, window: QWidget, text: str, ok: bool = True) -> None:
        super().__init__(text, window)
        self.setObjectName("notice")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setStyleSheet(
            f"background: {GREEN if ok else RED}; color: white; font-size: {pt(13)}pt;"
            " padding: 10px 18px; border-radius: 8px;"
        )
        self._effect = QGraphicsOpacityEffect(self)
        self._effect.setOpacity(1.0)
        self.setGraphicsEffect(self._effect)
        self._fade = QPropertyAnimation(self._effect, b"opacity", self)
        self._fade.setDuration(FADE_MS)
        self._fade.setStartValue(1.0)
        self._fade.setEndValue(0.0)
        self._fade.setEasingCurve(QEasingCurve.Type.InQuad)
        self._fade.finished.connect(self.deleteLater)
        self._place()
        self.show()
        self.raise_()
        QTimer.singleShot(SHOWN_MS, self, self.on_time_up)

    def _place(self) -> None:
        window = self.parentWidget()
        if window is None:
            return
        width = min(max(320, window.width() // 2), max(200, window.width() - 40))
        self.setFixedWidth(width)
        self.adjustSize()
        x = (window.width() - self.width()) // 2
        y = max(0, window.height() - self.height() - 60)  # above the status bar and key help
        self.move(x, y)

    @Slot()
    def on_time_up(self) -> None:
        self._fade.start()


def show_notice(widget: QWidget, text: str, ok: bool = True) -> Notice:
    """Show `text` over widget's window for a few seconds; an earlier notice there is replaced."""
    window = widget.window()
    for old in window.findChildren(Notice):
        old.hide()
        old.deleteLater()
    return Notice(window, text, ok)
