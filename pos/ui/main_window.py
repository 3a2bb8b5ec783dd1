"""The main window: the sale screen, a small menu and a status bar."""

from pathlib import Path

from PySide6.QtCore import QEvent, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QWidget

from pos import __version__
from pos.core.errors import PosError
from pos.db.session import Database
from pos.i18n import LANGUAGES, _, current_language
from pos.services import settings
from pos.services.auth import Actor
from pos.services.sales import SaleResult
from pos.ui.errors import show_error
from pos.ui.sale_screen import SaleScreen


class MainWindow(QMainWindow):
    def __init__(
        self, db: Database, actor: Actor, receipts_dir: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        stand_name = settings.get(db, settings.STAND_NAME)
        self.setWindowTitle(f"Lapak — {stand_name}")
        self.resize(1024, 700)
        self.sale_screen = SaleScreen(db, actor, receipts_dir, self)
        self.setCentralWidget(self.sale_screen)
        self.sale_screen.sale_completed.connect(self.on_sale_completed)

        self._build_menu()
        status = self.statusBar()
        status.addWidget(QLabel(_("Cashier: {name}").format(name=actor.name)))
        status.addWidget(
            QLabel(_("Stand: {code}").format(code=settings.get(db, settings.STAND_CODE)))
        )
        self.last_sale = QLabel()
        status.addPermanentWidget(self.last_sale)
        status.addPermanentWidget(QLabel(str(db.path)))

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        quit_action = QAction(_("&Quit"), self)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        settings_menu = self.menuBar().addMenu(_("&Settings"))
        language_menu = settings_menu.addMenu(_("&Language"))
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setChecked(code == current_language())
            action.triggered.connect(lambda _checked=False, c=code: self.on_language(c))
            group.addAction(action)
            language_menu.addAction(action)

        help_menu = self.menuBar().addMenu(_("&Help"))
        about = QAction(_("&About Lapak"), self)
        about.triggered.connect(self.on_about)
        help_menu.addAction(about)

    def focus_scan(self) -> None:
        self.sale_screen.scan_field.setFocus()

    def changeEvent(self, event: QEvent) -> None:
        # Whenever the window becomes active again, the next scan must land in the scan field.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.focus_scan()
        super().changeEvent(event)

    @Slot(object)
    def on_sale_completed(self, result: SaleResult) -> None:
        self.last_sale.setText(_("Last sale: {no}").format(no=result.receipt_no))

    def on_language(self, code: str) -> None:
        try:
            settings.set_value(self._db, settings.LANGUAGE, code)
        except PosError as e:
            show_error(self, e)
            return
        QMessageBox.information(
            self,
            "Lapak",
            _("The language changes the next time Lapak starts.")
            if code != "en"
            else "The language changes the next time Lapak starts.",
        )
        self.focus_scan()

    def on_about(self) -> None:
        QMessageBox.about(
            self,
            _("About Lapak"),
            _("Lapak {version}\nOffline point of sale for bazaar stands.").format(
                version=__version__
            ),
        )
        self.focus_scan()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sale_screen.save_now()
        super().closeEvent(event)
