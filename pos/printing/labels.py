"""Barcode labels as PDF bytes: sheets (Tom & Jerry, A4) and thermal rolls, from plain data.

Each distinct label is laid out and drawn once, as a PDF Form XObject, and every copy only
places that form: 1,000 labels of 50 products cost about as much as 50 labels.
Bars are whole printer dots (templates say which dpi), placed on that printer's dot grid.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

from pos.core.barcodes import CodeKind, parse_scan
from pos.core.errors import InvalidBarcode, InvalidQuantity
from pos.core.money import format_rupiah
from pos.i18n import _
from pos.printing.label_templates import (
    PT_PER_MM,
    BadTemplate,
    LabelError,
    LabelTemplate,
    Row,
    UnknownTemplate,
    list_templates,
    load_template,
    template_names,
)
from pos.printing.receipt import FONT, FONT_BOLD
from pos.printing.receipt import _ensure_fonts as ensure_fonts

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

__all__ = [
    "BadTemplate",
    "LabelError",
    "LabelItem",
    "LabelLayout",
    "LabelTemplate",
    "Symbol",
    "UnknownTemplate",
    "layout_label",
    "list_templates",
    "load_template",
    "render_labels",
    "symbol_for",
    "template_names",
]

MAX_LABELS = 10_000  # in one print job; a typo in a quantity should not print a whole roll
LEADING = 1.15  # line height as a multiple of the font size
# DejaVu Sans as reportlab measures it: ascent + descent = 1 em.
ASCENT = 0.76
DESCENT = 0.24
DIGIT_EM = 0.63623  # width of a DejaVu Sans digit, in em
FLOOR_SIZE = 4.0  # pt: below this nobody reads it; only the price may go lower to fit
ELLIPSIS = "\u2026"
# Quiet zones in modules: GS1 asks 11 left and 7 right of an EAN-13, 7 and 7 for an EAN-8.
QUIET = {"EAN13": (11, 7), "EAN8": (7, 7), "CODE128": (10, 10)}
SYMBOL_MODULES = {"EAN13": 95, "EAN8": 67}
# Fields cut at a word boundary when too long; the others are left out rather than cut,
# since half a date or half a P-IRT number misleads.
CUT_FIELDS = ("name", "maker")


@dataclass(frozen=True)
class LabelItem:
    """What one product's label shows; plain data, no database."""

    sku: str
    name: str
    price: int
    barcode: str | None = None
    pirt: str | None = None
    shelf_life_days: int | None = None
    production_date: date | None = None

    @property
    def best_before(self) -> date | None:
        if self.shelf_life_days is None or self.production_date is None:
            return None
        return self.production_date + timedelta(days=self.shelf_life_days)


@dataclass(frozen=True)
class Symbol:
    """The barcode printed for an item: kind, and the text a scanner reads back."""

    kind: str  # "EAN13", "EAN8" or "CODE128"
    value: str


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pt from the label's bottom-left


@dataclass(frozen=True)
class PlacedText:
    """A line of text: x of its left end and its baseline, from the label's bottom-left."""

    field: str
    text: str
    font: str
    size: float
    x: float
    baseline: float
    width: float

    @property
    def box(self) -> Box:
        return (
            self.x,
            self.baseline - DESCENT * self.size,
            self.x + self.width,
            self.baseline + ASCENT * self.size,
        )


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


@dataclass
class LabelLayout:
    """Everything on one label, in pt from its bottom-left corner; `dropped` says what did not
    fit (field names, "name_lines" when the name was cut to one line)."""

    width: float
    height: float
    padding_x: float
    padding_y: float
    texts: list[PlacedText]
    barcode: PlacedBarcode
    dropped: list[str] = field(default_factory=list)

    @property
    def content_box(self) -> Box:
        return (
            self.padding_x,
            self.padding_y,
            self.width - self.padding_x,
            self.height - self.padding_y,
        )

    def boxes(self) -> list[tuple[str, Box]]:
        """(field, box) of every text line and of the barcode with its quiet zones."""
        return [(t.field, t.box) for t in self.texts] + [("barcode", self.barcode.box)]

    def text_of(self, name: str) -> str:
        return " ".join(t.text for t in self.texts if t.field == name)


