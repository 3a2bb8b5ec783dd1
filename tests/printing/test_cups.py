"""Through a real CUPS with the cups-pdf queue: a receipt comes out at the roll's width and its
own length (never A4), a label sheet at the template's page size, with their text."""

import getpass
import os
import pwd
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pos.core.cart import Cart
from pos.printing.label_templates import load_template
from pos.services import catalog, labels, printers, sales, settings

QUEUE = "LapakPDF"
PT_PER_MM = 72 / 25.4


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)


def _scheduler_running() -> bool:
    return shutil.which("lpstat") is not None and "is running" in _run("lpstat", "-r").stdout


def _unavailable(reason: str) -> None:
    # CI installs CUPS (./dev test does): there a missing CUPS is a failure, not a skip.
    if os.environ.get("CI"):
        pytest.fail(f"CUPS is needed in CI: {reason}")
    pytest.skip(reason)


def _output_dir() -> Path:
    home = Path(pwd.getpwnam(getpass.getuser()).pw_dir)
    out = "${HOME}/PDF"
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.exists():
        for line in conf.read_text(errors="replace").splitlines():
            if line.startswith("Out "):
                out = line[4:].strip()
    return Path(out.replace("${HOME}", str(home)))


@pytest.fixture(scope="session")
def cups_pdf() -> Iterator[Path]:
    """A running cupsd with a cups-pdf queue; started here when needed (no systemd)."""
    cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
    if not Path(cupsd).exists() or not shutil.which("lpadmin"):
        _unavailable("cupsd/lpadmin not installed (./dev test installs them)")
    started = None
    if not _scheduler_running():
        started = subprocess.Popen([cupsd, "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(100):
            if _scheduler_running():
                break
            time.sleep(0.1)
        else:
            started.kill()
            _unavailable("cupsd did not start")
    if QUEUE not in _run("lpstat", "-p").stdout:
        added = _run(
            "lpadmin",
            "-p",
            QUEUE,
            "-E",
            "-v",
            "cups-pdf:/",
            "-m",
            "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd",
        )
        if added.returncode != 0:
            _unavailable(f"cannot add the cups-pdf queue: {added.stderr.strip()}")
    out = _output_dir()
    existing = set(out.glob("*.pdf")) if out.exists() else set()
    yield out
    for made in set(out.glob("*.pdf")) - existing if out.exists() else ():
        made.unlink(missing_ok=True)  # the session's own prints only
    if started is not None:
        started.terminate()
        started.wait(10)


def _wait_for_pdf(folder: Path, title: str, before: set[Path]) -> Path:
    """The PDF cups-pdf wrote for the job titled `title`, once the queue has finished it."""
    safe = re.sub(r"[^A-Za-z0-9-]", "_", title)
    for _ in range(600):
        if not _run("lpstat", "-o", QUEUE).stdout.strip():
            found = [
                p
                for p in folder.glob("*.pdf")
                if p not in before and p.name.startswith(safe[:20]) and p.stat().st_size > 0
            ]
            if found:
                return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no PDF for {title} in {folder}")


def _page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = _run("pdfinfo", "-f", "1", "-l", "99", str(pdf)).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    return [(float(w) / PT_PER_MM, float(h) / PT_PER_MM) for w, h in sizes]


def _text(pdf: Path) -> str:
    return _run("pdftotext", "-layout", str(pdf), "-").stdout


@pytest.mark.parametrize("width_mm", [80, 58])
def test_receipt_prints_at_the_rolls_width_and_its_own_length(
    cups_pdf, demo_db, cashier, width_mm: int
) -> None:  # type: ignore[no-untyped-def]
    settings.set_from_text(demo_db, "printer.receipt", f"system:{QUEUE}")
    settings.set_from_text(demo_db, "receipt.width_mm", str(width_mm))
    cart = Cart()
    for code in ("KK-NAS-500", "MK-TMP-01"):
        p = catalog.find_by_code(demo_db, code)
        cart.add(p.id, p.sku, p.name, p.price)
    sale = sales.checkout_cash(demo_db, cashier, cart, 200_000)
    before = set(cups_pdf.glob("*.pdf")) if cups_pdf.exists() else set()
    outcome = printers.print_receipt(demo_db, cashier, sale.receipt_no, timeout=20)
    assert outcome.ok, outcome.message
    pdf = _wait_for_pdf(cups_pdf, sale.receipt_no, before)
    sizes = _page_sizes(pdf)
    assert len(sizes) == 1  # one page: no blank page after it
    width, height = sizes[0]
    assert width == pytest.approx(width_mm, abs=0.5)
    assert 60 < height < 200  # the receipt's own length, not A4's 297 mm
    text = _text(pdf)
    assert sale.receipt_no in text
    assert "Nastar" in text
    shutil.copy(
        pdf, Path(os.environ.get("LAPAK_CUPS_OUT", "/tmp")) / f"cups-receipt-{width_mm}.pdf"
    )


def test_label_sheet_prints_at_the_templates_page_size(cups_pdf, demo_db) -> None:  # type: ignore[no-untyped-def]
    settings.set_from_text(demo_db, "printer.label", f"system:{QUEUE}")
    for name in ("tnj-103", "roll-50x30"):
        template = load_template(name)
        pdf = labels.render(demo_db, name, [("KK-NAS-500", 2)])
        before = set(cups_pdf.glob("*.pdf")) if cups_pdf.exists() else set()
        printers.print_labels(demo_db, pdf, (template.page_width, template.page_height))
        out = _wait_for_pdf(cups_pdf, "Label", before)
        sizes = _page_sizes(out)
        assert sizes and all(
            (w, h)
            == (
                pytest.approx(template.page_width, abs=0.5),
                pytest.approx(template.page_height, abs=0.5),
            )
            for w, h in sizes
        ), (name, sizes)
        assert "Nastar" in _text(out)
        shutil.move(out, Path(os.environ.get("LAPAK_CUPS_OUT", "/tmp")) / f"cups-labels-{name}.pdf")


def test_x_report_on_a4(cups_pdf, demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    from pos.services import reports

    settings.set_from_text(demo_db, "printer.reports", f"system:{QUEUE}")
    report = reports.x_report(demo_db)
    assert report is not None
    before = set(cups_pdf.glob("*.pdf")) if cups_pdf.exists() else set()
    printers.print_shift_report(demo_db, report, timeout=20)
    out = _wait_for_pdf(cups_pdf, report.title, before)
    sizes = _page_sizes(out)
    assert len(sizes) == 1
    assert sizes[0] == (pytest.approx(210, abs=1), pytest.approx(297, abs=1))
    assert "Shift" in _text(out) or "Sif" in _text(out)
    shutil.move(out, Path(os.environ.get("LAPAK_CUPS_OUT", "/tmp")) / "cups-x-report-a4.pdf")


def test_a_missing_queue_is_a_failed_print_not_a_lost_sale(cups_pdf, demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    settings.set_from_text(demo_db, "printer.receipt", "system:NoSuchQueue")
    cart = Cart()
    p = catalog.find_by_code(demo_db, "KK-NAS-500")
    cart.add(p.id, p.sku, p.name, p.price)
    sale = sales.checkout_cash(demo_db, cashier, cart, 65_000)
    outcome = printers.print_receipt(demo_db, cashier, sale.receipt_no, timeout=20)
    assert not outcome.ok
    assert "NoSuchQueue" in outcome.message and sale.receipt_no in outcome.message
