"""The one approval dialog: a reason, and a supervisor's PIN typed on the spot.

Used for voids, refunds and returns, discounts over the limit, price overrides, opening the
drawer without a sale and a cashier's stock adjustments. The dialog only gathers the PIN and
the reason and hands them to `submit` (a service call): a refusal (wrong PIN, lockout, not a
supervisor, a bad reason) shows in the dialog, which stays open; what `submit` returns is
kept in `result`.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QWidget

from pos.core.errors import PosError
from pos.core.pins import PIN_MAX
from pos.core.pricing import MAX_REASON
from pos.i18n import _
from pos.ui.layouts import vbox
from pos.ui.widgets import ok_cancel_buttons, red_label, text_label

Submit = Callable[[str | None, str], Any]


class ApprovalDialog(QDialog):
    """Asks for the reason and (when `needs_pin`) a supervisor's PIN, then runs `submit`."""

    approved = Signal(object)  # what submit returned

    def __init__(
        self,
        title: str,
        what: str,
        submit: Submit,
        needs_pin: bool = True,
        reason: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._submit = submit
        self.result: Any = None

        heading = text_label(what, point_size=12, wrap=True)
        self.reason = QLineEdit(reason)
        self.reason.setObjectName("approvalReason")
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText(_("Why? (required)"))
        self.pin = QLineEdit()
        self.pin.setObjectName("approvalPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(PIN_MAX)
        self.pin.setPlaceholderText(_("Supervisor's PIN"))
        self.error = red_label()
        self.error.setObjectName("approvalError")

        form = QFormLayout()
        form.addRow(_("Reason"), self.reason)
        if needs_pin:
            form.addRow(text_label(_("A supervisor approves by typing their PIN here."), wrap=True))
            form.addRow(_("PIN"), self.pin)
        else:
            self.pin.hide()
        buttons = ok_cancel_buttons(self, _("Approve") if needs_pin else _("Go ahead"), self.on_ok)

        vbox(heading, form, self.error, buttons, parent=self)
        self._needs_pin = needs_pin
        (self.pin if needs_pin and reason else self.reason).setFocus(
            Qt.FocusReason.OtherFocusReason
        )

    @Slot()
    def on_ok(self) -> None:
        pin = self.pin.text() if self._needs_pin else None
        if self._needs_pin and not pin:
            self.error.setText(_("Type the supervisor's PIN."))
            self.pin.setFocus()
            return
        try:
            self.result = self._submit(pin, self.reason.text())
        except PosError as e:
            self.error.setText(e.message)
            self.pin.clear()
            (self.pin if self._needs_pin and self.reason.text().strip() else self.reason).setFocus()
            return
        self.approved.emit(self.result)
        self.accept()


def ask_approval(
    parent: QWidget,
    title: str,
    what: str,
    submit: Submit,
    needs_pin: bool = True,
    reason: str = "",
) -> Any:
    """Run the dialog; what `submit` returned, or None when cancelled."""
    dialog = ApprovalDialog(title, what, submit, needs_pin, reason, parent)
    return dialog.result if dialog.exec() else None
