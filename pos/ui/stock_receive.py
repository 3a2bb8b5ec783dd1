"""Receiving goods from a workshop: scan what arrived, check the quantities, book it at once."""

from dataclasses import dataclass

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLineEdit,
    QWidget,
)

from pos.core.errors import PosError
from pos.core.quantities import split_multiplier
from pos.db.session import Database
from pos.i18n import N_, _
from pos.services import catalog, products, settings, stock
from pos.services.auth import Actor
from pos.services.catalog import ProductInfo
from pos.services.stock import NOT_TRACKED, StockLine
from pos.ui.actor_dialog import ActorDialog
from pos.ui.errors import show_error
from pos.ui.layouts import STRETCH, form, hbox, vbox
from pos.ui.quantity_lines import (
    COL_NAME,
    LineActions,
    QuantityLinesModel,
)
from pos.ui.search_dialog import SearchDialog
from pos.ui.widgets import (
    MessageLabel,
    ScanField,
    add_shortcuts,
    confirm,
    fit_to_screen,
    key_help,
    make_table,
    plain_button,
    text_label,
)


@dataclass
class ReceiveLine:
    """A product being received and how many arrived."""

    product_id: int
    sku: str
    name: str
    qty: int


class ReceiveLinesModel(QuantityLinesModel[ReceiveLine]):
    """The lines being received; the quantity column is edited in place."""

    HEADERS = (N_("SKU"), N_("Product"), N_("Qty"))

    def add(self, product_id: int, sku: str, name: str, qty: int) -> int:
        """Add a product, or raise the quantity of its line; returns the row."""
        return self.merge(
            lambda line: line.product_id == product_id,
            lambda n: ReceiveLine(product_id, sku, name, n),
            qty,
        )


