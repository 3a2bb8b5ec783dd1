"""The cart as a table: one row per line, read-only; the sale screen changes the cart itself."""

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from pos.core.cart import CartLine
from pos.core.money import format_number
from pos.i18n import N_, _

COL_NO, COL_NAME, COL_QTY, COL_PRICE, COL_TOTAL = range(5)
HEADERS = (N_("No"), N_("Product"), N_("Qty"), N_("Price"), N_("Total"))

_Index = QModelIndex | QPersistentModelIndex


class CartTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[CartLine] = []

    def set_rows(self, rows: list[CartLine]) -> None:
        self.beginResetModel()
        self._rows = [CartLine(r.product_id, r.sku, r.name, r.unit_price, r.qty) for r in rows]
        self.endResetModel()

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
        line = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_NAME:
                return line.name
            if col == COL_QTY:
                return str(line.qty)
            if col == COL_PRICE:
                return format_number(line.unit_price)
            if col == COL_TOTAL:
                return format_number(line.total)
            return str(index.row() + 1)
        if role == Qt.ItemDataRole.TextAlignmentRole and col != COL_NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_NAME:
            return f"{line.sku} — {line.name}"
        return None
