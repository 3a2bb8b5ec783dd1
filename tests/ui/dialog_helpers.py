"""Driving modal dialogs from tests: act on the next one that opens."""

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def when_dialog_opens(action: Callable[[QWidget], None], after: QWidget | None = None) -> None:
    """Run `action` on the next modal dialog (other than `after`) once it is shown."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog is after or not dialog.isVisible():
            QTimer.singleShot(10, run)
            return
        action(dialog)

    QTimer.singleShot(0, run)
