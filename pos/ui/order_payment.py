"""Taking an order payment (the amount, then the counter's payment dialog) and cancelling an
order (the DP paid back or kept, with a supervisor's approval)."""

from PySide6.QtWidgets import QInputDialog, QWidget

from pos.core.errors import PosError
from pos.core.money import format_rupiah
from pos.core.payments import CASH
from pos.db.session import Database
from pos.i18n import _
from pos.services import order_pickup, orders, settings
from pos.services.auth import Actor
from pos.services.order_data import OrderView
from pos.services.orders import OrderPaid
from pos.ui.approval_dialog import ask_approval
from pos.ui.errors import show_error
from pos.ui.money_dialog import AmountDialog


def take_payment(parent: QWidget, db: Database, actor: Actor, order: OrderView) -> OrderPaid | None:
    """Ask how much (the balance by default), then take it as at the counter: cash with change,
    QRIS, transfer or split. None when cancelled; a refusal is shown and nothing changes."""
    from pos.ui.split_payment_dialog import SplitPaymentDialog

    if order.balance <= 0:
        show_error(parent, _("Order {no} is paid in full.").format(no=order.order_no))
        return None
    ask = AmountDialog(
        _("Payment for {no}").format(no=order.order_no),
        _("Balance {balance}. How much is paid now (DP, instalment or the rest)?").format(
            balance=format_rupiah(order.balance)
        ),
        order.balance,
        _("Next"),
        parent,
    )
    if not ask.exec() or ask.value is None:
        return None
    amount = ask.value
    methods = list(settings.get(db, settings.PAYMENT_METHODS))
    dialog = SplitPaymentDialog(amount, methods, parent=parent)
    dialog.setWindowTitle(_("Payment for {no}").format(no=order.order_no))
    if not dialog.exec() or dialog.cash_tendered is None:
        return None
    try:
        return orders.pay(db, actor, order.order_no, amount, dialog.non_cash, dialog.cash_tendered)
    except PosError as e:
        show_error(parent, e)
        return None


def ask_cancel(
    parent: QWidget, db: Database, actor: Actor, order: OrderView
) -> tuple[str | None, int] | None:
    """Pay back or keep what was paid, then the approval dialog; None when cancelled."""
    refund = False
    if order.paid > 0:
        back = _("Pay {amount} back in cash").format(amount=format_rupiah(order.paid))
        keep = _("Keep {amount} (the DP is forfeited)").format(amount=format_rupiah(order.paid))
        choice, ok = QInputDialog.getItem(
            parent, _("Cancel order"), _("What happens to the money paid?"), [back, keep], 0, False
        )
        if not ok:
            return None
        refund = choice == back
    what = _("Cancel order {no} of {customer}.").format(no=order.order_no, customer=order.customer)
    result: tuple[str | None, int] | None = ask_approval(
        parent,
        _("Cancel order"),
        what,
        lambda pin, reason: order_pickup.cancel(
            db, actor, order.order_no, refund, reason, pin, CASH
        ),
        not actor.may("cancel_order"),
    )
    return result
