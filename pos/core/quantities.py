"""Quantities as people type them: the `3*code` multiplier, signed adjustments, counts.

Pure functions, shared by the sale screen and the stock dialogs; every refusal is an
InvalidQuantity whose message a cashier understands.
"""

import re

from pos.core.errors import InvalidQuantity
from pos.core.money import is_whole
from pos.i18n import _

# The most of one product on one sale line.
MAX_QTY = 99_999
# The most one stock movement may move, either way.
MAX_MOVE = 1_000_000

# "3*8997700001012": three of the scanned product, as on most counter tills.
MULTIPLIED = re.compile(r"^(\d{1,5})\*(.+)$")
_SIGNED = re.compile(r"^[+-]?\d+$")
_MINUS_SIGNS = str.maketrans({"−": "-", "–": "-"})


def check_qty(qty: int) -> None:
    """A sale-line quantity: a whole number from 1 to MAX_QTY."""
    if not is_whole(qty):
        raise InvalidQuantity(_("The quantity must be a whole number."))
    if qty < 1:
        raise InvalidQuantity(_("The quantity must be at least 1."))
    if qty > MAX_QTY:
        raise InvalidQuantity(_("The quantity cannot be more than {max}.").format(max=MAX_QTY))


def parse_qty(text: str) -> int:
    """Read a quantity the cashier typed."""
    cleaned = text.strip()
    if not (cleaned.isdigit() and cleaned.isascii()):
        if cleaned.lstrip("-").isdigit():
            raise InvalidQuantity(_("The quantity must be at least 1."))
        raise InvalidQuantity(_("'{text}' is not a quantity.").format(text=cleaned[:20]))
    qty = int(cleaned)
    check_qty(qty)
    return qty


def split_multiplier(text: str) -> tuple[int, str]:
    """('12*code') -> (12, 'code'), the 12 checked by check_qty; a plain code counts once."""
    match = MULTIPLIED.match(text.strip())
    if not match:
        return 1, text
    qty = int(match.group(1))
    check_qty(qty)
    return qty, match.group(2)


def parse_signed_qty(text: str) -> int:
    """An adjustment typed by a person: '5' or '+5' adds, '-3' removes; never 0."""
    cleaned = text.strip().translate(_MINUS_SIGNS).replace(" ", "")
    if not cleaned:
        raise InvalidQuantity(_("Enter a quantity: 5 adds five, -3 removes three."))
    if not (cleaned.isascii() and _SIGNED.match(cleaned)):
        raise InvalidQuantity(_("'{text}' is not a quantity.").format(text=text.strip()[:20]))
    qty = int(cleaned)
    if qty == 0:
        raise InvalidQuantity(_("The quantity cannot be 0: 5 adds five, -3 removes three."))
    if abs(qty) > MAX_MOVE:
        raise InvalidQuantity(_("The quantity is too large."))
    return qty


def parse_count(text: str) -> int | None:
    """A counted quantity: a whole number, 0 or more; empty means not counted (None)."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if not (cleaned.isascii() and cleaned.isdigit()):
        if cleaned.isascii() and _SIGNED.match(cleaned):
            raise InvalidQuantity(_("A counted quantity must be a whole number, 0 or more."))
        raise InvalidQuantity(_("'{text}' is not a quantity.").format(text=cleaned[:20]))
    qty = int(cleaned)
    if qty > MAX_MOVE:
        raise InvalidQuantity(_("The quantity is too large."))
    return qty


def signed(qty: int) -> str:
    """A quantity with its sign: +5, -3, 0."""
    return f"+{qty}" if qty > 0 else str(qty)
