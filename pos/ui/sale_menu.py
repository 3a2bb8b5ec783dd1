"""The main window's Sale menu (discounts, price, void or return) and the cash drawer opened
without a sale, as a mixin: each goes through the approval dialog where a cashier needs a
supervisor's PIN."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMenuBar, QWidget

from pos.db.session import Database
from pos.i18n import _
from pos.services.auth import Actor

if TYPE_CHECKING:  # built after the lock screen shows (MainWindow.sale_screen)
    from pos.services.approvals import Approval
    from pos.ui.receipt_printing import ReceiptPrinting
    from pos.ui.sale_screen import SaleScreen


class SaleMenuActions:
    """Sale menu and drawer for a main window (pos.ui.main_window.MainWindow)."""

    # Provided by the window.
    _db: Database
    _actor: Actor
    _receipts_dir: Path
    sale_screen: "SaleScreen"
    printing: "ReceiptPrinting"
    _add: Callable[..., None]
    _actions: list[QAction]
    _run: Callable[[QDialog], bool]
    focus_scan: Callable[[], None]
    _allowed: Callable[[str], bool]

    def _add_sale_menu(self, bar: QMenuBar) -> QMenu:
        sale = bar.addMenu(_("S&ale"))
        # The sale screen binds F5, Shift+F5 and Ctrl+F5 itself (they act on its cart).
        # Looked up when chosen: the sale screen is built after the menus.
        self._add(
            sale, _("Discount on the line (F5)…"), lambda: self.sale_screen.on_line_discount()
        )
        self._add(
            sale, _("Discount on the sale (Shift+F5)…"), lambda: self.sale_screen.on_sale_discount()
        )
        self._add(
            sale, _("Change the price (Ctrl+F5)…"), lambda: self.sale_screen.on_change_price()
        )
        # Ctrl+S and Ctrl+O too (pos.ui.sale_parking).
        self._add(sale, _("Park the sale (Ctrl+S)…"), lambda: self.sale_screen.on_park())
        self._add(sale, _("Recall a parked sale (Ctrl+O)…"), lambda: self.sale_screen.on_recall())
        sale.addSeparator()
        self._add(sale, _("Void or return a sale…"), self.on_refunds, "Ctrl+R")
        sale.addSeparator()
        self._add_customer_display(sale)
        sale.addSeparator()
        self._add(sale, _("Orders (pesanan)…"), self.on_orders, "Ctrl+Shift+O")
        return sale

    def on_orders(self) -> None:
        from pos.ui.orders_window import OrdersDialog

        assert isinstance(self, QWidget)
        if self._allowed("take_order"):
            self._run(OrdersDialog(self._db, self._actor, self))

    def _add_customer_display(self, sale: QMenu) -> None:
        """The customer display follows the sale screen; this switch opens or closes it now."""
        assert isinstance(self, QWidget)
        self._display_switch = QAction(_("Customer display"), self)
        self._display_switch.setCheckable(True)
        sale.addAction(self._display_switch)
        self._actions.append(self._display_switch)

    def _attach_customer_display(self, screen: "SaleScreen") -> None:
        """Link the display to the sale screen, once built; opened now if the setting says so."""
        from pos.ui.customer_display_link import CustomerDisplayLink

        assert isinstance(self, QWidget)
        self.customer_display = CustomerDisplayLink(self._db, screen, self)
        self._display_switch.toggled.connect(self.customer_display.set_open)
        self.customer_display.toggled.connect(self._display_switch.setChecked)
        if self.isVisible():  # the link missed the window's Show event
            self.customer_display.apply_setting()

    def on_refunds(self) -> None:
        from pos.ui.refund_screen import RefundScreen

        assert isinstance(self, QWidget)
        self._run(RefundScreen(self._db, self._actor, self._receipts_dir, self))

    def on_open_drawer(self) -> None:
        """Through the approval dialog (a cashier needs a supervisor's PIN), then the kick."""
        from pos.services import approvals
        from pos.ui.approval_dialog import ask_approval

        assert isinstance(self, QWidget)

        def submit(pin: str | None, reason: str) -> "Approval":
            return approvals.require_or_approve(self._db, self._actor, "open_drawer", reason, pin)

        approval = ask_approval(
            self,
            _("Open the cash drawer"),
            _("Open the cash drawer without a sale."),
            submit,
            not self._actor.may("open_drawer"),
        )
        if approval is not None:
            self.printing.open_drawer(self._actor, approval)
        self.activateWindow()
        self.focus_scan()
