"""Barcodes: what a scanner can send us, GS1 check digits, and in-store EAN-13 codes."""

from dataclasses import dataclass
from enum import Enum

from pos.core.errors import InvalidBarcode
from pos.i18n import _

MAX_CODE_LENGTH = 48
GS1_LENGTHS = {8: "EAN8", 12: "UPCA", 13: "EAN13"}
INSTORE_PREFIXES = range(20, 30)


class CodeKind(Enum):
    """The symbologies a scanned code can be."""

    EAN13 = "EAN13"
    EAN8 = "EAN8"
    UPCA = "UPCA"
    CODE128 = "CODE128"


@dataclass(frozen=True)
class ScannedCode:
    """A code read from the scan field, checked and ready to look up."""

    kind: CodeKind
    value: str

    def lookup_keys(self) -> tuple[str, ...]:
        """Codes a product may be stored under: a UPC-A is also its EAN-13 with a leading 0."""
        if self.kind is CodeKind.UPCA:
            return (self.value, "0" + self.value)
        if self.kind is CodeKind.EAN13 and self.value.startswith("0"):
            return (self.value, self.value[1:])
        return (self.value,)


def gs1_check_digit(body: str) -> int:
    """Check digit for a GS1 code body (EAN-8, UPC-A, EAN-13 without their last digit)."""
    if not body.isdigit() or not body.isascii():
        raise ValueError(f"GS1 body must be digits: {body!r}")
    # Weights run 3,1,3,1... from the rightmost digit of the body.
    total = 3 * sum(map(int, body[-1::-2])) + sum(map(int, body[-2::-2]))
    return (10 - total % 10) % 10


def is_valid_gs1(code: str) -> bool:
    if not (code.isdigit() and code.isascii()) or len(code) not in GS1_LENGTHS:
        return False
    return gs1_check_digit(code[:-1]) == int(code[-1])


def parse_scan(text: str) -> ScannedCode:
    """Turn what the scanner (or a person) typed into a checked code, or raise InvalidBarcode.

    All-digit codes of 8, 12 or 13 digits are GS1 codes and must have a correct check digit.
    Anything else printable is Code128 text (an SKU or a shop's own code).
    """
    code = text.strip()
    if not code:
        raise InvalidBarcode(_("Nothing was scanned."))
    if len(code) > MAX_CODE_LENGTH:
        raise InvalidBarcode(
            _("The code is too long ({n} characters); a barcode has at most {max}.").format(
                n=len(code), max=MAX_CODE_LENGTH
            )
        )
    if not code.isprintable() or not code.isascii():
        raise InvalidBarcode(_("The code contains characters a barcode cannot have."))
    if code.isdigit() and len(code) in GS1_LENGTHS:
        if not is_valid_gs1(code):
            raise InvalidBarcode(
                _("The check digit of {code} is wrong: scan it again or type it carefully.").format(
                    code=code
                )
            )
        return ScannedCode(CodeKind(GS1_LENGTHS[len(code)]), code)
    return ScannedCode(CodeKind.CODE128, code)


def make_instore_ean13(prefix: int, number: int) -> str:
    """An in-store EAN-13 (GS1 prefixes 20-29 are for use inside one shop) for `number`."""
    if prefix not in INSTORE_PREFIXES:
        raise ValueError(f"in-store prefix must be 20-29, got {prefix}")
    if not 0 <= number < 10**10:
        raise ValueError(f"in-store number out of range: {number}")
    body = f"{prefix:02d}{number:010d}"
    return body + str(gs1_check_digit(body))
