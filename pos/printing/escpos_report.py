"""X and Z reports on an ESC/POS roll: the report's rows laid out for 32 or 48 columns."""

from pos.printing.escpos_receipt import CODE_PAGE, COLUMNS, Row, TextRow, new_dummy, write_rows
from pos.printing.escpos_text import fits_pair, pair, paragraphs
from pos.printing.shift_report import ReportRow, fitting_left

INDENT = 2


def report_rows(rows: list[ReportRow], width_mm: int) -> list[Row]:
    """The report's rows as printed lines; ValueError for a roll we do not support."""
    if width_mm not in COLUMNS:
        raise ValueError(f"roll width must be 80 or 58 mm, got {width_mm!r}")
    cols = COLUMNS[width_mm]
    out: list[Row] = []
    for row in rows:
        if not row.on_roll:
            continue
        indent = INDENT * row.indent
        if row.kind == "title":
            out += [
                TextRow(t, "center", bold=True, big=True) for t in paragraphs(row.left, cols // 2)
            ]
        elif row.kind == "heading":
            out.append(TextRow(""))
            out += [TextRow(t, bold=True) for t in paragraphs(row.left, cols)]
        elif row.kind == "pair":
            out += [TextRow(t, bold=row.bold) for t in _pair(row, cols, indent)]
        elif row.kind == "note":
            out += [TextRow(" " * indent + t) for t in paragraphs(row.left, cols - indent)]
        elif row.kind == "gap":
            out.append(TextRow(""))
        else:
            out.append(TextRow("-" * cols))
    return out


def _pair(row: ReportRow, cols: int, indent: int) -> list[str]:
    """A pair row, its label shortened where it has shorter forms and the pair is too wide."""
    left = fitting_left(row, lambda text: fits_pair(text, row.right, cols, indent))
    return pair(left, row.right, cols, indent)


def render(rows: list[ReportRow], width_mm: int) -> bytes:
    """The ESC/POS bytes of a report: reset, pinned code page, the rows, feed and cut."""
    printer = new_dummy()
    printer.hw("INIT")
    printer.charcode(CODE_PAGE)
    write_rows(printer, report_rows(rows, width_mm))
    printer.cut()
    return bytes(printer.output)
