"""The sale screen's questions and state lines: clearing the cart, the shift it sells on."""

import logging
from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from pos.core.cart import CartLine
from pos.core.errors import PosError
from pos.core.money import format_rupiah
from pos.db.session import Database
from pos.i18n import _, ngettext
from pos.services import shifts, stock
from pos.services.auth import Actor

log = logging.getLogger(__name__)


def ensure_open_shift(
    db: Database, actor: Actor, parent: QWidget, shift_label: "ShiftStateLabel"
) -> bool:
    """True when a shift is open, after asking for the opening float if none was."""
    if shifts.has_open_shift(db):
        return True
    from pos.ui.shift_dialogs import OpenShiftDialog

    opened = bool(OpenShiftDialog(db, actor, parent).exec())
    shift_label.refresh()
    parent.window().activateWindow()
    return opened


def on_hand(db: Database, lines: Iterable[CartLine]) -> dict[int, int]:
    """Stock on hand of the cart's tracked products, for the oversell hint ({} if unreadable)."""
    ids = sorted({line.product_id for line in lines})
    try:
        return stock.tracked_on_hand(db, ids)
    except Exception:  # a hint only: a failed read must never stop the sale
        log.exception("stock on hand not read")
        return {}


def ask(parent: QWidget, title: str, text: str, yes: str, no: str) -> bool:
    """A question with our own (translated) button texts; the safe answer is the default."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def clear_cart_question(lines: int, total: int) -> str:
    return ngettext(
        "Clear the cart ({n} line, {total})?", "Clear the cart ({n} lines, {total})?", lines
    ).format(n=lines, total=format_rupiah(total))


def close_with_cart_question(lines: int, total: int) -> str:
    return ngettext(
        "The cart on the sale screen is not paid yet ({n} line, {total}). Close the shift anyway?",
        "The cart on the sale screen is not paid yet ({n} lines, {total}). Close the shift anyway?",
        lines,
    ).format(n=lines, total=format_rupiah(total))


def shift_state(db: Database) -> tuple[str, bool]:
    """The line saying which shift is open (or that none is), and whether one is open."""
    try:
        shift = shifts.current_shift(db)
    except PosError as e:
        return e.message, False
    if shift is None:
        return _("Shift closed: F12 asks for the opening cash first"), False
    return _("Shift #{no} opened {time} by {name}").format(
        no=shift.shift_id, time=shift.opened_at.strftime("%H:%M"), name=shift.opened_by
    ), True


class ShiftStateLabel(QLabel):
    """Says on the sale screen which shift is open, or that none is."""

    changed = Signal(bool)  # True while a shift is open

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.is_open = False
        self.setObjectName("shiftState")

    def refresh(self) -> None:
        text, self.is_open = shift_state(self._db)
        self.setText(text)
        self.setStyleSheet("color: #555;" if self.is_open else "color: #b71c1c;")
        self.changed.emit(self.is_open)
