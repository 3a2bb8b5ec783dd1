"""The Help screen: keys, the real paths of this installation, versions; Indonesian; fits."""

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QPushButton
from qt_walk import english_words, widget_texts

from pos import __version__
from pos.db.migrate import HEAD_REVISION
from pos.services.about import installation
from pos.ui.help_dialog import HelpDialog

MENU_KEYS = [("F6", "Kas masuk / keluar"), ("Ctrl+L", "Label")]


def make(qtbot, db) -> HelpDialog:  # type: ignore[no-untyped-def]
    dialog = HelpDialog(installation(db), MENU_KEYS)
    qtbot.addWidget(dialog)
    return dialog


def test_installation_knows_its_real_paths_and_versions(db) -> None:  # type: ignore[no-untyped-def]
    info = installation(db)
    data_dir = db.path.parent
    assert info.database == db.path
    assert (info.receipts, info.reports, info.backups) == (
        data_dir / "receipts",
        data_dir / "reports",
        data_dir / "backups",
    )
    assert info.log == data_dir / "lapak.log"
    assert (info.app_version, info.schema_version) == (__version__, HEAD_REVISION)


def test_help_shows_keys_paths_and_versions_in_indonesian(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dialog = make(qtbot, db)
    texts = widget_texts(dialog)
    shown = {text for text in texts if text}
    assert {"F12", "F2", "F1", "Hapus baris yang dipilih"} <= shown
    assert {"Ctrl+L", "Kas masuk / keluar"} <= shown  # the menus' keys, as the window gives them
    info = installation(db)
    assert {str(info.database), str(info.receipts), str(info.backups), str(info.log)} <= shown
    assert any(__version__ in t and HEAD_REVISION in t for t in texts)
    assert english_words(texts) == set(), sorted(english_words(texts))


def test_open_folder_shows_the_folder_once_it_exists(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    info = installation(db)
    info.backups.mkdir(parents=True, exist_ok=True)
    dialog = make(qtbot, db)
    opened: list[Path] = []
    dialog.open_folder = opened.append  # type: ignore[method-assign]
    buttons = [b for b in dialog.findChildren(QPushButton) if b.text() == "Buka folder"]
    by_folder = dict(
        zip(
            (info.database.parent, info.receipts, info.reports, info.backups, info.log.parent),
            buttons,
            strict=True,
        )
    )
    assert not by_folder[info.reports].isEnabled()  # no Z report yet
    qtbot.mouseClick(by_folder[info.backups], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(by_folder[info.database.parent], Qt.MouseButton.LeftButton)
    assert opened == [info.backups, info.database.parent]


def test_help_fits_a_1024x600_screen(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dialog = make(qtbot, db)
    dialog.resize(1024 - 40, 600 - 40)
    dialog.show()
    qtbot.waitExposed(dialog)
    close = dialog.close_button
    assert close.isVisible() and close.text() == "Tutup"
    corner = close.mapTo(dialog, QPoint(close.width(), close.height()))
    assert dialog.rect().contains(corner - QPoint(1, 1))
    # What does not fit scrolls; no label is cut to less than it needs in width.
    assert dialog.scroll.verticalScrollBar().maximum() > 0
    content = dialog.scroll.widget()
    assert content.width() <= dialog.scroll.viewport().width()
    for label in content.findChildren(QLabel):
        if not label.wordWrap() and label.text():
            assert label.width() >= label.sizeHint().width(), label.text()
