"""Help (F1): the keys at the counter and in the menus, where this installation keeps its files,
and which versions it runs."""

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from pos.i18n import N_, _
from pos.services.about import Installation
from pos.ui.layouts import STRETCH, scrolled, vbox
from pos.ui.widgets import GREY, close_button_box, fit_to_screen

# The sale screen's keys (README "Using it"): the key as printed on the keyboard, what it does.
COUNTER_KEYS: tuple[tuple[str, str], ...] = (
    (
        N_("Scan, or type a barcode or SKU + Enter"),
        N_("Add the product; again raises its quantity"),
    ),
    (N_("3* before a code"), N_("Add three at once")),
    (N_("Quick-key buttons (right)"), N_("Products without a barcode, e.g. tempe")),
    ("↑ ↓", N_("Choose a line in the cart")),
    (N_("+ / - (scan field empty)"), N_("Raise or lower the quantity of the chosen line")),
    ("F4", N_("Type the quantity of the chosen line")),
    (N_("Del or F8"), N_("Remove the chosen line")),
    ("F2", N_("Find a product by any part of its name or SKU")),
    (N_("F5 / Shift+F5"), N_("Discount on the chosen line / on the whole sale")),
    ("Ctrl+F5", N_("Change the price of the chosen line (a supervisor approves)")),
    ("F12", N_("Pay: cash with quick amounts; F5-F8 for QRIS, transfer, debit, other")),
    ("Ctrl+S", N_("Park the sale under a name or number; serve the next customer")),
    ("Ctrl+O", N_("Recall a parked sale (Del in the list drops it)")),
    ("F1", N_("This help")),
)


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSize(font.pointSize() + 2)
    label.setFont(font)
    return label


def _key_grid(sections: list[tuple[str, list[tuple[str, str]]]]) -> QGridLayout:
    """One grid for every key section, so that their columns line up."""
    grid = QGridLayout()
    grid.setColumnStretch(1, 1)
    grid.setHorizontalSpacing(16)
    row = 0
    for heading, keys in sections:
        if row:
            grid.setRowMinimumHeight(row, 8)
            row += 1
        grid.addWidget(_heading(heading), row, 0, 1, 2)
        row += 1
        for key, what in keys:
            key_label = QLabel(key)
            key_label.setFont(QFont(key_label.font().family(), key_label.font().pointSize(), 700))
            key_label.setWordWrap(True)
            key_label.setMinimumWidth(key_label.fontMetrics().horizontalAdvance("M" * 14))
            what_label = QLabel(what)
            what_label.setWordWrap(True)
            grid.addWidget(key_label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(what_label, row, 1, Qt.AlignmentFlag.AlignTop)
            row += 1
    return grid


class HelpDialog(QDialog):
    """The keyboard reference, the real paths of this installation's files, its versions."""

    def __init__(
        self,
        info: Installation,
        menu_keys: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Help"))

        sections = [(_("Keys at the counter"), [(_(key), _(what)) for key, what in COUNTER_KEYS])]
        if menu_keys:
            sections.append((_("Keys in the menus"), menu_keys))
        version = QLabel(
            _("Lapak {version}, database schema {schema}.").format(
                version=info.app_version, schema=info.schema_version
            )
        )
        version.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        about = QLabel(_("Offline point of sale for bazaar stands."))
        about.setStyleSheet(f"color: {GREY};")
        content = QWidget()
        vbox(
            _key_grid(sections),
            8,
            _heading(_("Where the files are")),
            self._files(info),
            8,
            _heading(_("Version")),
            version,
            about,
            STRETCH,
            parent=content,
        )

        self.scroll = scrolled(content)
        buttons = close_button_box(self)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        vbox((self.scroll, 1), buttons, parent=self)
        fit_to_screen(self, (0.55, 0.8), (900, 540))

    def _files(self, info: Installation) -> QGridLayout:
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        places = (
            (_("Database"), info.database, info.database.parent),
            (_("Receipts (PDF)"), info.receipts, info.receipts),
            (_("Z reports"), info.reports, info.reports),
            (_("Backups"), info.backups, info.backups),
            (_("Log"), info.log, info.log.parent),
        )
        self.path_fields: dict[Path, QLineEdit] = {}
        for row, (name, path, folder) in enumerate(places):
            field = QLineEdit(str(path))
            field.setReadOnly(True)
            field.setToolTip(str(path))
            field.setCursorPosition(0)
            self.path_fields[path] = field
            button = QPushButton(_("Open folder"))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, f=folder: self.open_folder(f))
            if not folder.is_dir():
                button.setEnabled(False)
                button.setToolTip(_("Not made yet: it appears with the first file."))
            grid.addWidget(QLabel(name), row, 0)
            grid.addWidget(field, row, 1)
            grid.addWidget(button, row, 2)
        return grid

    def open_folder(self, folder: Path) -> None:
        """Show `folder` in the system's file manager; tests replace this."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
