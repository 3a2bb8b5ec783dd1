"""Barcode labels as PDF bytes: sheets (Tom & Jerry, A4) and thermal rolls, from plain data.

Each distinct label is laid out and drawn once, as a PDF Form XObject, and every copy only
places that form: 1,000 labels of 50 products cost about as much as 50 labels.
Bars are whole printer dots (templates say which dpi), placed on that printer's dot grid.

This module is the public face of the labels; the work is done by label_templates (the
sheets), label_layout (one label's fields, fitted), label_barcode (the symbol) and
label_drawing (the PDF).
"""

from pos.printing.label_barcode import Symbol
from pos.printing.label_drawing import MAX_LABELS, check_offsets, render_labels
from pos.printing.label_layout import (
    LabelItem,
    LabelLayout,
    fit_paragraph,
    layout_label,
    symbol_for,
)
from pos.printing.label_templates import (
    BadTemplate,
    LabelError,
    LabelTemplate,
    UnknownTemplate,
    list_templates,
    load_template,
    template_names,
)
from pos.printing.text import ELLIPSIS, FONT, FONT_BOLD

__all__ = [
    "ELLIPSIS",
    "FONT",
    "FONT_BOLD",
    "MAX_LABELS",
    "BadTemplate",
    "LabelError",
    "LabelItem",
    "LabelLayout",
    "LabelTemplate",
    "Symbol",
    "UnknownTemplate",
    "check_offsets",
    "fit_paragraph",
    "layout_label",
    "list_templates",
    "load_template",
    "render_labels",
    "symbol_for",
    "template_names",
]
