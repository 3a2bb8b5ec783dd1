"""The main window: the sale screen (or the lock screen over it), the menus, a status bar."""

from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QMenu, QMessageBox, QWidget

from pos.core.errors import PosError
from pos.core.money import format_rupiah
from pos.db.session import Database
from pos.i18n import _
from pos.services import settings
from pos.services.auth import Actor, role_label
from pos.ui.books_menu import BooksMenuActions
from pos.ui.counter_lock import NOBODY, CounterLock
from pos.ui.errors import show_error, show_info
from pos.ui.qt_texts import open_file
from pos.ui.sale_menu import SaleMenuActions
from pos.ui.sale_screen_on_demand import SaleScreenOnDemand
from pos.ui.scaling import pt
from pos.ui.widgets import RED
from pos.ui.window_state import WINDOW_FILE, save_window_state, show_as_last_time

if TYPE_CHECKING:  # built after the lock screen shows (pos.ui.sale_screen_on_demand)
    from pos.services.printers import PrintOutcome
    from pos.services.sales import SaleResult
    from pos.ui.receipt_printing import ReceiptPrinting
    from pos.ui.sale_screen import SaleScreen


def opens_screen(action: str, dialog: str) -> Callable[["MainWindow"], None]:
    """A menu slot that opens `dialog` ("module.Class") if the user may do `action`."""
    module, name = dialog.rsplit(".", 1)

    def open_screen(window: "MainWindow") -> None:
        if window._allowed(action):
            dialog_class = getattr(import_module(module), name)
            window._run(dialog_class(window._db, window._actor, window))

    return open_screen


