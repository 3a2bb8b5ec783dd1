"""X and Z report PDFs: what they say, the roll geometry and the embedded fonts."""

import io
from dataclasses import replace
from datetime import datetime

import pytest
from pdfs import first_page as pdf_text
from pypdf import PdfReader

from pos.i18n import set_language
from pos.printing.receipt import ROLLS
from pos.printing.shift_report import render_shift_report, report_rows
from pos.services.shifts import CashMoveRow, ShiftSummary

PRINTED = datetime(2025, 3, 5, 17, 31)
STAND_NAME = "Lapak Karya WBP Lapas Kelas IIA Jember"


@pytest.fixture(autouse=True)
def _english() -> None:
    # Checked against the English source strings, whatever the catalog holds today.
    set_language("en")


def open_shift(**changes: object) -> ShiftSummary:
    summary = ShiftSummary(
        shift_id=7,
        stand="JBR",
        status="open",
        z_number=None,
        opened_at=datetime(2025, 3, 5, 8, 2),
        opened_by="Siti Aminah",
        closed_at=None,
        closed_by=None,
        opening_float=200_000,
        sales_count=12,
        sales_total=1_915_000,
        voids_count=1,
        voids_total=65_000,
        payments={"tunai": 1_000_000, "qris": 500_000, "transfer": 415_000},
        cash_in=50_000,
        cash_out=120_000,
        expected_cash=1_130_000,
        counted_cash=None,
        moves=[
            CashMoveRow(datetime(2025, 3, 5, 10, 15), "in", 50_000, "Tambahan uang kecil", "Siti"),
            CashMoveRow(
                datetime(2025, 3, 5, 13, 40), "out", 120_000, "Setor ke bendahara lapas", "Siti"
            ),
        ],
        first_receipt="JBR-20250305-0001",
        last_receipt="JBR-20250305-0013",
    )
    return replace(summary, **changes)


def closed_shift(**changes: object) -> ShiftSummary:
    closed = open_shift(
        status="closed",
        z_number=42,
        closed_at=datetime(2025, 3, 5, 17, 30),
        closed_by="Budi Santoso",
        counted_cash=1_125_000,  # 5.000 short of 1.130.000
        count_detail={100_000: 10, 50_000: 2, 20_000: 1, 5_000: 1},
    )
    return replace(closed, **changes)


@pytest.mark.parametrize("width_mm", [80, 58])
def test_x_report_shows_the_open_shift_without_a_count(width_mm: int) -> None:
    text = pdf_text(render_shift_report(open_shift(), STAND_NAME, width_mm, PRINTED))

    assert "X REPORT (shift still open)" in text
    assert "Z REPORT" not in text
    for expected in (
        "JBR-20250305-0001",
        "JBR-20250305-0013",
        "Rp1.915.000",  # sales
        "Rp65.000",  # voids
        "QRIS",
        "Rp500.000",
        "Rp415.000",
        "Setor ke bendahara lapas",
        "Tambahan uang kecil",
        "-Rp120.000",
        "Rp200.000",  # float
        "Rp1.130.000",  # expected cash
        "Siti Aminah",
        "05-03-2025 08:02",
        "05-03-2025 17:31",  # printed
    ):
        assert expected in text, expected
    assert "Rp1.125.000" not in text  # nothing counted yet


@pytest.mark.parametrize("width_mm", [80, 58])
def test_z_report_shows_number_count_table_and_shortage(width_mm: int) -> None:
    text = pdf_text(render_shift_report(closed_shift(), STAND_NAME, width_mm, PRINTED))

    assert "Z" in text and "42" in text
    assert "Z REPORT No. 42" in text
    assert "Budi Santoso" in text and "05-03-2025 17:30" in text
    assert "Rp1.125.000" in text  # counted
    assert "Rp100.000 x 10" in text and "Rp1.000.000" in text
    assert "Rp50.000 x 2" in text and "Rp5.000 x 1" in text
    assert "Rp2.000 x" not in text  # denominations not counted are left out
    assert "-Rp5.000" in text
    assert "Difference (short)" in text


@pytest.mark.parametrize(
    ("counted", "label", "amount", "tone"),
    [
        (1_140_000, "Difference (over)", "Rp10.000", "over"),
        (1_125_000, "Difference (short)", "-Rp5.000", "short"),
        (1_130_000, "Difference", "Rp0", ""),
    ],
)
def test_difference_is_labelled_over_short_or_plain(
    counted: int, label: str, amount: str, tone: str
) -> None:
    rows = report_rows(closed_shift(counted_cash=counted), STAND_NAME, PRINTED)

    differences = [r for r in rows if r.left.startswith("Difference")]

    assert [(r.left, r.right, r.tone) for r in differences] == [(label, amount, tone)]
    assert not any(r.left.startswith("Difference") for r in report_rows(open_shift(), "", PRINTED))


def test_z_report_of_a_total_only_count_has_no_table() -> None:
    text = pdf_text(render_shift_report(closed_shift(count_detail={}), STAND_NAME, 80, PRINTED))

    assert "Rp1.125.000" in text and " x " not in text


@pytest.mark.parametrize("width_mm", [80, 58])
def test_roll_width_and_only_embedded_dejavu(width_mm: int) -> None:
    pdf = render_shift_report(closed_shift(), STAND_NAME, width_mm, PRINTED)
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    fonts = [str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()]

    assert len(reader.pages) == 1
    assert float(page.mediabox.width) == pytest.approx(ROLLS[width_mm].width, abs=0.01)
    assert fonts and all("DejaVu" in name for name in fonts)
    assert any("Bold" in name for name in fonts)
    assert b"Helvetica" not in pdf
    assert b"/FontFile2" in pdf


def test_empty_shift_says_none_instead_of_blank_sections() -> None:
    empty = open_shift(
        sales_count=0,
        sales_total=0,
        voids_count=0,
        voids_total=0,
        payments={},
        cash_in=0,
        cash_out=0,
        expected_cash=200_000,
        moves=[],
        first_receipt=None,
        last_receipt=None,
    )

    text = pdf_text(render_shift_report(empty, STAND_NAME, 58, PRINTED))

    assert text.count("none") == 3  # receipts, payments, cash movements
    assert "Rp200.000" in text


def test_unsupported_roll_width_is_refused() -> None:
    with pytest.raises(ValueError):
        render_shift_report(open_shift(), STAND_NAME, 70)
