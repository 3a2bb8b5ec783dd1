"""F2: find a product by name fragments, results as you type; Enter adds the highlighted one."""

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos.core.money import format_number
from pos.db.session import Database
from pos.i18n import N_, _
from pos.services import catalog
from pos.services.catalog import ProductInfo

COL_NAME, COL_SKU, COL_PRICE, COL_STOCK = range(4)
HEADERS = (N_("Product"), N_("SKU"), N_("Price"), N_("Stock"))
_Index = QModelIndex | QPersistentModelIndex


class ProductTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ProductInfo] = []

    def set_rows(self, rows: list[ProductInfo]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> ProductInfo:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            stock = "" if not p.track_stock or p.stock is None else str(p.stock)
            return (p.name, p.sku, format_number(p.price), stock)[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_PRICE, COL_STOCK):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class SearchDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Find a product"))
        self.resize(720, 480)
        self._db = db
        self.chosen: ProductInfo | None = None

        self.field = QLineEdit()
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText(_("Type part of the name or SKU"))
        self.field.installEventFilter(self)
        self.model = ProductTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
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
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.model.rowCount():
                rows = self.table.selectionModel().selectedRows()
                current = rows[0].row() if rows else -1
                step = -1 if event.key() == Qt.Key.Key_Up else 1
                self.table.selectRow(max(0, min(self.model.rowCount() - 1, current + step)))
                return True
        return super().eventFilter(watched, event)

    @Slot()
    def on_choose(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        self.chosen = self.model.row_at(rows[0].row())
        self.accept()