# --- the barcode -------------------------------------------------------------------------------


def symbol_for(item: LabelItem) -> Symbol:
    """EAN-13/EAN-8 for a GS1 code (UPC-A as EAN-13 with a leading 0); Code128 of a shop's own
    code; Code128 of the SKU when the product has no usable barcode."""
    code = (item.barcode or "").strip()
    if code:
        try:
            scanned = parse_scan(code)
        except InvalidBarcode:
            scanned = None  # e.g. a wrong check digit: the SKU still finds the product
        if scanned is not None:
            if scanned.kind is CodeKind.UPCA:
                return Symbol("EAN13", "0" + scanned.value)
            if scanned.kind in (CodeKind.EAN13, CodeKind.EAN8):
                return Symbol(scanned.kind.value, scanned.value)
            return Symbol("CODE128", scanned.value)
    sku = item.sku.strip()
    if not sku or not sku.isascii() or not sku.isprintable():
        raise LabelError(
            _("{name} has no barcode and its SKU cannot be one; give it a barcode.").format(
                name=item.name
            )
        )
    return Symbol("CODE128", sku)


def _symbol_modules(symbol: Symbol) -> int:
    """Width of the symbol in modules, quiet zones included."""
    left, right = QUIET[symbol.kind]
    if symbol.kind in SYMBOL_MODULES:
        return SYMBOL_MODULES[symbol.kind] + left + right
    from reportlab.graphics.barcode.code128 import Code128

    bars = float(Code128(symbol.value, barWidth=1, quiet=0, humanReadable=0).width)
    return round(bars) + left + right


def _barcode_for(t: LabelTemplate, item: LabelItem, symbol: Symbol, row: Row) -> PlacedBarcode:
    """Module width in whole dots: the widest allowed that fits the label, quiet zones included."""
    modules = _symbol_modules(symbol)
    room = (t.label_width - 2 * t.padding_x) * PT_PER_MM - t.dot  # a dot spare for the grid
    for dots in sorted(t.module_dots, reverse=True):
        module = dots * t.dot
        if modules * module <= room:
            break
    else:
        raise LabelError(
            _("The code {code} of {name} is too long for this label; choose a wider one.").format(
                code=symbol.value, name=item.name
            )
        )
    left, right = QUIET[symbol.kind]
    if symbol.kind == "EAN13":  # 6 digits under 42 modules, with a little air
        fit = 39 * module / (6 * DIGIT_EM)
    elif symbol.kind == "EAN8":  # 4 digits under 28 modules
        fit = 25 * module / (4 * DIGIT_EM)
    else:
        fit = (modules - left - right) * module / _width(symbol.value, FONT, 1.0)
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


# --- fitting text ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    """A measured line: its parts (field, text, size, width) and how they sit."""

    parts: tuple[tuple[str, str, float, float], ...]
    font: str
    align: str  # "left", "center", "right" or "justify"

    @property
    def height(self) -> float:
        return max(size for _, _, size, _ in self.parts) * LEADING


def _width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, font, size))


def _shrink(text: str, font: str, size: float, floor: float, room: float) -> float | None:
    """The largest size from `size` down to `floor` at which `text` fits `room` on one line."""
    full = _width(text, font, size)
    if full <= room:
        return size
    fitted = math.floor(size * room / full * 20) / 20  # widths scale with the size
    while fitted >= floor:
        if _width(text, font, fitted) <= room:
            return fitted
        fitted -= 0.05
    return None


def _wrap(words: list[str], font: str, size: float, room: float) -> list[str]:
    """Greedy word wrap; a word wider than `room` gets a line of its own (and overflows)."""
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if not current or _width(candidate, font, size) <= room:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def _cut(words: list[str], font: str, size: float, room: float) -> str:
    """As many whole words as fit with an ellipsis after them."""
    while words:
        text = " ".join(words) + ELLIPSIS
        if _width(text, font, size) <= room:
            return text
        words = words[:-1]
    return ""


