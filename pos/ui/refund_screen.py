"""Voids and returns: find the sale by its receipt's barcode or number, then void it whole or
take back some of its lines, each through the approval dialog. The slip is kept as a PDF."""

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QWidget,
)

from pos.core.errors import PosError
from pos.core.money import format_number, format_rupiah
from pos.core.payments import NEEDS_REFERENCE, method_label
from pos.db.session import Database
from pos.i18n import N_, _
from pos.services import receipts, refunds, settings
from pos.services.auth import Actor
from pos.services.refund_lookup import SaleLookup, SoldLine
from pos.services.refunds import RefundResult, ReturnItem
from pos.ui.actor_dialog import ActorDialog
from pos.ui.approval_dialog import ask_approval
from pos.ui.layouts import STRETCH, form, hbox, vbox
from pos.ui.widgets import (
    GREEN,
    RED,
    Index,
    MessageLabel,
    RowsTableModel,
    fit_to_screen,
    make_scan_field,
    make_table,
    plain_button,
    take_scan,
    text_label,
)

log = logging.getLogger(__name__)

COL_NAME, COL_SOLD, COL_BACK, COL_TOTAL, COL_QTY, COL_DAMAGED = range(6)
STATUS_WORDS = {
    "completed": N_("completed"),
    "voided": N_("VOIDED"),
    "returned": N_("RETURNED"),
    "partly_returned": N_("PARTLY RETURNED"),
}


@dataclass
class ReturnRow:
    """A sold line and what the cashier chose to take back of it."""

    line: SoldLine
    qty: int = 0
    damaged: bool = False


