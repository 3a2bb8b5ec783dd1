"""The QRIS sticker scanned into Settings: checked as it arrives (Enter does not save), stored
by Save only when it is a good QRIS."""

from PySide6.QtCore import Qt
from test_customer_display import STATIC

from pos.services import settings
from pos.ui.qris_setting import QrisField
from pos.ui.settings_dialog import SettingsDialog


def test_scan_check_and_save(qtbot, db, admin) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(db, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    field = dialog.fields["qris.static"]
    assert isinstance(field, QrisField)
    assert "Tanpa QRIS" in field.status.text()

    field.edit.setFocus()
    qtbot.keyClicks(field.edit, STATIC[:-1] + "8")  # a misread digit: the CRC says so
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert "CRC" in field.status.text()
    assert dialog.isVisible() and settings.get(db, settings.QRIS_STATIC) == ""
    dialog.save_button.click()  # the service refuses it too
    assert settings.get(db, settings.QRIS_STATIC) == ""
    assert "CRC" in dialog.message.text()

    field.edit.clear()
    qtbot.keyClicks(field.edit, STATIC)
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert "GRANOOL STORE OK1229577, KEDIRI" in field.status.text()
    assert settings.get(db, settings.QRIS_STATIC) == ""  # Enter checked, did not save
    dialog.save_button.click()
    assert settings.get(db, settings.QRIS_STATIC) == STATIC
