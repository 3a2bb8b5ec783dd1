"""Code128 symbols for receipts and labels: their width in modules and drawing them, with
reportlab imported only when a symbol is measured or drawn."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

__all__ = ["bar_modules", "draw_code128"]


def bar_modules(text: str) -> int:
    """Width of the bars of `text` in modules, quiet zones not included."""
    from reportlab.graphics.barcode.code128 import Code128

    return round(float(Code128(text, barWidth=1, quiet=0, humanReadable=0).width))


def draw_code128(
    pdf: Canvas, text: str, module: float, height: float, quiet_modules: int, x: float, y: float
) -> None:
    """The bars of `text` with `quiet_modules` of quiet zone each side; (x, y) is the bottom left
    corner of the left quiet zone."""
    from reportlab.graphics.barcode.code128 import Code128

    quiet = quiet_modules * module
    symbol = Code128(
        text,
        barWidth=module,
        barHeight=height,
        quiet=1,
        lquiet=quiet,
        rquiet=quiet,
        humanReadable=0,
    )
    symbol.drawOn(pdf, x, y)
