"""Printing from the windows: the sales history (find, see, print again) and the printer
settings; a dead printer only ever shows a message."""

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "printing"))

from escpos_decoder import decode
from printer_fakes import FakeNetworkPrinter, closed_port

from pos.core.cart import Cart
from pos.services import catalog, sales, settings
from pos.services.auth import supervisor_actor, system_actor
from pos.services.printers import PrintOutcome
from pos.services.sales import SaleResult
from pos.ui.printer_settings import PrinterSettingsDialog
from pos.ui.receipt_printing import ReceiptPrinting
from pos.ui.sales_history import COL_PRINTED, SalesHistoryDialog


@pytest.fixture
def net_printer() -> Iterator[FakeNetworkPrinter]:
    printer = FakeNetworkPrinter()
    yield printer
    printer.close()


@pytest.fixture
def printing(demo_db, cashier) -> Iterator[ReceiptPrinting]:  # type: ignore[no-untyped-def]
    bridge = ReceiptPrinting(demo_db, cashier)
    yield bridge
    bridge.shutdown()


def sell(db, actor, code: str = "KK-NAS-500", tendered: int = 100_000) -> SaleResult:  # type: ignore[no-untyped-def]
    cart = Cart()
    p = catalog.find_by_code(db, code)
    cart.add(p.id, p.sku, p.name, p.price)
    return sales.checkout_cash(db, actor, cart, tendered)


def test_dead_printer_after_a_sale_is_a_message(qtbot, demo_db, cashier, printing) -> None:  # type: ignore[no-untyped-def]
    settings.set_from_text(demo_db, "printer.receipt", f"escpos-net:127.0.0.1:{closed_port()}")
    sale = sell(demo_db, cashier)
    with qtbot.waitSignal(printing.finished, timeout=10_000) as signal:
        printing.after_sale(sale)
    outcome: PrintOutcome = signal.args[0]
    assert not outcome.ok and sale.receipt_no in outcome.message


def test_history_finds_shows_and_prints_again(
    qtbot, demo_db, cashier, printing, net_printer
) -> None:  # type: ignore[no-untyped-def]
    settings.set_from_text(demo_db, "printer.receipt", f"escpos-net:127.0.0.1:{closed_port()}")
    first = sell(demo_db, cashier)
    with qtbot.waitSignal(printing.finished, timeout=10_000):
        printing.after_sale(first)  # fails: nothing listens
    second = sell(demo_db, cashier, "MK-TMP-01")
    with demo_db.Session() as s:
        today = settings.local_now(s).date()
    dialog = SalesHistoryDialog(demo_db, printing, today)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [r.receipt_no for r in dialog.model._rows] == [second.receipt_no, first.receipt_no]
    assert dialog.model.index(1, COL_PRINTED).data() == "BELUM DICETAK"
    assert dialog.model.index(0, COL_PRINTED).data() == "—"
    assert dialog.preview.page_count == 1

    for query, expected in (
        (first.receipt_no.lower(), [first.receipt_no]),
        (first.receipt_no.split("-", 1)[1].replace("-", ""), [first.receipt_no]),  # 58 mm barcode
        ("Rp65.000", [first.receipt_no]),
        ("5000", [second.receipt_no]),
        ("NOPE%_", []),
    ):
        dialog.search.setText(query)
        dialog.refresh()
        assert [r.receipt_no for r in dialog.model._rows] == expected, query

    # The printer is back: the failed receipt prints as the original, then as a COPY.
    settings.set_from_text(demo_db, "printer.receipt", net_printer.spec)
    dialog.search.setText(first.receipt_no)
    dialog.refresh()
    for _ in range(2):
        with qtbot.waitSignal(printing.finished, timeout=10_000):
            dialog.on_print()
    assert dialog.model.index(0, COL_PRINTED).data() == "dicetak"
    original, copy = (decode(bytes(j.data)).texts for j in net_printer.wait_for_jobs(2))
    assert "SALINAN" not in original and "SALINAN" in copy
    assert "dicetak" in dialog.message.text()


