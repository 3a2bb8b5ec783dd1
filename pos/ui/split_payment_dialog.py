"""Payment with cash and non-cash parts (QRIS, transfer, debit...); Enter pays, Esc backs out.

A plain cash sale stays as fast as before: type the amount (or press Exact amount) and Enter.
"""

import contextlib

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from pos.core.cash_suggestions import cash_suggestions
from pos.core.errors import PosError
from pos.core.money import format_rupiah
from pos.core.money_entry import check_cash_received
from pos.core.payments import (
    CASH,
    METHODS,
    NEEDS_BANK,
    NEEDS_REFERENCE,
    NonCashPayment,
    Settled,
    method_label,
    settle,
)
from pos.core.qris import Qris
from pos.i18n import _
from pos.ui.layouts import STRETCH, hbox, vbox
from pos.ui.money_field import MoneyField
from pos.ui.payment_qris import PANEL_WIDTH, QrisPanel
from pos.ui.scaling import pt, px
from pos.ui.widgets import RED, add_shortcuts, on_enter, run_key

MIN_WIDTH = 860
# Round amounts offered next to "Exact amount" (see cash_suggestions).
QUICK_SLOTS = 3
# One key per non-cash method, next to F12 (pay) on the sale screen.
METHOD_KEYS = {"qris": "F5", "transfer": "F6", "debit": "F7", "lainnya": "F8"}


