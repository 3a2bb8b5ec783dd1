"""Label sheet and roll templates: geometry and field layout, read from resources/labels/*.json.

A template is data (millimetres for geometry, points for font sizes), so adding a sheet type
needs a JSON file and no code. The file's stem is the template's name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pos.core.errors import PosError
from pos.core.money import is_whole
from pos.i18n import _
from pos.resources import resource_path

PT_PER_MM = 72 / 25.4
DEFAULT_DPI = 203  # thermal label printers; bars are whole dots of this printer

# Text fields a layout row can hold, and the barcode (with its digits).
TEXT_FIELDS = ("maker", "name", "price", "sku", "pirt", "produced", "best_before")
FIELDS = (*TEXT_FIELDS, "barcode")
# What goes first when a label is too small for everything: "name_size" sets the name in its
# smallest size, "name_lines" cuts it to one line; the barcode and the price always stay.
DEFAULT_DROP_ORDER = (
    "maker",
    "produced",
    "sku",
    "pirt",
    "name_size",
    "name_lines",
    "best_before",
    "name",
)
DROPPABLE = (*DEFAULT_DROP_ORDER,)


class LabelError(PosError):
    """Labels that cannot be printed as asked (template, copies, start, offsets, content)."""


class UnknownTemplate(LabelError):
    """No template file of that name."""


class BadTemplate(LabelError):
    """A template file that cannot be read or whose labels do not fit its page."""


@dataclass(frozen=True)
class Row:
    """One horizontal band of a label: text fields side by side, or the barcode."""

    fields: tuple[str, ...]
    size: float = 7.0  # pt: largest font size
    min_size: float = 5.0  # pt: smallest before wrapping, dropping or cutting at a word
    bold: bool = False
    max_lines: int = 1
    align: str = "center"  # for a row showing one field
    # Barcode rows only: bar height in mm (the barcode takes the room left, within these)
    # and the size of its human-readable digits in pt.
    min_height: float = 5.0
    max_height: float = 12.0
    digits_size: float = 7.0

    @property
    def is_barcode(self) -> bool:
        return self.fields == ("barcode",)


@dataclass(frozen=True)
class LabelTemplate:
    """A sheet (grid of labels on a page) or a roll (one label per page); sizes in mm."""

    name: str
    title: str
    kind: str  # "sheet" or "roll"
    page_width: float
    page_height: float
    columns: int
    rows: int
    label_width: float
    label_height: float
    margin_left: float
    margin_top: float
    gap_x: float
    gap_y: float
    padding_x: float
    padding_y: float
    layout: tuple[Row, ...]
    drop_order: tuple[str, ...] = DEFAULT_DROP_ORDER
    dpi: int = DEFAULT_DPI
    module_dots: tuple[int, ...] = (2, 1)
    row_gap: float = 0.3  # mm, least space between two rows
    note: str = ""

    @property
    def shown_title(self) -> str:
        """The title in the UI's language: the JSON's English title through the catalog
        (scripts/i18n.py extracts them; a template of the stand's own stays as written)."""
        return _(self.title)

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def dot(self) -> float:
        """One printer dot in points."""
        return 72 / self.dpi

    def slot_origin(self, slot: int) -> tuple[float, float]:
        """Top-left corner of slot (0-based, row by row) from the page's top-left, in mm."""
        row, col = divmod(slot, self.columns)
        return (
            self.margin_left + col * (self.label_width + self.gap_x),
            self.margin_top + row * (self.label_height + self.gap_y),
        )

    def offset_range(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """Allowed (min, max) x and y offsets in mm: the printed part stays on the page."""
        grid_w = self.columns * self.label_width + (self.columns - 1) * self.gap_x
        grid_h = self.rows * self.label_height + (self.rows - 1) * self.gap_y
        x = (
            -(self.margin_left + self.padding_x),
            self.page_width - self.margin_left - grid_w + self.padding_x,
        )
        y = (
            -(self.margin_top + self.padding_y),
            self.page_height - self.margin_top - grid_h + self.padding_y,
        )
        return x, y


def templates_dir() -> Path:
    return resource_path("labels")


def list_templates() -> list[LabelTemplate]:
    """Every template shipped in resources/labels, sorted by name."""
    return [load_template(path.stem) for path in sorted(templates_dir().glob("*.json"))]


def template_names() -> list[str]:
    return sorted(path.stem for path in templates_dir().glob("*.json"))


def load_template(name: str) -> LabelTemplate:
    """The template `name` (a file stem in resources/labels); UnknownTemplate or BadTemplate."""
    path = templates_dir() / f"{name}.json"
    if not name or "/" in name or "\\" in name or name.startswith(".") or not path.is_file():
        raise UnknownTemplate(
            _("There is no label template named {name}. Choose one of: {names}.").format(
                name=name, names=", ".join(template_names())
            )
        )
    return _load_cached(str(path), path.stat().st_mtime_ns)


@cache
def _load_cached(path: str, _mtime: int) -> LabelTemplate:
    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        template = parse_template(file.stem, data)
    except (OSError, ValueError, TypeError, KeyError) as e:
        raise BadTemplate(
            _("The label template {name} cannot be used: {problem}").format(
                name=file.stem, problem=e
            )
        ) from e
    return template


def parse_template(name: str, data: dict[str, Any]) -> LabelTemplate:
    """Build and check a template from its JSON data; ValueError says what is wrong."""
    kind = data.get("kind", "sheet")
    if kind not in ("sheet", "roll"):
        raise ValueError(f"kind must be 'sheet' or 'roll', not {kind!r}")
    label = data["label"]
    width, height = _positive(label["width"], "label width"), _positive(label["height"], "height")
    if kind == "roll":
        # A roll prints one label per page, the page as large as the label.
        page = data.get("page", {"width": width, "height": height})
        grid = {"columns": 1, "rows": 1}
        margin = data.get("margin", {"left": 0, "top": 0})
        gap = {"x": 0, "y": 0}
    else:
        page, grid, margin, gap = data["page"], data["grid"], data["margin"], data["gap"]
    drop_order = tuple(data.get("drop_order", DEFAULT_DROP_ORDER))
    for field in drop_order:
        if field not in DROPPABLE:
            raise ValueError(f"drop_order: {field!r} cannot be dropped")
    template = LabelTemplate(
        name=name,
        title=str(data.get("title", name)),
        kind=kind,
        page_width=_positive(page["width"], "page width"),
        page_height=_positive(page["height"], "page height"),
        columns=_count(grid["columns"], "columns"),
        rows=_count(grid["rows"], "rows"),
        label_width=width,
        label_height=height,
        margin_left=_not_negative(margin["left"], "left margin"),
        margin_top=_not_negative(margin["top"], "top margin"),
        gap_x=_not_negative(gap["x"], "gap x"),
        gap_y=_not_negative(gap["y"], "gap y"),
        padding_x=_not_negative(label.get("padding_x", 1.5), "padding_x"),
        padding_y=_not_negative(label.get("padding_y", 1.0), "padding_y"),
        layout=tuple(_parse_row(row) for row in data["layout"]),
        drop_order=drop_order,
        dpi=_count(data.get("dpi", DEFAULT_DPI), "dpi"),
        module_dots=tuple(_count(d, "module_dots") for d in data.get("module_dots", (2, 1))),
        row_gap=_not_negative(data.get("row_gap", 0.3), "row_gap"),
        note=str(data.get("note", "")),
    )
    _check_fits(template)
    return template


def _parse_row(data: dict[str, Any]) -> Row:
    fields = tuple(str(f) for f in data["fields"])
    if not fields or any(f not in FIELDS for f in fields):
        raise ValueError(f"layout fields must be some of {', '.join(FIELDS)}: {list(fields)}")
    if "barcode" in fields and len(fields) > 1:
        raise ValueError("the barcode needs a row of its own")
    row = Row(
        fields=fields,
        size=_positive(data.get("size", Row.size), "size"),
        min_size=_positive(data.get("min_size", min(Row.min_size, data.get("size", 7))), "size"),
        bold=bool(data.get("bold", False)),
        max_lines=_count(data.get("max_lines", 1), "max_lines"),
        align=str(data.get("align", "center")),
        min_height=_positive(data.get("min_height", Row.min_height), "min_height"),
        max_height=_positive(data.get("max_height", Row.max_height), "max_height"),
        digits_size=_positive(data.get("digits_size", Row.digits_size), "digits_size"),
    )
    if row.min_size > row.size or row.min_height > row.max_height:
        raise ValueError(f"a minimum is above its maximum in row {list(fields)}")
    if row.align not in ("left", "center", "right"):
        raise ValueError(f"align must be left, center or right, not {row.align!r}")
    return row


def _check_fits(t: LabelTemplate) -> None:
    fields = [f for row in t.layout for f in row.fields]
    for needed in ("barcode", "price"):
        if needed not in fields:
            raise ValueError(f"the layout has no {needed}")
    if len(fields) != len(set(fields)):
        raise ValueError("a field is in the layout twice")
    right = t.margin_left + t.columns * t.label_width + (t.columns - 1) * t.gap_x
    bottom = t.margin_top + t.rows * t.label_height + (t.rows - 1) * t.gap_y
    if right > t.page_width + 1e-6 or bottom > t.page_height + 1e-6:
        raise ValueError(
            f"the labels need {right:g} x {bottom:g} mm, the page is "
            f"{t.page_width:g} x {t.page_height:g} mm"
        )
    if 2 * t.padding_x >= t.label_width or 2 * t.padding_y >= t.label_height:
        raise ValueError("the padding leaves no room on the label")


def _positive(value: Any, what: str) -> float:
    number = float(value)
    if not number > 0:
        raise ValueError(f"{what} must be above 0, not {value!r}")
    return number


def _not_negative(value: Any, what: str) -> float:
    number = float(value)
    if not number >= 0:
        raise ValueError(f"{what} must be 0 or more, not {value!r}")
    return number


def _count(value: Any, what: str) -> int:
    if not is_whole(value) or value < 1:
        raise ValueError(f"{what} must be a whole number of at least 1, not {value!r}")
    return value
