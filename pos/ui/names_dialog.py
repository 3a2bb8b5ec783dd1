"""The managed lists of categories and workshops: add a name, rename one (on every product)."""

from PySide6.QtCore import QItemSelection, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pos.db.session import Database
from pos.i18n import _
from pos.services import products
from pos.services.auth import Actor
from pos.services.products import NamedItem
from pos.ui.actions import on_chosen_row, shows_refusal
from pos.ui.catalog_model import NAME_COL, NamesModel
from pos.ui.widgets import GREEN, chosen_row, close_button_box, fit_to_screen

MAX_NAME = 80


class NamesPage(QWidget):
    """One list (kind 'category' or 'workshop'): a table, a name field, Add and Rename."""

    def __init__(self, db: Database, actor: Actor, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self.kind = kind
        self.model = NamesModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME_COL, QHeaderView.ResizeMode.Stretch)
        self.name_field = QLineEdit()
        self.name_field.setMaxLength(MAX_NAME)
        self.name_field.setPlaceholderText(_("A new name, or the selected one changed"))
        self.add_button = QPushButton(_("Add"))
        self.rename_button = QPushButton(_("Rename"))
        for button in (self.add_button, self.rename_button):
            button.setAutoDefault(False)
        self.message = QLabel()
        self.message.setWordWrap(True)

        row = QHBoxLayout()
        row.addWidget(self.name_field, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.rename_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)

        self.add_button.clicked.connect(self.on_add)
        self.rename_button.clicked.connect(self.on_rename)
        self.name_field.returnPressed.connect(self.on_add)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        items = (
            products.categories(self._db)
            if self.kind == "category"
            else (products.workshops(self._db))
        )
        self.model.set_rows(items)
        for i, item in enumerate(items):
            if item.id == select_id:
                self.table.selectRow(i)
        self.rename_button.setEnabled(self.selected() is not None)

    def selected(self) -> NamedItem | None:
        return chosen_row(self.table, self.model)

    @Slot(QItemSelection, QItemSelection)
    def on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        item = self.selected()
        self.rename_button.setEnabled(item is not None)
        if item is not None:
            self.name_field.setText(item.name)

    @Slot()
    @shows_refusal
    def on_add(self) -> None:
        name = self.name_field.text()
        new_id = products.add_named(self._db, self._actor, self.kind, name)
        self.refresh(select_id=new_id)
        self._say(_("Added: {name}").format(name=" ".join(name.split())))

    @Slot()
    @on_chosen_row
    @shows_refusal
    def on_rename(self, item: NamedItem) -> None:
        name = self.name_field.text()
        products.rename_named(self._db, self._actor, self.kind, item.id, name)
        self.refresh(select_id=item.id)
        self._say(_("{old} is now {new}.").format(old=item.name, new=" ".join(name.split())))

    def _say(self, text: str) -> None:
        self.message.setStyleSheet(f"color: {GREEN};")
        self.message.setText(text)


class NamesDialog(QDialog):
    """Categories and workshops, one tab each."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Categories and workshops"))
        fit_to_screen(self, (0.4, 0.7), (560, 480))
        self.categories = NamesPage(db, actor, "category")
        self.workshops = NamesPage(db, actor, "workshop")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.categories, _("Categories"))
        self.tabs.addTab(self.workshops, _("Workshops"))
        buttons = close_button_box(self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.categories.name_field.setFocus(Qt.FocusReason.OtherFocusReason)
