"""Keeps the customer display (pos.ui.customer_display) in step with the sale screen, and opens
or closes it as the display.customer setting says: when the main window first shows, and when
the setting changed by the time the window is active again (after the Settings screen)."""

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from pos.db.session import Database
from pos.services import settings
from pos.services.sales import SaleResult
from pos.ui.sale_screen import SaleScreen

if TYPE_CHECKING:
    from pos.ui.customer_display import CustomerDisplay


class CustomerDisplayLink(QObject):
    """Feeds the sale screen's cart, QRIS and completed sales to the display, when it is open."""

    toggled = Signal(bool)  # the display opened (True) or closed

    def __init__(self, db: Database, sale_screen: SaleScreen, window: QWidget) -> None:
        super().__init__(window)
        self._db = db
        self._screen = sale_screen
        self._window = window
        self.display: CustomerDisplay | None = None
        sale_screen.cart_changed.connect(self.on_cart_changed)
        sale_screen.sale_completed.connect(self.on_sale_completed)
        sale_screen.qris_shown.connect(self.on_qris_shown)
        self._setting: bool | None = None  # as last applied
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window:
            kind = event.type()
            if kind == QEvent.Type.Show and self._setting is None:
                self.apply_setting()
            elif kind == QEvent.Type.ActivationChange and self._window.isActiveWindow():
                if settings.get(self._db, settings.CUSTOMER_DISPLAY) != self._setting:
                    self.apply_setting()
            elif kind == QEvent.Type.Close:
                self.close()
        return super().eventFilter(watched, event)

    def apply_setting(self) -> None:
        """Open the display when the setting is on (on the other screen), close it when off."""
        wanted = settings.get(self._db, settings.CUSTOMER_DISPLAY)
        self._setting = wanted
        if wanted and self.display is None:
            self.open()
        elif not wanted and self.display is not None:
            self.close()
        elif self.display is not None:
            self.display.set_stand_name(settings.get(self._db, settings.STAND_NAME))

    def open(self) -> "CustomerDisplay":
        from pos.ui.customer_display import CustomerDisplay  # not at start-up: only when on

        if self.display is None:
            self.display = CustomerDisplay(settings.get(self._db, settings.STAND_NAME))
            self.display.place(self._window.screen())
            self.display.show_cart(self._screen.cart)
            # Showing a window may take the keyboard on some desktops: give it back.
            self._window.activateWindow()
            self.toggled.emit(True)
        return self.display

    def close(self) -> None:
        if self.display is not None:
            self.display.allow_close()
            self.display.close()
            self.display.deleteLater()
            self.display = None
            self.toggled.emit(False)

    @Slot(bool)
    def set_open(self, wanted: bool) -> None:
        """The Sale menu's switch: open or close it now (the setting decides at the next start)."""
        if wanted:
            self.open()
        else:
            self.close()

    @Slot()
    def on_cart_changed(self) -> None:
        if self.display is not None:
            self.display.show_cart(self._screen.cart)

    @Slot(object)
    def on_sale_completed(self, result: SaleResult) -> None:
        if self.display is not None:
            self.display.show_thanks(result)

    @Slot(str, int, str)
    def on_qris_shown(self, payload: str, amount: int, merchant: str) -> None:
        if self.display is not None:
            self.display.show_qris(payload, amount, merchant)
