"""Cash payment: amount tendered, quick-cash buttons, the change; Enter pays, Esc backs out."""

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos.core.errors import PosError
from pos.core.money import format_rupiah, parse_rupiah
from pos.i18n import _
from pos.services.sales import check_tendered

QUICK_CASH = (20_000, 50_000, 100_000)


class PaymentDialog(QDialog):
    """Asks how much cash the customer hands over; `tendered` is set when accepted."""

    def __init__(self, total: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Cash payment"))
        self.setModal(True)
        self.setMinimumWidth(560)
        self.total = total
        self.tendered: int | None = None

        big = QFont(self.font().family(), 28)
        big.setBold(True)
        medium = QFont(self.font().family(), 18)

        self.total_label = QLabel(format_rupiah(total))
        self.total_label.setFont(big)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)

        self.amount_field = QLineEdit()
        self.amount_field.setObjectName("tenderedField")
        self.amount_field.setFont(medium)
        self.amount_field.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount_field.setMaxLength(40)
        self.amount_field.setPlaceholderText(_("Amount received, e.g. 100000"))

        self.change_label = QLabel()
        self.change_label.setObjectName("changeLabel")
        self.change_label.setFont(big)
        self.change_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.error_label = QLabel()
        self.error_label.setObjectName("paymentError")
        self.error_label.setStyleSheet("color: #b71c1c; font-size: 12pt;")
        self.error_label.setWordWrap(True)
        self.error_label.setMinimumHeight(48)

        grid = QGridLayout()
        grid.addWidget(QLabel(_("Total")), 0, 0)
        grid.addWidget(self.total_label, 0, 1, 1, 4)
        grid.addWidget(QLabel(_("Cash received")), 1, 0)
        grid.addWidget(self.amount_field, 1, 1, 1, 4)

        exact = QPushButton(_("Exact amount"))
        exact.clicked.connect(lambda: self.on_quick_cash(self.total))
        grid.addWidget(exact, 2, 1)
        self.quick_buttons = [exact]
        for column, amount in enumerate(QUICK_CASH, start=2):
            button = QPushButton(format_rupiah(amount))
            button.clicked.connect(lambda _checked=False, a=amount: self.on_quick_cash(a))
            grid.addWidget(button, 2, column)
            self.quick_buttons.append(button)
        for button in self.quick_buttons:
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAutoDefault(False)
        # A note smaller than the total is no use as a quick payment.
        for button, amount in zip(self.quick_buttons[1:], QUICK_CASH, strict=True):
            button.setEnabled(amount >= total)
        grid.addWidget(QLabel(_("Change")), 3, 0)
        grid.addWidget(self.change_label, 3, 1, 1, 4)

        hint = QLabel(_("Enter: complete the sale   Esc: back to the cart"))
        hint.setStyleSheet("color: #555;")

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.error_label)
        layout.addWidget(hint)

        self.amount_field.textChanged.connect(self.on_amount_changed)
        self.amount_field.returnPressed.connect(self.on_complete)
        self.on_amount_changed("")
        self.amount_field.setFocus()

    def _read_amount(self) -> int:
        return parse_rupiah(self.amount_field.text())

    @Slot(str)
    def on_amount_changed(self, text: str) -> None:
        self.error_label.clear()
        if not text.strip():
            self.change_label.setText("—")
            return
        try:
            amount = self._read_amount()
        except PosError as e:
            self.change_label.setText("—")
            self.error_label.setText(e.message)
            return
        change = amount - self.total
        self.change_label.setText(format_rupiah(change) if change >= 0 else "—")
        if change < 0:
            self.error_label.setText(_("{missing} short").format(missing=format_rupiah(-change)))

    @Slot()
    def on_quick_cash(self, amount: int) -> None:
        self.amount_field.setText(str(amount))
        self.amount_field.setFocus()

    @Slot()
    def on_complete(self) -> None:
        try:
            amount = self._read_amount()
            check_tendered(self.total, amount)
        except PosError as e:
            self.error_label.setText(e.message)
            self.amount_field.selectAll()
            return
        self.tendered = amount
        self.accept()
