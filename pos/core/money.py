"""Money is an integer number of rupiah, formatted only at the edges."""

import re
from typing import TYPE_CHECKING

from pos.core.errors import InvalidAmount
from pos.i18n import _, active_language

if TYPE_CHECKING:
    from typing_extensions import TypeIs  # narrows both ways (typing.TypeIs is 3.13)

Rupiah = int

# Rp1 triliun: far above any sale at a stand, low enough to catch a pasted barcode.
MAX_AMOUNT: Rupiah = 1_000_000_000_000

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")


def is_whole(value: object) -> "TypeIs[int]":
    """An int and not a bool (True is an int in Python): the only number money and counts take."""
    return isinstance(value, int) and not isinstance(value, bool)


def check_rupiah(amount: object) -> None:
    """An amount of cash counted or moved: whole rupiah from 0 to MAX_AMOUNT."""
    if not is_whole(amount):
        raise InvalidAmount(_("The amount must be a whole number of rupiah."))
    if amount < 0:
        raise InvalidAmount(_("The amount cannot be negative."))
    if amount > MAX_AMOUNT:
        raise InvalidAmount(_("The amount is too large."))


def format_rupiah(amount: Rupiah) -> str:
    """Rp30.000 style: dot thousands, no decimals, no space."""
    if not is_whole(amount):
        raise TypeError(f"money must be an int, got {type(amount).__name__}")
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


def format_number(amount: Rupiah) -> str:
    """30.000 style, for columns where the Rp prefix would be noise."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".")


def format_decimal(value: float, places: int = 1, signed: bool = False) -> str:
    """A measure that is not money (a percent, a file size) with `places` decimals, and the
    language's decimal mark: 12,5 in Indonesian, 12.5 in English. Thousands are not grouped."""
    text = f"{value:+.{places}f}" if signed else f"{value:.{places}f}"
    return text.replace(".", ",") if active_language() == "id" else text


def parse_rupiah(text: str) -> Rupiah:
    """Read what a cashier types: '30000', '30.000', 'Rp30.000', 'Rp 30.000', '30.000,00'."""
    cleaned = text.strip().replace(" ", "")
    if cleaned[:2].lower() == "rp":
        cleaned = cleaned[2:]
    if cleaned.endswith((",00", ",0", ",-")):
        cleaned = cleaned.rsplit(",", 1)[0]
    if not cleaned:
        raise InvalidAmount(_("Enter an amount."))
    if cleaned.startswith("-"):
        raise InvalidAmount(_("The amount cannot be negative."))
    if cleaned.isdigit() and cleaned.isascii():
        digits = cleaned
    elif _GROUPED.match(cleaned):
        digits = cleaned.replace(".", "")
    else:
        raise InvalidAmount(
            _("'{text}' is not an amount of rupiah. Type digits only, e.g. 50000.").format(
                text=text.strip()[:30]
            )
        )
    value = int(digits)
    if value > MAX_AMOUNT:
        raise InvalidAmount(_("The amount is too large."))
    return value
