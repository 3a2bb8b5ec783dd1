"""The UI toolkit every screen shares: table model and factory, scan field, message line, colours.

Build screens from these instead of writing another table model, scan field or key handler.
"""

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from pos.i18n import _
from pos.ui.scaling import pt

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")

RED = "#b71c1c"
GREEN = "#1b5e20"
ORANGE = "#e65100"  # money over: a mistake too, but not a loss
GREY = "#555"
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RowsTableModel(QAbstractTableModel, Generic[Row]):
    """A table over plain rows: subclasses set HEADERS (marked with N_) and write texts().

    RIGHT_COLUMNS are aligned right (numbers); in_red() marks cells that warn; style() adds
    other colours, fonts, tooltips.
    """

    HEADERS: tuple[str, ...] = ()
    RIGHT_COLUMNS: frozenset[int] = frozenset()

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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts(row, index.row())[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.RIGHT_COLUMNS:
            return RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and self.in_red(row, col):
            return QColor(RED)
        return self.style(row, col, role)

    def texts(self, row: Row, number: int) -> tuple[str, ...]:
        """What each column shows for `row`, the `number`th (from 0)."""
        raise NotImplementedError

    def in_red(self, row: Row, col: int) -> bool:
        """Whether the cell warns (late, failed, below zero...): its text is red."""
        return False

    def style(self, row: Row, col: int, role: int) -> Any:
        """Anything else a cell says for `role` (colour, font, tooltip...); None for nothing."""
        return None


class MessageLabel(QLabel):
    """One line under the scan field: green when something worked, red when refused."""

    def __init__(self, parent: QWidget | None = None, point_size: int = 12) -> None:
        super().__init__(parent)
        self._point_size = point_size
        self.setWordWrap(True)
        self.setMinimumHeight(28)

    def say(self, text: str, ok: bool) -> None:
        self.setStyleSheet(f"color: {GREEN if ok else RED}; font-size: {pt(self._point_size)}pt;")
        self.setText(text)


class _ColumnFitter(QObject):
    """Refits the to-contents columns when rows arrive (Qt refits them only on a relayout).

    Without it an SKU column sized while the table was empty cuts every SKU ("KK-…").
    """

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self._table = table

    @Slot()
    def refit(self) -> None:
        header = self._table.horizontalHeader()
        for column in range(header.count()):
            if header.sectionResizeMode(column) == QHeaderView.ResizeMode.ResizeToContents:
                self._table.resizeColumnToContents(column)


def refit_columns_on_change(table: QTableView) -> None:
    """Keep a table's to-contents columns as wide as the rows added or changed later."""
    fitter = _ColumnFitter(table)
    table.model().rowsInserted.connect(fitter.refit)
    table.model().dataChanged.connect(fitter.refit)
    table.model().modelReset.connect(fitter.refit)


def make_table(
    model: QAbstractItemModel,
    stretch_column: int,
    editable: bool = False,
    focus: bool = True,
    point_size: int = 11,
) -> QTableView:
    """A table of whole rows, one chosen at a time; `focus=False` leaves the keys to a field."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setFont(QFont(table.font().family(), pt(point_size)))
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setResizeContentsPrecision(0)  # fit what is shown: measuring 1000s of rows is slow
    header.setMinimumSectionSize(64)  # room for a five-digit quantity
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    refit_columns_on_change(table)
    if editable or not focus:
        # Keys typed while the table has focus must never start an edit: they are scans.
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if editable:
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
    else:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return table


def _setup_scan_field(field: QLineEdit, placeholder: str, point_size: int) -> None:
    field.setMaxLength(1000)  # a long paste is refused with a message, not cut
    field.setPlaceholderText(placeholder)
    field.setFont(QFont(field.font().family(), pt(point_size)))


def take_scan(field: QLineEdit) -> str:
    """What was typed or scanned into `field`, cleared for the next one; "" for only blanks."""
    text = field.text()
    field.clear()
    return text if text.strip() else ""


def make_scan_field(placeholder: str, point_size: int = 14) -> QLineEdit:
    """A plain scan field, for screens that handle its keys themselves (see scan_field_key)."""
    field = QLineEdit()
    _setup_scan_field(field, placeholder, point_size)
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
        _setup_scan_field(self, placeholder, 14)
        self.returnPressed.connect(self.on_return)

    @Slot()
    def on_return(self) -> None:
        text = take_scan(self)
        if text:
            self.scanned.emit(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not scan_field_key(event, self, self._table, self.delete_pressed.emit):
            super().keyPressEvent(event)


def key_help(text: str) -> QLabel:
    """The grey line that lists a screen's keys."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {GREY};")
    return label


def text_label(text: str = "", point_size: int | None = None, wrap: bool = False) -> QLabel:
    """A label in `point_size` (the application's size by default); `wrap` breaks long text."""
    label = QLabel(text)
    label.setWordWrap(wrap)
    if point_size is not None:
        label.setFont(QFont(label.font().family(), pt(point_size)))
    return label


class ReasonLabel(QLabel):
    """A word-wrapped label whose window grows to show all of it when its text changes: Qt
    keeps a shown dialog's size, and the lines a longer reason wraps to were cut off."""

    def setText(self, text: str) -> None:
        super().setText(text)
        grow_to_fit(self.window())


def grow_to_fit(window: QWidget) -> None:
    """Make a shown window tall enough for its layout at its width (never past its screen)."""
    layout = window.layout()
    if layout is None or not window.isVisible():
        return
    layout.activate()
    if layout.hasHeightForWidth():
        need = layout.totalHeightForWidth(window.width())
    else:
        need = layout.totalSizeHint().height()
    screen = window.screen()
    if screen is not None:
        need = min(need, screen.availableGeometry().height() - 40)
    if window.height() < need:
        window.resize(window.width(), need)


def red_label(min_height: int = 0, wrap: bool = True) -> QLabel:
    """Where a dialog says, in red, why its input was refused (empty until then)."""
    label = ReasonLabel()
    label.setWordWrap(wrap)
    label.setStyleSheet(f"color: {RED};")
    if min_height:
        label.setMinimumHeight(min_height)
    return label


def plain_button(text: str, slot: Callable[[], object], focus: bool = False) -> QPushButton:
    """A button that never takes Enter from the scan field as the dialog's default;
    `focus=True` lets Tab reach it."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    if not focus:
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(slot)
    return button


def add_shortcuts(
    widget: QWidget,
    keys: dict[str, Callable[[], object]],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
) -> None:
    """Bind key sequences ('F2', 'Ctrl+S') to slots, within `widget`'s window by default."""
    for key, slot in keys.items():
        shortcut = QShortcut(QKeySequence(key), widget)
        shortcut.setContext(context)
        shortcut.activated.connect(slot)


def on_enter(slot: Callable[[], object]) -> dict[Qt.Key, Callable[[], object]]:
    """Both Enter keys (the main one and the keypad's) bound to `slot`, for run_key()."""
    return {Qt.Key.Key_Return: slot, Qt.Key.Key_Enter: slot}


def run_key(event: QKeyEvent, keys: dict[Qt.Key, Callable[[], object]]) -> bool:
    """In a keyPressEvent: run the slot `keys` binds to the pressed key and take the event;
    False if the key is not bound (hand the event on)."""
    slot = keys.get(event.key())  # type: ignore[call-overload]
    if slot is None:
        return False
    slot()
    event.accept()
    return True


def act_on_double_click(table: QTableView, slot: Callable[[], object]) -> None:
    """A double click chooses the row under the mouse, then runs `slot` on it."""

    def choose_and_act(index: QModelIndex) -> None:
        table.selectRow(index.row())
        slot()

    table.doubleClicked.connect(choose_and_act)


def selected_row(table: QTableView) -> int | None:
    """The chosen row of a single-selection table, or None."""
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None


def chosen_row(table: QTableView, model: RowsTableModel[Row]) -> Row | None:
    """The row behind the chosen line of `table` (over `model`), or None."""
    row = selected_row(table)
    return None if row is None else model.row_at(row)


def move_selection(table: QTableView, step: int) -> None:
    """Choose the row `step` away from the chosen one, kept inside the table."""
    count = table.model().rowCount()
    if not count:
        return
    current = selected_row(table)
    row = 0 if current is None else max(0, min(count - 1, current + step))
    table.selectRow(row)


def fit_to_screen(
    widget: QWidget, share: tuple[float, float], least: tuple[int, int] = (640, 400)
) -> None:
    """Size a window to `share` (width, height) of its screen's free area, at least `least`,
    never larger than the screen: small laptops get all of it, big screens a part."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    room = screen.availableGeometry()
    margin = 40  # the window manager's title bar and frame
    width = min(room.width() - margin, max(least[0], int(room.width() * share[0])))
    height = min(room.height() - margin, max(least[1], int(room.height() * share[1])))
    widget.resize(width, height)


def ok_cancel_buttons(
    dialog: QDialog, ok_text: str, on_ok: Callable[[], object], save: bool = False
) -> QDialogButtonBox:
    """OK (or Save) in our words, and Qt's Cancel (in the UI's language: pos/ui/qt_texts.py)."""
    ok = QDialogButtonBox.StandardButton.Save if save else QDialogButtonBox.StandardButton.Ok
    box = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(ok).setText(ok_text)
    box.accepted.connect(on_ok)
    box.rejected.connect(dialog.reject)
    return box


def close_button_box(dialog: QDialog) -> QDialogButtonBox:
    """A Close button (Esc too) for dialogs that only show something."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    box.rejected.connect(dialog.reject)
    return box


def bold_font() -> QFont:
    """The application font, bold: for a number that needs looking at."""
    font = QFont()
    font.setBold(True)
    return font


def confirm(parent: QWidget, title: str, text: str, yes: str, no: str) -> bool:
    """Ask before something that cannot be undone; the buttons say what they do."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes_button)
    box.exec()
    return box.clickedButton() is yes_button
