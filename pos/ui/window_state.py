"""The main window's size and place, kept in a small file in the data folder between runs."""

import contextlib
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QWidget

WINDOW_FILE = "window-state.txt"  # beside the database


def show_as_last_time(window: QWidget, state_file: Path) -> None:
    """Show `window` as it was closed last time; maximised the first time (or if unreadable)."""
    try:
        saved = QByteArray.fromBase64(state_file.read_bytes().strip())
    except OSError:
        saved = QByteArray()
    if saved.isEmpty() or not window.restoreGeometry(saved):
        screen = window.screen()
        if screen is not None:  # the whole screen even where no window manager maximises
            window.setGeometry(screen.availableGeometry())
        window.showMaximized()
        return
    window.show()


def save_window_state(window: QWidget, state_file: Path) -> None:
    """Remember the window's size, place and maximised state for the next start."""
    # A read-only data folder: next time the window just opens maximised.
    with contextlib.suppress(OSError):
        state_file.write_bytes(bytes(window.saveGeometry().toBase64().data()))
