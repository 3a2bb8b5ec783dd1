"""Receipts to network and file printers through the printing service; a dead printer never
loses a sale; the record of which receipts printed."""

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from escpos_decoder import decode
from printer_fakes import FakeNetworkPrinter, closed_port
from sqlalchemy import func, select

from pos.core.cart import Cart
from pos.core.errors import NotFound, PosError
from pos.core.payments import NonCashPayment
from pos.db.models import AuditEntry, ReceiptPrint, Sale
from pos.printing.escpos_target import PrinterError
from pos.services import catalog, printers, sales, settings
from pos.services.auth import supervisor_actor


@pytest.fixture
def net_printer() -> Iterator[FakeNetworkPrinter]:
    printer = FakeNetworkPrinter()
    yield printer
    printer.close()


def sell(db, actor, cash: bool = True) -> sales.SaleResult:  # type: ignore[no-untyped-def]
    cart = Cart()
    product = catalog.find_by_code(db, "KK-NAS-500")
    cart.add(product.id, product.sku, product.name, product.price)
    if cash:
        return sales.checkout_cash(db, actor, cart, 100_000)
    return sales.checkout(
        db, actor, cart, [NonCashPayment("qris", cart.total, "REF1", confirmed=True)], 0
    )


def methods(result: sales.SaleResult) -> tuple[str, ...]:
    return tuple(p.method for p in result.payments)


def test_cash_sale_prints_its_receipt_and_kicks_the_drawer(demo_db, cashier, net_printer) -> None:  # type: ignore[no-untyped-def]
    settings.set_from_text(demo_db, "printer.receipt", net_printer.spec)
    sale = sell(demo_db, cashier)
    outcome = printers.after_sale(
        demo_db, cashier, sale.receipt_no, methods(sale), printers.receipt_printer(demo_db)
    )
    assert outcome is not None and outcome.ok, outcome
    decoded = decode(bytes(net_printer.wait_for_jobs(1)[0].data))
    assert decoded.events[:2] == ["INIT", "DRAWER pin2"]
    assert any(sale.receipt_no in text for text in decoded.texts)
    assert decoded.items[-1] == "CUT"
    with demo_db.Session() as s:
        sale_id = s.execute(select(Sale.id).where(Sale.receipt_no == sale.receipt_no)).scalar_one()
    assert printers.print_statuses(demo_db, [sale_id]) == {sale_id: "printed"}


def test_qris_sale_does_not_open_the_drawer(demo_db, cashier, net_printer) -> None:  # type: ignore[no-untyped-def]
    settings.set_from_text(demo_db, "printer.receipt", net_printer.spec)
    settings.set_from_text(demo_db, "printer.copies", "2")
    settings.set_from_text(demo_db, "receipt.width_mm", "58")
    sale = sell(demo_db, cashier, cash=False)
    printers.after_sale(
        demo_db, cashier, sale.receipt_no, methods(sale), printers.receipt_printer(demo_db)
    )
    decoded = decode(bytes(net_printer.wait_for_jobs(1)[0].data))
    assert not [e for e in decoded.events if e.startswith("DRAWER")]
    assert decoded.events.count("CUT") == 2
    assert max(len(t) for t in decoded.texts) == 32


def test_no_auto_print_still_opens_the_drawer_on_cash(demo_db, cashier, net_printer) -> None:  # type: ignore[no-untyped-def]
    settings.set_from_text(demo_db, "printer.receipt", net_printer.spec)
    settings.set_from_text(demo_db, "printer.auto_print", "off")
    sale = sell(demo_db, cashier)
    outcome = printers.after_sale(
        demo_db, cashier, sale.receipt_no, methods(sale), printers.receipt_printer(demo_db)
    )
    assert outcome is None
    assert decode(bytes(net_printer.wait_for_jobs(1)[0].data)).events == ["DRAWER pin2"]


