"""The cart as a table: one row per line, read-only; the sale screen changes the cart itself."""

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt

from pos.core.cart import CartLine
from pos.core.money import format_number
from pos.i18n import N_
from pos.ui.widgets import RIGHT, Index, RowsTableModel

COL_NO, COL_NAME, COL_QTY, COL_PRICE, COL_TOTAL = range(5)


class CartTableModel(RowsTableModel[CartLine]):
    """The lines of the cart being rung up, numbered from 1."""

    HEADERS = (N_("No"), N_("Product"), N_("Qty"), N_("Price"), N_("Total"))

    def set_rows(self, rows: list[CartLine]) -> None:
        # Copies: the cart changes its lines in place, the table shows them as last set.
        super().set_rows([replace(r) for r in rows])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.row_at(index.row())
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
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_NAME:
            return f"{line.sku} — {line.name}"
        return None
