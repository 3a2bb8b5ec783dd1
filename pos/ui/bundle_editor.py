"""The bundle (hamper) part of the product form: its components and how many stock makes."""

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos.core.barcodes import MAX_CODE_LENGTH
from pos.core.errors import PosError
from pos.db.session import Database
from pos.i18n import _
from pos.services import catalog, products
from pos.ui import form_fields
from pos.ui.catalog_model import (
    COMP_NAME,
    COMP_QTY,
    MAX_COMPONENT_QTY,
    ComponentRow,
    ComponentsModel,
)
from pos.ui.search_dialog import SearchDialog
from pos.ui.widgets import refit_columns_on_change, selected_row


class QtyDelegate(QStyledItemDelegate):
    """A component's quantity is edited with a spin box that cannot go below 1."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        spin = QSpinBox(parent)
        spin.setRange(1, MAX_COMPONENT_QTY)
        spin.setFrame(False)
        return spin


class BundleEditor(QGroupBox):
    """What a bundle (hamper) holds, and how many of it the components in stock make."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(form_fields.field_label("components"), parent)
        self._db = db
        self.model = ComponentsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(COMP_QTY, QtyDelegate(self))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setMinimumHeight(110)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COMP_NAME, QHeaderView.ResizeMode.Stretch)
        refit_columns_on_change(self.table)
        self.code_field = form_fields.line_edit(MAX_CODE_LENGTH, _("SKU or barcode of a component"))
        self.code_field.installEventFilter(self)
        self.qty_spin = QSpinBox()
        self.qty_spin.setRange(1, MAX_COMPONENT_QTY)
        self.qty_spin.setPrefix("× ")
        self.error = form_fields.message_label()
        self.buildable_label = QLabel()
        self.buildable_label.setObjectName("buildableLabel")

        add_row = QHBoxLayout()
        add_row.addWidget(self.code_field, 1)
        add_row.addWidget(self.qty_spin)
        add_row.addWidget(form_fields.form_button(_("Add"), self.on_add))
        add_row.addWidget(form_fields.form_button(_("Search…"), self.on_search))
        add_row.addWidget(form_fields.form_button(_("Remove"), self.on_remove))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(add_row)
        layout.addWidget(self.error)
        layout.addWidget(self.buildable_label)
        for signal in (
            self.model.dataChanged,
            self.model.rowsInserted,
            self.model.rowsRemoved,
            self.model.modelReset,
        ):
            signal.connect(self.on_changed)
        self.on_changed()

    def set_components(self, components: tuple[tuple[str, int], ...]) -> None:
        by_sku = products.product_id_by_sku
        self.model.set_rows([self._row(by_sku(self._db, sku), qty) for sku, qty in components])

    def components(self) -> tuple[tuple[str, int], ...]:
        return self.model.components()

    def components_cost(self) -> int:
        """What the contents cost together (each component's cost times its quantity)."""
        total = 0
        for sku, qty in self.components():
            found = catalog.find_by_code(self._db, sku)
            total += products.get_product(self._db, found.id).fields.cost * qty
        return total

    def _row(self, product_id: int, qty: int) -> ComponentRow:
        d = products.get_product(self._db, product_id)
        return ComponentRow(d.fields.sku, d.fields.name, qty, d.stock, d.fields.track_stock)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if form_fields.is_enter(watched, self.code_field, event):
            self.on_add()  # a scanned component is added; the form stays open
            return True
        return super().eventFilter(watched, event)

    @Slot()
    def on_add(self) -> None:
        text = self.code_field.text().strip()
        if not text:
            return
        try:
            self._add(catalog.find_by_code(self._db, text).id)
        except PosError as e:
            form_fields.say_under(self.error, e.message)
            return
        self.code_field.clear()

    @Slot()
    def on_search(self) -> None:
        dialog = SearchDialog(self._db, self)
        if dialog.exec() and dialog.chosen is not None:
            try:
                self._add(dialog.chosen.id)
            except PosError as e:
                form_fields.say_under(self.error, e.message)
        self.code_field.setFocus()

    def _add(self, product_id: int) -> None:
        row = self.model.add(self._row(product_id, self.qty_spin.value()))
        self.table.selectRow(row)
        self.qty_spin.setValue(1)
        form_fields.say_under(self.error, "")

    @Slot()
    def on_remove(self) -> None:
        row = selected_row(self.table)
        if row is not None:
            self.model.remove(row)

    def on_changed(self, *_args: object) -> None:
        if not self.model.rowCount():
            self.buildable_label.setText(_("Not a bundle. Add products here to make a hamper."))
            return
        n = self.model.buildable()
        self.buildable_label.setText(
            _("Can make {n} from stock.").format(n=n)
            if n is not None
            else _("The contents do not track stock.")
        )