def test_nothing_listening_keeps_the_sale_and_marks_it_not_printed(
    demo_db, cashier, net_printer
) -> None:  # type: ignore[no-untyped-def]
    settings.set_from_text(demo_db, "printer.receipt", f"escpos-net:127.0.0.1:{closed_port()}")
    sale = sell(demo_db, cashier)
    outcome = printers.after_sale(
        demo_db, cashier, sale.receipt_no, methods(sale), printers.receipt_printer(demo_db)
    )
    assert outcome is not None and not outcome.ok
    assert "TIDAK dicetak" in outcome.message and sale.receipt_no in outcome.message
    with demo_db.Session() as s:
        stored = s.execute(select(Sale).where(Sale.receipt_no == sale.receipt_no)).scalar_one()
        tries = s.execute(select(ReceiptPrint)).scalars().all()
        assert stored.total == sale.total
        assert [(t.sale_id, t.ok, t.copy) for t in tries] == [(stored.id, False, False)]
        assert tries[0].error
        sale_id = stored.id
    assert printers.print_statuses(demo_db, [sale_id]) == {sale_id: "failed"}

    # The printer is back: the failed receipt prints as the original, a later one as a COPY.
    settings.set_from_text(demo_db, "printer.receipt", net_printer.spec)
    assert printers.print_receipt(demo_db, cashier, sale.receipt_no).ok
    assert printers.print_receipt(demo_db, cashier, sale.receipt_no).ok
    first, second = (decode(bytes(job.data)) for job in net_printer.wait_for_jobs(2))
    assert "SALINAN" not in first.texts
    assert "SALINAN" in second.texts
    assert printers.print_statuses(demo_db, [sale_id]) == {sale_id: "printed"}


def test_a_printer_that_stops_taking_data_times_out(demo_db, cashier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    try:
        while True:  # fill the pipe as a printer out of paper fills its buffer
            try:
                os.write(writer, b"\0" * 65536)
            except BlockingIOError:
                break
        settings.set_from_text(demo_db, "printer.receipt", f"escpos-file:{fifo}")
        sale = sell(demo_db, cashier)
        outcome = printers.print_receipt(demo_db, cashier, sale.receipt_no, timeout=0.3)
    finally:
        os.close(writer)
        os.close(reader)
    assert not outcome.ok
    assert "kertas" in outcome.message


def test_file_printer_gets_the_receipt(demo_db, cashier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    settings.set_from_text(demo_db, "printer.receipt", f"escpos-file:{device}")
    sale = sell(demo_db, cashier)
    assert printers.print_receipt(demo_db, cashier, sale.receipt_no).ok
    assert any(sale.receipt_no in text for text in decode(device.read_bytes()).texts)


def test_a_missing_device_file_is_never_created(demo_db, cashier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    device = tmp_path / "lp0"
    settings.set_from_text(demo_db, "printer.receipt", f"escpos-file:{device}")
    sale = sell(demo_db, cashier)
    outcome = printers.print_receipt(demo_db, cashier, sale.receipt_no)
    assert not outcome.ok and not device.exists()


def test_unknown_receipt_and_no_printer(demo_db, cashier, net_printer) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PrinterError):
        printers.print_receipt(demo_db, cashier, "LAPAK-20250101-0001")
    settings.set_from_text(demo_db, "printer.receipt", net_printer.spec)
    with pytest.raises(NotFound):
        printers.print_receipt(demo_db, cashier, "LAPAK-20250101-0001")


def test_drawer_opens_for_the_supervisor_and_is_audited(demo_db, cashier, net_printer) -> None:  # type: ignore[no-untyped-def]
    settings.set_from_text(demo_db, "printer.receipt", net_printer.spec)
    with pytest.raises(PosError):
        printers.open_drawer(demo_db, cashier)
    printers.open_drawer(demo_db, supervisor_actor(demo_db))
    assert decode(bytes(net_printer.wait_for_jobs(1)[0].data)).events == ["DRAWER pin2"]
    with demo_db.Session() as s:
        actions = s.execute(select(AuditEntry.action)).scalars().all()
    assert actions.count("drawer_open") == 1


def test_test_receipt(demo_db, net_printer) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PrinterError):
        printers.print_test(demo_db, "receipt")
    settings.set_from_text(demo_db, "printer.receipt", net_printer.spec)
    assert net_printer.spec in printers.print_test(demo_db, "receipt")
    texts = decode(bytes(net_printer.wait_for_jobs(1)[0].data)).texts
    assert "TES CETAK" in texts


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("printer.receipt", "escpos-net:printer:99999"),
        ("printer.receipt", "lpt1"),
        ("printer.receipt", "escpos-usb:zz:1"),
        ("printer.receipt", "escpos-file:relative/path"),
        ("printer.receipt", "system:-oevil"),
        ("printer.receipt", "escpos-net:a\x07b:9100"),
        ("printer.label", "escpos-net:1.2.3.4:9100"),
        ("printer.reports", "escpos-file:/dev/usb/lp0"),
        ("printer.copies", "0"),
        ("printer.copies", "many"),
        ("printer.auto_print", "maybe"),
    ],
)
def test_bad_printer_settings_are_refused_and_change_nothing(db, key: str, value: str) -> None:  # type: ignore[no-untyped-def]
    before = settings.get(db, settings.by_key(key))
    with pytest.raises(PosError):
        settings.set_from_text(db, key, value)
    assert settings.get(db, settings.by_key(key)) == before