class ReceiveDialog(ActorDialog):
    """A delivery from a workshop; after Save, `doc_id` names the booked document."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, _("Receive goods"), parent)
        fit_to_screen(self, (0.6, 0.85), (760, 540))
        self.doc_id: int | None = None
        self.saved_text = ""  # what the window tells once the delivery is booked
        self._leaving = False  # Esc pressed once with unsaved lines

        self.workshop_combo = QComboBox()
        self.workshop_combo.addItem(_("(no workshop)"), None)
        for workshop in products.workshops(db):
            self.workshop_combo.addItem(workshop.name, workshop.id)
        today = settings.stand_now(db).date()
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd-MM-yyyy")
        self.date_edit.setMaximumDate(self.date_edit.date())  # nothing arrives tomorrow
        self.note_field = QLineEdit()
        self.note_field.setMaxLength(200)
        self.note_field.setPlaceholderText(_("e.g. delivery note number, who brought it"))
        self.message = MessageLabel()
        self.model = ReceiveLinesModel()
        self.table = make_table(self.model, COL_NAME, editable=True)
        self.lines = LineActions(self.table, self.model, self.message)
        self.scan_field = ScanField(_("Scan a barcode or type an SKU, then Enter"), self.table)
        self.total_label = text_label(point_size=14)

        vbox(
            form(
                (_("Workshop"), self.workshop_combo),
                (_("Date"), self.date_edit),
                (_("Note"), self.note_field),
            ),
            hbox((self.scan_field, 1), plain_button(_("Search (F2)"), self.on_search)),
            self.message,
            (self.table, 1),
            hbox(
                plain_button(_("Remove line (Del)"), self.lines.on_remove),
                STRETCH,
                self.total_label,
            ),
            key_help(
                _(
                    "Enter: add  |  12*code: add 12  |  ↑↓: choose line  |  "
                    "F4: change quantity  |  Del: remove line  |  F2: search  |  F12: save"
                )
            ),
            hbox(
                STRETCH,
                plain_button(_("Save (F12)"), self.on_save),
                plain_button(_("Cancel"), self.reject),
            ),
            parent=self,
        )

        add_shortcuts(self, {"F2": self.on_search, "F4": self.lines.on_edit, "F12": self.on_save})
        self.scan_field.scanned.connect(self.add_code)
        self.scan_field.delete_pressed.connect(self.lines.on_remove)
        self.model.changed.connect(self.on_quantities_changed)
        # After a quantity is typed in the table, the next scan must land in the scan field.
        self.table.itemDelegate().closeEditor.connect(lambda *_args: self.scan_field.setFocus())
        self.on_quantities_changed()
        self.scan_field.setFocus()

    @Slot(str)
    def add_code(self, text: str) -> bool:
        """Add a scanned or typed code (or '12*code'); a bad code only shows a message."""
        try:
            qty, code = split_multiplier(text)
            self._add(catalog.find_by_code(self._db, code), qty)
        except PosError as e:
            self.message.say(e.message, ok=False)
            return False
        return True

    def _add(self, product: ProductInfo, qty: int) -> None:
        if not product.track_stock:
            raise PosError(_(NOT_TRACKED).format(name=product.name))
        row = self.model.add(product.id, product.sku, product.name, qty)
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        workshop = products.get_product(self._db, product.id).fields.workshop
        if self.workshop_combo.currentData() is None:
            # The first product scanned usually tells where the delivery came from.
            index = self.workshop_combo.findText(workshop) if workshop else -1
            if index > 0:
                self.workshop_combo.setCurrentIndex(index)
        text = _("{name}: {qty} received").format(name=product.name, qty=self.model.lines[row].qty)
        chosen = self.workshop_combo.currentText()
        if workshop and self.workshop_combo.currentData() is not None and workshop != chosen:
            # Not refused (a workshop may deliver another's goods), but rarely meant.
            self.message.say(
                text
                + "  "
                + _("Note: {name} is made by {theirs}, not {chosen}.").format(
                    name=product.name, theirs=workshop, chosen=chosen
                ),
                ok=False,
            )
            return
        self.message.say(text, ok=True)

    @Slot()
    def on_search(self) -> None:
        dialog = SearchDialog(self._db, self)
        if dialog.exec() and dialog.chosen is not None:
            try:
                self._add(dialog.chosen, 1)
            except PosError as e:
                self.message.say(e.message, ok=False)
        self.scan_field.setFocus()

    @Slot()
    def on_quantities_changed(self) -> None:
        self._leaving = False
        lines = self.model.lines
        self.total_label.setText(
            _("Products: {products}   Units: {units}").format(
                products=len(lines), units=sum(line.qty for line in lines)
            )
        )

    @Slot()
    def on_save(self) -> None:
        lines = [StockLine(line.product_id, line.qty) for line in self.model.lines]
        try:
            self.doc_id = stock.receive(
                self._db,
                self._actor,
                self.workshop_combo.currentData(),
                lines,
                self.date_edit.date().toPython(),
                self.note_field.text(),
            )
        except PosError as e:
            show_error(self, e)
            self.scan_field.setFocus()
            return
        units = sum(line.qty for line in lines)
        workshop = self.workshop_combo.currentText()
        self.saved_text = _(
            "Received and saved: {units} units, {products} products ({workshop})."
        ).format(units=units, products=len(lines), workshop=workshop)
        self.accept()

    def reject(self) -> None:
        # A mistaken Esc must not throw away a delivery scanned item by item: it takes two.
        # Said inline rather than asked in a message box, so nothing modal ever blocks a close.
        if self.doc_id is None and self.model.rowCount() and not self._leaving:
            self._leaving = True
            self.message.say(
                _("Not saved. Press Esc again to close and lose the {n} lines.").format(
                    n=self.model.rowCount()
                ),
                ok=False,
            )
            self.scan_field.setFocus()
            return
        super().reject()


def ask_print_labels(parent: QWidget) -> bool:
    """After a delivery: labels now? Asked with the app's own words on the buttons."""
    return confirm(
        parent,
        _("Receive goods"),
        _("Print labels for what was received (one per unit)?"),
        _("Print labels"),
        _("Not now"),
    )
