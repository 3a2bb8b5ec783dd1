"""What the document lists (sales history, orders) share: a search field that searches once
typing pauses while the arrow keys choose a row, and the list that keeps its chosen row."""

from collections.abc import Sequence
from typing import Generic

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QTableView, QWidget

from pos.ui.widgets import (
    MessageLabel,
    Row,
    RowsTableModel,
    chosen_row,
    make_table,
    move_selection,
)

SEARCH_PAUSE_MS = 200  # a search per key would lag behind a fast typist


class ListSearchField(QLineEdit):
    """Emits `typed` once typing pauses; Up/Down choose a row of `table`."""

    typed = Signal()

    def __init__(self, table: QTableView, placeholder: str, max_length: int) -> None:
        super().__init__()
        self._table = table
        self.setMaxLength(max_length)
        self.setPlaceholderText(placeholder)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self.typed)
        self.textChanged.connect(self._pause.start)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            move_selection(self._table, -1 if event.key() == Qt.Key.Key_Up else 1)
        else:
            super().keyPressEvent(event)


class DocumentListDialog(QDialog, Generic[Row]):
    """A list of documents (receipts, orders) found through a search field above it.

    Subclasses lay out `search`, `table` and `message` with what they show beside the list,
    and write refresh().
    """

    def __init__(
        self,
        model: RowsTableModel[Row],
        stretch_column: int,
        placeholder: str,
        max_length: int,
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.table = make_table(model, stretch_column, focus=False)
        self.search = ListSearchField(self.table, placeholder, max_length)
        self.message = MessageLabel()
        self.search.typed.connect(self.refresh)

    @Slot()
    def refresh(self) -> None:
        """Find the documents again and keep the chosen one chosen."""
        raise NotImplementedError

    def chosen(self) -> Row | None:
        return chosen_row(self.table, self.model)

    def reselect(self, keys: Sequence[str], chosen: str | None) -> bool:
        """After a refresh choose the row whose key was chosen before, else the first row;
        False when the list is empty."""
        if chosen in keys:
            self.table.selectRow(list(keys).index(chosen))
        elif keys:
            self.table.selectRow(0)
        return bool(keys)
