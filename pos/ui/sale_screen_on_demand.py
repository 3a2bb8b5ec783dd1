"""The main window's sale screen and receipt printing, built behind the lock screen: once it is
painted (while the PIN is typed), or at their first use if that comes first. The lock screen
thus shows without them, and without the services and models they import."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from pos.db.session import Database
from pos.services.auth import Actor

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from pos.ui.counter_lock import CounterLock
    from pos.ui.receipt_printing import ReceiptPrinting
    from pos.ui.sale_screen import SaleScreen


class AfterFirstPaint(QObject):
    """Calls `then` through the event loop once `widget` has been painted the first time."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


class SaleScreenOnDemand:
    """For pos.ui.main_window.MainWindow: `sale_screen` and `printing`, built when needed."""

    # Provided by the window.
    _db: Database
    _actor: Actor
    _receipts_dir: Path
    _sale_screen: "SaleScreen | None"
    _printing: "ReceiptPrinting | None"
    counter: "CounterLock"
    open_shift_action: "QAction"
    on_print_outcome: Callable[[object], None]
    on_sale_completed: Callable[[object], None]
    _attach_customer_display: Callable[["SaleScreen"], None]

    @property
    def sale_screen(self) -> "SaleScreen":
        """The counter's sale screen; built at its first use if the idle time did not yet."""
        return self._built()[0]

    @property
    def printing(self) -> "ReceiptPrinting":
        """Receipts, drawer kicks and test prints; made with the sale screen."""
        return self._built()[1]

    def _built(self) -> "tuple[SaleScreen, ReceiptPrinting]":
        if self._sale_screen is None or self._printing is None:
            self._build_sale_screen()
        assert self._sale_screen is not None and self._printing is not None
        return self._sale_screen, self._printing

    def build_sale_screen_after_paint(self) -> None:
        """Build the sale screen once the lock screen is painted, while the PIN is typed.

        Keys typed meanwhile wait in Qt's queue and reach the PIN field afterwards; a PIN
        entered before it is built builds it at once (CounterLock.on_logged_in).
        """
        AfterFirstPaint(self.counter.pages, self._build_sale_screen)

    def _build_sale_screen(self) -> None:
        from pos.ui.receipt_printing import ReceiptPrinting
        from pos.ui.sale_screen import SaleScreen

        if self._sale_screen is not None:
            return
        assert isinstance(self, QWidget)
        screen = SaleScreen(self._db, self._actor, self._receipts_dir, self)
        self._sale_screen = screen
        # The receipt's bytes leave on the printer's thread while the screen updates.
        self._printing = ReceiptPrinting(self._db, self._actor, self)
        screen.sale_saved.connect(self._printing.after_sale)
        self._printing.finished.connect(self.on_print_outcome)
        screen.sale_completed.connect(self.on_sale_completed)
        screen.shift_label.changed.connect(lambda on: self.open_shift_action.setEnabled(not on))
        self._attach_customer_display(screen)
        self.counter.attach(screen)
