"""The sale screen's park and recall keys (Ctrl+S, Ctrl+O), as a mixin: the cart goes to the
database under a label and the counter is free for the next customer; later it comes back."""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from pos.core.cart import Cart
from pos.core.errors import PosError
from pos.db.session import Database
from pos.i18n import _
from pos.services import parking
from pos.services.auth import Actor
from pos.ui.cart_saver import CartSaver
from pos.ui.widgets import add_shortcuts

PARK_KEY = "Ctrl+S"
RECALL_KEY = "Ctrl+O"


class CartParkingKeys:
    """Park the cart on screen, recall a parked one, for a screen with a cart."""

    # Provided by the screen (pos.ui.sale_screen.SaleScreen).
    _db: Database
    _actor: Actor
    cart: Cart
    saver: CartSaver
    scan_field: QLineEdit
    _refresh: Callable[[int], None]
    _emphasize_last_sale: Callable[[bool], None]
    _say: Callable[[str, bool], None]
    cart_changed: object  # Signal()

    def add_parking_shortcuts(self) -> None:
        assert isinstance(self, QWidget)
        add_shortcuts(
            self,
            {PARK_KEY: self.on_park, RECALL_KEY: self.on_recall},
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

    def parking_key(self, event: QKeyEvent) -> bool:
        """Ctrl+S and Ctrl+O typed into the scan field (their shortcuts did not fire)."""
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        if event.key() == Qt.Key.Key_S:
            self.on_park()
            return True
        if event.key() == Qt.Key.Key_O:
            self.on_recall()
            return True
        return False

    def on_park(self) -> None:
        from pos.ui.park_dialogs import ParkDialog, next_label

        if self.cart.is_empty():
            self._say(_("The cart is empty: there is nothing to park."), False)
            return
        try:
            suggested = next_label(parking.list_parked(self._db))
        except PosError as e:
            self._say(e.message, False)
            return
        assert isinstance(self, QWidget)
        dialog = ParkDialog(suggested, self.cart.total, self)
        label = dialog.label if dialog.exec() else None
        self._back_to_scanning()
        if label is not None:
            self.park_as(label)

    def park_as(self, label: str) -> bool:
        """Park the cart under `label`; True when it is in the database and the counter free."""
        # A save still pending would write the parked cart back as the counter's own.
        self.saver.stop()
        try:
            parked = parking.park(self._db, self._actor, self.cart, label)
        except PosError as e:
            self.saver.changed()  # the cart stays on the counter, and on disk
            self._say(e.message, False)
            return False
        self.cart = Cart()
        self._cart_replaced()
        self._say(_("Parked as “{label}”. Ctrl+O brings it back.").format(label=parked.label), True)
        return True

    def on_recall(self) -> None:
        from pos.ui.park_dialogs import RecallDialog

        if not self.cart.is_empty():
            self._say(_("Finish or park the sale on the counter before recalling another."), False)
            return
        assert isinstance(self, QWidget)
        dialog = RecallDialog(self._db, self._actor, self)
        chosen = dialog.chosen if dialog.exec() else None
        self._back_to_scanning()
        if chosen is not None:
            self.recall_id(chosen.id, chosen.label)

    def recall_id(self, parked_id: int, label: str) -> bool:
        """Bring parked sale `parked_id` back as the cart on the counter."""
        self.saver.save_now()  # the empty cart on disk first: recall checks the counter is free
        try:
            cart = parking.recall(self._db, self._actor, parked_id)
        except PosError as e:
            self._say(e.message, False)
            return False
        self.cart = cart
        self._cart_replaced()
        self._say(_("Recalled: {label}").format(label=label), True)
        return True

    def _cart_replaced(self) -> None:
        self._emphasize_last_sale(False)  # the last sale's change is history now
        self._refresh(len(self.cart.lines) - 1)
        self.cart_changed.emit()  # type: ignore[attr-defined]

    def _back_to_scanning(self) -> None:
        assert isinstance(self, QWidget)
        self.window().activateWindow()
        self.scan_field.setFocus()
