"""The cart as a table: one row per line, read-only; the sale screen changes the cart itself."""

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt

from pos.core.cart import CartLine
from pos.core.money import format_number
from pos.i18n import N_
from pos.ui.widgets import RowsTableModel

COL_NO, COL_NAME, COL_QTY, COL_PRICE, COL_TOTAL = range(5)


class CartTableModel(RowsTableModel[CartLine]):
    """The lines of the cart being rung up, numbered from 1."""

    HEADERS = (N_("No"), N_("Product"), N_("Qty"), N_("Price"), N_("Total"))
    RIGHT_COLUMNS = frozenset({COL_NO, COL_QTY, COL_PRICE, COL_TOTAL})

    def set_rows(self, rows: list[CartLine]) -> None:
        # Copies: the cart changes its lines in place, the table shows them as last set.
        super().set_rows([replace(r) for r in rows])

    def texts(self, row: CartLine, number: int) -> tuple[str, ...]:
        return (
            str(number + 1),
            row.name,
            str(row.qty),
            format_number(row.unit_price),
            format_number(row.total),
        )

    def style(self, row: CartLine, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_NAME:
            return f"{row.sku} — {row.name}"
        return None
