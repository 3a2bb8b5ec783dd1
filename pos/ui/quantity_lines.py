"""Tables of (SKU, product, quantity) lines whose quantity is typed in place: receiving, labels."""

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QTableView

from pos.core import quantities
from pos.core.errors import PosError
from pos.i18n import N_, _
from pos.ui.widgets import Index, MessageLabel, RowsTableModel, selected_row

L = TypeVar("L")
COL_SKU, COL_NAME, COL_QTY = range(3)


class QuantityLinesModel(RowsTableModel[L]):
    """One line per product in the order added; subclasses may name another quantity field
    (QTY_FIELD), way to read a typed quantity (parse_qty) and words for a refused one (KEPT)."""

    RIGHT_COLUMNS = frozenset({COL_QTY})
    QTY_FIELD = "qty"  # the lines' attribute that holds the quantity
    KEPT = N_("{name}: {problem} The quantity stays {qty}.")
    parse_qty = staticmethod(quantities.parse_qty)
    edit_refused = Signal(str)  # why a typed quantity was not taken
    changed = Signal()

    def qty_of(self, line: L) -> int:
        return int(getattr(line, self.QTY_FIELD))

    def set_qty(self, line: L, qty: int) -> None:
        setattr(line, self.QTY_FIELD, qty)

    def refused(self, line: L, problem: str) -> str:
        return _(self.KEPT).format(name=line.name, problem=problem, qty=self.qty_of(line))  # type: ignore[attr-defined]

    @property
    def lines(self) -> list[L]:
        return list(self._rows)

    def set_rows(self, rows: list[L]) -> None:
        super().set_rows(rows)
        self.changed.emit()

    def merge(self, same: Callable[[L], bool], make: Callable[[int], L], qty: int) -> int:
        """Raise the quantity of the line `same` finds, or append `make(qty)`; returns the row."""
        for row, line in enumerate(self._rows):
            if same(line):
                self.set_qty(line, self.parse_qty(str(self.qty_of(line) + qty)))
                self.dataChanged.emit(self.index(row, COL_QTY), self.index(row, COL_QTY))
                self.changed.emit()
                return row
        row = len(self._rows)
        line = make(self.parse_qty(str(qty)))
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(line)
        self.endInsertRows()
        self.changed.emit()
        return row

    def remove(self, row: int) -> L:
        self.beginRemoveRows(QModelIndex(), row, row)
        line = self._rows.pop(row)
        self.endRemoveRows()
        self.changed.emit()
        return line

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == COL_QTY:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def texts(self, row: L, number: int) -> tuple[str, ...]:
        return (row.sku, row.name, str(self.qty_of(row)))  # type: ignore[attr-defined]

    def style(self, row: L, col: int, role: int) -> Any:
        return self.texts(row, 0)[col] if role == Qt.ItemDataRole.EditRole else None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != COL_QTY or role != Qt.ItemDataRole.EditRole:
            return False
        line = self._rows[index.row()]
        try:
            qty = self.parse_qty(str(value))
        except PosError as e:
            self.edit_refused.emit(self.refused(line, e.message))
            return False
        if qty != self.qty_of(line):
            self.set_qty(line, qty)
            self.dataChanged.emit(index, index)
            self.changed.emit()
        return True


class LineActions(QObject):
    """F4, Del and refused edits of a quantity-lines table, told in the dialog's message line."""

    def __init__(
        self, table: QTableView, model: QuantityLinesModel[Any], message: MessageLabel
    ) -> None:
        super().__init__(table)
        self._table, self._model, self._message = table, model, message
        model.edit_refused.connect(self.on_refused)

    @Slot()
    def on_edit(self) -> None:
        """Open the chosen line's quantity for typing (F4)."""
        row = selected_row(self._table)
        if row is None:
            self._message.say(_("Scan a product first."), ok=False)
            return
        self._table.edit(self._model.index(row, COL_QTY))

    @Slot()
    def on_remove(self) -> None:
        """Remove the chosen line (Del) and keep a neighbour chosen."""
        row = selected_row(self._table)
        if row is None:
            return
        removed = self._model.remove(row)
        if self._model.rowCount():
            self._table.selectRow(min(row, self._model.rowCount() - 1))
        self._message.say(_("Removed: {name}").format(name=removed.name), ok=True)  # type: ignore[attr-defined]

    @Slot(str)
    def on_refused(self, text: str) -> None:
        self._message.say(text, ok=False)
