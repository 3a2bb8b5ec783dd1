"""Shift dialogs: open with a float, cash in or out, the X report (closing: close_shift_dialog)."""

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pos.core.errors import PosError
from pos.core.money_entry import IMPLAUSIBLE_FLOOR, check_plausible
from pos.db.session import Database
from pos.i18n import _
from pos.services import reports, shifts
from pos.services.auth import Actor
from pos.services.printers import PrintOutcome
from pos.ui.actor_dialog import ActorDialog
from pos.ui.money_field import MoneyField
from pos.ui.qt_texts import save_file
from pos.ui.scaling import pt
from pos.ui.widgets import GREEN, RED, ReasonLabel, fit_to_screen, ok_cancel_buttons

if TYPE_CHECKING:
    from pos.ui.receipt_printing import ReceiptPrinting


def error_style() -> str:
    """Red type, a little larger than the rest: for what went wrong."""
    return f"color: {RED}; font-size: {pt(12)}pt;"


def error_label() -> QLabel:
    """Where a dialog says, in red, why its input was refused."""
    label = ReasonLabel()
    label.setStyleSheet(error_style())
    label.setWordWrap(True)
    label.setMinimumHeight(40)
    return label


def amount_field(placeholder: str, errors: QLabel) -> MoneyField:
    """A large field for an amount of rupiah that says in `errors` why a scan is not taken."""
    field = MoneyField()
    field.setFont(QFont(field.font().family(), pt(16)))
    field.setPlaceholderText(placeholder)
    field.refused.connect(errors.setText)
    return field


def drawer_cash(db: Database) -> int:
    """The cash the open shift expects in the drawer (0 without one): what amounts are held to."""
    current = shifts.current_shift(db)
    return 0 if current is None else current.expected_cash


def check_drawer_amount(db: Database, amount: int) -> None:
    """Refuse an amount far beyond the drawer (a scanned code): over 10x it and Rp10.000.000."""
    if amount > IMPLAUSIBLE_FLOOR:  # only then is the shift's summary worth reading
        check_plausible(amount, drawer_cash(db))


class OpenShiftDialog(ActorDialog):
    """Opens a shift with the cash float in the drawer; `shift_id` is set when accepted."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, _("Open shift"), parent)
        self.setMinimumWidth(460)
        self.shift_id: int | None = None

        self.error_label = error_label()
        self.amount_field = amount_field(_("e.g. 200.000"), self.error_label)
        buttons = ok_cancel_buttons(self, _("Open shift"), self.on_open)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Opening cash float: the money in the drawer now")))
        layout.addWidget(self.amount_field)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.amount_field.setFocus()

    @Slot()
    def on_open(self) -> None:
        try:
            amount = self.amount_field.amount()
            check_plausible(amount, 0)  # a float above Rp10.000.000 is a slip
            self.shift_id = shifts.open_shift(self._db, self._actor, amount)
        except PosError as e:
            self.error_label.setText(e.message)
            self.amount_field.selectAll()
            self.amount_field.setFocus()
            return
        self.accept()


class CashMoveDialog(ActorDialog):
    """Cash put into or taken out of the drawer during a shift, with the reason."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, _("Cash in / cash out"), parent)
        self.setMinimumWidth(480)
        self.kind: str | None = None
        self.amount: int | None = None

        self.in_radio = QRadioButton(_("Cash in: money put into the drawer"))
        self.out_radio = QRadioButton(_("Cash out: money taken from the drawer"))
        self.kinds = QButtonGroup(self)
        self.kinds.addButton(self.in_radio)
        self.kinds.addButton(self.out_radio)
        self.error_label = error_label()
        self.amount_field = amount_field(_("e.g. 50.000"), self.error_label)
        self.reason_field = QLineEdit()
        self.reason_field.setMaxLength(200)
        self.reason_field.setPlaceholderText(_("e.g. deposit to the treasurer"))
        buttons = ok_cancel_buttons(self, _("Save"), self.on_save)

        form = QFormLayout()
        form.addRow(self.in_radio)
        form.addRow(self.out_radio)
        form.addRow(_("Amount"), self.amount_field)
        form.addRow(_("Reason"), self.reason_field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.amount_field.setFocus()

    @Slot()
    def on_save(self) -> None:
        kind = "in" if self.in_radio.isChecked() else "out" if self.out_radio.isChecked() else ""
        try:
            if not kind:
                raise PosError(_("Choose cash in or cash out."))
            amount = self.amount_field.amount()
            check_drawer_amount(self._db, amount)
            shifts.move_cash(self._db, self._actor, kind, amount, self.reason_field.text())
        except PosError as e:
            self.error_label.setText(e.message)
            return
        self.kind, self.amount = kind, amount
        self.accept()


class XReportDialog(QDialog):
    """The open shift's figures so far, readable on screen and savable as a roll PDF."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, printing: "ReceiptPrinting | None" = None
    ) -> None:
        super().__init__(parent)
        self._printing = printing
        self.setWindowTitle(_("X report"))
        fit_to_screen(self, (0.35, 0.85), (480, 400))
        self.report = reports.x_report(db)
        self.summary = None if self.report is None else self.report.summary
        self.saved_path: Path | None = None

        self.browser = QTextBrowser()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.save_button = QPushButton(_("Save as PDF…"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.on_save)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        if self.report is None:
            self.browser.setPlainText(_("No shift is open."))
            self.save_button.setEnabled(False)
        else:
            self.browser.setHtml(self.report.html)

        row = QHBoxLayout()
        row.addWidget(self.save_button)
        if printing is not None and self.report is not None:
            self.print_button = QPushButton(_("Print"))
            self.print_button.setAutoDefault(False)
            self.print_button.clicked.connect(self.on_print)
            printing.finished.connect(self.on_printed)
            row.addWidget(self.print_button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(row)

    def choose_pdf_path(self, suggested: str) -> Path | None:
        """Where to save; tests override this instead of driving a file dialog."""
        return save_file(self, _("Save the X report"), suggested, _("PDF files (*.pdf)"))

    @Slot()
    def on_print(self) -> None:
        """On the receipt roll or on A4, as the printer settings say; never waits for it."""
        if self._printing is not None and self.report is not None:
            self._printing.print_report(self.report)

    @Slot(object)
    def on_printed(self, outcome: PrintOutcome) -> None:
        self.status_label.setStyleSheet("" if outcome.ok else f"color: {RED};")
        self.status_label.setText(outcome.message)

    @Slot()
    def on_save(self) -> None:
        if self.report is None:
            return
        path = self.choose_pdf_path(self.report.file_name)
        if path is None:
            return
        try:
            self.saved_path = reports.save_shift_report(self.report, path)
        except PosError as e:
            self.status_label.setStyleSheet(f"color: {RED};")
            self.status_label.setText(e.message)
            return
        self.status_label.setStyleSheet(f"color: {GREEN};")
        self.status_label.setText(_("Saved to {path}").format(path=path))
