"""Barcode labels: choose products and copies (or take a stock receipt as received), pick the
label stock, see the sheets as they will print, then save a PDF or print."""

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pos.core.errors import PosError
from pos.core.quantities import split_multiplier
from pos.db.session import Database
from pos.i18n import _, ngettext
from pos.services import catalog, labels
from pos.services.auth import Actor
from pos.ui.actions import says_refusal
from pos.ui.label_lines_model import LabelLine, LabelLinesModel
from pos.ui.label_settings import LabelSettings, label_guides
from pos.ui.pdf_pages import PdfPreview, print_pdf
from pos.ui.qt_texts import save_file
from pos.ui.quantity_lines import COL_NAME, LineActions
from pos.ui.search_dialog import SearchDialog
from pos.ui.widgets import (
    MessageLabel,
    add_shortcuts,
    fit_to_screen,
    key_help,
    make_scan_field,
    make_table,
    plain_button,
    scan_field_key,
)

REFRESH_MS = 150  # typing 12.5 in an offset box draws once, not three times


class LabelsDialog(QDialog):
    """Labels for chosen products, or for stock receipt `doc_id` (copies = units received)."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        parent: QWidget | None = None,
        doc_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._doc_id = doc_id
        self._pdf: bytes | None = None
        self.setWindowTitle(
            _("Labels for stock receipt {no}").format(no=doc_id) if doc_id else _("Print labels")
        )
        fit_to_screen(self, (0.8, 0.85), (900, 540))

        self.scan_field = make_scan_field(_("Scan a barcode or type an SKU, then Enter"))
        self.scan_field.installEventFilter(self)
        self.message = MessageLabel()
        self.model = LabelLinesModel()
        self.table = make_table(self.model, COL_NAME, editable=True)
        self.lines = LineActions(self.table, self.model, self.message)
        self.total_label = QLabel()
        self.settings = LabelSettings(db, actor)
        self.preview = PdfPreview()
        self.summary = QLabel()
        self.status = MessageLabel()
        self.save_button = plain_button(_("Save PDF…"), self.on_save_pdf)
        self.print_button = plain_button(_("Print…"), self.on_print)

        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan_field, 1)
        scan_row.addWidget(plain_button(_("Search (F2)"), self.on_search))
        lines_row = QHBoxLayout()
        lines_row.addWidget(plain_button(_("Remove line (Del)"), self.lines.on_remove))
        if doc_id is not None:
            lines_row.addWidget(plain_button(_("As received"), self.on_as_received))
        lines_row.addStretch(1)
        lines_row.addWidget(self.total_label)
        left = QVBoxLayout()
        left.addLayout(scan_row)
        left.addWidget(self.message)
        left.addWidget(self.table, 1)
        left.addLayout(lines_row)
        left.addWidget(self.settings)
        left.addWidget(
            key_help(
                _(
                    "Enter: add  |  12*code: add 12  |  F4: change the number of labels  |  "
                    "Del: remove line  |  F2: search  |  Ctrl+P: print"
                )
            )
        )
        right = QVBoxLayout()
        right.addWidget(self.preview, 1)
        right.addWidget(self.summary)
        right.addWidget(self.status)
        columns = QHBoxLayout()
        columns.addLayout(left, 5)
        columns.addLayout(right, 6)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(plain_button(_("Close"), self.reject))
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.on_refresh)
        add_shortcuts(
            self, {"F2": self.on_search, "F4": self.lines.on_edit, "Ctrl+P": self.on_print}
        )
        self.scan_field.returnPressed.connect(self.on_scan)
        self.model.changed.connect(self.on_lines_changed)
        self.settings.changed.connect(self.schedule_refresh)
        self.settings.said.connect(self.status.say)
        self.table.itemDelegate().closeEditor.connect(lambda *_args: self.scan_field.setFocus())

        if doc_id is not None:
            self.on_as_received()
        self.on_lines_changed()
        self.scan_field.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scan_field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if scan_field_key(event, self.scan_field, self.table, self.lines.on_remove):
                return True
        return super().eventFilter(watched, event)

    # --- the list of products -------------------------------------------------------------

    @Slot()
    def on_scan(self) -> None:
        text = self.scan_field.text()
        self.scan_field.clear()
        if text.strip():
            self.add_code(text)

    def add_code(self, text: str) -> bool:
        """Add a scanned or typed code ('12*code' for twelve); a bad one only shows a message."""
        try:
            copies, code = split_multiplier(text)
            product = catalog.find_by_code(self._db, code)
            self._add(product.sku, product.name, copies)
        except PosError as e:
            self.message.say(e.message, ok=False)
            return False
        return True

    def _add(self, sku: str, name: str, copies: int) -> None:
        row = self.model.add(sku, name, copies)
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        n = self.model.lines[row].copies
        self.message.say(
            ngettext("{name}: {n} label", "{name}: {n} labels", n).format(name=name, n=n), ok=True
        )

    @Slot()
    def on_search(self) -> None:
        dialog = SearchDialog(self._db, self)
        if dialog.exec() and dialog.chosen is not None:
            try:
                self._add(dialog.chosen.sku, dialog.chosen.name, 1)
            except PosError as e:
                self.message.say(e.message, ok=False)
        self.scan_field.setFocus()

    @Slot()
    @says_refusal
    def on_as_received(self) -> None:
        """One label per unit received on the stock receipt, food dated the receipt's day."""
        assert self._doc_id is not None
        items = labels.items_from_receipt(self._db, self._doc_id)
        self.model.set_rows([LabelLine(item.sku, item.name, n) for item, n in items])
        day = next((i.production_date for i, _n in items if i.production_date), None)
        if day is not None:  # food from a receipt is dated the day it came in
            self.settings.set_production_date(day)
        self.message.say(_("As received: one label per unit."), ok=True)

    @Slot()
    def on_lines_changed(self) -> None:
        self.total_label.setText(
            _("Products: {products}   Labels: {labels}").format(
                products=self.model.rowCount(), labels=self.model.total
            )
        )
        self.schedule_refresh()

    # --- the preview ----------------------------------------------------------------------

    @Slot()
    def schedule_refresh(self) -> None:
        self._timer.start()

    @Slot()
    def on_refresh(self) -> None:
        """Render the labels as asked and show them; a problem is said under the preview."""
        self._timer.stop()
        self._pdf = None
        self.status.clear()
        lines, settings, template = self.model.lines, self.settings, self.settings.template
        placeholder = _("Scan or search products to see their labels here.")
        if lines:
            try:
                self._pdf = labels.render(
                    self._db,
                    template.name,
                    [(line.sku, line.copies) for line in lines],
                    settings.start_spin.value(),
                    settings.offset_x.value(),
                    settings.offset_y.value(),
                    settings.production_date,
                    outline=settings.outline_check.isChecked(),
                )
            except PosError as e:
                self.status.say(e.message, ok=False)
                placeholder = _("Nothing can be shown until the problem below is fixed.")
        self.preview.set_pdf(self._pdf, placeholder, label_guides(template))
        summary = _("Labels: {labels}   Pages: {pages}   Page size: {width:g} x {height:g} mm")
        self.summary.setText(
            ""
            if self._pdf is None
            else summary.format(
                labels=self.model.total,
                pages=self.preview.page_count,
                width=template.page_width,
                height=template.page_height,
            )
        )
        self.save_button.setEnabled(self._pdf is not None)
        self.print_button.setEnabled(self._pdf is not None)

    def current_pdf(self) -> bytes | None:
        """The labels as the settings stand now, even if the preview has not caught up."""
        if self._timer.isActive():
            self.on_refresh()
        return self._pdf

    # --- output ---------------------------------------------------------------------------

    def ask_save_path(self, suggested: str) -> Path | None:
        """Where to save the PDF (None: cancelled); tests replace this."""
        return save_file(self, _("Save labels as PDF"), suggested, _("PDF files (*.pdf)"))

    def ask_printer(self, printer: QPrinter) -> bool:
        """Let the user choose the printer; tests replace this."""
        dialog = QPrintDialog(printer, self)
        # Every page is printed, on the template's paper: page ranges would only mislead.
        dialog.setOptions(QAbstractPrintDialog.PrintDialogOption.PrintToFile)
        return dialog.exec() == QDialog.DialogCode.Accepted

    @Slot()
    def on_save_pdf(self) -> None:
        pdf = self.current_pdf()
        if pdf is None:
            return
        name = f"labels-{self._doc_id}-" if self._doc_id else "labels-"
        path = self.ask_save_path(f"{name}{self.settings.template.name}.pdf")
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            labels.write_pdf(pdf, path)
        except PosError as e:
            self.status.say(e.message, ok=False)
            return
        self.status.say(_("Saved: {path}").format(path=path), ok=True)

    @Slot()
    def on_print(self) -> None:
        pdf = self.current_pdf()
        if pdf is None:
            return
        template = self.settings.template
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(_("Labels"))
        if not self.ask_printer(printer):
            return
        try:
            print_pdf(pdf, printer, (template.page_width, template.page_height), template.dpi)
        except PosError as e:
            self.status.say(e.message, ok=False)
            return
        where = printer.printerName() or printer.outputFileName()
        self.status.say(
            ngettext(
                "{n} label sent to {printer}.", "{n} labels sent to {printer}.", self.model.total
            ).format(n=self.model.total, printer=where),
            ok=True,
        )
