"""Adjusting one product's stock with a reason (damaged, lost, sample, correction)."""

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from pos.core.errors import PosError
from pos.core.quantities import parse_signed_qty
from pos.db.session import Database
from pos.i18n import _
from pos.services import products, stock
from pos.services.auth import Actor
from pos.ui.actor_dialog import ActorDialog
from pos.ui.errors import show_error
from pos.ui.layouts import form, vbox
from pos.ui.scaling import pt
from pos.ui.widgets import GREEN, RED, ok_cancel_buttons, red_label


class AdjustDialog(ActorDialog):
    """Adds or removes stock of one product; stock may go below zero, with a reason."""

    def __init__(
        self, db: Database, actor: Actor, product_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(db, actor, _("Adjust stock"), parent)
        self.setMinimumWidth(520)
        self._product_id = product_id
        self.doc_id: int | None = None
        detail = products.get_product(db, product_id)
        self.stock_before = detail.stock
        unit = detail.fields.unit

        title = QLabel(f"{detail.fields.name}  ({detail.fields.sku})")
        title.setWordWrap(True)
        bold = QFont(self.font().family(), pt(14))
        bold.setBold(True)
        title.setFont(bold)
        self.stock_label = QLabel(f"{detail.stock} {unit}")
        self.stock_label.setFont(QFont(self.font().family(), pt(14)))
        if detail.stock < 0:
            self.stock_label.setStyleSheet(f"color: {RED};")

        self.qty_field = QLineEdit()
        self.qty_field.setMaxLength(20)
        self.qty_field.setFont(QFont(self.font().family(), pt(14)))
        self.qty_field.setPlaceholderText(_("e.g. -3 or 5"))
        self.reason_combo = QComboBox()
        self.reason_combo.setPlaceholderText(_("Choose a reason"))
        for key, label in stock.ADJUST_REASONS.items():
            self.reason_combo.addItem(_(label), key)
        self.reason_combo.setCurrentIndex(-1)  # a reason is chosen on purpose, never by default
        self.note_field = QLineEdit()
        self.note_field.setMaxLength(200)

        self.after_label = QLabel()
        self.after_label.setObjectName("stockAfter")
        self.after_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.error_label = red_label(min_height=40)
        if not detail.fields.track_stock:
            self.error_label.setText(_(stock.NOT_TRACKED).format(name=detail.fields.name))

        buttons = ok_cancel_buttons(self, _("Save"), self.on_save, save=True)

        fields = form(
            (_("Stock now"), self.stock_label),
            (_("Add (+) or remove (−)"), self.qty_field),
            (_("Reason"), self.reason_combo),
            (_("Note"), self.note_field),
        )
        vbox(title, fields, self.after_label, self.error_label, buttons, parent=self)

        self.qty_field.textChanged.connect(self.on_qty_changed)
        self.on_qty_changed("")
        self.qty_field.setFocus()

    @Slot(str)
    def on_qty_changed(self, text: str) -> None:
        self.error_label.clear()
        if not text.strip():
            self._show_after(None)
            return
        try:
            qty = parse_signed_qty(text)
        except PosError as e:
            self._show_after(None)
            self.error_label.setText(e.message)
            return
        self._show_after(self.stock_before + qty)

    def _show_after(self, after: int | None) -> None:
        if after is None:
            self.after_label.setText(_("Stock after: —"))
            self.after_label.setStyleSheet(f"color: #555; font-size: {pt(16)}pt;")
            return
        text = _("Stock after: {n}").format(n=after)
        if after < 0:
            text += "  " + _("(below zero)")
        self.after_label.setText(text)
        color = RED if after < 0 else GREEN
        self.after_label.setStyleSheet(f"color: {color}; font-size: {pt(16)}pt; font-weight: bold;")

    @Slot()
    def on_save(self) -> None:
        try:
            qty = parse_signed_qty(self.qty_field.text())
            reason = self.reason_combo.currentData() or ""  # none chosen: the service says so
            if not self._actor.may("adjust_stock"):
                self.doc_id = self._approved_adjust(qty, reason)
                if self.doc_id is None:
                    return
            else:
                self.doc_id = stock.adjust(
                    self._db, self._actor, self._product_id, qty, reason, self.note_field.text()
                )
        except PosError as e:
            show_error(self, e)
            self.qty_field.setFocus()
            return
        self.accept()

    def _approved_adjust(self, qty: int, reason: str) -> int | None:
        """A cashier's adjustment: through the approval dialog, its reason as the note."""
        from pos.ui.approval_dialog import ask_approval

        def submit(pin: str | None, why: str) -> int:
            return stock.adjust(self._db, self._actor, self._product_id, qty, reason, why, pin)

        result = ask_approval(
            self,
            _("Approve a stock adjustment"),
            _("Adjust the stock by {qty}.").format(qty=f"{qty:+d}"),
            submit,
            reason=self.note_field.text(),
        )
        return None if result is None else int(result)
