"""Table models for the catalog screens: products, a bundle's components, categories/workshops."""

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from pos.core.money import format_number
from pos.i18n import N_, _
from pos.services.catalog import ProductInfo
from pos.services.products import NamedItem
from pos.ui.widgets import Index, RowsTableModel

_GREY = QBrush(QColor("#9e9e9e"))
MAX_COMPONENT_QTY = 9999


class _RowsModel(RowsTableModel[Any]):
    """Plain rows and translated headers; subclasses say what each cell shows."""

    def rows(self) -> list[Any]:
        return list(self._rows)


COL_SKU, COL_NAME, COL_CATEGORY, COL_WORKSHOP, COL_PRICE, COL_STOCK, COL_ACTIVE = range(7)


class CatalogTableModel(_RowsModel):
    """Products as catalog.search returns them; inactive ones greyed out."""

    HEADERS = (
        N_("SKU"),
        N_("Name"),
        N_("Category"),
        N_("Workshop"),
        N_("Price"),
        N_("Stock"),
        N_("Status"),
    )

    def row_of(self, product_id: int) -> int | None:
        for i, p in enumerate(self._rows):
            if p.id == product_id:
                return i
        return None

    RIGHT_COLUMNS = frozenset({COL_PRICE, COL_STOCK})

    def texts(self, row: ProductInfo, number: int) -> tuple[str, ...]:
        stock = "" if not row.track_stock or row.stock is None else str(row.stock)
        status = _("Active") if row.active else _("Inactive")
        return (
            row.sku,
            row.name,
            row.category or "",
            row.workshop or "",
            format_number(row.price),
            stock,
            status,
        )

    def style(self, row: ProductInfo, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return _GREY
        return None


@dataclass(frozen=True)
class ComponentRow:
    """One component of a bundle in the product form."""

    sku: str
    name: str
    qty: int
    stock: int
    track_stock: bool


COMP_SKU, COMP_NAME, COMP_QTY, COMP_STOCK = range(4)


class ComponentsModel(_RowsModel):
    """What one bundle (hamper) holds; the quantity column is edited in place."""

    HEADERS = (N_("SKU"), N_("Product"), N_("Qty"), N_("Stock"))

    def add(self, row: ComponentRow) -> int:
        """Add a component, or more of one already listed; returns its row."""
        for i, existing in enumerate(self._rows):
            if existing.sku == row.sku:
                qty = min(MAX_COMPONENT_QTY, existing.qty + row.qty)
                self.setData(self.index(i, COMP_QTY), qty)
                return i
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(row)
        self.endInsertRows()
        return len(self._rows) - 1

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def components(self) -> tuple[tuple[str, int], ...]:
        return tuple((r.sku, r.qty) for r in self._rows)

    def buildable(self) -> int | None:
        """How many bundles the components in stock make, as products.buildable counts it."""
        counts = [max(0, r.stock) // r.qty for r in self._rows if r.track_stock]
        return min(counts) if counts else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == COMP_QTY:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != COMP_QTY or role != Qt.ItemDataRole.EditRole:
            return False
        qty = int(value)
        if not 1 <= qty <= MAX_COMPONENT_QTY:
            return False
        self._rows[index.row()] = replace(self._rows[index.row()], qty=qty)
        self.dataChanged.emit(index, index)
        return True

    RIGHT_COLUMNS = frozenset({COMP_QTY, COMP_STOCK})

    def texts(self, row: ComponentRow, number: int) -> tuple[str, ...]:
        return (row.sku, row.name, str(row.qty), str(row.stock) if row.track_stock else "—")

    def style(self, row: ComponentRow, col: int, role: int) -> Any:
        return row.qty if role == Qt.ItemDataRole.EditRole and col == COMP_QTY else None


NAME_COL, NAME_COUNT = range(2)


class NamesModel(_RowsModel):
    """Categories or workshops, with how many products use each."""

    HEADERS = (N_("Name"), N_("Products"))

    RIGHT_COLUMNS = frozenset({NAME_COUNT})

    def texts(self, row: NamedItem, number: int) -> tuple[str, ...]:
        return (row.name, str(row.product_count))
