"""The sale screen: scan field, cart, big total. Scans never block; messages show inline."""

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pos.core.cart import Cart
from pos.core.errors import PosError
from pos.core.money import format_rupiah
from pos.core.payments import NonCashPayment
from pos.core.quantities import MAX_QTY, split_multiplier
from pos.db.session import Database
from pos.i18n import _, ngettext
from pos.services import catalog, quick_keys, sales, settings
from pos.services.auth import Actor
from pos.services.quick_keys import QuickKeyInfo
from pos.services.sales import SaleResult
from pos.ui.cart_model import COL_NAME, CartTableModel, fix_number_columns, stock_left_text
from pos.ui.cart_saver import CartSaver
from pos.ui.quick_keys_panel import QuickKeysPanel
from pos.ui.sale_discounts import CartDiscountKeys
from pos.ui.sale_parking import CartParkingKeys
from pos.ui.sale_screen_state import (
    ShiftStateLabel,
    ask,
    clear_cart_question,
    close_with_cart_question,
    ensure_open_shift,
    on_hand,
)
from pos.ui.sale_screen_summary import keep_receipt, sale_summary
from pos.ui.scaling import pt
from pos.ui.widgets import (
    MessageLabel,
    add_shortcuts,
    key_help,
    make_scan_field,
    make_table,
    scan_field_key,
    selected_row,
    take_scan,
)

log = logging.getLogger(__name__)


