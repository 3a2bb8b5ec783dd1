"""State-revenue (PNBP) deposit references: the SIMPONI billing code and the bank's NTPN."""

import re

from pos.core.errors import PosError
from pos.i18n import _

_BILLING = re.compile(r"\d{15}")
_NTPN = re.compile(r"[0-9A-Z]{16}")


class InvalidDeposit(PosError):
    """A deposit whose billing code, NTPN, bank, date or amount cannot be right."""


def billing_code(text: str) -> str:
    """The 15-digit SIMPONI billing code (kode billing); spaces and dashes between digits go."""
    code = re.sub(r"[\s-]", "", text)
    if _BILLING.fullmatch(code) is None:
        raise InvalidDeposit(_("A billing code is 15 digits."))
    return code


def ntpn(text: str) -> str:
    """The NTPN on the bank's receipt: 16 letters and digits (upper case)."""
    code = re.sub(r"[\s-]", "", text).upper()
    if _NTPN.fullmatch(code) is None:
        raise InvalidDeposit(_("An NTPN is 16 letters and digits."))
    return code
