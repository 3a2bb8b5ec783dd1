"""The QRIS in the payment dialog: the stand's static QRIS with this payment's amount, as a QR
code the customer scans (and the customer display shows too). The cashier still ticks
"Money arrived" once the payment notification is in."""

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from pos.core.errors import PosError
from pos.core.money import format_rupiah
from pos.core.qris import Qris, with_amount
from pos.db.session import Database
from pos.i18n import _
from pos.ui.qr_widget import QrWidget
from pos.ui.scaling import pt, px
from pos.ui.widgets import GREY

log = logging.getLogger(__name__)
PANEL_WIDTH = 220


def stand_qris(db: Database) -> Qris | None:
    """The stand's static QRIS, or None when none is set (or it no longer parses)."""
    from pos.services import qris

    if not qris.has_qris(db):
        return None
    try:
        return qris.static_qris(db)
    except PosError:
        log.exception("the stored qris.static does not parse")
        return None


class QrisPanel(QWidget):
    """The QR code for the amount paid by QRIS; hidden while nothing is paid by QRIS."""

    shown = Signal(str, int, str)  # payload, amount, merchant; "" when hidden

    def __init__(self, qris: Qris | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qrisPanel")
        self._qris = qris
        self.amount = 0
        self.payload = ""
        self.qr = QrWidget(minimum=220)
        self.caption = QLabel()
        self.caption.setObjectName("qrisCaption")
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setFont(QFont(self.caption.font().family(), pt(13)))
        self.merchant = QLabel(qris.merchant_name if qris else "")
        self.merchant.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.merchant.setWordWrap(True)
        self.merchant.setStyleSheet(f"color: {GREY};")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.qr, 1)
        layout.addWidget(self.caption)
        layout.addWidget(self.merchant)
        self.setFixedWidth(px(PANEL_WIDTH))
        self.hide()

    def show_amount(self, amount: int) -> None:
        """Show the QRIS for `amount` (0: nothing is paid by QRIS, hide it)."""
        if amount == self.amount:
            return
        self.amount = amount
        payload = ""
        if amount > 0 and self._qris is not None:
            try:
                payload = with_amount(self._qris, amount).text()
            except PosError as e:
                self.caption.setText(e.message)
        if amount > 0 and self._qris is None:
            self.caption.setText(
                _(
                    "No QRIS is set for this stand: the customer scans the sticker and types "
                    "{amount}."
                ).format(amount=format_rupiah(amount))
            )
        elif payload:
            self.caption.setText(_("Scan to pay {amount}").format(amount=format_rupiah(amount)))
        self.payload = payload
        self.qr.set_payload(payload)
        self.qr.setVisible(bool(payload))
        self.setVisible(amount > 0)
        merchant = self._qris.merchant_name if self._qris else ""
        self.shown.emit(payload, amount if payload else 0, merchant if payload else "")