def test_printer_settings_refuse_bad_values_and_save_good_ones(
    qtbot, demo_db, printing, net_printer
) -> None:  # type: ignore[no-untyped-def]
    refused = PrinterSettingsDialog(demo_db, supervisor_actor(demo_db), printing, queues=[])
    qtbot.addWidget(refused)
    refused.copies.setValue(3)
    assert not refused.on_save()  # settings are the admin's
    assert settings.get(demo_db, settings.PRINTER_COPIES) == 1
    dialog = PrinterSettingsDialog(demo_db, system_actor(demo_db), printing, queues=["Office A4"])
    qtbot.addWidget(dialog)
    assert dialog.receipt.currentText() == "none"
    assert dialog.label.findText("system:Office A4") >= 0
    dialog.receipt.setCurrentText("escpos-net:printer:99999")
    dialog.copies.setValue(2)
    assert not dialog.on_save()
    assert "65535" in dialog.message.text()
    assert settings.get(demo_db, settings.PRINTER_COPIES) == 1  # nothing saved

    dialog.receipt.setCurrentText(net_printer.spec)
    dialog.width_combo.setCurrentText("58")
    dialog.auto_print.setChecked(False)
    with qtbot.waitSignal(printing.finished, timeout=10_000) as signal:
        dialog.on_test_receipt()
    assert signal.args[0].ok, signal.args[0].message
    assert settings.get(demo_db, settings.PRINTER_RECEIPT) == net_printer.spec
    assert settings.get(demo_db, settings.PRINTER_COPIES) == 2
    assert settings.get(demo_db, settings.RECEIPT_WIDTH) == 58
    assert settings.get(demo_db, settings.PRINTER_AUTO) is False
    assert "TES CETAK" in decode(bytes(net_printer.wait_for_jobs(1)[0].data)).texts

    with qtbot.waitSignal(printing.finished, timeout=10_000):
        dialog.on_open_drawer()
    assert decode(bytes(net_printer.wait_for_jobs(2)[1].data)).events == ["DRAWER pin2"]
    with qtbot.waitSignal(printing.finished, timeout=10_000) as signal:
        dialog.on_test_label()
    assert not signal.args[0].ok  # no label printer set up
    assert "label" in dialog.message.text().lower()


def test_main_window_prints_each_sale_and_tells_a_failure_in_the_status_bar(
    qtbot, demo_db, cashier, tmp_path, net_printer
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from pos.ui.main_window import MainWindow

    settings.set_from_text(demo_db, "printer.receipt", net_printer.spec)
    window = MainWindow(demo_db, cashier, tmp_path / "receipts")
    qtbot.addWidget(window)
    window.show()
    screen = window.sale_screen
    assert screen.add_code("KK-NAS-500")
    with qtbot.waitSignal(window.printing.finished, timeout=10_000):
        sale = screen.complete_sale(100_000)
    assert sale is not None
    decoded = decode(bytes(net_printer.wait_for_jobs(1)[0].data))
    assert decoded.events[:2] == ["INIT", "DRAWER pin2"]
    assert window.print_status.text() == ""

    settings.set_from_text(demo_db, "printer.receipt", f"escpos-net:127.0.0.1:{closed_port()}")
    assert screen.add_code("KK-NAS-500")
    with qtbot.waitSignal(window.printing.finished, timeout=10_000):
        failed = screen.complete_sale(100_000)
    assert failed is not None
    assert failed.receipt_no in window.print_status.text()
    assert "TIDAK dicetak" in window.print_status.text()
    assert QApplication.activeModalWidget() is None  # told, not in the cashier's way
    assert screen.add_code("MK-TMP-01")  # the counter goes on
    window.close()


def test_warm_up_after_closing_is_harmless(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    bridge = ReceiptPrinting(demo_db, cashier)
    bridge.shutdown()
    bridge.warm_up()  # the timer may fire as the window closes
    assert bridge.print_receipt("X-1").cancelled()


def test_x_report_dialog_prints_on_the_roll(qtbot, demo_db, cashier, printing, net_printer) -> None:  # type: ignore[no-untyped-def]
    from pos.ui.shift_dialogs import XReportDialog

    settings.set_from_text(demo_db, "printer.receipt", net_printer.spec)
    dialog = XReportDialog(demo_db, None, printing)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(printing.finished, timeout=10_000):
        dialog.print_button.click()
    assert dialog.report is not None and dialog.report.title in dialog.status_label.text()
    assert decode(bytes(net_printer.wait_for_jobs(1)[0].data)).items[-1] == "CUT"


def test_z_report_prints_after_closing_the_shift(
    qtbot, demo_db, cashier, printing, net_printer, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from pos.ui.close_shift_dialog import CloseShiftDialog

    settings.set_from_text(demo_db, "printer.receipt", net_printer.spec)
    sell(demo_db, cashier)
    dialog = CloseShiftDialog(demo_db, cashier, tmp_path / "z", None, printing)
    qtbot.addWidget(dialog)
    dialog.ask_confirmation = lambda counted: True  # type: ignore[method-assign]
    dialog.total_only.setChecked(True)
    dialog.total_field.setText("65000")
    dialog.close_button.click()
    assert dialog.summary is not None and dialog.summary.z_number == 1
    with qtbot.waitSignal(printing.finished, timeout=10_000):
        dialog.print_button.click()
    texts = decode(bytes(net_printer.wait_for_jobs(1)[0].data)).texts
    assert any("Z" in t and "1" in t for t in texts[:4]), texts[:4]
    assert "dikirim" in dialog.pdf_label.text()
