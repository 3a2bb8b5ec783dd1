"""Label sheets as PDF: each distinct label drawn once as a Form XObject, copies placed in the
template's slots on the printer's dot grid, after checking the request."""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pos.core.errors import InvalidQuantity
from pos.core.money import is_whole
from pos.i18n import _
from pos.printing.label_barcode import draw_barcode
from pos.printing.label_layout import LabelItem, LabelLayout, layout_label
from pos.printing.label_templates import PT_PER_MM, LabelError, LabelTemplate, load_template
from pos.printing.text import FONT, ensure_fonts

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

__all__ = ["MAX_LABELS", "check_offsets", "render_labels"]

MAX_LABELS = 10_000  # in one print job; a typo in a quantity should not print a whole roll


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
        if not is_whole(copies) or copies < 1:
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
    if not is_whole(start) or not 1 <= start <= t.per_page:
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
    draw_barcode(pdf, layout.barcode)
