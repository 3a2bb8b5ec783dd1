"""Discounts and price changes at the counter: the dialog, and the flows that go through the
approval dialog when the cashier's limit (or permission) is not enough.

The cart keeps the approval with the line or the sale; checkout checks it again.
"""

from typing import Literal

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pos.core.cart import Approved, Cart
from pos.core.errors import PosError
from pos.core.money import format_rupiah, parse_rupiah
from pos.core.pricing import (
    AMOUNT,
    MAX_REASON,
    PERCENT,
    Discount,
    DiscountProblem,
    check_fits,
    make_discount,
)
from pos.db.session import Database
from pos.i18n import _
from pos.services import approvals, settings
from pos.services.auth import Actor
from pos.ui.approval_dialog import ask_approval
from pos.ui.widgets import RED, ok_cancel_buttons


def _parse_percent(text: str) -> int:
    cleaned = text.strip().rstrip("%").strip()
    if not (cleaned.isdigit() and cleaned.isascii()):
        raise DiscountProblem(_("Type the discount as a whole number, e.g. 10."))
    return int(cleaned[:6])


class DiscountDialog(QDialog):
    """A discount in percent or rupiah with its reason, on `base` (what it discounts)."""

    REMOVE = 2  # done() code: the discount was removed

    def __init__(
        self, title: str, base: int, current: Discount | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.base = base
        self.discount: Discount | None = None
        self.percent = QRadioButton(_("Percent (%)"))
        self.rupiah = QRadioButton(_("Rupiah"))
        group = QButtonGroup(self)
        group.addButton(self.percent)
        group.addButton(self.rupiah)
        self.value = QLineEdit()
        self.value.setObjectName("discountValue")
        self.value.setMaxLength(20)
        self.reason = QLineEdit()
        self.reason.setObjectName("discountReason")
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText(_("Why? (required)"))
        self.preview = QLabel()
        self.error = QLabel()
        self.error.setObjectName("discountError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {RED};")
        kinds = QHBoxLayout()
        kinds.addWidget(self.percent)
        kinds.addWidget(self.rupiah)
        form = QFormLayout()
        form.addRow(_("Amount before the discount"), QLabel(format_rupiah(base)))
        form.addRow(kinds)
        form.addRow(_("Discount"), self.value)
        form.addRow(_("Reason"), self.reason)
        form.addRow(self.preview)
        buttons = ok_cancel_buttons(self, _("Give the discount"), self.on_ok)
        if current is not None:
            remove = buttons.addButton(_("Remove discount"), QDialogButtonBox.ButtonRole.ResetRole)
            remove.clicked.connect(lambda: self.done(self.REMOVE))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        (self.rupiah if current and current.kind == AMOUNT else self.percent).setChecked(True)
        if current is not None:
            self.value.setText(str(current.value))
            self.reason.setText(current.reason)
        self.value.textChanged.connect(self.on_changed)
        self.percent.toggled.connect(self.on_changed)
        self.value.setFocus()
        self.on_changed()

    def _read(self) -> Discount:
        kind = PERCENT if self.percent.isChecked() else AMOUNT
        text = self.value.text()
        value = _parse_percent(text) if kind == PERCENT else parse_rupiah(text)
        return make_discount(kind, value, self.reason.text() or "-")

    @Slot()
    def on_changed(self) -> None:
        try:
            discount = self._read()
            off = check_fits(discount, self.base)
        except PosError:
            self.preview.setText("")
            return
        self.preview.setText(
            _("{off} off: {left} to pay").format(
                off=format_rupiah(off), left=format_rupiah(self.base - off)
            )
        )

    @Slot()
    def on_ok(self) -> None:
        try:
            discount = self._read()
            discount = make_discount(discount.kind, discount.value, self.reason.text())
            check_fits(discount, self.base)
        except PosError as e:
            self.error.setText(e.message)
            return
        self.discount = discount
        self.accept()


def _approve_discount(
    parent: QWidget, db: Database, actor: Actor, discount: Discount, base: int
) -> Approved | Literal[False] | None:
    """None when no approval is needed, the approval, or False when it was not given."""
    limit = settings.discount_limit_of(db, actor.role)
    percent = discount.percent_of(base)
    if percent <= limit:
        return None

    approved = _grant(
        parent,
        db,
        actor,
        "discount",
        {"percent": percent},
        _("Approve a discount"),
        _("A discount of {percent}% is over the limit of {name} ({limit}%).").format(
            percent=percent, name=actor.name, limit=limit
        ),
        reason=discount.reason,
    )
    return approved if approved is not None else False


def _grant(
    parent: QWidget,
    db: Database,
    actor: Actor,
    action: str,
    detail: dict[str, int],
    title: str,
    what: str,
    reason: str = "",
) -> Approved | None:
    """Ask a supervisor to approve `action` through the approval dialog; None when cancelled."""

    def submit(pin: str | None, typed_reason: str) -> Approved:
        approval = approvals.grant(db, actor, action, pin or "", typed_reason, detail)
        assert approval.id is not None
        return Approved(approval.id, approval.approver.name)

    approved: Approved | None = ask_approval(parent, title, what, submit, reason=reason)
    return approved


def _ask_discount(
    parent: QWidget, db: Database, actor: Actor, title: str, base: int, current: Discount | None
) -> tuple[Discount | None, Approved | None] | None:
    """Ask for a discount on `base` (and an approval over the limit): the discount and its
    approval, (None, None) to remove it, or None when nothing changes."""
    dialog = DiscountDialog(title, base, current, parent)
    code = dialog.exec()
    if code == DiscountDialog.REMOVE:
        return None, None
    if not code or dialog.discount is None:
        return None
    approved = _approve_discount(parent, db, actor, dialog.discount, base)
    if approved is False:
        return None
    return dialog.discount, approved


def edit_line_discount(
    parent: QWidget, db: Database, actor: Actor, cart: Cart, row: int
) -> str | None:
    """Ask for line `row`'s discount (and an approval over the limit); the message to show,
    or None when nothing changed."""
    line = cart.lines[row]
    title = _("Discount on {name}").format(name=line.name)
    chosen = _ask_discount(parent, db, actor, title, line.gross, line.discount)
    if chosen is None:
        return None
    discount, approved = chosen
    cart.set_line_discount(row, discount, approved)
    if discount is None:
        return _("Discount removed.")
    return _("Discount {label} on {name}.").format(label=discount.label(), name=line.name)


def edit_sale_discount(parent: QWidget, db: Database, actor: Actor, cart: Cart) -> str | None:
    """Ask for the discount on the whole sale; as edit_line_discount."""
    title = _("Discount on the sale")
    chosen = _ask_discount(parent, db, actor, title, cart.subtotal, cart.discount)
    if chosen is None:
        return None
    discount, approved = chosen
    cart.set_discount(discount, approved)
    if discount is None:
        return _("Discount removed.")
    return _("Discount {label} on the sale.").format(label=discount.label())


def edit_price(parent: QWidget, db: Database, actor: Actor, cart: Cart, row: int) -> str | None:
    """Change line `row`'s price at the counter; a cashier needs a supervisor's approval."""
    from pos.ui.money_dialog import ask_amount

    line = cart.lines[row]
    price = ask_amount(
        parent,
        _("Change the price"),
        _("New unit price of {name} (catalog price {price}):").format(
            name=line.name, price=format_rupiah(line.list_price or line.unit_price)
        ),
        line.unit_price,
        _("Change the price"),
    )
    if price is None or price == line.unit_price:
        return None
    catalog_price = line.list_price if line.list_price is not None else line.unit_price
    approved: Approved | None = None
    if price != catalog_price and not actor.may("price_override"):
        approved = _grant(
            parent,
            db,
            actor,
            "price_override",
            {"product_id": line.product_id, "price": price},
            _("Approve a price change"),
            _("{name}: {old} → {new}").format(
                name=line.name, old=format_rupiah(catalog_price), new=format_rupiah(price)
            ),
        )
        if approved is None:
            return None
    cart.set_price(row, price, approved)
    return _("Price of {name}: {price}.").format(name=line.name, price=format_rupiah(price))
