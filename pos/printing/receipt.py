"""Thermal-roll receipts as PDF bytes: one page as wide as the roll and as tall as the content."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Literal

from pos.core.money import format_number, format_rupiah
from pos.i18n import _
from pos.printing.receipt_data import ReceiptData, ReceiptLine, ReceiptPayment
from pos.resources import resource_path

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

_PT_PER_MM = 72 / 25.4
_LEADING = 1.25  # line height as a multiple of the font size
_BASELINE = 0.95  # baseline below the row top: leaves room for DejaVu's descenders
_PAIR_GAP_PT = 6.0  # least space between a left text and a right-aligned amount
_RULE_HEIGHT = 0.7  # a rule's row, as a multiple of the base leading
_ITEM_INDENT_PT = 2 * _PT_PER_MM  # sets each "qty x price" row apart from the next product name
_GAP = 0.25  # space setting the total and status note apart, as a multiple of the base leading

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
        return self.width_mm * _PT_PER_MM

    @property
    def margin(self) -> float:
        return self.margin_mm * _PT_PER_MM

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
        return _string_width(self.text, self.font, self.size)


@dataclass
class ReceiptLayout:
    """Everything to draw, measured top-down, so the page height is known before drawing."""

    spec: RollSpec
    texts: list[PlacedText] = field(default_factory=list)
    rules: list[float] = field(default_factory=list)  # y of each rule, from the top
    cursor: float = 0.0  # top of the next row, from the top edge

    @property
    def height(self) -> float:
        return self.cursor + self.spec.margin


def render_receipt(data: ReceiptData, width_mm: int = 80) -> bytes:
    """Draw `data` on a `width_mm` (80 or 58) roll and return the PDF bytes."""
    layout = layout_receipt(data, width_mm)
    return _draw(layout)


def layout_receipt(data: ReceiptData, width_mm: int = 80) -> ReceiptLayout:
    """Place every string of the receipt; raises ValueError for a roll width we do not support."""
    if width_mm not in ROLLS:
        raise ValueError(f"roll width must be 80 or 58 mm, got {width_mm!r}")
    _ensure_fonts()
    layout = ReceiptLayout(spec=ROLLS[width_mm])
    layout.cursor = layout.spec.margin
    _add_header(layout, data)
    for line in data.lines:
        _add_item(layout, line)
    _add_rule(layout)
    _add_totals(layout, data)
    _add_rule(layout)
    _add_paragraphs(layout, data.footer, FONT, layout.spec.size, "center")
    return layout


def wrap_text(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Break `text` into lines no wider than `max_width`, between words; a word too wide for a
    line of its own is broken between characters. Whitespace-only text gives no lines."""
    _ensure_fonts()
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if _string_width(candidate, font, size) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = _break_word(word, font, size, max_width)
        lines.extend(pieces[:-1])
        current = pieces[-1]
    if current:
        lines.append(current)
    return lines


def _break_word(word: str, font: str, size: float, max_width: float) -> list[str]:
    if _string_width(word, font, size) <= max_width:
        return [word]
    pieces: list[str] = []
    current = ""
    for char in word:
        # Always keep one character per piece, else a too-narrow width would loop forever.
        if current and _string_width(current + char, font, size) > max_width:
            pieces.append(current)
            current = ""
        current += char
    pieces.append(current)
    return pieces


def _add_header(layout: ReceiptLayout, data: ReceiptData) -> None:
    spec = layout.spec
    _add_paragraphs(layout, data.stand_name, FONT_BOLD, spec.big, "center")
    _add_paragraphs(layout, data.stand_address, FONT, spec.size, "center")
    _add_rule(layout)
    _add_pair(layout, _("Receipt"), data.receipt_no, FONT, spec.size)
    _add_pair(layout, _("Date"), data.created_at.strftime("%d-%m-%Y %H:%M"), FONT, spec.size)
    _add_pair(layout, _("Cashier"), data.cashier, FONT, spec.size)
    if data.status_note:
        _add_gap(layout)
        _add_paragraphs(layout, data.status_note, FONT_BOLD, spec.big, "center")
    _add_rule(layout)