def test_printer_settings_round_trip(db) -> None:  # type: ignore[no-untyped-def]
    settings.set_from_text(db, "printer.receipt", "escpos-serial:/dev/ttyUSB0:19200")
    settings.set_from_text(db, "printer.auto_print", "off")
    settings.set_from_text(db, "printer.drawer_on_cash", "tidak")
    settings.set_from_text(db, "printer.label", "system:Label Printer")
    settings.set_from_text(db, "printer.reports", "receipt")
    config = printers.receipt_printer(db)
    assert str(config.target) == "escpos-serial:/dev/ttyUSB0:19200"
    assert (config.auto_print, config.drawer_on_cash, config.copies) == (False, False, 1)


def test_spooler_returns_at_once_and_reports_in_its_thread(demo_db) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    outcomes: list[printers.PrintOutcome] = []
    threads: list[str] = []

    def on_done(outcome: printers.PrintOutcome) -> None:
        threads.append(threading.current_thread().name)
        outcomes.append(outcome)

    def slow_job() -> printers.PrintOutcome:
        release.wait(10)
        return printers.PrintOutcome("X-1", True, "ok")

    def failing_job() -> printers.PrintOutcome:
        raise PrinterError("offline")

    spooler = printers.PrintSpooler(on_done)
    first = spooler.submit(slow_job)
    second = spooler.submit(failing_job)
    assert not first.done()  # submitting never waits for the printer
    release.set()
    assert second.result(10) == printers.PrintOutcome("", False, "offline")
    spooler.shutdown(wait=True)
    assert [o.ok for o in outcomes] == [True, False]
    assert all(name.startswith("printer") for name in threads)


def test_print_tries_are_counted_per_sale(demo_db, cashier, net_printer) -> None:  # type: ignore[no-untyped-def]
    settings.set_from_text(demo_db, "printer.receipt", net_printer.spec)
    sale = sell(demo_db, cashier)
    printers.print_receipt(demo_db, cashier, sale.receipt_no)
    with demo_db.Session() as s:
        count = s.execute(select(func.count()).select_from(ReceiptPrint)).scalar_one()
    assert count == 1


def test_spooler_drops_jobs_after_shutdown() -> None:
    spooler = printers.PrintSpooler()
    spooler.shutdown(wait=True)
    late = spooler.submit(lambda: printers.PrintOutcome("X", True, "late"))
    assert late.cancelled()


def test_x_report_on_the_escpos_roll(demo_db, cashier, net_printer) -> None:  # type: ignore[no-untyped-def]
    from pos.services import reports

    settings.set_from_text(demo_db, "printer.receipt", net_printer.spec)
    settings.set_from_text(demo_db, "receipt.width_mm", "58")
    sell(demo_db, cashier)
    report = reports.x_report(demo_db)
    assert report is not None
    message = printers.print_shift_report(demo_db, report)
    assert report.title in message
    decoded = decode(bytes(net_printer.wait_for_jobs(1)[0].data))
    assert all(len(line.text) <= (16 if line.double_width else 32) for line in decoded.lines)
    assert decoded.lines[0].double_width and decoded.items[-1] == "CUT"
    assert any("Rp65.000" in text for text in decoded.texts)


def test_reports_need_a_printer(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    from pos.services import reports

    report = reports.x_report(demo_db)
    assert report is not None
    with pytest.raises(PrinterError):
        printers.print_shift_report(demo_db, report)  # printer.reports=receipt, none set up


def test_escpos_through_a_raw_cups_queue(demo_db, cashier, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # A stand-in for CUPS's lp: keeps its arguments and the job it was given.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    lp = bin_dir / "lp"
    lp.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{tmp_path}/args"\n'
        f'cat > "{tmp_path}/job"\n'
        'echo "request id is Xprinter-1 (1 file(s))"\n'
    )
    lp.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    settings.set_from_text(demo_db, "printer.receipt", "escpos-cups:Xprinter")
    sale = sell(demo_db, cashier)
    assert printers.print_receipt(demo_db, cashier, sale.receipt_no).ok
    args = (tmp_path / "args").read_text().split("\n")
    assert args[:4] == ["-d", "Xprinter", "-o", "raw"]
    assert any(sale.receipt_no in t for t in decode((tmp_path / "job").read_bytes()).texts)
