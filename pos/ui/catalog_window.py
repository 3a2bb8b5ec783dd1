"""The supervisor's catalog: filter as you type, add, edit, (de)activate, import and export."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos.core.errors import PosError
from pos.db.session import Database
from pos.i18n import _, ngettext
from pos.services import catalog, catalog_io, products
from pos.services.auth import Actor
from pos.services.catalog import ProductInfo
from pos.services.catalog_io import ImportFailed, NeedsNewNames
from pos.ui.actions import on_chosen_row, shows_refusal
from pos.ui.catalog_model import COL_NAME, CatalogTableModel
from pos.ui.errors import show_error
from pos.ui.import_dialogs import ImportPreviewDialog
from pos.ui.names_dialog import NamesDialog
from pos.ui.product_form import ProductFormDialog
from pos.ui.qt_texts import open_file, save_file
from pos.ui.widgets import GREEN, RED, chosen_row, close_button_box, fit_to_screen

LIMIT = 500


class ImportProblemsDialog(QDialog):
    """Every bad row of a refused import, in a list long enough to work through."""

    def __init__(self, error: ImportFailed, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import refused"))
        fit_to_screen(self, (0.5, 0.6), (700, 420))
        self.text = QPlainTextEdit(error.message)
        self.text.setReadOnly(True)
        buttons = close_button_box(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


class CatalogWindow(QDialog):
    """Every product, active or not; the supervisor's `actor` is checked by each service."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self.setWindowTitle(_("Catalog"))
        fit_to_screen(self, (0.8, 0.85), (900, 540))

        self.filter_field = QLineEdit()
        self.filter_field.setObjectName("catalogFilter")
        self.filter_field.setPlaceholderText(_("Filter: type part of the name or SKU"))
        self.filter_field.setClearButtonEnabled(True)
        self.filter_field.installEventFilter(self)
        self.model = CatalogTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.installEventFilter(self)
        header = self.table.horizontalHeader()
        # Sized to the first page once, then kept: measuring 500 rows on every key costs 80 ms.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.count_label = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)

        self.add_button = self._button(_("Add"), self.on_add)
        self.edit_button = self._button(_("Edit"), self.on_edit)
        self.active_button = self._button(_("Deactivate"), self.on_toggle_active)
        self.names_button = self._button(_("Categories and workshops"), self.on_names)
        self.adjust_button = self._button(_("Adjust stock…"), self.on_adjust)
        self.history_button = self._button(_("History"), self.on_history)
        self.import_button = self._button(_("Import…"), self.on_import)
        self.export_button = self._button(_("Export…"), self.on_export)
        close_button = self._button(_("Close"), self.accept)
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.active_button,
            self.adjust_button,
            self.history_button,
            self.names_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.import_button, self.export_button, close_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_field)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.filter_field.textChanged.connect(self.on_filter_changed)
        self.table.doubleClicked.connect(self.on_edit)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.refresh()
        self.table.resizeColumnsToContents()
        self.filter_field.setFocus()

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)  # Enter opens the highlighted product instead
        button.clicked.connect(slot)
        return button

    # --- the list -----------------------------------------------------------------------------

    def refresh(self, select_id: int | None = None) -> None:
        """Search again with the filter as typed, keeping `select_id` (or the first row) chosen."""
        try:
            rows = catalog.search(self._db, self.filter_field.text(), LIMIT, include_inactive=True)
        except PosError as e:
            show_error(self, e)
            return
        self.model.set_rows(rows)
        row = self.model.row_of(select_id) if select_id is not None else None
        if rows:
            self.table.selectRow(row if row is not None else 0)
            self.table.scrollTo(self.model.index(row or 0, 0))
        if len(rows) >= LIMIT:
            self.count_label.setText(
                _("Showing the first {n}: type more to narrow the list.").format(n=LIMIT)
            )
        elif rows:
            self.count_label.setText(
                ngettext("{n} product", "{n} products", len(rows)).format(n=len(rows))
            )
        else:
            self.count_label.setText(_("Nothing found"))
        self.on_selection_changed()

    def selected(self) -> ProductInfo | None:
        return chosen_row(self.table, self.model)

    @Slot(str)
    def on_filter_changed(self, _text: str) -> None:
        self.refresh()

    @Slot(QItemSelection, QItemSelection)
    def on_selection_changed(
        self, _selected: QItemSelection | None = None, _deselected: QItemSelection | None = None
    ) -> None:
        product = self.selected()
        self.edit_button.setEnabled(product is not None)
        self.active_button.setEnabled(product is not None)
        inactive = product is not None and not product.active
        self.active_button.setText(_("Activate") if inactive else _("Deactivate"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up/Down from the filter move through the list; Enter opens the highlighted product.
        if watched in (self.filter_field, self.table) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.on_edit()
                return True
            if watched is self.filter_field and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                rows = self.table.selectionModel().selectedRows()
                step = -1 if key == Qt.Key.Key_Up else 1
                current = rows[0].row() + step if rows else 0
                if self.model.rowCount():
                    self.table.selectRow(max(0, min(self.model.rowCount() - 1, current)))
                return True
        return super().eventFilter(watched, event)

    # --- actions ------------------------------------------------------------------------------

    def open_form(self, product_id: int | None) -> int | None:
        """Show the product form; returns the saved product's id, None if cancelled."""
        try:
            form = ProductFormDialog(self._db, self._actor, product_id, self)
        except PosError as e:
            show_error(self, e)
            return None
        form.exec()
        if form.saved_id is not None:
            self.refresh(select_id=form.saved_id)
            self._say(_("Saved."))
        return form.saved_id

    @Slot()
    def on_add(self) -> None:
        self.open_form(None)

    @Slot()
    @on_chosen_row
    def on_edit(self, product: ProductInfo) -> None:
        self.open_form(product.id)

    @Slot()
    @on_chosen_row
    @shows_refusal
    def on_toggle_active(self, product: ProductInfo) -> None:
        products.set_active(self._db, self._actor, product.id, not product.active)
        self.refresh(select_id=product.id)
        template = (
            _("{name} is sold again.")
            if not product.active
            else _("{name} is no longer sold; its past sales are kept.")
        )
        self._say(template.format(name=product.name))

    @Slot()
    @on_chosen_row
    def on_adjust(self, product: ProductInfo) -> None:
        from pos.ui.stock_adjust import AdjustDialog

        if AdjustDialog(self._db, self._actor, product.id, self).exec():
            self.refresh(select_id=product.id)

    @Slot()
    @on_chosen_row
    def on_history(self, product: ProductInfo) -> None:
        from pos.ui.stock_history import StockHistoryDialog

        StockHistoryDialog(self._db, product.id, self).exec()

    @Slot()
    def on_names(self) -> None:
        NamesDialog(self._db, self._actor, self).exec()
        self.refresh(select_id=self._selected_id())

    def _selected_id(self) -> int | None:
        product = self.selected()
        return product.id if product is not None else None

    # --- import and export --------------------------------------------------------------------

    def _choose_import_path(self) -> Path | None:
        return open_file(self, _("Import catalog"), "", _("Spreadsheets (*.xlsx *.csv)"))

    def _choose_export_path(self) -> Path | None:
        default = f"katalog-{date.today():%Y%m%d}.xlsx"
        chosen = save_file(self, _("Export catalog"), default, _("Excel (*.xlsx);;CSV (*.csv)"))
        if chosen is None:
            return None
        return chosen if chosen.suffix.lower() in (".xlsx", ".csv") else chosen.with_suffix(".xlsx")

    @Slot()
    def on_import(self) -> None:
        path = self._choose_import_path()
        if path is None:
            return
        create = False
        try:
            # A dry run first: the supervisor sees every change before anything is written.
            try:
                preview = catalog_io.import_catalog(self._db, self._actor, path, dry_run=True)
            except NeedsNewNames as e:
                if not self._may_create(e):
                    raise ImportFailed(e.errors) from e
                create = True
                preview = catalog_io.import_catalog(
                    self._db, self._actor, path, create_missing=True, dry_run=True
                )
            if not preview.changes:
                self._say(
                    _("Nothing to change: all {n} rows match the catalog.").format(n=preview.rows)
                )
                return
            if ImportPreviewDialog(preview, self).exec() != QDialog.DialogCode.Accepted:
                self._say(_("Nothing was imported."), ok=False)
                return
            result = catalog_io.import_catalog(self._db, self._actor, path, create_missing=create)
        except ImportFailed as e:
            self._say(_("Nothing was imported."), ok=False)
            ImportProblemsDialog(e, self).exec()
            return
        except PosError as e:
            self._say(e.message, ok=False)
            show_error(self, e)
            return
        self.refresh(select_id=self._selected_id())
        self._say(
            _("Imported: {added} added, {updated} updated, {unchanged} unchanged.").format(
                added=result.added, updated=result.updated, unchanged=result.unchanged
            )
        )

    def _may_create(self, needs: NeedsNewNames) -> bool:
        lines = []
        if needs.categories:
            lines.append(_("Categories: {names}").format(names=", ".join(needs.categories)))
        if needs.workshops:
            lines.append(_("Workshops: {names}").format(names=", ".join(needs.workshops)))
        answer = QMessageBox.question(
            self,
            _("Import catalog"),
            _(
                "The file names categories or workshops that do not exist yet:\n{names}\n\n"
                "Create them and import?"
            ).format(names="\n".join(lines)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    @shows_refusal
    def on_export(self) -> None:
        path = self._choose_export_path()
        if path is None:
            return
        count = catalog_io.export_catalog(self._db, path)
        self._say(_("{n} products written to {path}").format(n=count, path=path))

    def _say(self, text: str, ok: bool = True) -> None:
        self.message.setStyleSheet(f"color: {GREEN if ok else RED};")
        self.message.setText(text)
