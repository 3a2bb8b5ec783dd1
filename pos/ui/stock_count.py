"""The stock count (opname): type or scan what is on the shelf; Save books the differences."""

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from pos.core.errors import PosError
from pos.core.quantities import parse_count, signed, split_multiplier
from pos.db.session import Database
from pos.i18n import N_, _
from pos.services import catalog, stock
from pos.services.auth import Actor
from pos.services.catalog import ProductInfo
from pos.services.stock import NOT_TRACKED, CountDifference
from pos.ui.actor_dialog import ActorDialog
from pos.ui.errors import show_error
from pos.ui.layouts import hbox, vbox
from pos.ui.search_dialog import SearchDialog
from pos.ui.widgets import (
    GREEN,
    Index,
    MessageLabel,
    RowsTableModel,
    ScanField,
    add_shortcuts,
    bold_font,
    confirm,
    fit_to_screen,
    key_help,
    make_table,
    plain_button,
    selected_row,
    text_label,
)

COL_SKU, COL_NAME, COL_WORKSHOP, COL_EXPECTED, COL_COUNTED, COL_DIFFERENCE = range(6)
KEYS = N_(
    "Enter: count one  |  12*code: count 12  |  ↑↓: choose line  |  "
    "F4: type the count  |  Del: clear the count  |  F2: search  |  F12: save  |  "
    "Ctrl+P: count sheet"
)


@dataclass(frozen=True)
class CountRow:
    """A product on the count sheet, with the stock expected."""

    product_id: int
    sku: str
    name: str
    workshop: str | None
    category: str | None
    expected: int


class CountTableModel(RowsTableModel[CountRow]):
    """Products with what the books say and what was counted; counts survive set_rows()."""

    HEADERS = (
        N_("SKU"),
        N_("Product"),
        N_("Workshop"),
        N_("On hand"),
        N_("Counted"),
        N_("Difference"),
    )
    RIGHT_COLUMNS = frozenset({COL_EXPECTED, COL_COUNTED, COL_DIFFERENCE})
    edit_refused = Signal(str)
    counts_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._row_of: dict[int, int] = {}
        self._counted: dict[int, int] = {}
        self.locked = False  # after saving, the booked result is shown read-only

    def set_rows(self, rows: list[CountRow]) -> None:
        self._row_of = {r.product_id: i for i, r in enumerate(rows)}
        super().set_rows(rows)

    @property
    def counted(self) -> dict[int, int]:
        return dict(self._counted)

    def row_of(self, product_id: int) -> int | None:
        return self._row_of.get(product_id)

    def set_count(self, product_id: int, value: int | None) -> None:
        if value is None:
            self._counted.pop(product_id, None)
        else:
            self._counted[product_id] = value
        row = self._row_of.get(product_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, COL_COUNTED), self.index(row, COL_DIFFERENCE))
        self.counts_changed.emit()

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == COL_COUNTED and not self.locked:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def texts(self, row: CountRow, number: int) -> tuple[str, ...]:
        counted = self._counted.get(row.product_id)
        return (
            row.sku,
            row.name,
            row.workshop or "",
            str(row.expected),
            "" if counted is None else str(counted),
            "" if counted is None else signed(counted - row.expected),
        )

    def in_red(self, row: CountRow, col: int) -> bool:
        if col == COL_EXPECTED:
            return row.expected < 0
        counted = self._counted.get(row.product_id)
        return col == COL_DIFFERENCE and counted is not None and counted < row.expected

    def style(self, row: CountRow, col: int, role: int) -> Any:
        counted = self._counted.get(row.product_id)
        if role == Qt.ItemDataRole.EditRole:
            return self.texts(row, 0)[col]
        gained = col == COL_DIFFERENCE and counted is not None and counted > row.expected
        if role == Qt.ItemDataRole.ForegroundRole and gained:
            return QColor(GREEN)
        if role == Qt.ItemDataRole.FontRole and col == COL_COUNTED and counted is not None:
            return bold_font()
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (index.isValid() and index.column() == COL_COUNTED) or self.locked:
            return False
        r = self._rows[index.row()]
        try:
            counted = parse_count(str(value))
        except PosError as e:
            self.edit_refused.emit(f"{r.name}: {e.message}")
            return False
        self.set_count(r.product_id, counted)
        return True


