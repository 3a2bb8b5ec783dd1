"""The products to print labels for, with their number of copies (edited in place)."""

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal

from pos.core.errors import InvalidQuantity
from pos.i18n import N_, _
from pos.printing.labels import MAX_LABELS
from pos.ui.stock_dialogs import RIGHT, Index, RowsTableModel

COL_SKU, COL_NAME, COL_COPIES = range(3)


@dataclass
class LabelLine:
    sku: str
    name: str
    copies: int


def parse_copies(text: str) -> int:
    """A typed number of labels: a whole number from 1 to MAX_LABELS."""
    cleaned = text.strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or int(cleaned) < 1:
        raise InvalidQuantity(_("The number of labels must be a whole number, at least 1."))
    copies = int(cleaned)
    if copies > MAX_LABELS:
        raise InvalidQuantity(
            _("{n} labels are too many at once; print at most {max}.").format(
                n=copies, max=MAX_LABELS
            )
        )
    return copies


class LabelLinesModel(RowsTableModel[LabelLine]):
    """One line per product, in the order added; the copies column is editable."""

    HEADERS = (N_("SKU"), N_("Product"), N_("Labels"))
    edit_refused = Signal(str)  # why typed copies were not taken
    lines_changed = Signal()

    @property
    def lines(self) -> list[LabelLine]:
        return list(self._rows)

    @property
    def total(self) -> int:
        return sum(line.copies for line in self._rows)

    def set_rows(self, rows: list[LabelLine]) -> None:
        super().set_rows(rows)
        self.lines_changed.emit()

    def add(self, sku: str, name: str, copies: int = 1) -> int:
        """Add a product, or more copies of its line; returns the row."""
        for row, line in enumerate(self._rows):
            if line.sku == sku:
                line.copies = parse_copies(str(line.copies + copies))
                self.dataChanged.emit(self.index(row, COL_COPIES), self.index(row, COL_COPIES))
                self.lines_changed.emit()
                return row
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(LabelLine(sku, name, parse_copies(str(copies))))
        self.endInsertRows()
        self.lines_changed.emit()
        return row

    def remove(self, row: int) -> LabelLine:
        self.beginRemoveRows(QModelIndex(), row, row)
        line = self._rows.pop(row)
        self.endRemoveRows()
        self.lines_changed.emit()
        return line

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == COL_COPIES:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (line.sku, line.name, str(line.copies))[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_COPIES:
            return RIGHT
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != COL_COPIES or role != Qt.ItemDataRole.EditRole:
            return False
        line = self._rows[index.row()]
        try:
            copies = parse_copies(str(value))
        except InvalidQuantity as e:
            self.edit_refused.emit(
                _("{name}: {problem} The number of labels stays {n}.").format(
                    name=line.name, problem=e.message, n=line.copies
                )
            )
            return False
        if copies != line.copies:
            line.copies = copies
            self.dataChanged.emit(index, index)
            self.lines_changed.emit()
        return True