def fit_paragraph(
    text: str, font: str, size: float, min_size: float, max_lines: int, room: float
) -> tuple[list[str], float]:
    """Shrink to one line, else wrap between words into `max_lines`, else cut at a word with an
    ellipsis; never breaks a word and never returns a line wider than `room`."""
    words = text.split()
    if not words:
        return [], size
    one = _shrink(text, font, size, min_size, room)
    if one is not None:
        return [" ".join(words)], one
    longest = max(_width(w, font, 1.0) for w in words)
    # Below min_size only so far that the longest word fits a line by itself.
    floor = min(min_size, max(FLOOR_SIZE, math.floor(room / longest * 20) / 20))
    steps = max(0, math.floor((size - floor) / 0.25))
    for s in [size - i * 0.25 for i in range(steps + 1)] + [floor]:
        if longest * s > room:
            continue
        lines = _wrap(words, font, s, room)
        if len(lines) <= max_lines:
            return lines, s
    s = floor
    wrapped = _wrap(words, font, s, room)
    kept: list[str] = []
    for number, line in enumerate(wrapped):
        if len(kept) < max_lines - 1 and _width(line, font, s) <= room:
            kept.append(line)
            continue
        # The last line we may use: the words left, cut at a word with an ellipsis; if not
        # even one fits (a word wider than the label), the ellipsis goes on the line before.
        rest = " ".join(wrapped[number:]).split()
        last = _cut(rest, font, s, room)
        if last:
            kept.append(last)
        elif kept:
            kept[-1] = _cut(kept[-1].split(), font, s, room)
        break
    return [line for line in kept if line], s


# --- laying a label out ------------------------------------------------------------------------


def _contents(item: LabelItem, maker_line: str, symbol: Symbol) -> dict[str, str]:
    """The text of every field this item has."""
    texts = {
        "maker": " ".join(maker_line.split()),
        "name": " ".join(item.name.split()),
        "price": format_rupiah(item.price),
        # A Code128 of the SKU already prints the SKU under its bars.
        "sku": "" if symbol.kind == "CODE128" and symbol.value == item.sku.strip() else item.sku,
        "pirt": _("P-IRT No. {number}").format(number=item.pirt.strip()) if item.pirt else "",
    }
    best_before = item.best_before
    if best_before is not None and item.production_date is not None:
        texts["produced"] = _("Produced {date}").format(date=_date(item.production_date))
        texts["best_before"] = _("Best before {date}").format(date=_date(best_before))
    return {k: v.strip() for k, v in texts.items() if v.strip()}