class StockCountDialog(ActorDialog):
    """Count many products at once; after Save, `differences` holds what was booked."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, _("Stock count"), parent)
        fit_to_screen(self, (0.65, 0.85), (900, 540))
        self.differences: list[CountDifference] | None = None
        self._leaving = False  # Esc pressed once with unsaved counts
        self._products: dict[int, ProductInfo] = {
            p.id: p for p in catalog.list_products(db) if p.track_stock
        }

        self.workshop_combo = self._filter_combo(_("All workshops"), "workshop")
        self.category_combo = self._filter_combo(_("All categories"), "category")
        self.message = MessageLabel()
        self.model = CountTableModel()
        self.table = make_table(self.model, COL_NAME, editable=True)
        self.scan_field = ScanField(_("Scan each item (or type an SKU), then Enter"), self.table)
        self.status_label = text_label(point_size=12)
        self.note_field = QLineEdit()
        self.note_field.setMaxLength(200)
        self.note_field.setPlaceholderText(_("Note, e.g. who counted"))
        self.sheet_button = plain_button(_("Count sheet (Ctrl+P)…"), self.on_count_sheet)
        self.sheet_expected = QCheckBox(_("with stock on hand"))
        self.sheet_expected.setToolTip(_("Leave it off for a blind count."))
        self.save_button = plain_button(_("Save (F12)"), self.on_save_asked)
        self.close_button = plain_button(_("Cancel"), self.reject)

        vbox(
            hbox(
                QLabel(_("Workshop")),
                (self.workshop_combo, 1),
                QLabel(_("Category")),
                (self.category_combo, 1),
            ),
            self.scan_field,
            self.message,
            (self.table, 1),
            self.status_label,
            key_help(_(KEYS)),
            hbox(
                (self.note_field, 1),
                self.sheet_button,
                self.sheet_expected,
                self.save_button,
                self.close_button,
            ),
            parent=self,
        )

        add_shortcuts(
            self,
            {
                "F2": self.on_search,
                "F4": self.on_edit_count,
                "F12": self.on_save_asked,
                "Ctrl+P": self.on_count_sheet,
            },
        )
        self.scan_field.scanned.connect(self.count_code)
        self.scan_field.delete_pressed.connect(self.on_clear_count)
        self.workshop_combo.currentIndexChanged.connect(self.on_filter_changed)
        self.category_combo.currentIndexChanged.connect(self.on_filter_changed)
        self.model.edit_refused.connect(lambda text: self.message.say(text, ok=False))
        self.model.counts_changed.connect(self.on_counts_changed)
        self.table.itemDelegate().closeEditor.connect(lambda *_args: self.scan_field.setFocus())
        self.on_filter_changed()
        self.on_counts_changed()
        self.scan_field.setFocus()

    def _filter_combo(self, everything: str, attribute: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(everything, None)
        for name in sorted({getattr(p, attribute) for p in self._products.values()} - {None}):
            combo.addItem(name, name)
        return combo

    @Slot()
    def on_count_sheet(self) -> None:
        """The products listed (this workshop and category), on paper to count from."""
        from pos.ui.count_sheet_action import save_count_sheet

        ids = [self.model.row_at(i).product_id for i in range(self.model.rowCount())]
        scope = ", ".join((self.workshop_combo.currentText(), self.category_combo.currentText()))
        if save_count_sheet(
            self, self._db, self._actor, ids, self.sheet_expected.isChecked(), scope
        ):
            self.message.say(_("Count sheet saved and opened."), ok=True)
        self.scan_field.setFocus()

    @Slot()
    def on_clear_count(self) -> None:
        row = selected_row(self.table)
        if row is not None and not self.model.locked:
            self.model.set_count(self.model.row_at(row).product_id, None)

    @Slot()
    def on_filter_changed(self) -> None:
        workshop = self.workshop_combo.currentData()
        category = self.category_combo.currentData()
        self.model.set_rows(
            [
                self._row(p.id, p.stock or 0)
                for p in self._products.values()
                if workshop in (None, p.workshop) and category in (None, p.category)
            ]
        )

    def _row(self, product_id: int, expected: int) -> CountRow:
        p = self._products[product_id]
        return CountRow(p.id, p.sku, p.name, p.workshop, p.category, expected)

    @Slot(str)
    def count_code(self, text: str) -> bool:
        """One scan is one item on the shelf ('12*code' is twelve); a bad code only says so."""
        try:
            qty, code = split_multiplier(text)
            found = catalog.find_by_code(self._db, code)
            if found.id not in self._products:
                raise PosError(_(NOT_TRACKED).format(name=found.name))
        except PosError as e:
            self.message.say(e.message, ok=False)
            return False
        total = self.model.counted.get(found.id, 0) + qty
        self.model.set_count(found.id, total)
        text = _("{name}: counted {n}").format(name=found.name, n=total)
        if not self._show_row(found.id):
            text += "  " + _("(not in the list shown: choose All to see it)")
        self.message.say(text, ok=True)
        return True

    def _show_row(self, product_id: int) -> bool:
        row = self.model.row_of(product_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    @Slot()
    def on_search(self) -> None:
        """Find a product without a barcode by name and type its count."""
        if self.model.locked:
            return
        dialog = SearchDialog(self._db, self)
        if dialog.exec() and dialog.chosen is not None:
            if self.model.row_of(dialog.chosen.id) is None:
                self.workshop_combo.setCurrentIndex(0)
                self.category_combo.setCurrentIndex(0)
            if self._show_row(dialog.chosen.id):
                self.on_edit_count()
                return
            self.message.say(_(NOT_TRACKED).format(name=dialog.chosen.name), ok=False)
        self.scan_field.setFocus()

    @Slot()
    def on_edit_count(self) -> None:
        row = selected_row(self.table)
        if row is not None and not self.model.locked:
            self.table.edit(self.model.index(row, COL_COUNTED))

    @Slot()
    def on_counts_changed(self) -> None:
        self._leaving = False
        if self.model.locked:
            return
        counted = self.model.counted
        difference = sum(n - (self._products[pid].stock or 0) for pid, n in counted.items())
        self.status_label.setText(
            _("Counted: {counted} of {total} products   Difference so far: {difference}").format(
                counted=len(counted), total=len(self._products), difference=signed(difference)
            )
        )

    @Slot()
    def on_save_asked(self) -> None:
        """F12 and Save: booking a count sets stock, so it is confirmed first."""
        if not self.model.locked and self.confirm_save():
            self.on_save()

    def confirm_save(self) -> bool:
        text = _(
            "Save the count of {n} products? Their stock becomes what was counted; "
            "this cannot be undone."
        ).format(n=len(self.model.counted))
        return confirm(self, _("Stock count"), text, _("Save the count"), _("Keep counting"))

    @Slot()
    def on_save(self) -> None:
        if self.model.locked:
            return
        try:
            differences = stock.count(
                self._db, self._actor, self.model.counted, self.note_field.text()
            )
        except PosError as e:
            show_error(self, e)
            self.scan_field.setFocus()
            return
        self.differences = differences
        self._show_result(differences)

    def _show_result(self, differences: list[CountDifference]) -> None:
        # The booked result replaces the list: what differed comes first, for checking.
        ordered = sorted(differences, key=lambda d: (-abs(d.difference), d.sku))
        self.model.locked = True
        self.model.set_rows([self._row(d.product_id, d.expected) for d in ordered])
        for d in differences:
            self.model.set_count(d.product_id, d.counted)
        differed = sum(1 for d in differences if d.difference)
        self.status_label.setText(
            _(
                "Saved: {counted} products counted, {differed} differed, total difference {total}."
            ).format(
                counted=len(differences),
                differed=differed,
                total=signed(sum(d.difference for d in differences)),
            )
        )
        self.status_label.setStyleSheet(f"color: {GREEN}; font-weight: bold;")
        self.message.clear()
        for widget in (self.scan_field, self.workshop_combo, self.category_combo, self.note_field):
            widget.setEnabled(False)
        self.save_button.setEnabled(False)
        self.close_button.setText(_("Close"))

    def reject(self) -> None:
        if self.differences is not None:
            self.accept()  # closing after a save: exec() tells the caller something was booked
            return
        # Counting a stand takes an hour: a mistaken Esc must not throw it away (see receiving).
        counted = len(self.model.counted)
        if counted and not self._leaving:
            self._leaving = True
            self.message.say(
                _("Not saved. Press Esc again to close and lose {n} counted products.").format(
                    n=counted
                ),
                ok=False,
            )
            self.scan_field.setFocus()
            return
        super().reject()
