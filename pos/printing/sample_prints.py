"""Test prints that show a printer is set up right: a receipt with every part of a real one
(big name, wrapped line, bold total, barcode, cut) and a label sheet with the outlines."""

from datetime import datetime

from pos.i18n import _
from pos.printing.escpos_target import PrinterTarget
from pos.printing.receipt_data import ReceiptData, ReceiptLine, ReceiptPayment

SAMPLE_NO = "TEST-20250101-0001"


def sample_receipt(stand_name: str, printer: str) -> ReceiptData:
    """A receipt that looks like a sale without being one."""
    return ReceiptData(
        stand_name=stand_name,
        stand_address=printer,
        receipt_no=SAMPLE_NO,
        created_at=datetime.now().replace(second=0, microsecond=0),
        cashier="Lapak",
        lines=(
            ReceiptLine(
                _("Test line with a long name that wraps onto a second line"), 2, 15_000, 30_000
            ),
        ),
        total=30_000,
        payments=(ReceiptPayment(_("Cash"), 30_000, 50_000, 20_000),),
        footer=_("Printer test: if this is readable and cut, the printer is ready."),
        status_note=_("TEST PRINT"),
    )


def print_receipt_test(target: PrinterTarget, width_mm: int, stand: str, timeout: float) -> None:
    data = sample_receipt(stand, str(target))
    if target.is_escpos:
        from pos.printing import escpos_receipt, escpos_transport

        escpos_transport.send(target, escpos_receipt.render(data, width_mm), timeout)
        return
    from pos.printing import system_printer
    from pos.printing.receipt import render_receipt

    system_printer.print_pdf(target.name, render_receipt(data, width_mm), timeout=timeout)


def print_label_test(target: PrinterTarget, template: str, timeout: float) -> None:
    from pos.printing import system_printer
    from pos.printing.label_templates import load_template
    from pos.printing.labels import LabelItem, render_labels

    sheet = load_template(template)
    item = LabelItem(sku="TEST-001", name=_("Test label"), price=30_000, barcode="2000000000015")
    pdf = render_labels(sheet, [(item, 1)], maker_line="Lapak", outline=True)
    system_printer.print_pdf(
        target.name, pdf, (sheet.page_width, sheet.page_height), title=_("Labels"), timeout=timeout
    )
