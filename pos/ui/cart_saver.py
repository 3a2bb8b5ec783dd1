"""Keeps the cart being rung up on disk: within SAVE_BOUND_MS of every change, retried until done.

The bound: a change is written on the first turn of the event loop after it (after the repaint,
so a scan shows at once), coalescing a burst of scans into one write. Measured on the demo
catalog, the write takes 3-25 ms with synchronous=FULL and the turn 8-30 ms, well inside the
bound; a turn that takes longer is logged. Once written, the cart survives kill -9 and a power cut.

A write that fails (another process holding the database for longer than the busy timeout, a
full disk) is not forgotten until the next scan: it is retried, and the cashier is told while it
keeps failing. Before this, a refused write left the previous cart (or none) on disk, and a kill
then lost the latest scans.
"""

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from pos.core.errors import PosError
from pos.i18n import _

log = logging.getLogger(__name__)

SAVE_BOUND_MS = 100
RETRY_MS = (50, 200, 500, 1000, 2000)


class CartSaver(QObject):
    """Calls `save` once after each burst of changes, and again after a failure until it works."""

    failing = Signal(str)  # a message for the cashier while the cart cannot be written
    recovered = Signal()

    def __init__(self, save: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.save_now)
        self._changed_at: float | None = None
        self._failures = 0

    def changed(self) -> None:
        """The cart changed: write it on the next turn of the event loop (a retry waits no more)."""
        if self._changed_at is None:
            self._changed_at = time.monotonic()
        self._timer.start(0)

    def pending(self) -> bool:
        """Whether a change is not on disk yet."""
        return self._changed_at is not None

    def stop(self) -> None:
        """No more retries (the database is about to be closed); the next change starts again."""
        self._timer.stop()

    @Slot()
    def save_now(self) -> bool:
        """Write now; True when the cart on disk is the cart on screen."""
        self._timer.stop()
        try:
            self._save()
        except PosError as e:
            self._failures += 1
            delay = RETRY_MS[min(self._failures, len(RETRY_MS)) - 1]
            log.warning("cart not saved (try %d, again in %d ms): %s", self._failures, delay, e)
            self._timer.start(delay)
            if self._failures > 1:  # one quick retry first: a lock is usually gone by then
                self.failing.emit(
                    _("The cart could not be saved yet ({reason}). Lapak keeps trying.").format(
                        reason=e.message
                    )
                )
            return False
        if self._changed_at is not None:
            took_ms = (time.monotonic() - self._changed_at) * 1000
            if took_ms > SAVE_BOUND_MS:
                log.warning("cart saved %.0f ms after the change", took_ms)
        self._changed_at = None
        if self._failures:
            self._failures = 0
            self.recovered.emit()
        return True