def _add_item(layout: ReceiptLayout, line: ReceiptLine) -> None:
    size = layout.spec.size
    _add_paragraphs(layout, line.name, FONT, size, "left")
    qty_price = f"{format_number(line.qty)} x {format_number(line.unit_price)}"
    _add_pair(layout, qty_price, format_number(line.line_total), FONT, size, _ITEM_INDENT_PT)


def _add_totals(layout: ReceiptLayout, data: ReceiptData) -> None:
    spec = layout.spec
    _add_pair(layout, _("Total"), format_rupiah(data.total), FONT_BOLD, spec.big)
    _add_gap(layout)
    for payment in data.payments:
        _add_payment(layout, payment)


def _add_payment(layout: ReceiptLayout, payment: ReceiptPayment) -> None:
    size = layout.spec.size
    _add_pair(layout, payment.method_label, format_rupiah(payment.amount), FONT, size)
    # Only cash is tendered above the amount; card and transfer rows would just repeat it.
    if payment.tendered > payment.amount or payment.change:
        _add_pair(layout, _("Tendered"), format_rupiah(payment.tendered), FONT, size)
        _add_pair(layout, _("Change"), format_rupiah(payment.change), FONT, size)
    if payment.reference:
        _add_pair(layout, _("Reference"), payment.reference, FONT, size)


def _add_paragraphs(layout: ReceiptLayout, text: str, font: str, size: float, align: Align) -> None:
    """Each "\\n"-separated paragraph wrapped; a blank paragraph leaves a blank row."""
    if not text.strip():
        return
    for paragraph in text.split("\n"):
        for line in wrap_text(paragraph, font, size, layout.spec.content_width) or [""]:
            _add_row(layout, [(line, align)], font, size)


def _add_pair(
    layout: ReceiptLayout, left: str, right: str, font: str, size: float, indent: float = 0.0
) -> None:
    """`left` at the margin and `right` flush right on one row, or stacked when they do not fit."""
    room = layout.spec.content_width - indent
    needed = _string_width(left, font, size) + _PAIR_GAP_PT + _string_width(right, font, size)
    if needed <= room:
        _add_row(layout, [(left, "left"), (right, "right")], font, size, indent)
        return
    for line in wrap_text(left, font, size, room):
        _add_row(layout, [(line, "left")], font, size, indent)
    for line in wrap_text(right, font, size, room):
        _add_row(layout, [(line, "right")], font, size, indent)


def _add_row(
    layout: ReceiptLayout,
    parts: list[tuple[str, Align]],
    font: str,
    size: float,
    indent: float = 0.0,
) -> None:
    baseline = layout.cursor + size * _BASELINE
    for text, align in parts:
        if text:
            x = _aligned_x(layout.spec, _string_width(text, font, size), align, indent)
            layout.texts.append(PlacedText(text, font, size, x, baseline))
    layout.cursor += size * _LEADING


def _aligned_x(spec: RollSpec, text_width: float, align: Align, indent: float) -> float:
    if align == "left":
        return spec.margin + indent
    if align == "right":
        return spec.width - spec.margin - text_width
    return (spec.width - text_width) / 2


def _add_gap(layout: ReceiptLayout) -> None:
    layout.cursor += layout.spec.size * _LEADING * _GAP


def _add_rule(layout: ReceiptLayout) -> None:
    row = layout.spec.size * _LEADING * _RULE_HEIGHT
    layout.rules.append(layout.cursor + row / 2)
    layout.cursor += row


def _draw(layout: ReceiptLayout) -> bytes:
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
    pdf.setTitle(_("Receipt"))
    for placed in layout.texts:
        pdf.setFont(placed.font, placed.size)
        pdf.drawString(placed.x, layout.height - placed.y, placed.text)
    _draw_rules(pdf, layout)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _draw_rules(pdf: Canvas, layout: ReceiptLayout) -> None:
    spec = layout.spec
    pdf.setLineWidth(0.6)
    pdf.setDash(2, 1.5)
    for y in layout.rules:
        flipped = layout.height - y
        pdf.line(spec.margin, flipped, spec.width - spec.margin, flipped)


def _string_width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, font, size))


@cache
def _ensure_fonts() -> None:
    """Register DejaVu once per process; reportlab is imported lazily to keep startup fast."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in (FONT, FONT_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", f"{name}.ttf"))))
