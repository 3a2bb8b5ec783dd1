"""Thermal-roll receipts as PDF bytes: one page as wide as the roll and as tall as the content."""

from __future__ import annotations

from pos.core.money import format_number, format_rupiah
from pos.i18n import _, in_language
from pos.printing.receipt_data import (
    ReceiptData,
    ReceiptLine,
    ReceiptPayment,
    payments_in_order,
)
from pos.printing.roll import ITEM_INDENT_PT, ROLLS, RollLayout, render_roll
from pos.printing.text import FONT, FONT_BOLD, wrap_text

__all__ = ["FONT", "FONT_BOLD", "ROLLS", "layout_receipt", "render_receipt", "wrap_text"]


def render_receipt(data: ReceiptData, width_mm: int = 80) -> bytes:
    """Draw `data` on a `width_mm` (80 or 58) roll and return the PDF bytes."""
    with in_language(data.language):
        return render_roll(layout_receipt(data, width_mm), _("Receipt"))


def layout_receipt(data: ReceiptData, width_mm: int = 80) -> RollLayout:
    """Place every string of the receipt, labelled in `data.language`; raises ValueError for a
    roll width we do not support."""
    with in_language(data.language):
        return _layout(data, width_mm)


def _layout(data: ReceiptData, width_mm: int) -> RollLayout:
    layout = RollLayout.for_roll(width_mm)
    _add_header(layout, data)
    for line in data.lines:
        _add_item(layout, line)
    layout.add_rule()
    _add_totals(layout, data)
    layout.add_rule()
    layout.add_paragraphs(data.footer, FONT, layout.spec.size, "center")
    _add_barcode(layout, data.receipt_no)
    return layout


def _add_barcode(layout: RollLayout, receipt_no: str) -> None:
    """The receipt number as Code128 for the void and return screen's scanner: the whole
    number when it fits at whole printer dots, else its date and sequence digits."""
    from pos.printing.escpos_text import short_receipt_code, to_printer_text

    text = to_printer_text(receipt_no)
    for candidate in (text, short_receipt_code(text)):
        if candidate and layout.add_barcode(candidate):
            return


def _add_header(layout: RollLayout, data: ReceiptData) -> None:
    spec = layout.spec
    layout.add_paragraphs(data.stand_name, FONT_BOLD, spec.big, "center")
    layout.add_paragraphs(data.stand_address, FONT, spec.size, "center")
    layout.add_rule()
    layout.add_pair(_("Receipt"), data.receipt_no, FONT, spec.size)
    layout.add_pair(_("Date"), data.created_at.strftime("%d-%m-%Y %H:%M"), FONT, spec.size)
    layout.add_pair(_("Cashier"), data.cashier, FONT, spec.size)
    if data.refers_to:
        layout.add_pair(_("For receipt"), data.refers_to, FONT, spec.size)
    if data.status_note:
        layout.add_gap()
        layout.add_paragraphs(data.status_note, FONT_BOLD, spec.big, "center")
    layout.add_rule()


def _add_item(layout: RollLayout, line: ReceiptLine) -> None:
    size = layout.spec.size
    layout.add_paragraphs(line.name, FONT, size, "left")
    qty_price = f"{format_number(line.qty)} x {format_number(line.unit_price)}"
    layout.add_pair(qty_price, format_number(line.line_total), FONT, size, ITEM_INDENT_PT)
    if line.list_price is not None:
        normal = _("(normal price {price})").format(price=format_number(line.list_price))
        layout.add_lines(normal, FONT, size, ITEM_INDENT_PT)
    if line.discount:
        label = line.discount_label or _("Discount")
        layout.add_pair(label, format_number(-line.discount), FONT, size, ITEM_INDENT_PT)


def _add_totals(layout: RollLayout, data: ReceiptData) -> None:
    spec = layout.spec
    if data.sale_discount:
        layout.add_pair(_("Subtotal"), format_rupiah(data.subtotal), FONT, spec.size)
        label = data.sale_discount_label or _("Discount")
        layout.add_pair(label, format_rupiah(-data.sale_discount), FONT, spec.size)
    layout.add_pair(_("Total"), format_rupiah(data.total), FONT_BOLD, spec.big)
    if data.discount_total and not data.refers_to:
        saved = format_rupiah(data.discount_total)
        layout.add_pair(_("You saved"), saved, FONT, spec.size)
    layout.add_gap()
    for payment in payments_in_order(data.payments):
        _add_payment(layout, payment)


def _add_payment(layout: RollLayout, payment: ReceiptPayment) -> None:
    size = layout.spec.size
    layout.add_pair(payment.method_label, format_rupiah(payment.amount), FONT, size)
    # Only cash is tendered above the amount; card and transfer rows would just repeat it.
    if payment.tendered > payment.amount or payment.change:
        layout.add_pair(_("Tendered"), format_rupiah(payment.tendered), FONT, size)
        layout.add_pair(_("Change"), format_rupiah(payment.change), FONT, size)
    if payment.reference:
        layout.add_pair(_("Reference"), payment.reference, FONT, size)
    if payment.bank:
        layout.add_pair(_("Bank"), payment.bank, FONT, size)