def _date(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def _measure_row(
    row: Row, contents: dict[str, str], room: float, dropped: list[str]
) -> list[_Line]:
    """The lines a text row needs for this item; fields that cannot fit go to `dropped`."""
    font = FONT_BOLD if row.bold else FONT
    present = [f for f in row.fields if f in contents]
    if not present:
        return []
    if len(present) > 1:
        gap = 1.5 * PT_PER_MM
        joined = [contents[f] for f in present]
        natural = sum(_width(t, font, row.size) for t in joined) + gap * (len(present) - 1)
        scale = min(1.0, (room - gap * (len(present) - 1)) / (natural - gap * (len(present) - 1)))
        size = math.floor(row.size * scale * 20) / 20
        if size >= row.min_size:
            parts = tuple(
                (f, t, size, _width(t, font, size)) for f, t in zip(present, joined, strict=True)
            )
            if sum(p[3] for p in parts) + gap * (len(parts) - 1) <= room:
                return [_Line(parts, font, "justify")]
    lines: list[_Line] = []
    for name in present:
        text = contents[name]
        if name == "price":
            size = _shrink(text, font, row.size, 1.0, room) or 1.0
            fitted = [text]
        elif name in CUT_FIELDS:
            fitted, size = fit_paragraph(text, font, row.size, row.min_size, row.max_lines, room)
        else:
            one = _shrink(text, font, row.size, row.min_size, room)
            fitted, size = ([text], one) if one is not None else ([], row.size)
        if not fitted:
            dropped.append(name)
        for line in fitted:
            lines.append(_Line(((name, line, size, _width(line, font, size)),), font, row.align))
    return lines


@dataclass
class _Measured:
    bands: list[list[_Line] | None]  # None: the barcode
    lines: int
    fixed: float  # pt of height taken by everything but the bars
    too_wide: list[str]
    name_lines: int


def _measure(
    t: LabelTemplate,
    contents: dict[str, str],
    removed: list[str],
    room_x: float,
    digits_height: float,
) -> _Measured:
    """Measure every row of the label with the `removed` steps of the drop order applied."""
    kept = {k: v for k, v in contents.items() if k not in removed}
    too_wide: list[str] = []
    bands: list[list[_Line] | None] = []
    for row in t.layout:
        if row.is_barcode:
            bands.append(None)
            continue
        if "name" in row.fields and "name_size" in removed:
            row = replace(row, size=row.min_size)
        if "name" in row.fields and "name_lines" in removed:
            row = replace(row, max_lines=1)
        measured = _measure_row(row, kept, room_x, too_wide)
        if measured:
            bands.append(measured)
    text_height = sum(line.height for band in bands if band for line in band)
    lines = sum(len(band) if band else 1 for band in bands)
    fixed = text_height + digits_height + t.row_gap * PT_PER_MM * (lines - 1)
    name_lines = sum(1 for band in bands if band for line in band if line.parts[0][0] == "name")
    return _Measured(bands, lines, fixed, too_wide, name_lines)


def _can_drop(step: str, contents: dict[str, str], t: LabelTemplate, m: _Measured) -> bool:
    if step == "name_lines":
        return m.name_lines > 1
    if step == "name_size":
        name_row = next((row for row in t.layout if "name" in row.fields), None)
        return m.name_lines > 0 and name_row is not None and name_row.min_size < name_row.size
    return step in contents


def layout_label(template: LabelTemplate, item: LabelItem, maker_line: str = "") -> LabelLayout:
    """Place every field of `item` on one label of `template`: when they do not all fit, the
    template's drop order takes fields out (or shrinks the name) until they do, then gives back
    whatever fits again; nothing overlaps, and the barcode and the price always stay."""
    ensure_fonts()
    t = template
    width, height = t.label_width * PT_PER_MM, t.label_height * PT_PER_MM
    pad_x, pad_y = t.padding_x * PT_PER_MM, t.padding_y * PT_PER_MM
    room_x, room_y = width - 2 * pad_x, height - 2 * pad_y
    symbol = symbol_for(item)
    barcode_row = next(row for row in t.layout if row.is_barcode)
    barcode = _barcode_for(t, item, symbol, barcode_row)
    min_bars = barcode_row.min_height * PT_PER_MM - 1e-9
    contents = _contents(item, maker_line, symbol)
    removed: list[str] = []
    m = _measure(t, contents, removed, room_x, barcode.digits_height)
    while room_y - m.fixed < min_bars:
        step = next(
            (s for s in t.drop_order if s not in removed and _can_drop(s, contents, t, m)), None
        )
        if step is None:
            raise LabelError(
                _("{name} does not fit on a {template} label; choose a larger one.").format(
                    name=item.name, template=t.title
                )
            )
        removed.append(step)
        m = _measure(t, contents, removed, room_x, barcode.digits_height)
    # Dropping in a fixed order can take out more than needed: give back, most important
    # first, whatever fits again.
    for step in reversed(list(removed)):
        trial = [s for s in removed if s != step]
        again = _measure(t, contents, trial, room_x, barcode.digits_height)
        if room_y - again.fixed >= min_bars:
            removed, m = trial, again
    bands, lines, fixed, too_wide = m.bands, m.lines, m.fixed, m.too_wide
    row_gap = t.row_gap * PT_PER_MM
    dropped = [s for s in removed if s in contents or s.startswith("name_")]
    dropped.extend(too_wide)
    bar_height = min(room_y - fixed, barcode_row.max_height * PT_PER_MM)
    spare = room_y - fixed - bar_height
    spacing = row_gap + spare / (lines + 1)
    cursor = height - pad_y - spare / (lines + 1)  # top of the next line
    texts: list[PlacedText] = []
    for band in bands:
        if band is None:
            total = barcode.width
            x = math.floor((width - total) / 2 / t.dot) * t.dot
            x = max(x, math.ceil(pad_x / t.dot) * t.dot)
            y = cursor - bar_height - barcode.digits_height
            barcode = PlacedBarcode(
                symbol, x, y, barcode.module, barcode.dots, barcode.modules, bar_height,
                barcode.digits_size,
            )  # fmt: skip
            cursor = y - spacing
            continue
        for line in band:
            texts.extend(_place_line(line, cursor, pad_x, room_x))
            cursor -= line.height + spacing
    return LabelLayout(width, height, pad_x, pad_y, texts, barcode, dropped)


def _place_line(line: _Line, top: float, left: float, room: float) -> list[PlacedText]:
    size = max(part[2] for part in line.parts)
    # The glyphs' box (1 em) sits in the middle of the line's height.
    baseline = top - line.height + (LEADING - 1) * size / 2 + DESCENT * size
    if line.align == "justify" and len(line.parts) > 1:
        used = sum(part[3] for part in line.parts)
        between = (room - used) / (len(line.parts) - 1)
        xs, x = [], left
        for part in line.parts:
            xs.append(x)
            x += part[3] + between
    else:
        w = line.parts[0][3]
        offset = {"left": 0.0, "right": room - w}.get(line.align, (room - w) / 2)
        xs = [left + offset]
    return [
        PlacedText(name, text, line.font, s, x, baseline, w)
        for (name, text, s, w), x in zip(line.parts, xs, strict=True)
    ]


# --- the PDF -----------------------------------------------------------------------------------


def _check_request(
    t: LabelTemplate,
    items: Sequence[tuple[LabelItem, int]],
    start: int,
    offset_x: float,
    offset_y: float,
) -> None:
    if not items:
        raise LabelError(_("Choose at least one product to print labels for."))
    total = 0
    for item, copies in items:
        if isinstance(copies, bool) or not isinstance(copies, int) or copies < 1:
            raise InvalidQuantity(
                _("The number of labels for {name} must be a whole number, at least 1.").format(
                    name=item.name
                )
            )
        total += copies
    if total > MAX_LABELS:
        raise InvalidQuantity(
            _("{n} labels are too many at once; print at most {max}.").format(
                n=total, max=MAX_LABELS
            )
        )
    if isinstance(start, bool) or not isinstance(start, int) or not 1 <= start <= t.per_page:
        raise LabelError(
            _("The start position must be from 1 to {last} (the labels on one sheet).").format(
                last=t.per_page
            )
        )
    check_offsets(t, offset_x, offset_y)


def check_offsets(t: LabelTemplate, offset_x: float, offset_y: float) -> None:
    """Refuse offsets (mm) that would push a label off the page of template `t`."""
    (min_x, max_x), (min_y, max_y) = t.offset_range()
    for value in (offset_x, offset_y):
        if not isinstance(value, int | float) or not math.isfinite(value):
            raise LabelError(_("An offset must be a number of millimetres."))
    if not (min_x <= offset_x <= max_x and min_y <= offset_y <= max_y):
        raise LabelError(
            _(
                "The offsets move the labels off the page: for {template} use X from {min_x} "
                "to {max_x} mm and Y from {min_y} to {max_y} mm."
            ).format(
                template=t.title,
                min_x=_mm(min_x),
                max_x=_mm(max_x),
                min_y=_mm(min_y),
                max_y=_mm(max_y),
            )
        )


def _mm(value: float) -> str:
    return f"{value:.1f}".replace("-0.0", "0.0")


def render_labels(
    template: str | LabelTemplate,
    items_with_copies: Iterable[tuple[LabelItem, int]],
    start: int = 1,
    offset_x_mm: float = 0.0,
    offset_y_mm: float = 0.0,
    maker_line: str = "",
    outline: bool = False,
) -> bytes:
    """Labels as PDF bytes: copies of each item in order, from slot `start` (1-based, row by
    row) of the first sheet, onto as many pages as needed; offsets shift everything (x right,
    y down, mm) to calibrate a printer. `outline` draws each label's edge, for a test print
    on plain paper held against a sheet."""
    t = load_template(template) if isinstance(template, str) else template
    items = list(items_with_copies)
    _check_request(t, items, start, offset_x_mm, offset_y_mm)
    ensure_fonts()
    layouts: dict[LabelItem, LabelLayout] = {}
    for item, _copies in items:
        if item not in layouts:
            layouts[item] = layout_label(t, item, maker_line)
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page_w, page_h = t.page_width * PT_PER_MM, t.page_height * PT_PER_MM
    pdf = canvas.Canvas(
        buffer,
        pagesize=(page_w, page_h),
        pageCompression=0,
        invariant=1,
        initialFontName=FONT,
        initialFontSize=7,
    )
    pdf.setTitle(_("Labels"))
    forms: dict[LabelItem, str] = {}
    for number, (item, layout) in enumerate(layouts.items()):
        forms[item] = f"label{number}"
        pdf.beginForm(forms[item], 0, 0, layout.width, layout.height)
        _draw_label(pdf, layout)
        if outline:
            pdf.setLineWidth(0.3)
            pdf.rect(0.15, 0.15, layout.width - 0.3, layout.height - 0.3, stroke=1, fill=0)
        pdf.endForm()
    origins = [_slot_origin(t, slot, offset_x_mm, offset_y_mm) for slot in range(t.per_page)]
    slot = start - 1
    for item, copies in items:
        name = forms[item]
        for _copy in range(copies):
            if slot == t.per_page:
                pdf.showPage()
                slot = 0
            x, y = origins[slot]
            pdf.saveState()
            pdf.translate(x, y)
            pdf.doForm(name)
            pdf.restoreState()
            slot += 1
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _slot_origin(
    t: LabelTemplate, slot: int, offset_x: float, offset_y: float
) -> tuple[float, float]:
    """Bottom-left of a slot in PDF points, on the printer's dot grid so bars stay whole dots."""
    left, top = t.slot_origin(slot)
    x = (left + offset_x) * PT_PER_MM
    y = (t.page_height - top - t.label_height - offset_y) * PT_PER_MM
    return round(x / t.dot) * t.dot, round(y / t.dot) * t.dot


def _draw_label(pdf: Canvas, layout: LabelLayout) -> None:
    for text in layout.texts:
        pdf.setFont(text.font, text.size)
        pdf.drawString(text.x, text.baseline, text.text)
    _draw_barcode(pdf, layout.barcode)


def _draw_barcode(pdf: Canvas, bc: PlacedBarcode) -> None:
    kind, value = bc.symbol.kind, bc.symbol.value
    if kind == "CODE128":
        from reportlab.graphics.barcode.code128 import Code128

        quiet = QUIET[kind][0] * bc.module
        symbol = Code128(
            value,
            barWidth=bc.module,
            barHeight=bc.bar_height,
            quiet=1,
            lquiet=quiet,
            rquiet=quiet,
            humanReadable=0,
        )
        symbol.drawOn(pdf, bc.x, bc.y + bc.digits_height)
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
        _attrMap = AttrMap(
            BASE=Ean13BarcodeWidget,
            lquiet=AttrMapValue(isNumber, desc="left quiet zone, pt"),
            rquiet=AttrMapValue(isNumber, desc="right quiet zone, pt"),
        )

    class Ean8(Ean8BarcodeWidget):  # type: ignore[misc]
        _attrMap = AttrMap(
            BASE=Ean8BarcodeWidget,
            lquiet=AttrMapValue(isNumber, desc="left quiet zone, pt"),
            rquiet=AttrMapValue(isNumber, desc="right quiet zone, pt"),
        )

    return {"EAN13": Ean13, "EAN8": Ean8}