class SaleScreen(QWidget, CartDiscountKeys, CartParkingKeys):
    """Rings up one customer at a time and hands the cart to checkout."""

    sale_saved = Signal(object)  # SaleResult, as soon as it is committed: print it now
    sale_completed = Signal(object)  # SaleResult, once the screen and the PDF are done
    cart_changed = Signal()
    lock_requested = Signal()  # F11: the main window's shortcut, or here when it did not fire
    qris_shown = Signal(str, int, str)  # payload, amount, merchant; "" once it is not shown

    def __init__(
        self, db: Database, actor: Actor, receipts_dir: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._receipts_dir = receipts_dir
        self.cart = sales.load_pending_cart(db)
        self.saver = CartSaver(lambda: sales.save_pending_cart(self._db, self.cart), self)
        self.saver.failing.connect(lambda message: self._say(message, ok=False))
        self.saver.recovered.connect(lambda: self._say(_("The cart is saved."), ok=True))
        self.last_receipt_pdf: Path | None = None

        self.scan_field = make_scan_field(
            _("Scan a barcode or type an SKU, then Enter"), point_size=16
        )
        self.scan_field.setObjectName("scanField")
        self.scan_field.installEventFilter(self)

        self.message = MessageLabel(point_size=13)
        self.message.setObjectName("scanMessage")

        self.model = CartTableModel()
        self.table = make_table(self.model, COL_NAME, focus=False, point_size=12)
        fix_number_columns(self.table)

        self.total_label = QLabel()
        self.total_label.setObjectName("totalLabel")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.total_label.setFont(QFont(self.font().family(), pt(36), QFont.Weight.Bold))
        self.count_label = QLabel()
        self.shift_label = ShiftStateLabel(db)
        # After a sale the change due is what the cashier needs to see, large.
        self.last_sale_label = QLabel()
        self.last_sale_label.setObjectName("lastSale")
        self.last_sale_label.setWordWrap(True)
        self.last_sale_detail = QLabel()
        self.last_sale_detail.setObjectName("lastSaleDetail")

        keys = key_help(
            _(
                "Enter: add  |  3*code: add 3  |  ↑↓: choose line  |  + / −: quantity  |  "
                "F4: set quantity  |  Del: remove line  |  Esc: clear the cart  |  F2: search  |  "
                "F5: line discount  |  Shift+F5: sale discount  |  Ctrl+F5: price  |  F12: pay  |  "
                "Ctrl+S: park  |  Ctrl+O: recall  |  F11: lock"
            )
        )
        keys.setObjectName("keyHelp")

        total_row = QHBoxLayout()
        total_row.addWidget(self.count_label)
        total_row.addSpacing(24)
        total_row.addWidget(self.shift_label)
        total_row.addStretch(1)
        total_caption = QLabel(_("TOTAL"))
        total_caption.setFont(QFont(self.font().family(), pt(18)))
        total_row.addWidget(total_caption)
        total_row.addWidget(self.total_label)

        # With its parent from the start: set_keys() shows it, and shown without one it would
        # be a window of its own for a moment (taking the keyboard from the main window).
        self.quick_keys = QuickKeysPanel(self)
        self.quick_keys.product_chosen.connect(self.on_quick_key)
        self.refresh_quick_keys()
        cart_row = QHBoxLayout()
        cart_row.addWidget(self.table, 1)
        cart_row.addWidget(self.quick_keys)

        layout = QVBoxLayout(self)
        layout.addWidget(self.scan_field)
        layout.addWidget(self.message)
        layout.addLayout(cart_row, 1)
        layout.addLayout(total_row)
        layout.addWidget(self.last_sale_label)
        layout.addWidget(self.last_sale_detail)
        layout.addWidget(keys)

        self._function_keys = {
            Qt.Key.Key_F2: self.on_search,
            Qt.Key.Key_F4: self.on_set_quantity,
            Qt.Key.Key_F8: self.on_remove_line,
            Qt.Key.Key_F12: self.on_pay,
            Qt.Key.Key_F11: self.lock_requested.emit,
        }
        add_shortcuts(
            self,
            {
                "F2": self.on_search,
                "F4": self.on_set_quantity,
                "F8": self.on_remove_line,
                "F12": self.on_pay,
            },
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.add_discount_shortcuts()
        self.add_parking_shortcuts()

        self.scan_field.returnPressed.connect(self.on_scan)
        self._refresh(select_row=len(self.cart.lines) - 1)
        self.shift_label.refresh()
        if not self.cart.is_empty():
            self._say(_("The unfinished sale was restored."), ok=True)

    @property
    def actor(self) -> Actor:
        return self._actor

    def set_actor(self, actor: Actor) -> None:
        """Another cashier took over the counter: the cart and the shift stay, sales are theirs."""
        self._actor = actor

    # --- keyboard in the scan field -------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scan_field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if self._handle_cart_key(event):
                return True
        return super().eventFilter(watched, event)

    def _handle_cart_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if self.discount_key(event) or self.parking_key(event):
            return True
        # The function keys reach here only when their shortcuts did not fire, e.g. when no
        # window manager made the window active again after a dialog: act on them anyway.
        action = self._function_keys.get(key)
        if action is not None:
            action()
            return True
        if scan_field_key(event, self.scan_field, self.table, self.on_remove_line):
            return True
        if key == Qt.Key.Key_Escape:
            # A half-typed code goes first; only an empty field clears the cart.
            if self.scan_field.text():
                self.scan_field.clear()
            else:
                self.on_clear_cart()
            return True
        if self.scan_field.text():
            return False  # '+' and '-' are ordinary typing while a code is typed
        if key == Qt.Key.Key_Plus:
            self.change_quantity(+1)
            return True
        if key == Qt.Key.Key_Minus:
            self.change_quantity(-1)
            return True
        return False

    # --- actions ---------------------------------------------------------------------------

    @Slot()
    def on_scan(self) -> None:
        text = take_scan(self.scan_field)
        if text:
            self.add_code(text)

    def add_code(self, text: str) -> bool:
        """Look up a scanned or typed code and add it; a bad code only shows a message."""
        try:
            qty, text = split_multiplier(text)
            product = catalog.find_by_code(self._db, text)
            row = self.cart.add(product.id, product.sku, product.name, product.price, qty)
        except PosError as e:
            self._say(e.message, ok=False)
            return False
        self._line_changed(row)
        return True

    def change_quantity(self, delta: int) -> None:
        row = self.selected_row()
        if row is None:
            return
        if delta < 0 and self.cart.lines[row].qty + delta < 1:
            self._say(_("The quantity is already 1: press Del to remove the line."), ok=False)
            return
        if self.cart_change(lambda: self.cart.change_qty(row, delta)):
            self._line_changed(row)

    @Slot()
    def on_set_quantity(self) -> None:
        from pos.ui.qty_dialog import ask_quantity

        row = self.chosen_line(_("The cart is empty."))
        if row is None:
            return
        line = self.cart.lines[row]
        qty = ask_quantity(self, line.name, line.qty, MAX_QTY)
        if qty is not None and self.cart_change(lambda: self.cart.set_qty(row, qty)):
            self._line_changed(row)
        self.scan_field.setFocus()

    @Slot()
    def on_remove_line(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        removed = self.cart.lines[row]
        if not self.cart_change(lambda: self.cart.remove(row)):
            return
        self._cart_edited(select_row=min(row, len(self.cart.lines) - 1))
        self._say(_("Removed: {name}").format(name=removed.name), ok=True)

    @Slot()
    def on_search(self) -> None:
        from pos.ui.search_dialog import SearchDialog

        dialog = SearchDialog(self._db, self)
        if dialog.exec() and dialog.chosen is not None:
            p = dialog.chosen
            row = self.cart.add(p.id, p.sku, p.name, p.price)
            self._line_changed(row)
        self.scan_field.setFocus()

    @Slot()
    def on_clear_cart(self) -> None:
        if self.cart.is_empty():
            self._say(_("The cart is empty."), ok=False)
            return
        question = clear_cart_question(len(self.cart.lines), self.cart.total)
        if not self.ask_clear_cart(question):
            self.scan_field.setFocus()
            return
        self.cart.clear()
        self._cart_edited(select_row=-1)
        self._say(_("The cart is cleared."), ok=True)
        self.scan_field.setFocus()

    def ask_clear_cart(self, question: str) -> bool:
        return ask(self, _("Clear the cart"), question, _("Clear the cart"), _("Keep it"))

    def confirm_close_shift(self) -> bool:
        """Closing a shift with an unpaid cart on screen asks first (tests override `ask_`)."""
        if self.cart.is_empty():
            return True
        question = close_with_cart_question(len(self.cart.lines), self.cart.total)
        return self.ask_close_with_cart(question)

    def ask_close_with_cart(self, question: str) -> bool:
        return ask(self, _("Close shift"), question, _("Close the shift"), _("Back to the cart"))

    def refresh_quick_keys(self) -> None:
        self.quick_keys.set_keys(quick_keys.list_keys(self._db))

    @Slot(object)
    def on_quick_key(self, key: QuickKeyInfo) -> None:
        self.add_code(key.sku)
        self.scan_field.setFocus()

    def ensure_shift(self) -> bool:
        """Selling needs an open shift: ask for the opening float if there is none."""
        opened = ensure_open_shift(self._db, self._actor, self, self.shift_label)
        self.scan_field.setFocus()
        return opened

    @Slot()
    def on_pay(self) -> None:
        if self.cart.is_empty():
            self._say(_("The cart is empty: scan a product first."), ok=False)
            return
        if not self.ensure_shift():
            return
        from pos.ui.payment_qris import stand_qris
        from pos.ui.split_payment_dialog import SplitPaymentDialog

        methods = list(settings.get(self._db, settings.PAYMENT_METHODS))
        dialog = SplitPaymentDialog(self.cart.total, methods, self, stand_qris(self._db))
        dialog.qris_shown.connect(self.qris_shown)
        paid = dialog.exec()
        self.qris_shown.emit("", 0, "")
        if paid:
            self.complete_sale(dialog.cash_tendered, dialog.non_cash)
        self.window().activateWindow()
        self.scan_field.setFocus()

    def complete_sale(
        self, tendered: int, non_cash: list[NonCashPayment] | None = None
    ) -> SaleResult | None:
        try:
            result = sales.checkout(self._db, self._actor, self.cart, non_cash or [], tendered)
        except PosError as e:
            self._say(e.message, ok=False)
            return None
        self.sale_saved.emit(result)
        self.cart = Cart()
        self._refresh(select_row=-1)
        headline, detail = sale_summary(result)
        self.last_sale_label.setText(headline)
        self.last_sale_detail.setText(detail)
        self._emphasize_last_sale(True)
        self._say(_("Ready for the next customer."), ok=True)
        self._keep_receipt(result)
        self.sale_completed.emit(result)
        return result

    def _keep_receipt(self, result: SaleResult) -> None:
        # The sale is committed whatever happens here: a receipt problem is told, never fatal.
        path, problem = keep_receipt(self._db, self._receipts_dir, result.receipt_no)
        if path is not None:
            self.last_receipt_pdf = path
        if problem is not None:
            self._say(problem, ok=False)

    # --- helpers ---------------------------------------------------------------------------

    def selected_row(self) -> int | None:
        return selected_row(self.table)

    def chosen_line(self, empty: str) -> int | None:
        """The chosen cart line's row; None, after saying `empty`, when there is none."""
        row = selected_row(self.table)
        if row is None:
            self._say(empty, ok=False)
        return row

    def _emphasize_last_sale(self, fresh: bool) -> None:
        # Large while the cashier counts out the change; quiet once the next customer starts.
        color, size = ("#0d47a1", 24) if fresh else ("#777", 11)
        self.last_sale_label.setStyleSheet(f"color: {color}; font: bold {pt(size)}pt;")
        self.last_sale_detail.setStyleSheet("color: #555;" if fresh else "color: #999;")

    def _cart_edited(self, select_row: int) -> None:
        if self.last_sale_label.text():
            self._emphasize_last_sale(False)
        self._refresh(select_row)
        self.saver.changed()
        self.cart_changed.emit()

    def _line_changed(self, row: int) -> None:
        """Show the cart with line `row` chosen, and say that line as it is now, with a hint
        when it is more than in stock."""
        self._cart_edited(select_row=row)
        line = self.cart.lines[row]
        text = _("{qty} x {name} — {price}").format(
            qty=line.qty, name=line.name, price=format_rupiah(line.unit_price)
        )
        left = self.model.stock_left(line)
        if left is not None:
            self._say(f"{text}: {stock_left_text(left)}", ok=False)
        else:
            self._say(text, ok=True)

    def _refresh(self, select_row: int) -> None:
        self.model.set_rows(self.cart.lines, on_hand(self._db, self.cart.lines))
        if 0 <= select_row < len(self.cart.lines):
            self.table.selectRow(select_row)
            self.table.scrollTo(self.model.index(select_row, 0))
        self.total_label.setText(format_rupiah(self.cart.total))
        count = self.cart.item_count
        text = ngettext("{n} item", "{n} items", count).format(n=count)
        self.count_label.setText(text + self.discount_note())

    def save_now(self) -> bool:
        """A last write before closing or restoring (no retry later); True when it is on disk."""
        saved = self.saver.save_now()
        self.saver.stop()
        return saved

    def _say(self, text: str, ok: bool) -> None:
        self.message.say(text, ok)
