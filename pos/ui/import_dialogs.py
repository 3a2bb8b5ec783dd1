"""The catalog import's preview: every row that will add or change a product, before it does."""

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from pos.i18n import _
from pos.services import catalog_io
from pos.services.catalog_io import ImportResult
from pos.ui.widgets import ok_cancel_buttons

SHOWN = 2000  # lines in the preview; the count says how many more


class ImportPreviewDialog(QDialog):
    """What an import will do (from a dry run), row by row; Import applies it."""

    def __init__(self, preview: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import catalog"))
        self.resize(860, 480)
        self.summary = QLabel(
            _("{added} to add, {updated} to update, {unchanged} unchanged. Import?").format(
                added=preview.added, updated=preview.updated, unchanged=preview.unchanged
            )
        )
        lines = [catalog_io.describe(change) for change in preview.changes[:SHOWN]]
        more = len(preview.changes) - SHOWN
        if more > 0:
            lines.append(_("... and {n} more rows.").format(n=more))
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = ok_cancel_buttons(self, _("Import"), self.accept)
        self.import_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
