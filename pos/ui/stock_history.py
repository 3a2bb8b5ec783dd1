"""The stock ledger of one product: every movement, newest first, with the balance after it."""

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from pos.core.datetimes import format_datetime
from pos.core.quantities import signed
from pos.db.session import Database
from pos.i18n import N_, _
from pos.services import products, stock
from pos.services.stock import MovementRow
from pos.ui.scaling import pt
from pos.ui.widgets import GREEN, RED, RowsTableModel, close_button_box, fit_to_screen, make_table

COL_AT, COL_KIND, COL_QTY, COL_BALANCE, COL_REFERENCE, COL_NOTE, COL_USER = range(7)
KINDS = {
    "opening": N_("Opening stock"),
    "sale": N_("Sale"),
    "receive": N_("Received"),
    "adjust": N_("Adjustment"),
    "count": N_("Stock count"),
    "return": N_("Return"),
}
HISTORY_LIMIT = 500


def kind_label(kind: str) -> str:
    return _(KINDS[kind]) if kind in KINDS else kind


class MovementTableModel(RowsTableModel[MovementRow]):
    """A product's stock movements, newest first, each with its balance."""

    HEADERS = (
        N_("Date"),
        N_("Movement"),
        N_("Qty"),
        N_("Balance"),
        N_("Reference"),
        N_("Note"),
        N_("By"),
    )

    RIGHT_COLUMNS = frozenset({COL_QTY, COL_BALANCE})

    def texts(self, row: MovementRow, number: int) -> tuple[str, ...]:
        # An adjustment without a note carries its reason key there; the reference says it.
        note = "" if row.kind == "adjust" and row.note in stock.ADJUST_REASONS else row.note
        return (
            format_datetime(row.at),
            kind_label(row.kind),
            signed(row.qty),
            str(row.balance),
            row.reference,
            note or "",
            row.user or "",
        )

    def style(self, row: MovementRow, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == COL_QTY:
                return QColor(RED if row.qty < 0 else GREEN)
            if col == COL_BALANCE and row.balance < 0:
                return QColor(RED)
        return None


class StockHistoryDialog(QDialog):
    """Read-only: where a product's stock came from and went to."""

    def __init__(self, db: Database, product_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        detail = products.get_product(db, product_id)
        self.setWindowTitle(_("Stock history: {name}").format(name=detail.fields.name))
        fit_to_screen(self, (0.65, 0.8), (900, 520))
        title = QLabel(f"{detail.fields.name}  ({detail.fields.sku})")
        title.setWordWrap(True)
        bold = QFont(self.font().family(), pt(14))
        bold.setBold(True)
        title.setFont(bold)
        self.stock_label = QLabel(
            _("Stock now: {n} {unit}").format(n=detail.stock, unit=detail.fields.unit)
        )
        self.stock_label.setFont(QFont(self.font().family(), pt(13)))
        if detail.stock < 0:
            self.stock_label.setStyleSheet(f"color: {RED}; font-weight: bold;")

        self.model = MovementTableModel()
        self.table = make_table(self.model, COL_NOTE)
        rows = stock.history(db, product_id, limit=HISTORY_LIMIT)
        self.model.set_rows(rows)
        self.status = QLabel()
        if not rows:
            self.status.setText(_("No stock movements yet."))
        elif len(rows) == HISTORY_LIMIT:
            self.status.setText(_("Showing the newest {n} movements.").format(n=HISTORY_LIMIT))

        buttons = close_button_box(self)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.stock_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
