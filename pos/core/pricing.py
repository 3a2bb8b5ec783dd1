"""Discounts in whole rupiah: line and sale discounts, role limits, the split for the books.

Rounding rules (README "Discounts"):
- A percent discount is a whole percent from 1 to 100. Its amount is rounded UP to the rupiah,
  so the price the customer pays is rounded DOWN: the fraction of a rupiah goes to the customer.
  10 % of Rp15 is Rp2 off (Rp13 to pay), never Rp1.
- A rupiah discount is taken as typed; it may not be more than what it discounts.
- A discount is checked against a role's limit by its percent of what it discounts, rounded UP
  (Rp1.001 off Rp10.000 is 10.01 %, so more than a 10 % limit).
- The sale discount is spread over the lines in proportion to each line's amount after its own
  discount. Each share is rounded down; the rupiah left over go one each to the lines with the
  largest dropped fractions, ties to the earlier line. The shares add up exactly to the sale
  discount and no share is more than its line, so every line's net amount is whole and the
  lines add up exactly to the sale total.
- A return of part of a line gives back its share of the line's net amount, rounded down, the
  rupiah left over going to the last units returned: returning all units in any number of steps
  gives back exactly the line's net amount.
"""

from dataclasses import dataclass

from pos.core.errors import PosError
from pos.core.money import MAX_AMOUNT, Rupiah, format_rupiah, is_whole
from pos.core.text import has_control_chars
from pos.i18n import _

PERCENT = "percent"
AMOUNT = "amount"
KINDS = (PERCENT, AMOUNT)
MAX_REASON = 200  # characters of a reason (discount, void, refund, approval)


class DiscountProblem(PosError):
    """A discount that cannot be given as typed."""


class ReasonProblem(PosError):
    """A reason that is missing, too long or holds control characters."""


def clean_reason(text: str, required: bool = True) -> str:
    """A reason as stored: whitespace runs made one space; refused when empty (if required),
    longer than MAX_REASON characters or holding control characters. Stored literally."""
    if not isinstance(text, str):
        raise ReasonProblem(_("Write the reason."))
    if has_control_chars(text, allow_line_breaks=True):
        raise ReasonProblem(_("The reason holds characters that cannot be stored."))
    cleaned = " ".join(text.split())
    if required and not cleaned:
        raise ReasonProblem(_("Write the reason."))
    if len(cleaned) > MAX_REASON:
        raise ReasonProblem(
            _("The reason is too long: at most {max} characters.").format(max=MAX_REASON)
        )
    return cleaned


@dataclass(frozen=True)
class Discount:
    """A discount as typed: a whole percent (1-100) or an amount of rupiah, with its reason."""

    kind: str  # PERCENT or AMOUNT
    value: int
    reason: str

    def amount_off(self, base: Rupiah) -> Rupiah:
        """Rupiah off `base`; a percent rounds up (the customer pays the rounded-down price)."""
        if self.kind == PERCENT:
            return -(-base * self.value // 100)
        return min(self.value, base)

    def percent_of(self, base: Rupiah) -> int:
        """The discount as a whole percent of `base`, rounded up (for the role limits)."""
        if self.kind == PERCENT:
            return self.value
        if base <= 0:
            return 100 if self.value > 0 else 0
        return -(-self.value * 100 // base)

    def label(self) -> str:
        """'10%' or 'Rp5.000': how receipts and the cart show it."""
        return f"{self.value}%" if self.kind == PERCENT else format_rupiah(self.value)

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "value": self.value, "reason": self.reason}

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> "Discount":
        value = raw["value"]
        if not isinstance(value, int):
            raise ValueError("discount value must be an int")
        return make_discount(str(raw["kind"]), value, str(raw["reason"]))


def make_discount(kind: str, value: int, reason: str) -> Discount:
    """A checked Discount: refuses an unknown kind, 0 or less, over 100 % and an empty reason."""
    if kind not in KINDS:
        raise DiscountProblem(_("Choose a discount in percent or in rupiah."))
    if not is_whole(value):
        raise DiscountProblem(_("The discount must be a whole number."))
    if value <= 0:
        raise DiscountProblem(_("The discount must be more than 0."))
    if kind == PERCENT and value > 100:
        raise DiscountProblem(_("A discount cannot be more than 100%."))
    if kind == AMOUNT and value > MAX_AMOUNT:
        raise DiscountProblem(_("The amount is too large."))
    return Discount(kind, value, clean_reason(reason))


def check_fits(discount: Discount, base: Rupiah) -> Rupiah:
    """The rupiah off `base`; refuses a rupiah discount larger than `base`."""
    if discount.kind == AMOUNT and discount.value > base:
        raise DiscountProblem(
            _("The discount ({discount}) is more than the amount it discounts ({total}).").format(
                discount=format_rupiah(discount.value), total=format_rupiah(base)
            )
        )
    return discount.amount_off(base)


def within_limit(discount: Discount, base: Rupiah, max_percent: int) -> bool:
    """Whether a role whose limit is `max_percent` may give `discount` on `base` alone."""
    return discount.percent_of(base) <= max_percent


def spread(amount: Rupiah, weights: list[Rupiah]) -> list[Rupiah]:
    """Split `amount` over lines in proportion to `weights` (largest-remainder, see above)."""
    whole = sum(weights)
    if amount < 0 or any(w < 0 for w in weights):
        raise ValueError("amounts and weights must not be negative")
    if amount > whole:
        raise ValueError("cannot spread more than the weights add up to")
    if amount == 0 or whole == 0:
        return [0] * len(weights)
    shares = [amount * w // whole for w in weights]
    remainders = [amount * w % whole for w in weights]
    left = amount - sum(shares)
    # Largest dropped fraction first; sorted() is stable, so ties keep the earlier line first.
    for index in sorted(range(len(weights)), key=lambda i: -remainders[i])[:left]:
        shares[index] += 1
    return shares


def refund_share(net: Rupiah, sold: int, returned_before: int, qty: int) -> Rupiah:
    """The part of a line's `net` amount that `qty` more units returned give back."""
    if qty < 1 or returned_before < 0 or returned_before + qty > sold:
        raise ValueError("returned quantity out of range")
    return net * (returned_before + qty) // sold - net * returned_before // sold
