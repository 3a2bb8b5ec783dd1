"""The customer display: a second window facing the buyer, in type large enough to read at 2 m.

It shows the lines as they are scanned and the total, the QRIS to scan during a QRIS payment,
then what was paid and the change, and between customers a thank-you with the stand's name.
It only shows what the sale screen tells it (pos.ui.customer_display_link); it never asks for
anything, so the cashier's keyboard stays with the sale screen.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication, QResizeEvent, QScreen
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos.core.cart import Cart
from pos.core.money import format_rupiah
from pos.core.payments import CASH
from pos.i18n import _, ngettext
from pos.services.sales import SaleResult
from pos.ui.qr_widget import QrWidget

# The lines that fit at this size; older ones scroll off the top (the newest is what matters).
SHOWN_LINES = 6
BACKGROUND = "#0d1b2a"
FOREGROUND = "#ffffff"
ACCENT = "#ffd166"
WINDOWED_SIZE = (1024, 600)


# Type sizes are given for a 1024x600 window and grow with it (a TV facing the queue).
BASE_SIZE = (1024, 600)


def _label(points: int, bold: bool = False, colour: str = FOREGROUND) -> QLabel:
    label = QLabel()
    font = QFont()
    font.setPointSize(points)
    font.setBold(bold)
    label.setFont(font)
    label.setStyleSheet(f"color: {colour};")
    label.setProperty("basePoints", points)
    return label


class CustomerDisplay(QWidget):
    """The buyer's window: welcome or thanks, the cart and total, the QRIS, paid and change."""

    def __init__(self, stand_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("customerDisplay")
        self.setWindowTitle(_("Lapak — customer display"))
        self.setStyleSheet(f"#customerDisplay {{ background: {BACKGROUND}; }}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # It must never take the keyboard from the sale screen (a scan would land here).
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._closing_allowed = False

        self.pages = QStackedWidget()
        self.pages.addWidget(self._welcome_page())
        self.pages.addWidget(self._cart_page())
        self.pages.addWidget(self._qris_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.pages)
        self.set_stand_name(stand_name)
        self.show_welcome()

    # --- pages ---------------------------------------------------------------------------

    def _welcome_page(self) -> QWidget:
        page = QWidget()
        self.greeting = _label(44, bold=True, colour=ACCENT)
        self.stand_label = _label(36, bold=True)
        self.paid_label = _label(30)
        self.change_label = _label(48, bold=True, colour=ACCENT)
        column = QVBoxLayout(page)
        column.addStretch(1)
        for label in (self.greeting, self.stand_label, self.paid_label, self.change_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            column.addWidget(label)
        column.addStretch(1)
        return page

    def _cart_page(self) -> QWidget:
        page = QWidget()
        self.lines_grid = QGridLayout()
        self.lines_grid.setColumnStretch(0, 1)
        self.line_labels: list[tuple[QLabel, QLabel]] = []
        for row in range(SHOWN_LINES):
            name, amount = _label(26), _label(26)
            name.setTextFormat(Qt.TextFormat.PlainText)
            amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.lines_grid.addWidget(name, row, 0)
            self.lines_grid.addWidget(amount, row, 1)
            self.line_labels.append((name, amount))
        self.more_label = _label(18, colour="#9fb3c8")
        self.count_label = _label(24)
        self.total_caption = _label(36, bold=True)
        self.total_caption.setText(_("TOTAL"))
        self.total_label = _label(64, bold=True, colour=ACCENT)
        self.total_label.setObjectName("customerTotal")
        total_row = QHBoxLayout()
        total_row.addWidget(self.count_label)
        total_row.addStretch(1)
        total_row.addWidget(self.total_caption)
        total_row.addSpacing(24)
        total_row.addWidget(self.total_label)
        column = QVBoxLayout(page)
        column.addWidget(self.more_label)
        column.addLayout(self.lines_grid)
        column.addStretch(1)
        column.addLayout(total_row)
        return page

    def _qris_page(self) -> QWidget:
        page = QWidget()
        self.qr = QrWidget(minimum=240)
        self.qris_caption = _label(34, bold=True)
        self.qris_caption.setText(_("Scan to pay with QRIS"))
        self.qris_amount = _label(60, bold=True, colour=ACCENT)
        self.qris_merchant = _label(22)
        self.qris_note = _label(20, colour="#9fb3c8")
        self.qris_note.setText(_("The amount is filled in: check it, then pay."))
        for label in (self.qris_caption, self.qris_amount, self.qris_merchant, self.qris_note):
            label.setWordWrap(True)
        side = QVBoxLayout()
        side.addStretch(1)
        for label in (self.qris_caption, self.qris_amount, self.qris_merchant, self.qris_note):
            side.addWidget(label)
        side.addStretch(1)
        row = QHBoxLayout(page)
        row.addWidget(self.qr, 1)
        row.addSpacing(32)
        row.addLayout(side, 1)
        return page

    # --- what it shows -------------------------------------------------------------------

    def set_stand_name(self, name: str) -> None:
        self.stand_name = name
        self.stand_label.setText(name)

    def show_welcome(self) -> None:
        """Before the first customer: the stand's name and a greeting."""
        self.greeting.setText(_("Welcome"))
        self.paid_label.clear()
        self.change_label.clear()
        self.pages.setCurrentIndex(0)

    def show_cart(self, cart: Cart) -> None:
        """The lines as scanned (the newest at the bottom) and the total; an empty cart
        leaves the thank-you (or welcome) screen where it is."""
        if cart.is_empty():
            if self.pages.currentIndex() != 0:
                self.show_welcome()
            return
        lines = cart.lines[-SHOWN_LINES:]
        hidden = len(cart.lines) - len(lines)
        self.more_label.setText(
            ngettext("… and {n} line above", "… and {n} lines above", hidden).format(n=hidden)
            if hidden
            else ""
        )
        for index, (name, amount) in enumerate(self.line_labels):
            if index < len(lines):
                line = lines[index]
                name.setText(f"{line.qty} x {line.name}")
                amount.setText(format_rupiah(line.total))
            else:
                name.clear()
                amount.clear()
        count = cart.item_count
        text = ngettext("{n} item", "{n} items", count).format(n=count)
        if cart.discount_total:
            text += "  " + _("(discount {amount})").format(
                amount=format_rupiah(cart.discount_total)
            )
        self.count_label.setText(text)
        self.total_label.setText(format_rupiah(cart.total))
        self.pages.setCurrentIndex(1)

    def show_qris(self, payload: str, amount: int, merchant: str) -> None:
        """The QRIS carrying `amount`, for the buyer to scan; an empty payload hides it."""
        if not payload:
            self.hide_qris()
            return
        self.qr.set_payload(payload)
        self.qris_amount.setText(format_rupiah(amount))
        self.qris_merchant.setText(merchant)
        self.pages.setCurrentIndex(2)

    def hide_qris(self) -> None:
        if self.pages.currentIndex() == 2:
            self.pages.setCurrentIndex(1)

    def show_thanks(self, result: SaleResult) -> None:
        """After the sale: thanks, the stand's name, what was paid and the change."""
        self.greeting.setText(_("Thank you!"))
        cash = next((p for p in result.payments if p.method == CASH), None)
        paid = sum(p.amount for p in result.payments if p.method != CASH)
        paid += cash.tendered if cash else 0
        self.paid_label.setText(
            _("Total {total}  ·  Paid {paid}").format(
                total=format_rupiah(result.total), paid=format_rupiah(paid)
            )
        )
        change = cash.change if cash else 0
        self.change_label.setText(
            _("Change {change}").format(change=format_rupiah(change)) if change else ""
        )
        self.pages.setCurrentIndex(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Scale the type with the window: readable at 2 m on a small panel, larger on a TV."""
        size = event.size()
        scale = max(0.6, min(size.width() / BASE_SIZE[0], size.height() / BASE_SIZE[1]))
        for label in self.findChildren(QLabel):
            base = label.property("basePoints")
            if base:
                font = label.font()
                font.setPointSize(max(8, round(int(base) * scale)))
                label.setFont(font)
        super().resizeEvent(event)

    # --- where it goes -------------------------------------------------------------------

    def place(self, cashier_screen: QScreen | None) -> None:
        """Full screen on a screen other than the cashier's when there is one; else a window."""
        screens = QGuiApplication.screens()
        others = [s for s in screens if s is not cashier_screen]
        if len(screens) > 1 and others:
            self.setScreen(others[0])
            self.setGeometry(others[0].geometry())
            self.showFullScreen()
            return
        self.resize(*WINDOWED_SIZE)
        self.show()

    def allow_close(self) -> None:
        """The app is quitting (or the setting was turned off): let the window go."""
        self._closing_allowed = True

    def closeEvent(self, event: QCloseEvent) -> None:
        # Facing the buyer: only the app closes it (a stray click must not end it mid-sale).
        if self._closing_allowed:
            super().closeEvent(event)
        else:
            event.ignore()
