"""The main window's Reports menu (sales reports; recaps, splits and deposits), as a mixin."""

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QMenu, QMenuBar

from pos.db.session import Database
from pos.i18n import _
from pos.services.auth import Actor


class BooksMenuActions:
    """Reports menu for a main window (pos.ui.main_window.MainWindow); supervisor and admin."""

    # Provided by the window.
    _db: Database
    _actor: Actor
    _add: Callable[..., None]
    _run: Callable[[QDialog], bool]
    _allowed: Callable[[str], bool]

    def _add_books_menu(self, bar: QMenuBar) -> QMenu:
        menu = bar.addMenu(_("&Reports"))
        self._add(menu, _("Sales reports…"), self.on_reports)
        self._add(menu, _("Recaps, splits and deposits…"), self.on_books)
        return menu

    def on_reports(self) -> None:
        from pos.ui.reports_window import ReportsDialog

        if self._allowed("view_reports"):
            self._run(ReportsDialog(self._db, self._actor, self))  # type: ignore[arg-type]

    def on_books(self) -> None:
        from pos.ui.books_dialog import BooksDialog

        if self._allowed("view_reports"):
            self._run(BooksDialog(self._db, self._actor, self))  # type: ignore[arg-type]
