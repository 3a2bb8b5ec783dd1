"""The cart as a table: one row per line, read-only; the sale screen changes the cart itself."""

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTableView

from pos.core.cart import CartLine
from pos.core.money import format_number
from pos.i18n import N_, _
from pos.ui.widgets import RowsTableModel

COL_NO, COL_NAME, COL_QTY, COL_PRICE, COL_TOTAL = range(5)
OVERSOLD_BACKGROUND = QColor("#ffe0b2")  # a hint, not an error: the sale still goes through


class CartTableModel(RowsTableModel[CartLine]):
    """The lines of the cart being rung up, numbered from 1."""

    HEADERS = (N_("No"), N_("Product"), N_("Qty"), N_("Price"), N_("Total"))
    RIGHT_COLUMNS = frozenset({COL_NO, COL_QTY, COL_PRICE, COL_TOTAL})

    def __init__(self) -> None:
        super().__init__()
        self._on_hand: dict[int, int] = {}

    def set_rows(self, rows: list[CartLine], on_hand: dict[int, int] | None = None) -> None:
        """Show `rows`; `on_hand` (product id -> stock, tracked products only) marks oversold."""
        self._on_hand = dict(on_hand or {})
        # Copies: the cart changes its lines in place, the table shows them as last set.
        super().set_rows([replace(r) for r in rows])

    def stock_left(self, line: CartLine) -> int | None:
        """The stock on hand when the line asks for more than that, else None."""
        on_hand = self._on_hand.get(line.product_id)
        return on_hand if on_hand is not None and line.qty > on_hand else None

    def texts(self, row: CartLine, number: int) -> tuple[str, ...]:
        name = row.name
        if row.discount is not None:
            name = _("{name}  (discount {label})").format(name=row.name, label=row.discount.label())
        # A price changed at the counter is marked, the catalog price in the tooltip.
        price = ("*" if row.overridden else "") + format_number(row.unit_price)
        return (str(number + 1), name, str(row.qty), price, format_number(row.total))

    def style(self, row: CartLine, col: int, role: int) -> Any:
        left = self.stock_left(row)
        if role == Qt.ItemDataRole.BackgroundRole and left is not None:
            return OVERSOLD_BACKGROUND
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_PRICE and row.list_price:
            return _("Catalog price {price}").format(price=format_number(row.list_price))
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_NAME:
            tip = f"{row.sku} — {row.name}"
            return tip if left is None else f"{tip}\n{stock_left_text(left)}"
        return None


def stock_left_text(on_hand: int) -> str:
    """The oversell hint, e.g. "only 1 in stock"."""
    return _("only {n} in stock").format(n=max(on_hand, 0))


def fix_number_columns(table: QTableView) -> None:
    """Fixed widths: sizing columns to their contents re-measures every cell on each scan."""
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    for col, sample in (
        (COL_NO, "999"),
        (COL_QTY, "99.999"),
        (COL_PRICE, "13.000.000"),
        (COL_TOTAL, "999.999.999"),
    ):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(col, metrics.horizontalAdvance(sample) + 24)
