"""Products at or below their low-stock level; those below zero in red (a count is owed)."""

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pos.db.session import Database
from pos.i18n import N_, _, ngettext
from pos.services import stock
from pos.services.stock import LowStockRow
from pos.ui.actor_dialog import DatabaseDialog
from pos.ui.stock_history import StockHistoryDialog
from pos.ui.widgets import RowsTableModel, bold_font, chosen_row, fit_to_screen, make_table

COL_SKU, COL_NAME, COL_WORKSHOP, COL_STOCK, COL_LEVEL = range(5)


class LowStockTableModel(RowsTableModel[LowStockRow]):
    """Low-stock products; stock below zero in red."""

    HEADERS = (N_("SKU"), N_("Product"), N_("Workshop"), N_("Stock"), N_("Low-stock level"))

    RIGHT_COLUMNS = frozenset({COL_STOCK, COL_LEVEL})

    def texts(self, row: LowStockRow, number: int) -> tuple[str, ...]:
        return (row.sku, row.name, row.workshop or "", str(row.stock), str(row.low_stock))

    def in_red(self, row: LowStockRow, col: int) -> bool:
        return row.stock < 0

    def style(self, row: LowStockRow, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and col == COL_STOCK and row.stock < 0:
            return bold_font()
        return None


class LowStockDialog(DatabaseDialog):
    """What to ask the workshops for; double-click a product (or History) to see its ledger."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, _("Low stock"), parent)
        fit_to_screen(self, (0.6, 0.8), (820, 520))
        self.model = LowStockTableModel()
        self.table = make_table(self.model, COL_NAME)
        self.status = QLabel()
        history_button = QPushButton(_("History"))
        close_button = QPushButton(_("Close"))

        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(history_button)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.table.doubleClicked.connect(self.on_double_clicked)
        history_button.clicked.connect(self.on_history)
        close_button.clicked.connect(self.accept)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        rows = stock.low_stock(self._db)
        self.model.set_rows(rows)
        below = sum(1 for r in rows if r.stock < 0)
        text = (
            ngettext(
                "{n} product at or below its low-stock level",
                "{n} products at or below their low-stock level",
                len(rows),
            ).format(n=len(rows))
            if rows
            else _("No product is low on stock.")
        )
        if below:
            text += "; " + _("{n} below zero").format(n=below)
        self.status.setText(text)

    @Slot(QModelIndex)
    def on_double_clicked(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self.on_history()

    @Slot()
    def on_history(self) -> None:
        product = chosen_row(self.table, self.model)
        if product is not None:
            StockHistoryDialog(self._db, product.product_id, self).exec()
