"""QR codes of QRIS payloads (segno): the module matrix to draw on screen, and PNG bytes."""

import io

import segno

# Error correction M, as QRIS stickers use: survives a smudge on a phone's photo of a screen.
ERROR = "m"
# White modules around the code (the quiet zone) that readers need.
QUIET_ZONE = 4


def qr_matrix(payload: str) -> list[list[bool]]:
    """The code's modules, row by row, True for dark; without the quiet zone."""
    code = segno.make(payload, error=ERROR, micro=False, boost_error=False)
    return [[bool(module) for module in row] for row in code.matrix]


def qr_png(payload: str, scale: int = 8) -> bytes:
    """The code as a black-on-white PNG, `scale` pixels a module, with its quiet zone."""
    code = segno.make(payload, error=ERROR, micro=False, boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=QUIET_ZONE)
    return out.getvalue()
