"""Receipts show each discount and a price changed at the counter, and carry their number as
a Code128 barcode that a scanner reads back (zbarimg on a 203 dpi, 1-bit rendering)."""

import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from test_receipt import make_receipt, pdf_text

from pos.printing import escpos_receipt
from pos.printing.receipt import render_receipt
from pos.printing.receipt_data import ReceiptLine


@pytest.fixture
def scanner() -> None:
    missing = [tool for tool in ("pdftoppm", "zbarimg") if shutil.which(tool) is None]
    if missing:
        message = f"{' and '.join(missing)} not installed (apt install poppler-utils zbar-tools)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _discounted():  # type: ignore[no-untyped-def]
    return make_receipt(
        lines=(
            ReceiptLine("Nastar Keju", 2, 65_000, 130_000, 13_000, "Diskon 10%"),
            ReceiptLine("Kursi Jati", 1, 800_000, 800_000, 0, "", 850_000),
        ),
        total=910_000,
        sale_discount=7_000,
        sale_discount_label="Diskon",
    )


@pytest.mark.parametrize("width_mm", [80, 58])
def test_pdf_shows_each_discount_and_the_override(width_mm: int) -> None:
    text = pdf_text(render_receipt(_discounted(), width_mm))
    for expected in ("Diskon 10%", "-13.000", "harga normal 850.000", "Subtotal", "Rp917.000",
                     "-Rp7.000", "Rp910.000", "Anda hemat", "Rp20.000"):  # fmt: skip
        assert expected in text, expected


def test_escpos_shows_each_discount() -> None:
    rows = escpos_receipt.layout(_discounted(), 58)
    text = "\n".join(row.text for row in rows if isinstance(row, escpos_receipt.TextRow))
    for expected in ("Diskon 10%", "-13.000", "harga normal 850.000", "Subtotal", "-Rp7.000"):
        assert expected in text, expected


@pytest.mark.parametrize(
    ("width_mm", "expected"),
    [(80, "JBR-20250305-0042"), (58, "202503050042")],  # a 58 mm roll: date and sequence
)
def test_receipt_barcode_decodes(
    scanner: None, tmp_path: Path, width_mm: int, expected: str
) -> None:
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(render_receipt(replace(_discounted()), width_mm))
    subprocess.run(
        ["pdftoppm", "-r", "203", "-mono", "-png", str(pdf), str(tmp_path / "page")], check=True
    )
    images = sorted(tmp_path.glob("page*.png"))
    decoded = subprocess.run(
        ["zbarimg", "--nodbus", "-q", "--raw", *map(str, images)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert decoded == [expected]
