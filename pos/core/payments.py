"""Settling a total with split payments: non-cash amounts first, the rest in cash with change."""

from dataclasses import dataclass

from pos.core.errors import PaymentTooSmall, PosError
from pos.core.money import format_rupiah, is_whole
from pos.core.money_entry import check_cash_received
from pos.core.text import has_control_chars
from pos.i18n import N_, _

CASH = "tunai"
METHODS = {
    "tunai": N_("Cash"),
    "qris": N_("QRIS"),
    "transfer": N_("Bank transfer"),
    "debit": N_("Debit/EDC"),
    "lainnya": N_("Other"),
}
# A sale that hands over an order (pos.services.orders) is paid by the order's own payments
# (kuitansi), counted where they were received: this method is never offered at the counter.
BY_ORDER = "pesanan"
_OTHER_LABELS = {BY_ORDER: N_("Paid by order")}
# The lengths of the payments.reference and payments.bank columns (a test keeps them in step).
MAX_REFERENCE = 80
MAX_BANK = 40
NEEDS_REFERENCE = {"qris", "transfer"}
NEEDS_BANK = {"transfer"}
DENOMINATIONS = (100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100)


class PaymentProblem(PosError):
    """A payment that cannot be accepted as entered."""


@dataclass(frozen=True)
class NonCashPayment:
    """A payment other than cash, as the cashier entered it (QRIS, transfer...)."""

    method: str
    amount: int
    reference: str | None = None
    bank: str | None = None
    confirmed: bool = False


@dataclass(frozen=True)
class Settled:
    """One payment of a sale as it settles the total, with the change it gives."""

    method: str
    amount: int  # what this payment settles of the total
    tendered: int
    change: int
    reference: str | None
    bank: str | None
    confirmed: bool


def _check_text(text: str | None, max_chars: int, what: str) -> None:
    """A reference or bank typed by the cashier: it goes on the receipt and into the export."""
    if text is None:
        return
    if len(text) > max_chars:
        raise PaymentProblem(
            _("{what} is longer than {n} characters.").format(what=what, n=max_chars)
        )
    if has_control_chars(text):
        raise PaymentProblem(
            _("{what} cannot contain control characters (such as NUL or tab).").format(what=what)
        )


def method_label(method: str) -> str:
    if method in METHODS:
        return _(METHODS[method])
    return _(_OTHER_LABELS[method]) if method in _OTHER_LABELS else method


def require_accepted(payments: list[Settled], accepted: tuple[str, ...]) -> None:
    """Refuse a payment by a method the stand does not take (the setting payment.methods)."""
    for p in payments:
        if p.method not in accepted:
            raise PaymentProblem(
                _("{method} is not accepted at this stand.").format(method=method_label(p.method))
            )


def settle(total: int, non_cash: list[NonCashPayment], cash_tendered: int) -> list[Settled]:
    """Check the payments against the total; the cash part pays what the others leave.

    Change comes only from cash; a non-cash payment needs the cashier's confirmation that the
    money arrived, and QRIS or a transfer needs its reference (and a transfer its bank).
    """
    settled: list[Settled] = []
    paid = 0
    for p in non_cash:
        if p.method == CASH or p.method not in METHODS:
            raise PaymentProblem(_("Unknown payment method {method}.").format(method=p.method))
        if not is_whole(p.amount) or p.amount <= 0:
            raise PaymentProblem(_("A payment amount must be more than Rp0."))
        reference = (p.reference or "").strip() or None
        bank = (p.bank or "").strip() or None
        label = method_label(p.method)
        _check_text(reference, MAX_REFERENCE, _("The {method} reference").format(method=label))
        _check_text(bank, MAX_BANK, _("The bank of the transfer"))
        if p.method in NEEDS_REFERENCE and reference is None:
            raise PaymentProblem(_("Enter the {method} reference.").format(method=label))
        if p.method in NEEDS_BANK and bank is None:
            raise PaymentProblem(_("Enter the bank of the transfer."))
        if not p.confirmed:
            raise PaymentProblem(
                _("Confirm that the {method} payment of {amount} has arrived.").format(
                    method=label, amount=format_rupiah(p.amount)
                )
            )
        paid += p.amount
        settled.append(Settled(p.method, p.amount, p.amount, 0, reference, bank, True))
    if paid > total:
        raise PaymentProblem(
            _(
                "Non-cash payments ({paid}) are more than the total ({total}); "
                "change is given only from cash."
            ).format(paid=format_rupiah(paid), total=format_rupiah(total))
        )
    cash_due = total - paid
    if cash_tendered < 0:
        raise PaymentProblem(_("The amount cannot be negative."))
    if cash_tendered < cash_due:
        raise PaymentTooSmall(
            _("The amount tendered ({tendered}) is less than the total ({total}).").format(
                tendered=format_rupiah(cash_tendered), total=format_rupiah(cash_due)
            )
        )
    check_cash_received(cash_tendered, cash_due)
    if cash_due > 0 or not settled:
        settled.insert(
            0, Settled(CASH, cash_due, cash_tendered, cash_tendered - cash_due, None, None, True)
        )
    elif cash_tendered > 0:
        raise PaymentProblem(_("Nothing is left to pay in cash."))
    return settled


def count_total(pieces: dict[int, int]) -> int:
    """Cash counted per denomination (notes and coins) -> total rupiah."""
    total = 0
    for denomination, count in pieces.items():
        if denomination not in DENOMINATIONS:
            raise PosError(_("Rp{value} is not a note or coin.").format(value=denomination))
        if not is_whole(count) or count < 0:
            raise PosError(_("A count must be a whole number, 0 or more."))
        total += denomination * count
    return total
