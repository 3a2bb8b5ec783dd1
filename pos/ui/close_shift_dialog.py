"""Closing a shift: a blind count, then the expected cash, the difference and the Z report."""

import itertools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QWidget,
)

from pos.core.datetimes import format_datetime
from pos.core.errors import PosError
from pos.core.money import format_rupiah
from pos.core.money_entry import check_plausible
from pos.core.payments import DENOMINATIONS
from pos.core.quantities import parse_count
from pos.db.session import Database
from pos.i18n import _
from pos.printing.shift_data import ShiftSummary
from pos.services import reports, shifts
from pos.services.auth import Actor
from pos.services.printers import PrintOutcome
from pos.ui.layouts import STRETCH, hbox, vbox
from pos.ui.scaling import pt, px
from pos.ui.shift_dialogs import amount_field, error_label, error_style
from pos.ui.widgets import GREEN, ORANGE, RED, confirm, plain_button

if TYPE_CHECKING:
    from pos.ui.receipt_printing import ReceiptPrinting

_FIELD_ERROR = f"border: 2px solid {RED};"


class CloseShiftDialog(QDialog):
    """Blind count, then close: the expected cash is shown only once the count is submitted.

    After closing, `summary` is the closed shift and `pdf_path` its Z report (None if it could
    not be written: the shift is closed all the same, and the report can be printed again).
    """

    def __init__(
        self,
        db: Database,
        actor: Actor,
        z_report_dir: Path,
        parent: QWidget | None = None,
        printing: "ReceiptPrinting | None" = None,
    ) -> None:
        super().__init__(parent)
        self._printing = printing
        self.setWindowTitle(_("Close shift"))
        self.setMinimumWidth(520)
        self._db = db
        self._actor = actor
        self._z_report_dir = z_report_dir
        self.summary: ShiftSummary | None = None
        self.pdf_path: Path | None = None
        current = shifts.current_shift(db)
        # What the count is held to (never shown before closing: the count stays blind).
        self._expected = 0 if current is None else current.expected_cash

        self.pages = QStackedWidget()
        self.pages.addWidget(self._count_page())
        self.pages.addWidget(self._result_page())
        vbox(self.pages, parent=self)

        if current is None:
            self.shift_label.setStyleSheet(error_style())
            self.shift_label.setText(_("There is no open shift to close."))
            self.close_button.setEnabled(False)
        else:
            self.shift_label.setText(
                _("Shift {no}, opened {when} by {name}").format(
                    no=current.shift_id,
                    when=format_datetime(current.opened_at),
                    name=current.opened_by,
                )
            )
        self.on_count_changed()
        self.piece_fields[DENOMINATIONS[0]].setFocus()

    def _count_page(self) -> QWidget:
        page = QWidget()
        self.shift_label = QLabel()
        hint = QLabel(
            _(
                "Count the notes and coins in the drawer and type how many pieces of each. "
                "The expected amount is shown after the shift is closed."
            )
        )
        hint.setWordWrap(True)
        self.total_only = QCheckBox(_("Type only the total counted"))
        self.total_only.toggled.connect(self.on_mode_changed)

        self.grid_box = QWidget()
        grid = QGridLayout(self.grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.piece_fields: dict[int, QLineEdit] = {}
        self.amount_labels: dict[int, QLabel] = {}
        fields = []
        for row, denomination in enumerate(DENOMINATIONS):
            label = QLabel(format_rupiah(denomination))
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            field = QLineEdit()
            field.setMaxLength(7)
            field.setFixedWidth(px(90))
            field.setAlignment(Qt.AlignmentFlag.AlignRight)
            field.setPlaceholderText("0")
            field.textChanged.connect(self.on_count_changed)
            amount = QLabel()
            amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            amount.setMinimumWidth(px(130))
            for column, widget in enumerate((label, QLabel("×"), field, QLabel("="), amount)):
                grid.addWidget(widget, row, column)
            self.piece_fields[denomination] = field
            self.amount_labels[denomination] = amount
            fields.append(field)
        grid.setColumnStretch(5, 1)
        # Enter moves down the list; on the last field it closes (after the confirmation).
        for field, following in itertools.pairwise(fields):
            field.returnPressed.connect(following.setFocus)
        fields[-1].returnPressed.connect(self.on_close_shift)

        self.error_label = error_label()
        self.total_field = amount_field(_("Total counted, e.g. 1.250.000"), self.error_label)
        self.total_field.textChanged.connect(self.on_count_changed)
        self.total_field.returnPressed.connect(self.on_close_shift)
        self.total_field.hide()

        self.counted_label = QLabel()
        big = QFont(self.font().family(), pt(18))
        big.setBold(True)
        self.counted_label.setFont(big)
        self.close_button = plain_button(_("Close shift"), self.on_close_shift, focus=True)
        cancel = plain_button(_("Cancel"), self.reject, focus=True)

        vbox(
            self.shift_label,
            hint,
            self.total_only,
            self.grid_box,
            self.total_field,
            self.counted_label,
            self.error_label,
            hbox(STRETCH, cancel, self.close_button),
            parent=page,
        )
        return page

    def _result_page(self) -> QWidget:
        page = QWidget()
        big = QFont(self.font().family(), pt(18))
        big.setBold(True)
        self.z_label = QLabel()
        self.z_label.setFont(big)
        medium = QFont(self.font().family(), pt(14))
        self.expected_label, self.counted_result_label = QLabel(), QLabel()
        self.difference_caption, self.difference_label = QLabel(), QLabel()
        self.difference_label.setFont(big)
        self.difference_caption.setFont(medium)
        self.pdf_label = QLabel()
        self.pdf_label.setWordWrap(True)
        self.done_button = plain_button(_("Done"), self.accept, focus=True)
        self.print_button = plain_button(_("Print the Z report"), self.on_print, focus=True)
        self.print_button.setVisible(self._printing is not None)
        if self._printing is not None:
            self._printing.finished.connect(self.on_printed)

        grid = QGridLayout()
        rows = (
            (QLabel(_("Expected cash")), self.expected_label),
            (QLabel(_("Counted cash")), self.counted_result_label),
            (self.difference_caption, self.difference_label),
        )
        for row, (caption, value) in enumerate(rows):
            caption.setFont(medium)
            if value is not self.difference_label:
                value.setFont(medium)
            grid.addWidget(caption, row, 0)
            grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignRight)
        vbox(
            self.z_label,
            grid,
            self.pdf_label,
            STRETCH,
            hbox(STRETCH, self.print_button, self.done_button),
            parent=page,
        )
        return page

    def _read_count(self) -> tuple[dict[int, int] | None, int]:
        """(pieces per denomination, or None when only a total is typed; the counted total)."""
        if self.total_only.isChecked():
            total = self.total_field.amount()
            check_plausible(total, self._expected)
            return None, total
        pieces: dict[int, int] = {}
        for denomination, field in self.piece_fields.items():
            try:
                count = parse_count(field.text())
            except PosError as e:
                field.setStyleSheet(_FIELD_ERROR)
                raise PosError(f"{format_rupiah(denomination)}: {e.message}") from e
            field.setStyleSheet("")
            if count is not None:
                pieces[denomination] = count
        if not pieces:
            raise PosError(_("Enter the cash counted in the drawer."))
        counted = sum(d * n for d, n in pieces.items())
        check_plausible(counted, self._expected)  # e.g. a code scanned into a count
        return pieces, counted

    @Slot()
    def on_mode_changed(self) -> None:
        only_total = self.total_only.isChecked()
        self.grid_box.setVisible(not only_total)
        self.total_field.setVisible(only_total)
        (self.total_field if only_total else self.piece_fields[DENOMINATIONS[0]]).setFocus()
        self.on_count_changed()

    @Slot()
    def on_count_changed(self) -> None:
        for denomination, field in self.piece_fields.items():
            text = field.text().strip()
            shown = ""
            if text.isascii() and text.isdigit():
                shown = format_rupiah(denomination * int(text))
            self.amount_labels[denomination].setText(shown)
        if self.pages.currentIndex() != 0:
            return
        try:
            _pieces, counted = self._read_count()
        except PosError as e:
            nothing_typed = not any(f.text().strip() for f in self.piece_fields.values())
            if self.total_only.isChecked():
                nothing_typed = not self.total_field.text().strip()
            self.error_label.setText("" if nothing_typed else e.message)
            self.counted_label.setText(_("Counted: {amount}").format(amount="—"))
            return
        self.error_label.clear()
        self.counted_label.setText(_("Counted: {amount}").format(amount=format_rupiah(counted)))

    def ask_confirmation(self, counted: int) -> bool:
        """The last chance to recount; tests override this instead of clicking the box."""
        text = _(
            "Close the shift with {amount} counted? The count cannot be changed afterwards."
        ).format(amount=format_rupiah(counted))
        return confirm(self, _("Close shift"), text, _("Close shift"), _("Recount"))

    @Slot()
    def on_close_shift(self) -> None:
        if self.summary is not None or not self.close_button.isEnabled():
            return
        try:
            pieces, counted = self._read_count()
        except PosError as e:
            self.error_label.setText(e.message)
            return
        if not self.ask_confirmation(counted):
            return
        try:
            if pieces is None:
                self.summary = shifts.close_shift(self._db, self._actor, total=counted)
            else:
                self.summary = shifts.close_shift(self._db, self._actor, pieces=pieces)
        except PosError as e:
            self.error_label.setText(e.message)
            return
        self._show_result(self.summary)
        self._write_z_report(self.summary)

    def _show_result(self, summary: ShiftSummary) -> None:
        difference = summary.difference or 0
        caption, colour = _("Difference"), GREEN
        if difference > 0:
            caption, colour = _("Difference (over)"), ORANGE
        elif difference < 0:
            caption, colour = _("Difference (short)"), RED
        self.z_label.setText(reports.shift_report(self._db, summary).title)
        self.expected_label.setText(format_rupiah(summary.expected_cash))
        self.counted_result_label.setText(format_rupiah(summary.counted_cash or 0))
        self.difference_caption.setText(caption)
        self.difference_label.setText(format_rupiah(difference))
        self.difference_label.setStyleSheet(f"color: {colour};")
        self.pages.setCurrentIndex(1)
        self.setWindowTitle(_("Shift closed"))
        self.done_button.setDefault(True)  # Enter now just leaves
        self.done_button.setFocus()

    def _write_z_report(self, summary: ShiftSummary) -> None:
        try:
            self.pdf_path = reports.keep_z_report(self._db, summary, self._z_report_dir)
        except PosError as e:
            self.pdf_label.setStyleSheet(error_style())
            self.pdf_label.setText(
                _("The shift is closed, but its Z report could not be written: {reason}").format(
                    reason=e.message
                )
            )
            return
        self.pdf_label.setText(_("Z report saved: {path}").format(path=self.pdf_path))

    @Slot()
    def on_print(self) -> None:
        """On the receipt roll or on A4, as the printer settings say; never waits for it."""
        if self._printing is not None and self.summary is not None:
            self._printing.print_report(reports.shift_report(self._db, self.summary))

    @Slot(object)
    def on_printed(self, outcome: PrintOutcome) -> None:
        self.pdf_label.setStyleSheet("" if outcome.ok else error_style())
        self.pdf_label.setText(outcome.message)

    def reject(self) -> None:
        # Once closed there is nothing to cancel: Esc just leaves with the result.
        if self.summary is not None:
            self.accept()
        else:
            super().reject()
