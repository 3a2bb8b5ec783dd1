"""Where everything goes on one label: the fields an item shows, fitted (shrunk, wrapped, cut
or dropped in the template's order) around its barcode, in pt from the label's bottom-left."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from pos.core.barcodes import CodeKind, parse_scan
from pos.core.errors import InvalidBarcode
from pos.core.money import format_rupiah
from pos.i18n import _
from pos.printing.label_barcode import Box, PlacedBarcode, Symbol, size_barcode
from pos.printing.label_templates import PT_PER_MM, LabelError, LabelTemplate, Row
from pos.printing.text import (
    FONT,
    FONT_BOLD,
    elide_end,
    ensure_fonts,
    shrink_to_fit,
    text_width,
    wrap_text,
)

__all__ = ["LabelItem", "LabelLayout", "PlacedText", "fit_paragraph", "layout_label", "symbol_for"]

LEADING = 1.15  # line height as a multiple of the font size
# DejaVu Sans as reportlab measures it: ascent + descent = 1 em.
ASCENT = 0.76
DESCENT = 0.24
FLOOR_SIZE = 4.0  # pt: below this nobody reads it; only the price may go lower to fit
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


# --- the symbol ------------------------------------------------------------------------------


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


def fit_paragraph(
    text: str, font: str, size: float, min_size: float, max_lines: int, room: float
) -> tuple[list[str], float]:
    """Shrink to one line, else wrap between words into `max_lines`, else cut at a word with an
    ellipsis; never breaks a word and never returns a line wider than `room`."""
    words = text.split()
    if not words:
        return [], size
    one = shrink_to_fit(text, font, size, min_size, room)
    if one is not None:
        return [" ".join(words)], one
    longest = max(text_width(w, font, 1.0) for w in words)
    # Below min_size only so far that the longest word fits a line by itself.
    floor = min(min_size, max(FLOOR_SIZE, math.floor(room / longest * 20) / 20))
    steps = max(0, math.floor((size - floor) / 0.25))
    for s in [size - i * 0.25 for i in range(steps + 1)] + [floor]:
        if longest * s > room:
            continue
        lines = wrap_text(text, font, s, room, break_words=False)
        if len(lines) <= max_lines:
            return lines, s
    s = floor
    wrapped = wrap_text(text, font, s, room, break_words=False)
    kept: list[str] = []
    for number, line in enumerate(wrapped):
        if len(kept) < max_lines - 1 and text_width(line, font, s) <= room:
            kept.append(line)
            continue
        # The last line we may use: the words left, cut at a word with an ellipsis; if not
        # even one fits (a word wider than the label), the ellipsis goes on the line before.
        last = elide_end(" ".join(wrapped[number:]), font, s, room, whole_words=True, more=True)
        if last:
            kept.append(last)
        elif kept:
            kept[-1] = elide_end(kept[-1], font, s, room, whole_words=True, more=True)
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
        natural = sum(text_width(t, font, row.size) for t in joined) + gap * (len(present) - 1)
        scale = min(1.0, (room - gap * (len(present) - 1)) / (natural - gap * (len(present) - 1)))
        size = math.floor(row.size * scale * 20) / 20
        if size >= row.min_size:
            parts = tuple(
                (f, t, size, text_width(t, font, size))
                for f, t in zip(present, joined, strict=True)
            )
            if sum(p[3] for p in parts) + gap * (len(parts) - 1) <= room:
                return [_Line(parts, font, "justify")]
    lines: list[_Line] = []
    for name in present:
        text = contents[name]
        if name == "price":
            size = shrink_to_fit(text, font, row.size, 1.0, room) or 1.0
            fitted = [text]
        elif name in CUT_FIELDS:
            fitted, size = fit_paragraph(text, font, row.size, row.min_size, row.max_lines, room)
        else:
            one = shrink_to_fit(text, font, row.size, row.min_size, room)
            fitted, size = ([text], one) if one is not None else ([], row.size)
        if not fitted:
            dropped.append(name)
        for line in fitted:
            lines.append(
                _Line(((name, line, size, text_width(line, font, size)),), font, row.align)
            )
    return lines


@dataclass
class _Measured:
    """The rows of a label measured with some steps of the drop order applied."""

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
    barcode = size_barcode(t, symbol, barcode_row, item.name)
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
