"""Pages for a thermal receipt roll: rows of text and rules measured top-down, then drawn on one
PDF page as wide as the roll and as tall as the content. Receipts and shift reports use it."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from pos.printing.code128 import bar_modules, draw_code128
from pos.printing.text import FONT, ensure_fonts, text_width, wrap_text

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

__all__ = [
    "ITEM_INDENT_PT",
    "ROLLS",
    "Align",
    "PlacedText",
    "RollLayout",
    "RollSpec",
    "render_roll",
]

PT_PER_MM = 72 / 25.4
ITEM_INDENT_PT = 2 * PT_PER_MM  # one level of indentation, e.g. "qty x price" under a product
_LEADING = 1.25  # line height as a multiple of the font size
_BASELINE = 0.95  # baseline below the row top: leaves room for DejaVu's descenders
_PAIR_GAP_PT = 6.0  # least space between a left text and a right-aligned amount
_RULE_HEIGHT = 0.7  # a rule's row, as a multiple of the base leading
_GAP = 0.25  # a gap setting rows apart, as a multiple of the base leading

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class RollSpec:
    """Page geometry and font sizes for one roll width."""

    width_mm: int
    margin_mm: float
    size: float  # body text, pt
    big: float  # stand name, status note and total, pt

    @property
    def width(self) -> float:
        return self.width_mm * PT_PER_MM

    @property
    def margin(self) -> float:
        return self.margin_mm * PT_PER_MM

    @property
    def content_width(self) -> float:
        return self.width - 2 * self.margin


# 58 mm printers print only ~48 mm, so their text is smaller and the margins tighter.
ROLLS = {
    80: RollSpec(width_mm=80, margin_mm=4, size=8.5, big=10.5),
    58: RollSpec(width_mm=58, margin_mm=3, size=7.5, big=9.0),
}


@dataclass(frozen=True)
class PlacedText:
    """A string at its final place: x from the left edge, baseline y from the top edge."""

    text: str
    font: str
    size: float
    x: float
    y: float

    @property
    def width(self) -> float:
        return text_width(self.text, self.font, self.size)


DOT_PT = 72 / 203  # one dot of a 203 dpi thermal printer
BARCODE_DOTS = (3, 2)  # module widths to try, widest first
BARCODE_HEIGHT_PT = 10 * PT_PER_MM
QUIET_MODULES = 10


@dataclass(frozen=True)
class PlacedCode:
    """A Code128 symbol: x of its left quiet zone, top y from the top edge, module width."""

    text: str
    x: float
    y: float
    module: float
    height: float


def _code128_modules(text: str) -> int:
    return bar_modules(text) + 2 * QUIET_MODULES


@dataclass
class RollLayout:
    """Everything to draw, measured top-down, so the page height is known before drawing."""

    spec: RollSpec
    texts: list[PlacedText] = field(default_factory=list)
    rules: list[float] = field(default_factory=list)  # y of each rule, from the top
    barcodes: list[PlacedCode] = field(default_factory=list)
    cursor: float = 0.0  # top of the next row, from the top edge

    @classmethod
    def for_roll(cls, width_mm: int) -> RollLayout:
        """An empty layout on a `width_mm` roll; ValueError for a width we do not support."""
        if width_mm not in ROLLS:
            raise ValueError(f"roll width must be 80 or 58 mm, got {width_mm!r}")
        ensure_fonts()
        spec = ROLLS[width_mm]
        return cls(spec=spec, cursor=spec.margin)

    @property
    def height(self) -> float:
        return self.cursor + self.spec.margin

    def add_paragraphs(self, text: str, font: str, size: float, align: Align) -> None:
        """Each "\\n"-separated paragraph wrapped; a blank paragraph leaves a blank row."""
        if not text.strip():
            return
        for paragraph in text.split("\n"):
            for line in wrap_text(paragraph, font, size, self.spec.content_width) or [""]:
                self.add_row([(line, align)], font, size)

    def add_lines(self, text: str, font: str, size: float, indent: float = 0.0) -> None:
        """`text` wrapped to the room right of `indent`, left-aligned; blank text adds nothing."""
        for line in wrap_text(text, font, size, self.spec.content_width - indent):
            self.add_row([(line, "left")], font, size, indent)

    def fits_pair(self, left: str, right: str, font: str, size: float, indent: float = 0.0) -> bool:
        """Whether `left` and `right` fit on one row, as add_pair places them."""
        needed = text_width(left, font, size) + _PAIR_GAP_PT + text_width(right, font, size)
        return needed <= self.spec.content_width - indent

    def add_pair(self, left: str, right: str, font: str, size: float, indent: float = 0.0) -> None:
        """`left` at the margin and `right` flush right on one row, stacked when they do not fit."""
        room = self.spec.content_width - indent
        if self.fits_pair(left, right, font, size, indent):
            self.add_row([(left, "left"), (right, "right")], font, size, indent)
            return
        for line in wrap_text(left, font, size, room):
            self.add_row([(line, "left")], font, size, indent)
        for line in wrap_text(right, font, size, room):
            self.add_row([(line, "right")], font, size, indent)

    def add_row(
        self, parts: list[tuple[str, Align]], font: str, size: float, indent: float = 0.0
    ) -> None:
        """One row of text parts, each aligned on its own; empty parts take no place."""
        baseline = self.cursor + size * _BASELINE
        for text, align in parts:
            if text:
                x = self._aligned_x(text_width(text, font, size), align, indent)
                self.texts.append(PlacedText(text, font, size, x, baseline))
        self.cursor += size * _LEADING

    def add_gap(self) -> None:
        self.cursor += self.spec.size * _LEADING * _GAP

    def add_rule(self) -> None:
        row = self.spec.size * _LEADING * _RULE_HEIGHT
        self.rules.append(self.cursor + row / 2)
        self.cursor += row

    def add_barcode(self, text: str) -> bool:
        """`text` as a centred Code128 row, bars of whole printer dots (3, else 2 at 203 dpi)
        with quiet zones; False (nothing added) when it does not fit the roll."""
        modules = _code128_modules(text)
        for dots in BARCODE_DOTS:
            module = dots * DOT_PT
            if modules * module <= self.spec.content_width:
                break
        else:
            return False
        self.add_gap()
        width = modules * module
        self.barcodes.append(
            PlacedCode(text, (self.spec.width - width) / 2, self.cursor, module, BARCODE_HEIGHT_PT)
        )
        self.cursor += BARCODE_HEIGHT_PT
        self.add_row([(text, "center")], FONT, self.spec.size * 0.9)
        return True

    def _aligned_x(self, width: float, align: Align, indent: float) -> float:
        spec = self.spec
        if align == "left":
            return spec.margin + indent
        if align == "right":
            return spec.width - spec.margin - width
        return (spec.width - width) / 2


def render_roll(layout: RollLayout, title: str) -> bytes:
    """The layout as a one-page PDF titled `title`."""
    from reportlab.pdfgen import canvas

    spec = layout.spec
    buffer = io.BytesIO()
    # Uncompressed pages save time and the PDF never leaves the machine. The initial font
    # would otherwise be Helvetica, which gets referenced (not embedded) on every page.
    pdf = canvas.Canvas(
        buffer,
        pagesize=(spec.width, layout.height),
        pageCompression=0,
        invariant=1,
        initialFontName=FONT,
        initialFontSize=spec.size,
    )
    pdf.setTitle(title)
    for placed in layout.texts:
        pdf.setFont(placed.font, placed.size)
        pdf.drawString(placed.x, layout.height - placed.y, placed.text)
    _draw_rules(pdf, layout)
    _draw_barcodes(pdf, layout)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _draw_rules(pdf: Canvas, layout: RollLayout) -> None:
    spec = layout.spec
    pdf.setLineWidth(0.6)
    pdf.setDash(2, 1.5)
    for y in layout.rules:
        flipped = layout.height - y
        pdf.line(spec.margin, flipped, spec.width - spec.margin, flipped)


def _draw_barcodes(pdf: Canvas, layout: RollLayout) -> None:
    for code in layout.barcodes:
        y = layout.height - code.y - code.height
        draw_code128(pdf, code.text, code.module, code.height, QUIET_MODULES, code.x, y)
