"""ESC/POS receipts: ReceiptData laid out by our code for 32 or 48 columns, encoded by
python-escpos into the bytes a thermal printer prints (text, Code128, cut, drawer kick)."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pos.core.money import format_number, format_rupiah
from pos.i18n import _, in_language
from pos.printing.escpos_text import (
    code128_data,
    code128_modules,
    pair,
    paragraphs,
    short_receipt_code,
    to_printer_text,
)
from pos.printing.receipt_data import ReceiptData, ReceiptPayment, payments_in_order

if TYPE_CHECKING:
    from escpos.escpos import Escpos

COLUMNS = {58: 32, 80: 48}  # font A, 12 dots a character
PRINT_DOTS = {58: 384, 80: 576}  # the printable width at 203 dpi
# A profile with a cutter and hardware barcodes: python-escpos drops cut() without a word on
# profiles that have no cutter (python-escpos #391), and a printer without one ignores GS V.
PROFILE = "default"
CODE_PAGE = "CP437"  # code page 0: every ESC/POS printer has it, and we send only ASCII
BARCODE_HEIGHT = 64  # dots, 8 mm
BARCODE_WIDTHS = (3, 2)  # module widths in dots to try, widest first (ESC/POS allows 2-6)
DRAWER_PIN = 2
ITEM_INDENT = 2

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class TextRow:
    """One printed line: text already fitted to the columns of its size."""

    text: str
    align: Align = "left"
    bold: bool = False
    big: bool = False  # double width and height: half as many columns
    tall: bool = False  # double height only


@dataclass(frozen=True)
class BarcodeRow:
    """A centred Code128 symbol; `data` as for ESC/POS `GS k 73` (see code128_data)."""

    data: str
    module_width: int


Row = TextRow | BarcodeRow


def layout(data: ReceiptData, width_mm: int = 80) -> list[Row]:
    """Every row of the receipt, top to bottom, labelled in `data.language`; ValueError for a
    roll we do not support."""
    with in_language(data.language):
        return _layout(data, width_mm)


def _layout(data: ReceiptData, width_mm: int) -> list[Row]:
    if width_mm not in COLUMNS:
        raise ValueError(f"roll width must be 80 or 58 mm, got {width_mm!r}")
    cols = COLUMNS[width_mm]
    rule = TextRow("-" * cols)
    rows: list[Row] = []
    rows += [
        TextRow(line, "center", bold=True, big=True)
        for line in paragraphs(data.stand_name, cols // 2)
    ]
    rows += [TextRow(line, "center") for line in paragraphs(data.stand_address, cols)]
    rows.append(rule)
    for label, value in (
        (_("Receipt"), data.receipt_no),
        (_("Date"), data.created_at.strftime("%d-%m-%Y %H:%M")),
        (_("Cashier"), data.cashier),
        *([(_("For receipt"), data.refers_to)] if data.refers_to else []),
    ):
        rows += [TextRow(line) for line in pair(label, value, cols)]
    if data.status_note:
        rows += [
            TextRow(line, "center", bold=True, big=True)
            for line in paragraphs(data.status_note, cols // 2)
        ]
    rows.append(rule)
    for item in data.lines:
        rows += [TextRow(line) for line in paragraphs(item.name, cols)]
        qty_price = f"{format_number(item.qty)} x {format_number(item.unit_price)}"
        amount = format_number(item.line_total)
        rows += [TextRow(line) for line in pair(qty_price, amount, cols, ITEM_INDENT)]
        if item.list_price is not None:
            normal = _("(normal price {price})").format(price=format_number(item.list_price))
            rows += [
                TextRow(" " * ITEM_INDENT + line) for line in paragraphs(normal, cols - ITEM_INDENT)
            ]
        if item.discount:
            label = item.discount_label or _("Discount")
            rows += [
                TextRow(line)
                for line in pair(label, format_number(-item.discount), cols, ITEM_INDENT)
            ]
    rows.append(rule)
    if data.sale_discount:
        rows += [TextRow(line) for line in pair(_("Subtotal"), format_rupiah(data.subtotal), cols)]
        label = data.sale_discount_label or _("Discount")
        rows += [TextRow(line) for line in pair(label, format_rupiah(-data.sale_discount), cols)]
    rows += [
        TextRow(line, bold=True, tall=True)
        for line in pair(_("TOTAL"), format_rupiah(data.total), cols)
    ]
    if data.discount_total and not data.refers_to:
        saved = format_rupiah(data.discount_total)
        rows += [TextRow(line) for line in pair(_("You saved"), saved, cols)]
    for payment in payments_in_order(data.payments):
        rows += [TextRow(line) for line in _payment_lines(payment, cols)]
    rows.append(rule)
    rows += [TextRow(line, "center") for line in paragraphs(data.footer, cols)]
    barcode = receipt_barcode(data.receipt_no, width_mm)
    if barcode is not None:
        rows.append(barcode)
    return rows


def _payment_lines(payment: ReceiptPayment, cols: int) -> list[str]:
    lines = pair(payment.method_label, format_rupiah(payment.amount), cols)
    # Only cash is tendered above the amount; card and transfer rows would just repeat it.
    if payment.tendered > payment.amount or payment.change:
        lines += pair(_("Tendered"), format_rupiah(payment.tendered), cols)
        lines += pair(_("Change"), format_rupiah(payment.change), cols)
    if payment.reference:
        lines += pair(_("Reference"), payment.reference, cols)
    if payment.bank:
        lines += pair(_("Bank"), payment.bank, cols)
    return lines


def receipt_barcode(receipt_no: str, width_mm: int) -> BarcodeRow | None:
    """The receipt number as Code128, as wide as the roll allows. A 58 mm roll cannot hold a
    whole number at a scannable module width: it gets the date and sequence digits alone
    (unique at the stand), which the sales history finds as well. None when nothing fits."""
    text = to_printer_text(receipt_no)
    for candidate in (text, short_receipt_code(text)):
        if not candidate:
            continue
        data = code128_data(candidate)
        modules = code128_modules(data)
        for width in BARCODE_WIDTHS:
            if modules * width <= PRINT_DOTS[width_mm]:
                return BarcodeRow(data, width)
    return None


def render(data: ReceiptData, width_mm: int = 80, *, kick_drawer: bool = False) -> bytes:
    """The ESC/POS bytes of the receipt: reset, code page, [drawer kick], rows, feed, cut."""
    rows = layout(data, width_mm)
    printer = new_dummy()
    printer.hw("INIT")
    printer.charcode(CODE_PAGE)  # pinned: never a switch in the middle of the text
    if kick_drawer:
        # First, so the drawer opens while the receipt is still printing.
        printer.cashdraw(DRAWER_PIN)
    write_rows(printer, rows)
    printer.cut()
    return bytes(printer.output)


def drawer_kick() -> bytes:
    """Only the pulse that opens the cash drawer (the supervisor's "open drawer")."""
    printer = new_dummy()
    printer.cashdraw(DRAWER_PIN)
    return bytes(printer.output)


def sample_page(width_mm: int, title: str, lines: list[str]) -> bytes:
    """A short page to check a printer: a big title, the given lines, a rule of the roll's
    full width, then feed and cut."""
    cols = COLUMNS[width_mm]
    rows: list[Row] = [
        TextRow(line, "center", bold=True, big=True) for line in paragraphs(title, cols // 2)
    ]
    for text in lines:
        rows += [TextRow(line) for line in paragraphs(text, cols)]
    rows.append(TextRow("=" * cols))
    printer = new_dummy()
    printer.hw("INIT")
    printer.charcode(CODE_PAGE)
    write_rows(printer, rows)
    printer.cut()
    return bytes(printer.output)


def write_rows(printer: Escpos, rows: list[Row]) -> None:
    style: tuple[Align, bool, bool, bool] | None = None
    for row in rows:
        if isinstance(row, BarcodeRow):
            _write_barcode(printer, row)
            style = None  # the barcode leaves the alignment centred
            continue
        wanted = (row.align, row.bold, row.big, row.tall)
        if wanted != style:
            printer.set(
                align=row.align,
                bold=row.bold,
                normal_textsize=not (row.big or row.tall),
                double_width=row.big,
                double_height=row.big or row.tall,
            )
            style = wanted
        printer.textln(row.text)


def _write_barcode(printer: Escpos, row: BarcodeRow) -> None:
    printer.ln()
    # python-escpos announces the renderer it picked on stdout (python-escpos 3.1).
    with contextlib.redirect_stdout(io.StringIO()):
        printer.barcode(
            row.data,
            "CODE128",
            height=BARCODE_HEIGHT,
            width=row.module_width,
            pos="BELOW",
            font="A",
            align_ct=True,
            function_type="B",
        )
    printer.ln()


_import_lock = threading.Lock()


def new_dummy() -> Any:
    """A python-escpos Dummy printer on our profile, whose `output` is the bytes written."""
    with _import_lock:
        dummy_class = _import_dummy()
    return dummy_class(profile=PROFILE)


def _import_dummy() -> Any:
    # WORKAROUND: escpos.capabilities parses its 400 KB capabilities.json with PyYAML (~0.25 s)
    # and pickles it into a fresh mkdtemp() at every import, leaving an empty folder behind
    # each time. Giving it a folder of our own lets later imports load the pickle instead.
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
        os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(_pickle_dir())
    saved = tempfile.mkdtemp
    tempfile.mkdtemp = lambda *a, **k: os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"]  # type: ignore[assignment]
    try:
        from escpos.printer import Dummy
    finally:
        tempfile.mkdtemp = saved
    return Dummy


def _pickle_dir() -> str:
    import platformdirs

    from pos import APP_NAME

    folder = os.path.join(platformdirs.user_cache_dir(APP_NAME, appauthor=False), "escpos")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        folder = tempfile.gettempdir()
    return folder
