"""What the stock dialogs share: reading typed quantities, the inline message, table set-up.

The dialogs themselves live in stock_receive, stock_adjust, stock_count, stock_history and
low_stock; import them from there.
"""

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from pos.core.cart import check_qty
from pos.core.errors import InvalidQuantity
from pos.db.session import Database
from pos.i18n import N_, _
from pos.services import settings
from pos.services.stock import MAX_MOVE

# "12*8997700001012": twelve of the scanned product, as on the sale screen.
_MULTIPLIED = re.compile(r"^(\d{1,5})\*(.+)$")
_SIGNED = re.compile(r"^[+-]?\d+$")
_MINUS_SIGNS = str.maketrans({"−": "-", "–": "-"})

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")

# The service's own words (already translated), said at the scan instead of at Save.
NOT_TRACKED = N_("{name} is not stock-tracked; change that in the catalog first.")

RED = "#b71c1c"
GREEN = "#1b5e20"
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def split_multiplier(text: str) -> tuple[int, str]:
    """('12*code') -> (12, 'code'); a plain code counts once."""
    match = _MULTIPLIED.match(text.strip())
    if not match:
        return 1, text
    qty = int(match.group(1))
    check_qty(qty)
    return qty, match.group(2)


def parse_signed_qty(text: str) -> int:
    """An adjustment typed by a person: '5' or '+5' adds, '-3' removes; never 0."""
    cleaned = text.strip().translate(_MINUS_SIGNS).replace(" ", "")
    if not cleaned:
        raise InvalidQuantity(_("Enter a quantity: 5 adds five, -3 removes three."))
    if not (cleaned.isascii() and _SIGNED.match(cleaned)):
        raise InvalidQuantity(_("'{text}' is not a quantity.").format(text=text.strip()[:20]))
    qty = int(cleaned)
    if qty == 0:
        raise InvalidQuantity(_("The quantity cannot be 0: 5 adds five, -3 removes three."))
    if abs(qty) > MAX_MOVE:
        raise InvalidQuantity(_("The quantity is too large."))
    return qty


def parse_count(text: str) -> int | None:
    """A counted quantity: a whole number, 0 or more; empty means not counted (None)."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if not (cleaned.isascii() and cleaned.isdigit()):
        if cleaned.isascii() and _SIGNED.match(cleaned):
            raise InvalidQuantity(_("A counted quantity must be a whole number, 0 or more."))
        raise InvalidQuantity(_("'{text}' is not a quantity.").format(text=cleaned[:20]))
    qty = int(cleaned)
    if qty > MAX_MOVE:
        raise InvalidQuantity(_("The quantity is too large."))
    return qty


def signed(qty: int) -> str:
    return f"+{qty}" if qty > 0 else str(qty)


def format_when(at: datetime) -> str:
    return at.strftime("%d-%m-%Y %H:%M")


def stand_today(db: Database) -> date:
    """Today at the stand (its configured time zone), which may differ from the PC's zone."""
    return datetime.now(ZoneInfo(settings.get(db, settings.TIMEZONE))).date()


class RowsTableModel(QAbstractTableModel, Generic[Row]):
    """A table over plain rows: subclasses set HEADERS (marked with N_) and write data()."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None


class MessageLabel(QLabel):
    """One line under the scan field: green when something worked, red when refused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setMinimumHeight(28)

    def say(self, text: str, ok: bool) -> None:
        self.setStyleSheet(f"color: {GREEN if ok else RED}; font-size: 12pt;")
        self.setText(text)


def make_table(
    model: QAbstractItemModel, stretch_column: int, editable: bool = False
) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setFont(QFont(table.font().family(), 11))
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setResizeContentsPrecision(0)  # fit what is shown: measuring 1000s of rows is slow
    header.setMinimumSectionSize(64)  # room for a five-digit quantity
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    if editable:
        # Keys typed while the table has focus must never start an edit: they are scans.
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
    else:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return table


def _setup_scan_field(field: QLineEdit, placeholder: str) -> None:
    field.setMaxLength(1000)  # a long paste is refused with a message, not cut
    field.setPlaceholderText(placeholder)
    field.setFont(QFont(field.font().family(), 14))


def make_scan_field(placeholder: str) -> QLineEdit:
    """A plain scan field, for dialogs that handle its keys themselves (see scan_field_key)."""
    field = QLineEdit()
    _setup_scan_field(field, placeholder)
    return field


def scan_field_key(
    event: QKeyEvent, field: QLineEdit, table: QTableView, on_delete: Callable[[], object]
) -> bool:
    """Up/Down choose a line and Del acts on it while the scan field is empty; True if used."""
    if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
        move_selection(table, -1 if event.key() == Qt.Key.Key_Up else 1)
        return True
    if event.key() == Qt.Key.Key_Delete and not field.text():
        on_delete()
        return True
    return False


class ScanField(QLineEdit):
    """Where scans land: Enter hands the code over and clears the field for the next one.

    Up/Down choose a line of `table`; Del, while nothing is typed, acts on that line.
    """

    scanned = Signal(str)
    delete_pressed = Signal()

    def __init__(self, placeholder: str, table: QTableView) -> None:
        super().__init__()
        self._table = table
        _setup_scan_field(self, placeholder)
        self.returnPressed.connect(self.on_return)

    @Slot()
    def on_return(self) -> None:
        text = self.text()
        self.clear()
        if text.strip():
            self.scanned.emit(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not scan_field_key(event, self, self._table, self.delete_pressed.emit):
            super().keyPressEvent(event)


def key_help(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


def plain_button(text: str, slot: Callable[[], object]) -> QPushButton:
    """A button that never takes Enter from the scan field as the dialog's default."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(slot)
    return button


def add_shortcuts(widget: QWidget, keys: dict[str, Callable[[], object]]) -> None:
    for key, slot in keys.items():
        QShortcut(QKeySequence(key), widget).activated.connect(slot)


def selected_row(table: QTableView) -> int | None:
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None


def move_selection(table: QTableView, step: int) -> None:
    count = table.model().rowCount()
    if not count:
        return
    current = selected_row(table)
    row = 0 if current is None else max(0, min(count - 1, current + step))
    table.selectRow(row)
