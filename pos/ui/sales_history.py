"""The sales history: today's receipts (or any day's, or found by number or amount), each one
shown as it printed, printed again as a COPY, or printed at last when its printing failed."""

from datetime import date

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import QDateEdit, QLabel, QSplitter, QWidget

from pos.core.datetimes import format_datetime
from pos.core.errors import PosError
from pos.core.money import format_rupiah
from pos.db.session import Database
from pos.i18n import N_, _
from pos.services import receipts, sales_history
from pos.services.printers import PrintOutcome
from pos.services.sales_history import SaleRow
from pos.ui.layouts import hbox, vbox
from pos.ui.list_search import DocumentListDialog
from pos.ui.pdf_pages import PdfPreview
from pos.ui.receipt_printing import ReceiptPrinting
from pos.ui.widgets import (
    RowsTableModel,
    add_shortcuts,
    fit_to_screen,
    key_help,
    plain_button,
)

COL_TIME, COL_NO, COL_CASHIER, COL_TOTAL, COL_STATUS, COL_PRINTED = range(6)
# Whatever became of the sale (pos.services.figures.STATUS): voids and returns are documents.
STATUS_WORDS = {"completed": N_("completed"), "voided": N_("voided"), "returned": N_("returned")}


class SalesTableModel(RowsTableModel[SaleRow]):
    """Receipts, newest first, with whether each one printed."""

    HEADERS = (N_("Time"), N_("Receipt"), N_("Cashier"), N_("Total"), N_("Status"), N_("Printed"))

    RIGHT_COLUMNS = frozenset({COL_TOTAL})

    def texts(self, row: SaleRow, number: int) -> tuple[str, ...]:
        if row.printed == "printed":
            printed = _("printed")
        else:
            printed = _("NOT PRINTED") if row.printed == "failed" else "—"
        return (
            format_datetime(row.created_at),
            row.receipt_no,
            row.cashier,
            format_rupiah(row.total),
            _(STATUS_WORDS.get(row.status, N_("voided"))),
            printed,
        )

    def in_red(self, row: SaleRow, col: int) -> bool:
        return col == COL_PRINTED and row.printed == "failed"


class SalesHistoryDialog(DocumentListDialog[SaleRow]):
    """Find a receipt, see it, print it again."""

    def __init__(
        self, db: Database, printing: ReceiptPrinting, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            SalesTableModel(),
            COL_NO,
            _("Receipt number, its barcode, or an amount"),
            sales_history.MAX_QUERY,
            parent,
        )
        self._db = db
        self._printing = printing
        self.setWindowTitle(_("Sales history"))
        fit_to_screen(self, (0.7, 0.85), (960, 540))

        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.preview = PdfPreview(max_dpi=110)
        self.preview.set_pdf(None, _("Choose a receipt to see it."))
        self.print_button = plain_button(_("Print (F5)"), self.on_print)
        self.print_button.setEnabled(False)

        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.preview)
        splitter.setSizes([620, 360])
        vbox(
            hbox(QLabel(_("Day")), self.day, (self.search, 1)),
            (splitter, 1),
            hbox((self.message, 1), self.print_button, plain_button(_("Close"), self.reject)),
            key_help(
                _(
                    "Type a number or amount to search every day  |  ↑↓: choose  |  "
                    "F5: print (a COPY when it printed before)  |  Esc: close"
                )
            ),
            parent=self,
        )

        self.day.dateChanged.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self.on_row_changed)
        add_shortcuts(self, {"F5": self.on_print, "Ctrl+P": self.on_print})
        self._printing.finished.connect(self.on_printed)
        self.refresh()
        self.search.setFocus()

    @Slot()
    def refresh(self) -> None:
        chosen = self.chosen()
        qdate = self.day.date()
        day = date(qdate.year(), qdate.month(), qdate.day())
        rows = sales_history.find_sales(self._db, day, self.search.text())
        self.model.set_rows(rows)
        self.day.setEnabled(not self.search.text().strip())
        keys = [r.receipt_no for r in rows]
        if not self.reselect(keys, chosen.receipt_no if chosen else None):
            self.preview.set_pdf(None, _("No receipt found."))
            self.print_button.setEnabled(False)

    @Slot()
    def on_row_changed(self) -> None:
        sale = self.chosen()
        self.print_button.setEnabled(sale is not None)
        if sale is None:
            return
        try:
            self.preview.set_pdf(receipts.render(self._db, sale.receipt_no))
        except PosError as e:
            self.preview.set_pdf(None, e.message)

    @Slot()
    def on_print(self) -> None:
        sale = self.chosen()
        if sale is None:
            return
        self._printing.print_receipt(sale.receipt_no)
        self.message.say(_("Printing {no}…").format(no=sale.receipt_no), ok=True)

    @Slot(object)
    def on_printed(self, outcome: PrintOutcome) -> None:
        self.message.say(outcome.message, ok=outcome.ok)
        self.refresh()
