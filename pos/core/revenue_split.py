"""Revenue splits: named shares in basis points of a base, divided in whole rupiah.

The rule for the rupiah: each share is the base times its basis points divided by 10000,
rounded toward zero; what rounding leaves over (always fewer rupiah than there are shares) goes
to one named share, the split's `remainder_to`. So the shares add up to the base exactly,
and a negative base (a loss) is shared out the same way with every sign turned.
"""

import re
from dataclasses import dataclass

from pos.core.errors import PosError
from pos.i18n import _, active_language

WHOLE = 10000  # basis points in 100 %
BASES = ("sales", "profit")
MAX_SHARES = 12
MAX_NAME = 40
_NAME = re.compile(r"[^\W\d_][\w .-]*")
_PERCENT = re.compile(r"(\d{1,3})(?:[.,](\d{1,2}))?%?")
_BASIS_POINTS = re.compile(r"(\d{1,5})bp", re.IGNORECASE)


class InvalidSplit(PosError):
    """A revenue split that cannot be used: bad names, shares not adding up to 100 %..."""


@dataclass(frozen=True)
class Share:
    """One named share of a split, in basis points (1 % = 100)."""

    name: str
    bp: int

    @property
    def percent_text(self) -> str:
        whole, rest = divmod(self.bp, 100)
        mark = "," if active_language() == "id" else "."
        return f"{whole}%" if rest == 0 else f"{whole}{mark}{rest:02d}%"


def check_name(name: str) -> str:
    """A share's name as given, or InvalidSplit: a letter first, then letters, digits, space."""
    name = name.strip()
    if not name or len(name) > MAX_NAME or _NAME.fullmatch(name) is None:
        raise InvalidSplit(
            _(
                "A share's name must start with a letter and hold only letters, digits, "
                "spaces, dots and dashes (at most {n} characters): {name!r}."
            ).format(n=MAX_NAME, name=name[:MAX_NAME])
        )
    return name


def parse_share(text: str) -> Share:
    """'premi=50' (percent), 'premi=12.5', 'premi=12,5%' or 'premi=1250bp' -> Share."""
    name, sep, amount = text.partition("=")
    if not sep:
        raise InvalidSplit(
            _("Write each share as NAME=PERCENT, e.g. premi=50: {text!r}.").format(text=text[:60])
        )
    name = check_name(name)
    amount = amount.strip()
    if amount.startswith("-"):
        raise InvalidSplit(_("A share cannot be negative: {text!r}.").format(text=text[:60]))
    bp: int | None = None
    if match := _BASIS_POINTS.fullmatch(amount):
        bp = int(match.group(1))
    elif match := _PERCENT.fullmatch(amount):
        bp = int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))
    if bp is None or bp > WHOLE:
        raise InvalidSplit(
            _(
                "A share is a percent from 0 to 100 (at most two decimals) or basis points "
                "like 1250bp: {text!r}."
            ).format(text=text[:60])
        )
    return Share(name, bp)


def check_shares(shares: list[Share], remainder_to: str) -> None:
    """Refuse shares that do not make 100 % exactly, repeat a name, or a remainder share
    that is not one of them."""
    if not shares:
        raise InvalidSplit(_("A split needs at least one share."))
    if len(shares) > MAX_SHARES:
        raise InvalidSplit(_("A split has at most {n} shares.").format(n=MAX_SHARES))
    names = [s.name.casefold() for s in shares]
    if len(set(names)) != len(names):
        raise InvalidSplit(_("Each share needs its own name."))
    if any(s.bp < 0 for s in shares):
        raise InvalidSplit(_("A share cannot be negative."))
    total = sum(s.bp for s in shares)
    if total != WHOLE:
        raise InvalidSplit(
            _("The shares add up to {total}, not 100%.").format(total=Share("", total).percent_text)
        )
    if remainder_to.casefold() not in names:
        raise InvalidSplit(
            _(
                "The rupiah left over by rounding go to a share of the split; {name!r} is not one."
            ).format(name=remainder_to[:MAX_NAME])
        )


def check_base(base: str) -> str:
    if base not in BASES:
        raise InvalidSplit(_("The base is sales or profit, not {base!r}.").format(base=base[:20]))
    return base


def allocate(base: int, shares: list[Share], remainder_to: str) -> dict[str, int]:
    """Each share's rupiah of `base`: rounded toward zero, the remainder to `remainder_to`."""
    sign = -1 if base < 0 else 1
    magnitude = abs(base)
    amounts = {s.name: magnitude * s.bp // WHOLE for s in shares}
    left = magnitude - sum(amounts.values())
    target = next(s.name for s in shares if s.name.casefold() == remainder_to.casefold())
    amounts[target] += left
    return {name: sign * amount for name, amount in amounts.items()}
