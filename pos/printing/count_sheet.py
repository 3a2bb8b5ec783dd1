"""The stock count sheet: an A4 list to count the shelves on paper (SKU, name, barcode, the stock
on hand if wanted, an empty box for the count), with signatures at the end."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pos.i18n import _
from pos.printing.text import (
    FONT,
    FONT_BOLD,
    elide_end,
    elide_middle,
    ensure_fonts,
    shrink_to_fit,
    wrap_text,
)

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

__all__ = ["CountSheet", "CountSheetLine", "render_count_sheet"]

MM = 72 / 25.4
PAGE = (210 * MM, 297 * MM)
MARGIN = 15 * MM
ROW = 8 * MM
SIZE = 9.0
HEADER_SIZE = 8.0
SIGNATURES_HEIGHT = 42 * MM
HEADER_HEIGHT = 14 * MM  # title, stand, scope and time above the table


@dataclass(frozen=True)
class CountSheetLine:
    """One product to count."""

    sku: str
    name: str
    barcode: str | None
    expected: int | None  # None: a blind count, the column is left out


@dataclass(frozen=True)
class CountSheet:
    """What the sheet says at its top, and its lines in the order they are counted."""

    stand: str
    printed_at: str
    scope: str  # e.g. "Workshop: Rajut, all categories"
    lines: tuple[CountSheetLine, ...]
    show_expected: bool


@dataclass(frozen=True)
class _Column:
    title: str
    width: float  # 0: takes the room left
    right: bool = False
    code: bool = False  # elided in the middle: the ends tell two codes apart


def _columns(show_expected: bool) -> list[_Column]:
    columns = [
        _Column(_("No."), 10 * MM, right=True),
        _Column(_("SKU"), 30 * MM, code=True),
        _Column(_("Product"), 0),
        _Column(_("Barcode"), 32 * MM, code=True),
    ]
    if show_expected:
        columns.append(_Column(_("On hand"), 22 * MM, right=True))
    columns.append(_Column(_("Counted"), 24 * MM, right=True))
    fixed = sum(c.width for c in columns)
    room = PAGE[0] - 2 * MARGIN - fixed
    return [c if c.width else _Column(c.title, room) for c in columns]


def render_count_sheet(sheet: CountSheet) -> bytes:
    """The sheet as PDF bytes: as many A4 pages as the lines need, the column titles on each."""
    from reportlab.pdfgen import canvas

    ensure_fonts()
    columns = _columns(sheet.show_expected)
    pages = _paginate(len(sheet.lines))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=PAGE, pageCompression=1, invariant=1)
    pdf.setTitle(_("Stock count sheet"))
    number = 0
    for page_no, count in enumerate(pages, start=1):
        y = _draw_top(pdf, sheet, page_no, len(pages))
        y = _draw_row(pdf, columns, [c.title for c in columns], y, FONT_BOLD)
        for line in sheet.lines[number : number + count]:
            number += 1
            cells = [str(number), line.sku, line.name, line.barcode or ""]
            if sheet.show_expected:
                cells.append("" if line.expected is None else str(line.expected))
            cells.append("")
            y = _draw_row(pdf, columns, cells, y, FONT)
        if page_no == len(pages):
            _draw_signatures(pdf, y - 6 * MM)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _rows_per_page(first_y: float, reserve: float) -> int:
    return int((first_y - MARGIN - reserve) // ROW) - 1  # less the column titles


def _paginate(lines: int) -> list[int]:
    """Lines per page; the last page keeps room for the signatures (on a page of their own
    when the lines fill the one before)."""
    top = PAGE[1] - MARGIN - HEADER_HEIGHT
    full = _rows_per_page(top, 0)
    last = _rows_per_page(top, SIGNATURES_HEIGHT)
    pages: list[int] = []
    while lines > last:
        take = min(full, lines)
        pages.append(take)
        lines -= take
    pages.append(lines)
    return pages


def _draw_top(pdf: Canvas, sheet: CountSheet, page: int, pages: int) -> float:
    width = PAGE[0] - 2 * MARGIN
    y = PAGE[1] - MARGIN
    pdf.setFont(FONT_BOLD, 14)
    pdf.drawString(MARGIN, y - 12, _("Stock count sheet"))
    pdf.setFont(FONT, HEADER_SIZE)
    pdf.drawRightString(
        MARGIN + width, y - 12, _("Page {page} of {pages}").format(page=page, pages=pages)
    )
    details = "  ·  ".join(p for p in (sheet.stand, sheet.scope, sheet.printed_at) if p)
    for i, text in enumerate(wrap_text(details, FONT, HEADER_SIZE, width)[:2]):
        pdf.drawString(MARGIN, y - 26 - i * 10, text)
    return y - HEADER_HEIGHT


def _draw_row(
    pdf: Canvas, columns: list[_Column], cells: list[str], top: float, font: str
) -> float:
    x = MARGIN
    bottom = top - ROW
    pdf.setLineWidth(0.5)
    for column, text in zip(columns, cells, strict=True):
        pdf.rect(x, bottom, column.width, ROW)
        room = column.width - 4
        size = SIZE
        if font == FONT_BOLD:  # a column title: smaller rather than cut
            size = shrink_to_fit(text, font, SIZE, 6.0, room) or 6.0
        elide = elide_middle if column.code else elide_end
        shown = elide(text, font, size, room)
        pdf.setFont(font, size)
        baseline = bottom + (ROW - SIZE) / 2 + 1.5
        if column.right:
            pdf.drawRightString(x + column.width - 2, baseline, shown)
        else:
            pdf.drawString(x + 2, baseline, shown)
        x += column.width
    return bottom


def _draw_signatures(pdf: Canvas, top: float) -> None:
    width = (PAGE[0] - 2 * MARGIN - 10 * MM) / 2
    pdf.setFont(FONT, SIZE)
    pdf.drawString(MARGIN, top, _("Note:"))
    pdf.line(MARGIN + 17 * MM, top - 1, PAGE[0] - MARGIN, top - 1)
    for i, title in enumerate((_("Counted by"), _("Checked by"))):
        x = MARGIN + i * (width + 10 * MM)
        y = top - 10 * MM
        pdf.setFont(FONT_BOLD, SIZE)
        pdf.drawString(x, y, title)
        pdf.setFont(FONT, SIZE)
        for j, label in enumerate((_("Name"), _("Signature"), _("Date"))):
            line_y = y - (j + 1) * 8 * MM
            pdf.drawString(x, line_y, label)
            pdf.line(x + 26 * MM, line_y - 1, x + width, line_y - 1)
