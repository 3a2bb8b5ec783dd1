"""The sale screen's discount and price keys (F5, Shift+F5, Ctrl+F5), as a mixin: each runs a
flow of pos.ui.discount_dialog on the screen's cart and tells the result in its message line.
Also what the cart refuses because of a discount (a line removed under a sale discount...)."""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from pos.core.cart import Cart
from pos.core.errors import PosError
from pos.core.money import format_rupiah
from pos.db.session import Database
from pos.i18n import _
from pos.services.auth import Actor
from pos.ui.widgets import add_shortcuts

Flow = Callable[[QWidget, Database, Actor, Cart, int], str | None]


class CartDiscountKeys:
    """Line discount, sale discount and price change for a screen with a cart."""

    # Provided by the screen (pos.ui.sale_screen.SaleScreen).
    _db: Database
    _actor: Actor
    cart: Cart
    scan_field: QLineEdit
    chosen_line: Callable[[str], int | None]
    _cart_edited: Callable[[int], None]
    _say: Callable[[str, bool], None]

    def add_discount_shortcuts(self) -> None:
        assert isinstance(self, QWidget)
        add_shortcuts(
            self,
            {
                "F5": self.on_line_discount,
                "Shift+F5": self.on_sale_discount,
                "Ctrl+F5": self.on_change_price,
            },
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

    def discount_key(self, event: QKeyEvent) -> bool:
        """F5 and its Shift and Ctrl variants typed into the scan field; True if used.

        The keys reach the field only when their shortcuts did not fire (no window manager
        made the window active again after a dialog): act on them anyway.
        """
        if event.key() != Qt.Key.Key_F5:
            return False
        modifiers = event.modifiers()
        if modifiers & Qt.KeyboardModifier.ShiftModifier:
            self.on_sale_discount()
        elif modifiers & Qt.KeyboardModifier.ControlModifier:
            self.on_change_price()
        else:
            self.on_line_discount()
        return True

    def cart_change(self, change: Callable[[], object]) -> bool:
        """Run a change of the cart; a refusal (e.g. a discount larger than what is left) is
        told in the message line and gives False."""
        try:
            change()
        except PosError as e:
            self._say(e.message, False)
            return False
        return True

    def discount_note(self) -> str:
        """'  (discounts Rp...)' after the item count, when the cart has any."""
        if not self.cart.discount_total:
            return ""
        return "  " + _("(discounts {amount})").format(
            amount=format_rupiah(self.cart.discount_total)
        )

    def _run_flow(self, flow: Flow) -> None:
        assert isinstance(self, QWidget)
        row = self.chosen_line(_("The cart is empty: scan a product first."))
        if row is None:
            return
        try:
            said = flow(self, self._db, self._actor, self.cart, row)
        except PosError as e:
            said = None
            self._say(e.message, False)
        if said:
            self._cart_edited(row)
            self._say(said, True)
        self.window().activateWindow()
        self.scan_field.setFocus()

    def on_line_discount(self) -> None:
        from pos.ui.discount_dialog import edit_line_discount

        self._run_flow(edit_line_discount)

    def on_sale_discount(self) -> None:
        from pos.ui.discount_dialog import edit_sale_discount

        self._run_flow(
            lambda parent, db, actor, cart, _row: edit_sale_discount(parent, db, actor, cart)
        )

    def on_change_price(self) -> None:
        from pos.ui.discount_dialog import edit_price

        self._run_flow(edit_price)