class NonCashLine(QWidget):
    """One non-cash payment being entered: amount, reference, bank, and "money arrived"."""

    changed = Signal()
    remove_requested = Signal(object)  # this line

    def __init__(self, method: str, amount: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.method = method
        font = QFont(self.font().family(), pt(12))
        self.setFont(font)
        self.method_label = QLabel(method_label(method))
        self.method_label.setFixedWidth(px(130))
        self.amount_field = MoneyField()
        self.amount_field.set_amount(amount)
        self.amount_field.setFixedWidth(px(130))
        self.reference_field = QLineEdit()
        self.reference_field.setMaxLength(100)
        self.reference_field.setPlaceholderText(
            _("Reference (required)") if method in NEEDS_REFERENCE else _("Reference (optional)")
        )
        self.bank_field = QLineEdit()
        self.bank_field.setMaxLength(60)
        self.bank_field.setPlaceholderText(_("Bank"))
        self.bank_field.setFixedWidth(px(110))
        # Hidden but still taking its room, so the columns of all lines stay aligned.
        policy = self.bank_field.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.bank_field.setSizePolicy(policy)
        self.bank_field.setVisible(method in NEEDS_BANK)
        self.confirm_box = QCheckBox(_("Money arrived"))
        self.remove_button = QPushButton("✕")
        self.remove_button.setToolTip(_("Remove this payment"))
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_button.setAutoDefault(False)
        self.remove_button.setFixedWidth(32)

        layout = hbox(
            self.method_label,
            self.amount_field,
            (self.reference_field, 1),
            self.bank_field,
            self.confirm_box,
            self.remove_button,
            parent=self,
        )
        layout.setContentsMargins(0, 0, 0, 0)

        for field in (self.amount_field, self.reference_field, self.bank_field):
            field.textChanged.connect(self.changed)
        self.confirm_box.toggled.connect(self.changed)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        QWidget.setTabOrder(self.amount_field, self.reference_field)
        QWidget.setTabOrder(self.reference_field, self.bank_field)
        QWidget.setTabOrder(self.bank_field, self.confirm_box)

    def amount(self) -> int:
        return self.amount_field.amount()

    def payment(self) -> NonCashPayment:
        return NonCashPayment(
            self.method,
            self.amount(),
            reference=self.reference_field.text().strip() or None,
            bank=(self.bank_field.text().strip() or None) if self.method in NEEDS_BANK else None,
            confirmed=self.confirm_box.isChecked(),
        )


def _amount_label(font: QFont, text: str = "") -> QLabel:
    """An amount of rupiah, right-aligned under the others."""
    label = QLabel(text)
    label.setFont(font)
    label.setAlignment(Qt.AlignmentFlag.AlignRight)
    return label


class SplitPaymentDialog(QDialog):
    """Takes cash and non-cash payments for `total`; sets `non_cash` and `cash_tendered`.

    With the stand's static `qris`, a QRIS payment shows the QR code carrying its amount.
    """

    qris_shown = Signal(str, int, str)  # payload, amount, merchant; "" once it is not shown

    def __init__(
        self,
        total: int,
        methods: list[str] | None = None,
        parent: QWidget | None = None,
        qris: Qris | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Payment"))
        self.setModal(True)
        self.setMinimumWidth(MIN_WIDTH)
        self.total = total
        self.lines: list[NonCashLine] = []
        self.non_cash: list[NonCashPayment] = []
        self.cash_tendered: int | None = None
        self.settled: list[Settled] = []
        offered = [m for m in (methods or list(METHODS)) if m != CASH and m in METHODS]

        big = QFont(self.font().family(), pt(28))
        big.setBold(True)
        medium = QFont(self.font().family(), pt(18))

        self.total_label = _amount_label(big, format_rupiah(total))

        self.method_buttons: dict[str, QPushButton] = {}
        for method in offered:
            key = METHOD_KEYS.get(method)
            button = QPushButton(f"{key}  {method_label(method)}" if key else method_label(method))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, m=method: self.on_add_payment(m))
            self.method_buttons[method] = button
            if key:
                add_shortcuts(self, {key: lambda m=method: self.on_add_payment(m)})
        method_row = hbox(*self.method_buttons.values(), STRETCH)
        self.lines_box = vbox()

        self.cash_due_label = _amount_label(medium)
        self.cash_due_label.setObjectName("cashDueLabel")
        self.amount_field = MoneyField()
        self.amount_field.setObjectName("tenderedField")
        self.amount_field.setFont(medium)
        self.amount_field.setPlaceholderText(_("Amount received, e.g. 100.000"))
        self.change_label = _amount_label(big)
        self.change_label.setObjectName("changeLabel")
        self.error_label = QLabel()
        self.error_label.setObjectName("paymentError")
        self.error_label.setStyleSheet(f"color: {RED}; font-size: {pt(12)}pt;")
        self.error_label.setWordWrap(True)
        self.error_label.setMinimumHeight(48)
        self.error_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        grid = QGridLayout()
        grid.addWidget(QLabel(_("Total")), 0, 0)
        grid.addWidget(self.total_label, 0, 1, 1, 4)
        grid.addLayout(method_row, 1, 0, 1, 5)
        grid.addLayout(self.lines_box, 2, 0, 1, 5)
        # Only worth a row once part of the total is paid otherwise.
        self.cash_due_caption = QLabel(_("Left to pay in cash"))
        grid.addWidget(self.cash_due_caption, 3, 0)
        grid.addWidget(self.cash_due_label, 3, 1, 1, 4)
        grid.addWidget(QLabel(_("Cash received")), 4, 0)
        grid.addWidget(self.amount_field, 4, 1, 1, 4)
        exact = QPushButton(_("Exact amount"))
        exact.clicked.connect(lambda: self.on_quick_cash(self.cash_due()))
        grid.addWidget(exact, 5, 1)
        self.quick_buttons = [exact]
        # The round amounts follow what is left to pay in cash (see on_changed).
        self.quick_amounts: list[int] = [0] * QUICK_SLOTS
        for slot in range(QUICK_SLOTS):
            button = QPushButton()
            button.clicked.connect(
                lambda _checked=False, i=slot: self.on_quick_cash(self.quick_amounts[i])
            )
            grid.addWidget(button, 5, slot + 2)
            self.quick_buttons.append(button)
        for button in self.quick_buttons:
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoDefault(False)
        grid.addWidget(QLabel(_("Change")), 6, 0)
        grid.addWidget(self.change_label, 6, 1, 1, 4)

        hint = QLabel(
            _("Enter: complete the sale   Esc: back to the cart")
            + "\n"
            + _("F5–F8: add a non-cash payment; tick “Money arrived” once it is in")
        )
        hint.setStyleSheet("color: #555;")

        self.qris_panel = QrisPanel(qris)
        self.qris_panel.shown.connect(self.qris_shown)
        self.qris_panel.shown.connect(self._make_room)
        hbox((vbox(grid, self.error_label, hint), 1), self.qris_panel, parent=self)

        self.amount_field.textChanged.connect(self.on_changed)
        self.amount_field.refused.connect(self.on_refused)
        self.on_changed()
        self.amount_field.setFocus()

    def cash_due(self) -> int:
        """What the non-cash lines leave to pay in cash (lines with unreadable amounts count 0)."""
        paid = 0
        for line in self.lines:
            with contextlib.suppress(PosError):
                paid += line.amount()
        return self.total - paid

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter completes from any field or the "money arrived" box: there is no default button.
        if not run_key(event, on_enter(self.on_complete)):
            super().keyPressEvent(event)

    @Slot()
    def on_changed(self) -> None:
        self.error_label.clear()
        due = self.cash_due()
        self.cash_due_label.setText(format_rupiah(due))
        self.cash_due_caption.setVisible(bool(self.lines))
        self.cash_due_label.setVisible(bool(self.lines))
        self.cash_due_label.setStyleSheet(f"color: {RED};" if due < 0 else "")
        self._show_quick_cash(due)
        self.qris_panel.show_amount(self._qris_amount())
        for line in self.lines:
            try:
                line.amount()
            except PosError as e:
                self.error_label.setText(f"{method_label(line.method)}: {e.message}")
        self.change_label.setText("—")
        if not self.amount_field.text().strip():
            return
        try:
            tendered = self.amount_field.amount()
            check_cash_received(tendered, max(due, 0))
        except PosError as e:
            self.error_label.setText(e.message)
            return
        change = tendered - max(due, 0)
        if change >= 0:
            self.change_label.setText(format_rupiah(change))
        else:
            self.error_label.setText(_("{missing} short").format(missing=format_rupiah(-change)))

    @Slot()
    def _make_room(self) -> None:
        """Wider while the QR code shows, so the payment lines keep their reference field."""
        # The payment lines' fixed widths grow with the type (px): so does the room they need.
        shown = self.qris_panel.isVisibleTo(self)
        width = px(MIN_WIDTH) + px(PANEL_WIDTH) + 12 if shown else MIN_WIDTH
        room = self.screen().availableGeometry()
        width = min(width, room.width())
        self.setMinimumWidth(width)
        # Grown to the right past the screen's edge: move left so the QR code stays in view.
        overflow = self.x() + max(self.width(), width) - (room.x() + room.width())
        if overflow > 0 and self.isVisible():
            self.move(max(room.x(), self.x() - overflow), self.y())

    def _qris_amount(self) -> int:
        """What the QRIS lines pay (lines with unreadable amounts count 0)."""
        paid = 0
        for line in self.lines:
            if line.method == "qris":
                with contextlib.suppress(PosError):
                    paid += line.amount()
        return paid

    def _show_quick_cash(self, due: int) -> None:
        self.quick_buttons[0].setEnabled(due > 0)
        rounds = cash_suggestions(due)[1:]
        for slot, button in enumerate(self.quick_buttons[1:]):
            amount = rounds[slot] if slot < len(rounds) else 0
            self.quick_amounts[slot] = amount
            button.setText(format_rupiah(amount) if amount else "")
            button.setEnabled(amount > 0)
            # Hidden but keeping its room: the row does not jump as the amount left changes.
            policy = button.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            button.setSizePolicy(policy)
            button.setVisible(amount > 0)

    @Slot()
    def on_quick_cash(self, amount: int) -> None:
        self.amount_field.set_amount(amount)
        self.amount_field.setFocus()

    @Slot(str)
    def on_refused(self, message: str) -> None:
        # The field keeps what arrived, selected: the cashier types the real amount over it.
        self.error_label.setText(message)

    @Slot()
    def on_add_payment(self, method: str) -> None:
        line = NonCashLine(method, max(self.cash_due(), 0))
        line.changed.connect(self.on_changed)
        line.amount_field.refused.connect(self.on_refused)
        line.remove_requested.connect(self.on_remove_payment)
        self.lines.append(line)
        self.lines_box.addWidget(line)
        line.show()  # now, not on the next event loop turn: focus goes into it
        QWidget.setTabOrder(line.confirm_box, self.amount_field)
        line.amount_field.setFocus()
        line.amount_field.selectAll()
        self.on_changed()

    @Slot(object)
    def on_remove_payment(self, line: NonCashLine) -> None:
        self.lines.remove(line)
        self.lines_box.removeWidget(line)
        line.deleteLater()
        self.amount_field.setFocus()
        self.on_changed()
        self.adjustSize()

    @Slot()
    def on_complete(self) -> None:
        try:
            non_cash = [line.payment() for line in self.lines]
            typed = self.amount_field.text().strip()
            # With non-cash payments an empty cash field means no cash at all.
            cash = self.amount_field.amount() if typed or not non_cash else 0
            settled = settle(self.total, non_cash, cash)
        except PosError as e:
            self.error_label.setText(e.message)
            if self.amount_field.hasFocus():
                self.amount_field.selectAll()
            return
        self.non_cash, self.cash_tendered, self.settled = non_cash, cash, settled
        self.accept()
