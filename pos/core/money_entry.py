"""Reading an amount as it is typed: dots as you type, scanner bursts, implausible sums.

A USB barcode scanner is a keyboard: a stray scan into an amount field types a 12-digit
"amount" and Enter. Measured under Xvfb, `xdotool type --delay 0` sends a key every 0.1 ms and
xdotool's default delay one every 7 ms; scanners in keyboard mode send one every 1 to 16 ms
(one or two USB polls per key). A person on a number pad needs 80 ms or more between keys,
and even a rolled pair rarely comes under 30 ms twice in a row.
"""

from pos.core.errors import InvalidAmount
from pos.core.money import Rupiah, format_number, format_rupiah, parse_rupiah
from pos.i18n import _

# Keys closer together than this come from a scanner (or a script), not from fingers.
SCAN_KEY_GAP_MS = 30
# This many keys in a row that fast make a burst. Five, not three: the "00" and "000" keys of
# POS number pads send their zeros as fast as a scanner does.
SCAN_MIN_KEYS = 5

# Cash far above what is due is a scanned code or a slip, not money: over ten times what is due
# and over Rp10.000.000 at once (a furniture sale of Rp13.000.000 paid with notes still passes).
IMPLAUSIBLE_FACTOR = 10
IMPLAUSIBLE_FLOOR: Rupiah = 10_000_000

_SEPARATORS = ". "


class ScannedAmount(InvalidAmount):
    """Digits that arrived at scanner speed: taken for a scan, never for money."""


class ImplausibleAmount(InvalidAmount):
    """An amount so far above what is expected that it must be a mistake."""


def scanned_message() -> str:
    return _(
        "That arrived as fast as a barcode scanner types, so it is not taken as money. "
        "Clear the field and type the amount."
    )


class ScanDetector:
    """Tells a burst of keys from a scanner from a person typing, by the keys' timestamps."""

    def __init__(self) -> None:
        self._last: int | None = None
        self._run = 0
        self.scanned = False

    def key(self, at_ms: int, auto_repeat: bool = False) -> bool:
        """Count a key (a character or Enter) pressed at `at_ms`; True once a burst was seen.

        A held key repeating is a person, however fast the repeat rate: it starts a new run.
        """
        if auto_repeat:
            self._last, self._run = None, 0
            return self.scanned
        fast = self._last is not None and 0 <= at_ms - self._last < SCAN_KEY_GAP_MS
        self._run = self._run + 1 if fast else 1
        self._last = at_ms
        if self._run >= SCAN_MIN_KEYS:
            self.scanned = True
        return self.scanned

    def reset(self) -> None:
        """Forget what was typed: the field was cleared or its whole text typed over."""
        self._last, self._run, self.scanned = None, 0, False


def group_as_typed(text: str, cursor: int) -> tuple[str, int]:
    """Regroup digits with dots as they are typed: ('2000000', 7) -> ('2.000.000', 9).

    The cursor stays after the same digit. Text that parse_rupiah reads in another form (a
    pasted 'Rp200.000' or '30.000,00') becomes its digits grouped; anything else is left as it
    is, to be refused with a message when the amount is taken.
    """
    bare = "".join(ch for ch in text if ch not in _SEPARATORS)
    if not (bare.isascii() and bare.isdigit()):
        if not bare:
            return "", 0
        try:
            grouped = format_number(parse_rupiah(text))
        except InvalidAmount:
            return text, cursor
        return grouped, len(grouped)
    digits_before = sum(ch.isdigit() for ch in text[:cursor])
    zeros = len(bare) - len(bare.lstrip("0"))
    zeros = min(zeros, len(bare) - 1)  # "0" stays "0"
    bare = bare[zeros:]
    digits_before = max(0, digits_before - zeros)
    grouped = format_number(int(bare))
    return grouped, _position_after_digit(grouped, digits_before)


def _position_after_digit(text: str, n: int) -> int:
    if n <= 0:
        return 0
    seen = 0
    for index, ch in enumerate(text):
        if ch.isdigit():
            seen += 1
            if seen == n:
                return index + 1
    return len(text)


def skip_separator(text: str, cursor: int, backwards: bool) -> int:
    """Where Backspace (or Delete) should act so that it removes a digit, not a dot."""
    if backwards and 0 < cursor <= len(text) and text[cursor - 1] in _SEPARATORS:
        return cursor - 1
    if not backwards and 0 <= cursor < len(text) and text[cursor] in _SEPARATORS:
        return cursor + 1
    return cursor


def implausible(amount: Rupiah, expected: Rupiah) -> bool:
    """Whether `amount` is over ten times `expected` and over Rp10.000.000."""
    return amount > IMPLAUSIBLE_FLOOR and amount > IMPLAUSIBLE_FACTOR * max(expected, 0)


def check_cash_received(received: Rupiah, due: Rupiah) -> None:
    """Refuse cash received that cannot be real for what is due (e.g. a scanned barcode)."""
    if implausible(received, due):
        raise ImplausibleAmount(
            _(
                "{received} received for {due} to pay cannot be right: was a barcode scanned "
                "into the amount? Clear it and type the cash received."
            ).format(received=format_rupiah(received), due=format_rupiah(due))
        )


def check_plausible(amount: Rupiah, expected: Rupiah) -> None:
    """Refuse a cash amount (float, cash in or out, count) far beyond what the drawer holds."""
    if implausible(amount, expected):
        raise ImplausibleAmount(
            _(
                "{amount} is far more than a cash drawer holds: was a barcode scanned into the "
                "amount? Clear it and type the amount."
            ).format(amount=format_rupiah(amount))
        )
