"""The main window opens Help (F1) and Settings; its own message and file dialogs speak
Indonesian, standard buttons included."""

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from qt_walk import english_words, widget_texts

from pos.services import backup, settings
from pos.ui.help_dialog import HelpDialog
from pos.ui.main_window import MainWindow
from pos.ui.settings_dialog import SettingsDialog


@pytest.fixture
def window(qtbot, demo_db, admin, tmp_path: Path, qt_indonesian):  # type: ignore[no-untyped-def]
    widget = MainWindow(demo_db, admin, tmp_path / "receipts")
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.close()


def when_shown(handle: Callable[[QWidget], None]) -> None:
    """Run `handle` on the next modal window, once it is open (exec() blocks until closed)."""

    def check() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(10, check)
        else:
            handle(modal)

    QTimer.singleShot(0, check)


def action(window: MainWindow, text: str):  # type: ignore[no-untyped-def]
    for menu_action in window.menuBar().actions():
        for item in menu_action.menu().actions():
            if item.text() == text:
                return item
    raise AssertionError(f"no menu command {text!r}")


def test_f1_opens_help_with_the_menus_keys(window: MainWindow) -> None:
    seen: list[QWidget] = []
    texts: list[str] = []

    def read(dialog: QWidget) -> None:
        seen.append(dialog)
        texts.extend(widget_texts(dialog))
        dialog.close()

    assert action(window, "Bantuan…").shortcut().toString() == "F1"
    when_shown(read)
    action(window, "Bantuan…").trigger()
    assert isinstance(seen[0], HelpDialog)
    keys = dict(window.menu_keys())
    assert keys["F10"] == "Ekspor hari ini ke flashdisk"
    assert {"F6", "F10", "Ekspor hari ini ke flashdisk", str(window._db.path)} <= set(texts)
    assert english_words(texts) == set()


def test_settings_saved_there_show_in_the_window(window: MainWindow, demo_db) -> None:  # type: ignore[no-untyped-def]
    def change(dialog: QWidget) -> None:
        assert isinstance(dialog, SettingsDialog)
        dialog.fields["stand.name"].set_text("Lapak Lapas Jember")
        dialog.fields["stand.code"].set_text("JBR01")
        dialog.on_save()
        assert dialog.message.text() == "Tersimpan."
        dialog.close()

    when_shown(change)
    action(window, "Pengaturan…").trigger()
    assert settings.get(demo_db, settings.STAND_NAME) == "Lapak Lapas Jember"
    assert window.windowTitle() == "Lapak — Lapak Lapas Jember"
    assert window.stand_label.text().endswith("JBR01")
    assert window.statusBar().currentMessage() == "Pengaturan tersimpan."


def test_restore_asks_in_indonesian_from_file_dialog_to_yes_no(
    window: MainWindow, demo_db, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    copy = backup.backup_to(demo_db, tmp_path / "cadangan.db")
    texts: list[str] = []
    answered: list[str] = []

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, QFileDialog)
        assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
        texts.extend(widget_texts(dialog))
        when_shown(answer)
        dialog.selectFile(str(copy))
        dialog.accept()

    def answer(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        texts.extend(widget_texts(box))
        no = box.button(QMessageBox.StandardButton.No)
        answered.append(no.text())
        no.click()

    when_shown(choose)
    window.on_restore()
    assert answered == ["&Tidak"]
    assert "Ya" in {t.replace("&", "") for t in texts}
    assert english_words(texts) == set(), sorted(english_words(texts))
    assert settings.get(demo_db, settings.STAND_NAME)  # nothing restored, the database still open


def test_a_cashier_is_told_settings_are_not_theirs(
    qtbot, demo_db, cashier, tmp_path, qt_indonesian
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_db, cashier, tmp_path / "receipts")
    qtbot.addWidget(window)
    window.show()
    told: list[str] = []

    def read(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        told.append(box.text())
        box.close()

    when_shown(read)
    action(window, "Pengaturan…").trigger()
    assert told and "pengaturan" in told[0]
    window.close()


@pytest.mark.parametrize(
    ("menu_text", "dialog_class"),
    [
        ("Produk…", "CatalogWindow"),
        ("Stok opname…", "StockCountDialog"),
        ("Tombol cepat…", "QuickKeysDialog"),
        ("&Pengguna…", "UsersDialog"),
    ],
)
def test_menu_screens_open_for_an_admin(
    window: MainWindow, menu_text: str, dialog_class: str
) -> None:
    seen: list[str] = []

    def close(dialog: QWidget) -> None:
        seen.append(type(dialog).__name__)
        dialog.close()

    when_shown(close)
    action(window, menu_text).trigger()
    assert seen == [dialog_class]


def test_f10_exports_the_stands_today(window: MainWindow, demo_db) -> None:  # type: ignore[no-untyped-def]
    from pos.ui.export_dialog import ExportDialog

    days = []

    def read(dialog: QWidget) -> None:
        assert isinstance(dialog, ExportDialog)
        days.append(dialog.date_edit.date().toPython())
        dialog.close()

    when_shown(read)
    action(window, "Ekspor hari ini ke flashdisk…").trigger()
    assert days == [settings.stand_now(demo_db).date()]