class MainWindow(QMainWindow, SaleScreenOnDemand, SaleMenuActions, BooksMenuActions):
    """The till's window: the sale screen (locked at start), its menus and function keys."""

    def __init__(
        self, db: Database, actor: Actor | None, receipts_dir: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor or NOBODY
        self._reports_dir = receipts_dir.parent / "reports"
        self._receipts_dir = receipts_dir
        self._actions: list[QAction] = []
        self._window_file = db.path.parent / WINDOW_FILE
        self._sale_screen: SaleScreen | None = None
        self._printing: ReceiptPrinting | None = None
        self.counter = CounterLock(db, self._build_sale_screen, self)
        self.counter.actor_changed.connect(self.on_actor_changed)
        self.setCentralWidget(self.counter.pages)

        self._build_menus()
        status = self.statusBar()
        self.cashier_label = QLabel()
        self.cashier_label.setObjectName("cashierLabel")
        status.addWidget(self.cashier_label)
        self.stand_label = QLabel()
        status.addWidget(self.stand_label)
        self.show_stand()
        self.print_status = QLabel()
        self.print_status.setObjectName("printStatus")
        status.addWidget(self.print_status, 1)
        self.last_sale = QLabel()
        status.addPermanentWidget(self.last_sale)
        status.addPermanentWidget(QLabel(str(db.path)))
        self.counter.start(actor)

    # --- who is at the counter -----------------------------------------------------------

    @property
    def actor(self) -> Actor | None:
        """Who is logged in; None while the screen is locked."""
        return None if self.counter.is_locked() else self._actor

    @Slot()
    def lock(self) -> None:
        self.counter.lock()

    @Slot(object)
    def on_actor_changed(self, actor: Actor) -> None:
        self._actor = actor
        if self._printing is not None:  # else made later, for the actor of the time
            self._printing.set_actor(actor)
        self.menuBar().setEnabled(actor is not NOBODY)
        for action in self._actions:
            action.setEnabled(actor is not NOBODY)
        if actor is not NOBODY:  # re-enables Open shift only while none is open
            self.sale_screen.shift_label.refresh()
        if actor is NOBODY:
            self.cashier_label.setText(_("Locked"))
        else:
            self.cashier_label.setText(
                _("Cashier: {name} ({role})").format(name=actor.name, role=role_label(actor.role))
            )

    def _allowed(self, action: str) -> bool:
        """Whether the user may open a screen for `action`; if not, say so (the table decides)."""
        try:
            self._actor.require(action)
        except PosError as e:
            show_error(self, e)
            self.focus_scan()
            return False
        return True

    # --- menus ---------------------------------------------------------------------------

    def _add(self, menu: QMenu, text: str, handler: Callable[[], None], key: str = "") -> QAction:
        action = QAction(text, self)
        if key:
            action.setShortcut(QKeySequence(key))
        action.triggered.connect(handler)
        menu.addAction(action)
        self._actions.append(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        self._add(file_menu, _("&Lock the screen"), self.lock, "F11")
        self._add(file_menu, _("&Quit"), self.close)

        self._add_sale_menu(bar)

        shift = bar.addMenu(_("S&hift"))
        self.open_shift_action = self._add(shift, _("Open shift…"), self.on_open_shift)
        self._add(shift, _("Cash in / out…"), self.on_cash_move, "F6")
        self._add(shift, _("X report…"), self.on_x_report, "F7")
        self._add(shift, _("Close shift (Z report)…"), self.on_close_shift)
        shift.addSeparator()
        self._add(shift, _("Sales history…"), self.on_sales_history, "F3")
        self._add(shift, _("Open the cash drawer"), self.on_open_drawer)
        shift.addSeparator()
        self._add(shift, _("Export the day to a USB stick…"), self.on_export, "F10")
        self._add(shift, _("Back up now"), self.on_backup)
        self._add(shift, _("Restore from a backup…"), self.on_restore)

        stock = bar.addMenu(_("&Catalog"))
        self._add(stock, _("Products…"), self.on_catalog, "F9")
        self._add(stock, _("Receive goods…"), self.on_receive)
        self._add(stock, _("Stock count…"), self.on_stock_count)
        self._add(stock, _("Low stock…"), self.on_low_stock)
        self._add(stock, _("Quick keys…"), self.on_quick_keys)
        self._add(stock, _("Labels…"), self.on_labels, "Ctrl+L")

        self._add_books_menu(bar)
        settings_menu = bar.addMenu(_("&Settings"))
        self._add(settings_menu, _("Settings…"), self.on_settings)
        self._add(settings_menu, _("&Users…"), self.on_users)
        self._add(settings_menu, _("Printers…"), self.on_printers)

        help_menu = bar.addMenu(_("&Help"))
        self._add(help_menu, _("Help…"), self.on_help, "F1")

    def _run(self, dialog: QDialog) -> bool:
        accepted = bool(dialog.exec())
        self.sale_screen.refresh_quick_keys()
        self.sale_screen.shift_label.refresh()
        self.activateWindow()  # without a window manager nothing else gives the keyboard back
        self.focus_scan()
        return accepted

    # --- shift and end of day ------------------------------------------------------------

    @Slot()
    def on_open_shift(self) -> None:
        from pos.ui.shift_dialogs import OpenShiftDialog

        self._run(OpenShiftDialog(self._db, self._actor, self))

    @Slot()
    def on_cash_move(self) -> None:
        from pos.ui.notice import show_notice
        from pos.ui.shift_dialogs import CashMoveDialog

        dialog = CashMoveDialog(self._db, self._actor, self)
        if self._run(dialog) and dialog.amount is not None:
            text = (
                _("Cash in saved: {amount}.")
                if dialog.kind == "in"
                else _("Cash out saved: {amount}.")
            )
            show_notice(self, text.format(amount=format_rupiah(dialog.amount)))

    @Slot()
    def on_x_report(self) -> None:
        from pos.ui.shift_dialogs import XReportDialog

        self._run(XReportDialog(self._db, self, self.printing))

    @Slot()
    def on_close_shift(self) -> None:
        from pos.ui.close_shift_dialog import CloseShiftDialog

        if self.sale_screen.confirm_close_shift():
            dialog = CloseShiftDialog(self._db, self._actor, self._reports_dir, self, self.printing)
            self._run(dialog)

    @Slot()
    def on_export(self) -> None:
        from pos.ui.export_dialog import ExportDialog

        today = settings.stand_now(self._db).date()
        self._run(ExportDialog(self._db, self._actor, today, parent=self))

    @Slot()
    def on_backup(self) -> None:
        from pos.services import backup

        try:
            path = backup.backup_now(self._db, self._actor, settings.stand_now(self._db))
        except PosError as e:
            show_error(self, e)
            return
        show_info(self, _("Backup written to {path}").format(path=path))
        self.focus_scan()

    def _choose_backup(self) -> str:
        from pos.services import backup

        folder = str(backup.backups_dir(self._db.path))
        chosen = open_file(self, _("Restore from a backup"), folder, _("Lapak databases (*.db)"))
        return "" if chosen is None else str(chosen)

    @Slot()
    def on_restore(self) -> None:
        from pos.services import restoring

        if not self._allowed("restore"):
            return
        path = self._choose_backup()
        if not path:
            return
        try:
            restoring.check_backup_file(Path(path))
        except PosError as e:
            show_error(self, e)
            return
        answer = QMessageBox.question(
            self,
            _("Restore from a backup"),
            _(
                "Replace the current database with {file}? The current one is kept as a "
                "safety copy. Lapak closes afterwards; start it again."
            ).format(file=path),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.sale_screen.save_now()
        now = settings.stand_now(self._db)
        self._db.close()
        try:
            done = restoring.restore_report_as(self._actor, self._db.path, Path(path), now)
        except PosError as e:
            show_error(self, e)
            return
        show_info(self, done.message(Path(path), self._db.path))
        self._restored = True
        self.close()

    # --- catalog and stock ---------------------------------------------------------------

    # Screens for those allowed `action`, each made as (db, actor, parent) and imported only
    # when first opened: the lock screen starts without them.
    on_catalog = opens_screen("manage_catalog", "pos.ui.catalog_window.CatalogWindow")
    on_stock_count = opens_screen("count_stock", "pos.ui.stock_count.StockCountDialog")
    on_quick_keys = opens_screen("manage_catalog", "pos.ui.quick_keys_dialog.QuickKeysDialog")
    on_users = opens_screen("manage_users", "pos.ui.users_dialog.UsersDialog")

    @Slot()
    def on_receive(self) -> None:
        from pos.ui.notice import show_notice
        from pos.ui.stock_receive import ReceiveDialog, ask_print_labels

        if not self._allowed("receive_stock"):
            return
        dialog = ReceiveDialog(self._db, self._actor, self)
        if not self._run(dialog) or dialog.doc_id is None:
            return
        show_notice(self, dialog.saved_text)
        if ask_print_labels(self):
            self.open_labels(dialog.doc_id)

    @Slot()
    def on_labels(self) -> None:
        self.open_labels(None)

    def open_labels(self, doc_id: int | None) -> None:
        from pos.ui.labels_dialog import LabelsDialog

        self._run(LabelsDialog(self._db, self._actor, self, doc_id=doc_id))

    @Slot()
    def on_low_stock(self) -> None:
        from pos.ui.low_stock import LowStockDialog

        self._run(LowStockDialog(self._db, self))

    # --- the rest ------------------------------------------------------------------------

    def focus_scan(self) -> None:
        """The keyboard where the next input goes: the scan field, or the PIN when locked."""
        self.counter.focus_input()

    def changeEvent(self, event: QEvent) -> None:
        # Whenever the window becomes active again, the next scan must land in the scan field.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.focus_scan()
        super().changeEvent(event)

    # --- printing ------------------------------------------------------------------------

    @Slot()
    def on_sales_history(self) -> None:
        from pos.ui.sales_history import SalesHistoryDialog

        today = settings.stand_now(self._db).date()
        self._run(SalesHistoryDialog(self._db, self.printing, today, self))

    @Slot()
    def on_printers(self) -> None:
        from pos.ui.printer_settings import PrinterSettingsDialog

        if self._allowed("manage_settings"):
            self._run(PrinterSettingsDialog(self._db, self._actor, self.printing, self))

    @Slot(object)
    def on_print_outcome(self, outcome: "PrintOutcome") -> None:
        """Told in the status bar, never in a dialog: the next customer is already waiting."""
        if outcome.ok:
            self.print_status.setStyleSheet("")
            self.print_status.clear()
            self.statusBar().showMessage(outcome.message, 5_000)
            return
        self.print_status.setStyleSheet(f"color: {RED}; font-weight: bold; font-size: {pt(12)}pt;")
        self.print_status.setText(outcome.message)

    @Slot(object)
    def on_sale_completed(self, result: "SaleResult") -> None:
        self.last_sale.setText(_("Last sale: {no}").format(no=result.receipt_no))

    # --- settings and help ---------------------------------------------------------------

    @Slot()
    def on_settings(self) -> None:
        from pos.ui.settings_dialog import SettingsDialog

        if self._allowed("manage_settings"):
            dialog = SettingsDialog(self._db, self._actor, self)
            dialog.printers_requested.connect(self.on_printers)
            dialog.saved.connect(self.on_settings_saved)
            self._run(dialog)

    def show_stand(self) -> None:
        self.setWindowTitle(f"Lapak — {settings.get(self._db, settings.STAND_NAME)}")
        code = settings.get(self._db, settings.STAND_CODE)
        self.stand_label.setText(_("Stand: {code}").format(code=code))

    @Slot(list)
    def on_settings_saved(self, keys: list[str]) -> None:
        self.show_stand()
        self.statusBar().showMessage(_("Settings saved."), 5_000)

    def menu_keys(self) -> list[tuple[str, str]]:
        """Every menu command that has a key: (key, command), for the Help screen."""
        found = []
        for menu_action in self.menuBar().actions():
            menu = menu_action.menu()
            for action in menu.actions() if isinstance(menu, QMenu) else []:
                key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                if key:
                    found.append((key, action.text().replace("&", "").rstrip("…")))
        return found

    @Slot()
    def on_help(self) -> None:
        from pos.services.about import installation
        from pos.ui.help_dialog import HelpDialog

        self._run(HelpDialog(installation(self._db), self.menu_keys(), self))

    def show_as_last_time(self) -> None:
        """Show the window as it was closed last time; maximised the first time."""
        show_as_last_time(self, self._window_file)

    def closeEvent(self, event: QCloseEvent) -> None:
        save_window_state(self, self._window_file)
        if self._printing is not None:
            self._printing.shutdown()
        if self._sale_screen is not None and not getattr(self, "_restored", False):
            self._sale_screen.save_now()
        super().closeEvent(event)
