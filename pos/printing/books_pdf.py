"""A4 documents of the books: a sales report with its charts, a recap for the office's files.

Built from plain blocks (title lines, tables of text, reportlab Drawings) so that printing
needs nothing from the services.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pos.printing.text import FONT, FONT_BOLD, ensure_fonts


@dataclass(frozen=True)
class TableBlock:
    """A table: a header row, rows of text; numbers right-aligned from `first_number` on."""

    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    first_number: int = 1
    bold_last: bool = False


Block: TypeAlias = str | TableBlock | Drawing


def document_pdf(title: str, blocks: Sequence[Block], wide: bool = False) -> bytes:
    """An A4 PDF (landscape when `wide`): a title, then paragraphs, tables and drawings."""
    ensure_fonts()
    out = io.BytesIO()
    size = landscape(A4) if wide else A4
    doc = SimpleDocTemplate(
        out,
        pagesize=size,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=title,
        author="Lapak",
    )
    heading = ParagraphStyle("h", fontName=FONT_BOLD, fontSize=14, leading=18, spaceAfter=4)
    body = ParagraphStyle("b", fontName=FONT, fontSize=9, leading=12)
    story: list[object] = [Paragraph(escape(title), heading)]
    for block in blocks:
        if isinstance(block, str):
            story.append(Paragraph(escape(block), body))
        elif isinstance(block, TableBlock):
            story.append(Spacer(1, 3 * mm))
            story.append(_table(block, doc.width))
        else:
            story.append(Spacer(1, 3 * mm))
            story.append(_fit(block, doc.width))
    doc.build(story)
    return out.getvalue()


def _fit(drawing: Drawing, width: float) -> Drawing:
    if drawing.width <= width:
        return drawing
    scale = width / drawing.width
    drawing.scale(scale, scale)
    drawing.width, drawing.height = width, drawing.height * scale
    return drawing


def _table(block: TableBlock, width: float) -> Table:
    cell = ParagraphStyle("c", fontName=FONT, fontSize=8, leading=10)
    head = ParagraphStyle("hl", fontName=FONT_BOLD, fontSize=8, leading=10)
    head_right = ParagraphStyle("hr", parent=head, alignment=TA_RIGHT)
    # Headers wrap: "Pengembalian uang" is wider than its column of numbers.
    headers = [
        Paragraph(escape(h), head if n < block.first_number else head_right)
        for n, h in enumerate(block.headers)
    ]
    data = [headers] + [
        [Paragraph(escape(v), cell) if n < block.first_number else v for n, v in enumerate(row)]
        for row in block.rows
    ]
    columns = len(block.headers)
    first = width * (0.32 if columns > 3 else 0.5)
    rest = (width - first) / max(columns - 1, 1)
    table = Table(data, colWidths=[first] + [rest] * (columns - 1), repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8),
        ("ALIGN", (block.first_number, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f4f7")]),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if block.bold_last and block.rows:
        style += [
            ("FONT", (0, -1), (-1, -1), FONT_BOLD, 8),
            ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
        ]
    table.setStyle(TableStyle(style))
    return table
