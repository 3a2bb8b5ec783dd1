"""F2: find a product by name fragments, results as you type; Enter adds the highlighted one."""

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.core.money import format_number
from pos.db.session import Database
from pos.i18n import N_, _
from pos.services import catalog
from pos.services.catalog import ProductInfo
from pos.ui.actor_dialog import DatabaseDialog
from pos.ui.widgets import RowsTableModel, fit_to_screen, make_table, move_selection, selected_row

COL_NAME, COL_SKU, COL_PRICE, COL_STOCK = range(4)


class ProductTableModel(RowsTableModel[ProductInfo]):
    """Products found: name, SKU, price and stock (blank when not tracked)."""

    HEADERS = (N_("Product"), N_("SKU"), N_("Price"), N_("Stock"))
    RIGHT_COLUMNS = frozenset({COL_PRICE, COL_STOCK})

    def texts(self, row: ProductInfo, number: int) -> tuple[str, ...]:
        stock = "" if not row.track_stock or row.stock is None else str(row.stock)
        return (row.name, row.sku, format_number(row.price), stock)


class SearchDialog(DatabaseDialog):
    """Search as you type; Enter or a double click chooses the highlighted product."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, _("Find a product"), parent)
        fit_to_screen(self, (0.55, 0.75), (720, 480))
        self.chosen: ProductInfo | None = None

        self.field = QLineEdit()
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText(_("Type part of the name or SKU"))
        self.field.installEventFilter(self)
        self.model = ProductTableModel()
        self.table = make_table(self.model, COL_NAME, focus=False)
        self.table.doubleClicked.connect(self.on_choose)
        self.status = QLabel()

        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.field.textChanged.connect(self.on_text_changed)
        self.field.returnPressed.connect(self.on_choose)

    @Slot(str)
    def on_text_changed(self, text: str) -> None:
        rows = catalog.search(self._db, text)
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
            self.status.setText(_("{n} found").format(n=len(rows)))
        else:
            self.status.setText(_("Nothing found") if text.strip() else "")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                move_selection(self.table, -1 if event.key() == Qt.Key.Key_Up else 1)
                return True
        return super().eventFilter(watched, event)

    @Slot()
    def on_choose(self) -> None:
        row = selected_row(self.table)
        if row is None:
            return
        self.chosen = self.model.row_at(row)
        self.accept()
