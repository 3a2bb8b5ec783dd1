"""The Settings screen: every setting, the service's checks and messages, one transaction."""

import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from qt_walk import english_words, widget_texts

from pos.core.errors import PosError
from pos.services import settings
from pos.ui.setting_fields import ChoiceField, LineField, LinesField, MethodsField, OffsetsField
from pos.ui.settings_dialog import PRINTERS_PREFIX, SettingsDialog


@pytest.fixture
def dialog(qtbot, db, admin) -> SettingsDialog:  # type: ignore[no-untyped-def]
    widget = SettingsDialog(db, admin)
    qtbot.addWidget(widget)
    return widget


def test_every_setting_of_config_list_has_an_editor(dialog: SettingsDialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    keys = {var.key for var in settings.ALL_SETTINGS}
    printers = {key for key in keys if key.startswith(PRINTERS_PREFIX)}
    assert set(dialog.fields) == keys - printers
    assert {"receipt.language", "label.offsets", "payment.methods"} <= set(dialog.fields)
    if printers:  # they have a screen of their own, one click away
        with qtbot.waitSignal(dialog.printers_requested):
            button = dialog.findChild(QPushButton, "printersButton")
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_shows_the_stored_values(qtbot, db, admin) -> None:  # type: ignore[no-untyped-def]
    settings.set_from_text(db, "stand.code", "JBR01")
    settings.set_from_text(db, "stand.address", "Jl. PB Sudirman No. 13\nJember")
    settings.set_from_text(db, "payment.methods", "tunai,qris")
    settings.set_from_text(db, "stand.timezone", "Asia/Makassar")
    dialog = SettingsDialog(db, admin)
    qtbot.addWidget(dialog)
    assert dialog.fields["stand.code"].text() == "JBR01"
    assert dialog.fields["stand.address"].text() == "Jl. PB Sudirman No. 13\nJember"
    assert dialog.fields["payment.methods"].text() == "tunai,qris"
    zone = dialog.fields["stand.timezone"]
    assert isinstance(zone, ChoiceField) and zone.box.currentText() == "WITA (Asia/Makassar)"
    assert dialog.changes() == []


def test_save_stores_every_change_at_once_with_a_quiet_notice(dialog, db, qtbot) -> None:  # type: ignore[no-untyped-def]
    fields = dialog.fields
    assert isinstance(fields["stand.name"], LineField)
    fields["stand.name"].edit.setText("Lapak Karya WBP Lapas Jember")
    assert isinstance(fields["receipt.footer"], LinesField)
    fields["receipt.footer"].edit.setPlainText("Terima kasih\nSampai jumpa")
    fields["receipt.language"].set_text("en")
    fields["receipt.width_mm"].set_text("58")
    methods = fields["payment.methods"]
    assert isinstance(methods, MethodsField)
    methods.checks["debit"].setChecked(False)
    assert not methods.checks["tunai"].isEnabled()  # cash is always offered
    with qtbot.waitSignal(dialog.saved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert set(saved.args[0]) == {
        "stand.name",
        "receipt.footer",
        "receipt.language",
        "receipt.width_mm",
        "payment.methods",
    }
    assert dialog.message.text() == "Tersimpan."
    assert QApplication.activeModalWidget() is None  # a notice, not a box to click away
    assert settings.get(db, settings.STAND_NAME) == "Lapak Karya WBP Lapas Jember"
    assert settings.get(db, settings.RECEIPT_FOOTER) == "Terima kasih\nSampai jumpa"
    assert settings.get(db, settings.RECEIPT_LANGUAGE) == "en"
    assert settings.get(db, settings.RECEIPT_WIDTH) == 58
    assert settings.get(db, settings.PAYMENT_METHODS) == ("tunai", "qris", "transfer", "lainnya")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Tidak ada yang berubah."


def test_a_refused_value_stores_nothing_and_says_what_config_set_says(dialog, db, qtbot) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PosError) as cli:
        settings.set_from_text(db, "stand.code", "JBR 01!")
    dialog.fields["stand.name"].set_text("Nama baru")
    dialog.fields["stand.code"].set_text("JBR 01!")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == cli.value.message
    assert settings.get(db, settings.STAND_NAME) == settings.STAND_NAME.default  # all or nothing
    assert settings.get(db, settings.STAND_CODE) == settings.STAND_CODE.default


def test_a_cashier_may_not_change_settings(qtbot, db, kasir) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(db, kasir)
    qtbot.addWidget(dialog)
    dialog.fields["stand.name"].set_text("Lapak Kasir")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Kasir" in dialog.message.text() and "pengaturan" in dialog.message.text()
    assert settings.get(db, settings.STAND_NAME) == settings.STAND_NAME.default


def test_label_offsets_per_template_keep_the_others(qtbot, db, admin) -> None:  # type: ignore[no-untyped-def]
    settings.set_from_text(db, "label.offsets", '{"tnj-103": [1.5, 0], "old-sheet": [2, 3]}')
    dialog = SettingsDialog(db, admin)
    qtbot.addWidget(dialog)
    offsets = dialog.fields["label.offsets"]
    assert isinstance(offsets, OffsetsField)
    x, y = offsets.boxes["tnj-103"]
    assert (x.value(), y.value()) == (1.5, 0.0)
    offsets.boxes["tnj-107"][1].setValue(-0.5)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert json.loads(settings.get(db, settings.LABEL_OFFSETS)) == {
        "tnj-103": [1.5, 0.0],
        "tnj-107": [0.0, -0.5],
        "old-sheet": [2, 3],
    }


def test_speaks_indonesian(dialog: SettingsDialog) -> None:
    texts = widget_texts(dialog)
    assert {"Lapak", "Struk", "Pembayaran", "Bahasa struk", "Simpan", "Tutup"} <= set(texts)
    assert english_words(texts) == set(), sorted(english_words(texts))


def test_fits_a_1024x600_screen(dialog: SettingsDialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog.resize(1024 - 40, 600 - 40)
    dialog.show()
    qtbot.waitExposed(dialog)
    for button in (dialog.save_button,):
        corner = button.mapTo(dialog, QPoint(button.width() - 1, button.height() - 1))
        assert button.isVisible() and dialog.rect().contains(corner)
    assert dialog.scroll.verticalScrollBar().maximum() > 0  # the rest scrolls
    content = dialog.scroll.widget()
    assert content.width() <= dialog.scroll.viewport().width()  # nothing sideways
    for label in content.findChildren(QLabel):
        if label.isVisible() and not label.wordWrap() and label.text():
            assert label.width() >= label.sizeHint().width(), label.text()
