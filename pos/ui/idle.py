"""Notices when nobody has typed or clicked for a while (the idle lock)."""

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
CHECK_EVERY_MS = 5_000


class IdleWatch(QObject):
    """Emits `idle` once when no key or click reached the app for `minutes` (0: never).

    A dialog open at that moment (a payment half typed) postpones it: the lock comes after.
    """

    idle = Signal()

    def __init__(
        self,
        minutes: int,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._minutes = minutes
        self._last = clock()
        self._fired = False
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        if minutes > 0:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self.touch()
        return False

    def touch(self) -> None:
        """Someone is there: start counting again."""
        self._last = self._clock()
        self._fired = False

    @Slot()
    def check(self) -> None:
        if self._minutes <= 0 or self._fired:
            return
        if self._clock() - self._last < self._minutes * 60:
            return
        if QApplication.activeModalWidget() is not None:
            return
        self._fired = True
        self.idle.emit()