class ReturnLinesModel(RowsTableModel[ReturnRow]):
    """The sale's lines: type the quantity coming back, tick it when damaged."""

    HEADERS = (N_("Product"), N_("Sold"), N_("Returned"), N_("Amount"), N_("Back"), N_("Damaged"))

    RIGHT_COLUMNS = frozenset({COL_SOLD, COL_BACK, COL_TOTAL, COL_QTY})

    def texts(self, row: ReturnRow, number: int) -> tuple[str, ...]:
        line = row.line
        return (
            line.name,
            str(line.qty),
            str(line.returned),
            format_number(line.line_total),
            str(row.qty),
            "",
        )

    def style(self, row: ReturnRow, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.EditRole and col == COL_QTY:
            return str(row.qty)
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_DAMAGED:
            return Qt.CheckState.Checked if row.damaged else Qt.CheckState.Unchecked
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid() or self.row_at(index.row()).line.returnable == 0:
            return flags
        if index.column() == COL_QTY:
            return flags | Qt.ItemFlag.ItemIsEditable
        if index.column() == COL_DAMAGED:
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row = self.row_at(index.row())
        if index.column() == COL_DAMAGED and role == Qt.ItemDataRole.CheckStateRole:
            row.damaged = Qt.CheckState(value) == Qt.CheckState.Checked
        elif index.column() == COL_QTY and role == Qt.ItemDataRole.EditRole:
            text = str(value).strip()
            if not (text.isdigit() and text.isascii()):
                return False
            row.qty = min(int(text[:6]), row.line.returnable)
        else:
            return False
        self.dataChanged.emit(index, index)
        return True

    def items(self) -> list[ReturnItem]:
        rows = [self.row_at(i) for i in range(self.rowCount())]
        return [ReturnItem(r.line.sale_line_id, r.qty, r.damaged) for r in rows if r.qty > 0]


class RefundScreen(ActorDialog):
    """Find a sale, then void it or take goods back."""

    done_one = Signal(object)  # RefundResult

    def __init__(
        self, db: Database, actor: Actor, receipts_dir: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(db, actor, _("Void or return a sale"), parent)
        fit_to_screen(self, (0.55, 0.75), (760, 520))  # a big screen shows long sales whole
        self._receipts_dir = receipts_dir
        self.sale: SaleLookup | None = None

        self.code_field = make_scan_field(_("Scan the receipt's barcode or type its number"))
        self.code_field.setObjectName("receiptCode")
        self.code_field.setMaxLength(40)
        self.code_field.returnPressed.connect(self.on_find)
        self.message = MessageLabel()
        self.message.setObjectName("refundMessage")
        self.heading = text_label(point_size=12, wrap=True)
        self.heading.setObjectName("saleHeading")
        self.model = ReturnLinesModel()
        self.table = make_table(self.model, COL_NAME, editable=True)
        self.method = QComboBox()
        self.method.setObjectName("refundMethod")
        for method in settings.get(db, settings.PAYMENT_METHODS):
            self.method.addItem(method_label(method), method)
        self.reference = QLineEdit()
        self.reference.setObjectName("refundReference")
        self.reference.setMaxLength(refunds.MAX_REFERENCE)
        self.reference.setPlaceholderText(_("Reference (QRIS, transfer, EDC slip)"))
        self.void_button = plain_button(_("Void the whole sale"), self.on_void)
        self.refund_button = plain_button(_("Take back and refund"), self.on_refund)
        close = plain_button(_("Close"), self.reject)

        hint = text_label(
            _("Type how many come back in the Back column; tick Damaged for goods not to resell."),
            wrap=True,
        )
        vbox(
            self.code_field,
            self.message,
            self.heading,
            (self.table, 1),
            hint,
            form((_("Refund by"), self.method), (_("Reference"), self.reference)),
            hbox(self.void_button, STRETCH, self.refund_button, close),
            parent=self,
        )
        self._show(None)
        self.code_field.setFocus()

    # --- finding the sale ------------------------------------------------------------------

    @Slot()
    def on_find(self) -> None:
        code = take_scan(self.code_field)
        if not code:
            return
        try:
            self._show(refunds.find_sale(self._db, code))
        except PosError as e:
            self._show(None)
            self.message.say(e.message, ok=False)

    def _show(self, sale: SaleLookup | None) -> None:
        self.sale = sale
        self.model.set_rows([] if sale is None else [ReturnRow(line) for line in sale.lines])
        self.void_button.setEnabled(sale is not None and sale.voidable)
        self.refund_button.setEnabled(
            sale is not None and not sale.voided and any(line.returnable for line in sale.lines)
        )
        if sale is None:
            self.heading.setText("")
            return
        status = _(STATUS_WORDS.get(sale.status, sale.status))
        colour = GREEN if sale.status == "completed" else RED
        paid = ", ".join(f"{method_label(m)} {format_rupiah(a)}" for m, a in sale.payments)
        docs = "".join(f"<br>{doc.refund_no}: {format_rupiah(doc.total)}" for doc in sale.refunds)
        self.heading.setText(
            f"<b>{sale.receipt_no}</b> — {sale.created_at:%d-%m-%Y %H:%M} — {sale.cashier}<br>"
            + _("Total {total} ({paid})").format(total=format_rupiah(sale.total), paid=paid)
            + f" — <span style='color: {colour}'><b>{status}</b></span>{docs}"
        )
        self.message.say(_("Receipt {no} found.").format(no=sale.receipt_no), ok=True)

    # --- acting ----------------------------------------------------------------------------

    def _needs_pin(self, action: str) -> bool:
        return not self._actor.may(action)

    @Slot()
    def on_void(self) -> None:
        sale = self.sale
        if sale is None:
            return

        def submit(pin: str | None, reason: str) -> RefundResult:
            return refunds.void_sale(self._db, self._actor, sale.receipt_no, reason, pin)

        result = ask_approval(
            self,
            _("Void a sale"),
            _("Void the whole sale {no} ({total})? Its goods go back to stock.").format(
                no=sale.receipt_no, total=format_rupiah(sale.total)
            ),
            submit,
            self._needs_pin("void_sale"),
        )
        self._finish(result)

    @Slot()
    def on_refund(self) -> None:
        sale = self.sale
        if sale is None:
            return
        items = self.model.items()
        if not items:
            self.message.say(_("Choose what comes back."), ok=False)
            return
        method = str(self.method.currentData())
        reference = self.reference.text()
        if method in NEEDS_REFERENCE and not reference.strip():
            self.message.say(
                _("Enter the {method} reference of the refund.").format(
                    method=method_label(method)
                ),
                ok=False,
            )
            return

        def submit(pin: str | None, reason: str) -> RefundResult:
            return refunds.refund(
                self._db, self._actor, sale.receipt_no, items, method, reason, pin, reference
            )

        count = sum(item.qty for item in items)
        result = ask_approval(
            self,
            _("Take goods back"),
            _("{n} item(s) of {no} come back; the money goes back by {method}.").format(
                n=count, no=sale.receipt_no, method=method_label(method)
            ),
            submit,
            self._needs_pin("refund"),
        )
        self._finish(result)

    def _finish(self, result: RefundResult | None) -> None:
        if result is None:
            return
        text = _("{no}: {total} back.").format(
            no=result.refund_no, total=format_rupiah(result.total)
        )
        path = receipts.archive_path(self._receipts_dir, result.refund_no)
        try:
            receipts.write_pdf(self._db, result.refund_no, path)
        except (PosError, OSError) as e:
            log.exception("slip %s not written", result.refund_no)
            reason = e.message if isinstance(e, PosError) else str(e)
            text += " " + _("Its slip could not be written: {reason}").format(reason=reason)
        self.done_one.emit(result)
        self.reference.clear()
        try:
            self._show(refunds.find_sale(self._db, result.receipt_no))
        except PosError:
            self._show(None)
        self.message.say(text, ok=True)
        self.code_field.setFocus()
