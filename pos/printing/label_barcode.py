"""The barcode on a label: its size, with bars of whole printer dots, and drawing it with
reportlab's vector barcodes (they decode far more reliably on small labels than raster ones)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from pos.i18n import _
from pos.printing.code128 import bar_modules, draw_code128
from pos.printing.label_templates import PT_PER_MM, LabelError, LabelTemplate, Row
from pos.printing.text import FONT, text_width

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

__all__ = ["QUIET", "Box", "PlacedBarcode", "Symbol", "draw_barcode", "size_barcode"]

DIGIT_EM = 0.63623  # width of a DejaVu Sans digit, in em
# Quiet zones in modules: GS1 asks 11 left and 7 right of an EAN-13, 7 and 7 for an EAN-8.
QUIET = {"EAN13": (11, 7), "EAN8": (7, 7), "CODE128": (10, 10)}
SYMBOL_MODULES = {"EAN13": 95, "EAN8": 67}

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pt from the label's bottom-left


@dataclass(frozen=True)
class Symbol:
    """The barcode printed for an item: kind, and the text a scanner reads back."""

    kind: str  # "EAN13", "EAN8" or "CODE128"
    value: str


@dataclass(frozen=True)
class PlacedBarcode:
    """The symbol with its quiet zones (x, y: bottom-left of the left quiet zone)."""

    symbol: Symbol
    x: float
    y: float
    module: float  # pt
    dots: int  # printer dots per module
    modules: int  # including the quiet zones
    bar_height: float  # pt, above the digits
    digits_size: float

    @property
    def digits_height(self) -> float:
        return 1.2 * self.digits_size

    @property
    def width(self) -> float:
        return self.modules * self.module

    @property
    def height(self) -> float:
        return self.bar_height + self.digits_height

    @property
    def box(self) -> Box:
        return (self.x, self.y, self.x + self.width, self.y + self.height)

    @property
    def bars_box(self) -> Box:
        left, right = QUIET[self.symbol.kind]
        return (
            self.x + left * self.module,
            self.y,
            self.x + self.width - right * self.module,
            self.y + self.height,
        )


def symbol_modules(symbol: Symbol) -> int:
    """Width of the symbol in modules, quiet zones included."""
    left, right = QUIET[symbol.kind]
    if symbol.kind in SYMBOL_MODULES:
        return SYMBOL_MODULES[symbol.kind] + left + right
    return bar_modules(symbol.value) + left + right


def size_barcode(t: LabelTemplate, symbol: Symbol, row: Row, name: str) -> PlacedBarcode:
    """`symbol` for `row` of a label of `t`, at the origin: its module is the widest number of
    whole dots the template allows that fits the label, quiet zones included; `name` (the
    product's) is for the message when none fits."""
    modules = symbol_modules(symbol)
    room = (t.label_width - 2 * t.padding_x) * PT_PER_MM - t.dot  # a dot spare for the grid
    for dots in sorted(t.module_dots, reverse=True):
        module = dots * t.dot
        if modules * module <= room:
            break
    else:
        raise LabelError(
            _("The code {code} of {name} is too long for this label; choose a wider one.").format(
                code=symbol.value, name=name
            )
        )
    left, right = QUIET[symbol.kind]
    if symbol.kind == "EAN13":  # 6 digits under 42 modules, with a little air
        fit = 39 * module / (6 * DIGIT_EM)
    elif symbol.kind == "EAN8":  # 4 digits under 28 modules
        fit = 25 * module / (4 * DIGIT_EM)
    else:
        fit = (modules - left - right) * module / text_width(symbol.value, FONT, 1.0)
    return PlacedBarcode(
        symbol=symbol,
        x=0.0,
        y=0.0,
        module=module,
        dots=dots,
        modules=modules,
        bar_height=row.min_height * PT_PER_MM,
        digits_size=min(row.digits_size, fit),
    )


def draw_barcode(pdf: Canvas, bc: PlacedBarcode) -> None:
    """Bars, quiet zones and digits of `bc` on the canvas, at its place."""
    kind, value = bc.symbol.kind, bc.symbol.value
    if kind == "CODE128":
        y = bc.y + bc.digits_height
        draw_code128(pdf, value, bc.module, bc.bar_height, QUIET[kind][0], bc.x, y)
        pdf.setFont(FONT, bc.digits_size)
        pdf.drawCentredString(bc.x + bc.width / 2, bc.y + 0.2 * bc.digits_height, value)
        return
    from reportlab.graphics.shapes import Rect, String

    widget_class = _ean_widgets()[kind]
    left, right = QUIET[kind]
    # The widget counts quiet zones up from a length; half a module more keeps float error
    # from rounding them down.
    widget = widget_class(
        value[:-1],
        x=0,
        y=0,
        barWidth=bc.module,
        barHeight=bc.height,
        fontName=FONT,
        fontSize=bc.digits_size,
        lquiet=(left + 0.5) * bc.module,
        rquiet=(right + 0.5) * bc.module,
    )
    # Drawn from the widget's shapes straight onto the canvas: renderPDF does the same with
    # more overhead per shape. At the origin, moved by the canvas: the EAN-8 widget forgets
    # its own x for the digits.
    pdf.saveState()
    pdf.translate(bc.x, bc.y)
    for shape in widget.draw().contents:
        if isinstance(shape, Rect) and shape.fillColor is not None:
            pdf.rect(shape.x, shape.y, shape.width, shape.height, stroke=0, fill=1)
        elif isinstance(shape, String):
            pdf.setFont(shape.fontName, shape.fontSize)
            draw = pdf.drawCentredString if shape.textAnchor == "middle" else pdf.drawString
            draw(shape.x, shape.y, shape.text)
    pdf.restoreState()


@cache
def _ean_widgets() -> dict[str, type]:
    """reportlab's EAN widgets, taking quiet zones as lengths as their code does.

    WORKAROUND: reportlab 4/5 declares `lquiet`/`rquiet` as booleans in the widgets' AttrMap
    (so setting a length raises), while `_calc_quiet()` reads them as lengths in points.
    """
    from reportlab.graphics.barcode.eanbc import Ean8BarcodeWidget, Ean13BarcodeWidget
    from reportlab.lib.attrmap import AttrMap, AttrMapValue
    from reportlab.lib.validators import isNumber

    class Ean13(Ean13BarcodeWidget):  # type: ignore[misc]
        """EAN-13 with quiet zones as lengths."""

        _attrMap = AttrMap(
            BASE=Ean13BarcodeWidget,
            lquiet=AttrMapValue(isNumber, desc="left quiet zone, pt"),
            rquiet=AttrMapValue(isNumber, desc="right quiet zone, pt"),
        )

    class Ean8(Ean8BarcodeWidget):  # type: ignore[misc]
        """EAN-8 with quiet zones as lengths."""

        _attrMap = AttrMap(
            BASE=Ean8BarcodeWidget,
            lquiet=AttrMapValue(isNumber, desc="left quiet zone, pt"),
            rquiet=AttrMapValue(isNumber, desc="right quiet zone, pt"),
        )

    return {"EAN13": Ean13, "EAN8": Ean8}
