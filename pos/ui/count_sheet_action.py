"""Print the stock count sheet from the stock count: save it as a PDF and open it to print."""

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from pos.core.errors import PosError
from pos.db.session import Database
from pos.i18n import _
from pos.services import settings
from pos.services.auth import Actor
from pos.services.count_sheet import count_sheet_pdf
from pos.ui.errors import show_error
from pos.ui.qt_texts import save_file


def ask_sheet_path(parent: QWidget, suggested: str) -> Path | None:
    """Where to save the sheet (None: cancelled)."""
    return save_file(parent, _("Save the count sheet"), suggested, _("PDF files (*.pdf)"))


def open_document(path: Path) -> None:
    """Open `path` in the system's viewer, from where it is printed."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def save_count_sheet(
    parent: QWidget,
    db: Database,
    actor: Actor,
    product_ids: list[int],
    show_expected: bool,
    scope: str,
) -> Path | None:
    """Ask where, write the sheet there and open it; the path, or None when nothing was saved
    (cancelled, or refused with a message)."""
    try:
        pdf = count_sheet_pdf(db, actor, product_ids, show_expected, scope)
    except PosError as e:
        show_error(parent, e)
        return None
    day = settings.stand_now(db).strftime("%Y%m%d")
    suggested = str(Path.home() / _("stock-count-{day}.pdf").format(day=day))
    path = ask_sheet_path(parent, suggested)
    if path is None:
        return None
    try:
        path.write_bytes(pdf)
    except OSError as e:
        show_error(
            parent,
            _("The count sheet could not be saved in {path} ({reason}).").format(
                path=path, reason=e.strerror or e
            ),
        )
        return None
    open_document(path)
    return path
