"""Qt's own texts in the UI's language: standard buttons, file dialogs, context menus.

Qt ships no Indonesian translation of its own strings (no qtbase_id.qm in PySide6), so Lapak
ships one: resources/translations/qtbase_id.ts, compiled to qtbase_id.qm by
scripts/qt_translations.py. Installed once at start, it translates every QMessageBox and
QDialogButtonBox standard button, every file and print dialog and every context menu, wherever
they are made. File dialogs are always Qt's own (the system's dialog speaks the system's
language, not Lapak's) and are opened only through open_file(), save_file() and choose_folder().
"""

from enum import Enum
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QIdentityProxyModel,
    QLibraryInfo,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTranslator,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFileSystemModel,
    QHeaderView,
    QListView,
    QSplitter,
    QTreeView,
    QWidget,
)

from pos.core.money import format_decimal
from pos.i18n import current_language
from pos.resources import resource_path
from pos.ui.widgets import fit_to_screen

_installed: list[QTranslator] = []
LOCALES = {
    "id": QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia),
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedStates),
}


def install_qt_translations(app: QCoreApplication, lang: str | None = None) -> bool:
    """Translate Qt's own strings into `lang` (the UI's language by default).

    Replaces a translation installed before; True when one is installed now.
    """
    while _installed:
        app.removeTranslator(_installed.pop())
    lang = lang or current_language()
    # Month and day names in calendars, numbers in spin boxes: the UI's language too.
    QLocale.setDefault(LOCALES.get(lang, QLocale(lang)))
    if lang == "en":
        return False
    translator = QTranslator(app)
    ours = translator.load(f"qtbase_{lang}", str(resource_path("translations")))
    if not ours:
        # A language Qt does translate itself.
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if not translator.load(QLocale(lang), "qtbase", "_", qt_dir):
            return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


# Columns of QFileSystemModel.
COL_NAME, COL_SIZE, COL_TYPE, COL_DATE = range(4)


def size_text(size: int) -> str:
    """A file size as the cashier reads it: 512 B, 12 KB, 1,5 MB (the language's decimal mark)."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            value = size / scale
            return f"{format_decimal(value, 1 if value < 10 else 0)} {unit}"
    return f"{size} B"


class FileColumns(QIdentityProxyModel):
    """Sizes and dates of a file dialog in Lapak's format, whatever the system's locale.

    Qt writes them in the system's locale ("1 bytes", "27 11 2026 16:06" on a C locale) and
    a file type column from the system's MIME database, in the system's language.
    """

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        source = self.sourceModel()
        if role == Qt.ItemDataRole.DisplayRole and isinstance(source, QFileSystemModel):
            column = index.column()
            if column in (COL_SIZE, COL_DATE):
                at = self.mapToSource(index)
                if column == COL_DATE:
                    return source.lastModified(at).toString("dd-MM-yyyy HH:mm")
                return "" if source.isDir(at) else size_text(source.size(at))
        return super().data(index, role)


class FileMode(Enum):
    """What a file dialog asks for."""

    OPEN = "open"
    SAVE = "save"
    FOLDER = "folder"


def make_file_dialog(
    parent: QWidget | None, title: str, mode: FileMode, start: str = "", filters: str = ""
) -> QFileDialog:
    """Qt's own file dialog, sized to the screen, with dates shown whole; not yet shown."""
    dialog = QFileDialog(parent, title, start, filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if mode is FileMode.SAVE:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    elif mode is FileMode.FOLDER:
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    _fit_columns(dialog)
    fit_to_screen(dialog, (0.6, 0.7), (760, 480))
    return dialog


def _fit_columns(dialog: QFileDialog) -> None:
    # Qt sizes the date column for a short date and cuts longer ones ("27 11 2…6"): size
    # and date fit what they show, the name gets whatever is left.
    dialog.setProxyModel(FileColumns(dialog))
    tree = dialog.findChild(QTreeView, "treeView")
    if tree is None:
        return
    tree.setColumnHidden(COL_TYPE, True)
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    # Qt remembers the places list's width from the last dialog, however narrow ("Ko…").
    splitter = dialog.findChild(QSplitter, "splitter")
    places = dialog.findChild(QListView, "sidebar")
    if splitter is not None and places is not None:
        need = places.sizeHintForColumn(0) + 2 * places.frameWidth() + 12
        if splitter.sizes()[0] < need:
            splitter.setSizes([need, max(dialog.width() - need, need)])


def _run(dialog: QFileDialog) -> Path | None:
    if not dialog.exec():
        return None
    chosen = dialog.selectedFiles()
    return Path(chosen[0]) if chosen else None


def open_file(
    parent: QWidget | None, title: str, start: str = "", filters: str = ""
) -> Path | None:
    """The file the user picked to open, or None when cancelled."""
    return _run(make_file_dialog(parent, title, FileMode.OPEN, start, filters))


def save_file(
    parent: QWidget | None, title: str, start: str = "", filters: str = ""
) -> Path | None:
    """Where the user chose to save (asked before replacing a file), or None when cancelled."""
    return _run(make_file_dialog(parent, title, FileMode.SAVE, start, filters))


def choose_folder(parent: QWidget | None, title: str, start: str = "") -> Path | None:
    """The folder the user picked, or None when cancelled."""
    return _run(make_file_dialog(parent, title, FileMode.FOLDER, start))
