"""The stand's static QRIS in the Settings screen: scan the sticker with the barcode scanner
(it types the payload and Enter) and see at once whether it is a good QRIS, and whose."""

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from pos.core.errors import PosError
from pos.core.qris import MAX_PAYLOAD, parse
from pos.i18n import _
from pos.services.settings import SettingVar
from pos.ui.setting_fields import SettingField
from pos.ui.widgets import MessageLabel, make_scan_field, on_enter, run_key


class QrisScanField(QLineEdit):
    """A scan field whose Enter checks the payload instead of saving the dialog."""

    def __init__(self, owner: "QrisField") -> None:
        super().__init__()
        self._owner = owner

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not run_key(event, on_enter(self._owner.on_check)):
            super().keyPressEvent(event)


class QrisField(SettingField):
    """The static QRIS payload, scanned or pasted, checked as it arrives."""

    def __init__(self, var: SettingVar[Any]) -> None:
        box = QWidget()
        self.edit = QrisScanField(self)
        template = make_scan_field(_("Scan the QRIS sticker here (or paste its text)"), 11)
        self.edit.setFont(template.font())
        self.edit.setPlaceholderText(template.placeholderText())
        self.edit.setMaxLength(MAX_PAYLOAD + 1)  # one more: the check says why it is too long
        self.edit.setObjectName("qrisStatic")
        self.status = MessageLabel(point_size=10)
        self.edit.textChanged.connect(self.status.clear)  # what it said was of another text
        self.status.setObjectName("qrisStatus")
        self.status.setWordWrap(True)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.edit)
        column.addWidget(self.status)
        super().__init__(var, box)

    def text(self) -> str:
        return self.edit.text().strip()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)
        self.edit.setCursorPosition(0)
        self.on_check()

    @Slot()
    def on_check(self) -> None:
        """Say whether the payload is a good QRIS (the service checks it again on Save)."""
        text = self.text()
        if not text:
            self.status.say(_("No QRIS: QRIS payments show no code to scan."), ok=True)
            return
        try:
            qris = parse(text)
        except PosError as e:
            self.status.say(e.message, ok=False)
            return
        self.status.say(
            _("A good QRIS of {merchant}, {city}. Save to use it.").format(
                merchant=qris.merchant_name or "?", city=qris.merchant_city or "?"
            ),
            ok=True,
        )
