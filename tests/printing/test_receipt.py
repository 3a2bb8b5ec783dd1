"""Receipt PDFs: content, page geometry, embedded fonts and wrapping."""

import io
from dataclasses import replace
from datetime import datetime
from itertools import pairwise

import pytest
from pdfs import first_page as pdf_text
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from pos.core.money import format_number, format_rupiah
from pos.printing.receipt import (
    FONT,
    FONT_BOLD,
    ROLLS,
    layout_receipt,
    render_receipt,
    wrap_text,
)
from pos.printing.receipt_data import ReceiptData, ReceiptLine, ReceiptPayment

LONG_NAME = " ".join(
    ["Kursi", "Jati", "Ukir", "Minimalis", "Dengan", "Sandaran", "Tinggi", "Motif", "Bunga"] * 4
)[:200]


def make_receipt(**changes: object) -> ReceiptData:
    data = ReceiptData(
        stand_name="Lapak Karya WBP Lapas Kelas IIA Jember",
        stand_address="Jl. PB Sudirman No. 13\nJember 68131",
        receipt_no="JBR-20250305-0042",
        created_at=datetime(2025, 3, 5, 14, 7),
        cashier="Siti Aminah",
        lines=(
            ReceiptLine("Nastar Keju Toples 500 gr", 1, 65_000, 65_000),
            ReceiptLine(
                "Kursi Jati Ukir Minimalis Dengan Sandaran Tinggi", 2, 1_250_000, 2_500_000
            ),
            ReceiptLine("Tempe", 5, 5_000, 25_000),
        ),
        total=2_590_000,
        payments=(ReceiptPayment("Tunai", 2_590_000, 3_000_000, 410_000),),
        footer="Terima kasih atas kunjungan Anda.\nBarang yang sudah dibeli tidak dapat ditukar.",
    )
    return replace(data, **changes)


def page_fonts(pdf: bytes) -> list[str]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return [str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values()]


@pytest.mark.parametrize("width_mm", [80, 58])
def test_receipt_shows_number_date_total_and_every_product(width_mm: int) -> None:
    data = make_receipt()

    text = pdf_text(render_receipt(data, width_mm))

    assert data.receipt_no in text
    assert "05-03-2025 14:07" in text
    assert format_rupiah(data.total) in text
    for line in data.lines:
        for word in line.name.split():
            assert word in text
    assert format_rupiah(410_000) in text  # the change


@pytest.mark.parametrize(("width_mm", "points"), [(80, 226.77), (58, 164.41)])
def test_page_is_as_wide_as_the_roll_and_one_page(width_mm: int, points: float) -> None:
    reader = PdfReader(io.BytesIO(render_receipt(make_receipt(), width_mm)))

    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) == pytest.approx(points, abs=0.01)


def test_page_grows_with_the_lines_instead_of_breaking() -> None:
    many = tuple(ReceiptLine(f"Produk {i}", 1, 1_000, 1_000) for i in range(60))

    short = PdfReader(io.BytesIO(render_receipt(make_receipt())))
    long = PdfReader(io.BytesIO(render_receipt(make_receipt(lines=many))))

    assert len(long.pages) == 1
    assert float(long.pages[0].mediabox.height) > 3 * float(short.pages[0].mediabox.height)
    assert "Produk 59" in long.pages[0].extract_text()


@pytest.mark.parametrize("width_mm", [80, 58])
def test_only_embedded_dejavu_fonts_are_used(width_mm: int) -> None:
    pdf = render_receipt(make_receipt(status_note="DIBATALKAN"), width_mm)

    fonts = page_fonts(pdf)

    assert fonts
    assert all("DejaVu" in name for name in fonts)
    assert any("Bold" in name for name in fonts)
    assert b"Helvetica" not in pdf
    assert b"/FontFile2" in pdf  # the TrueType program itself is in the file


def test_unsupported_roll_width_is_refused() -> None:
    with pytest.raises(ValueError):
        render_receipt(make_receipt(), 70)


def test_same_receipt_gives_the_same_bytes() -> None:
    assert render_receipt(make_receipt()) == render_receipt(make_receipt())


def test_status_note_is_printed_bold() -> None:
    layout = layout_receipt(make_receipt(status_note="DIBATALKAN"))

    notes = [placed for placed in layout.texts if placed.text == "DIBATALKAN"]

    assert [placed.font for placed in notes] == [FONT_BOLD]


def test_tendered_and_change_only_for_cash() -> None:
    card = ReceiptPayment("Kartu Debit", 2_590_000, 2_590_000, 0, reference="REF-77812")

    card_text = pdf_text(render_receipt(make_receipt(payments=(card,))))
    cash_text = pdf_text(render_receipt(make_receipt()))

    assert "REF-77812" in card_text
    assert "Kartu Debit" in card_text
    assert format_rupiah(0) not in card_text
    assert format_rupiah(3_000_000) in cash_text
    assert format_rupiah(410_000) in cash_text


@pytest.mark.parametrize("width_mm", [80, 58])
def test_every_text_stays_inside_the_margins(width_mm: int) -> None:
    data = make_receipt(
        stand_name=LONG_NAME,
        lines=(ReceiptLine(LONG_NAME, 99_999, 130, 12_999_870),),
        footer=LONG_NAME,
        status_note=LONG_NAME,
    )
    spec = ROLLS[width_mm]

    layout = layout_receipt(data, width_mm)

    for placed in layout.texts:
        assert placed.x >= spec.margin - 0.01, placed.text
        assert placed.x + placed.width <= spec.width - spec.margin + 0.01, placed.text
        assert placed.y <= layout.height - spec.margin


@pytest.mark.parametrize("width_mm", [80, 58])
def test_large_quantities_and_amounts_share_their_row(width_mm: int) -> None:
    data = make_receipt(
        lines=(
            ReceiptLine("Kain", 99_999, 130, 12_999_870),
            ReceiptLine("Lemari", 1, 13_000_000, 13_000_000),
        ),
        total=13_000_000,
    )
    layout = layout_receipt(data, width_mm)
    baseline = {placed.text: placed.y for placed in layout.texts}

    assert baseline["99.999 x 130"] == baseline[format_number(12_999_870)]
    assert baseline["1 x 13.000.000"] == baseline[format_number(13_000_000)]
    total = next(placed for placed in layout.texts if placed.text == format_rupiah(13_000_000))
    spec = ROLLS[width_mm]
    assert total.x + total.width == pytest.approx(spec.width - spec.margin)
    assert any(p.y == total.y and p.x == spec.margin for p in layout.texts)


@pytest.mark.parametrize(("width_mm", "min_rows"), [(80, 3), (58, 4)])
def test_long_product_name_wraps_onto_several_rows(width_mm: int, min_rows: int) -> None:
    layout = layout_receipt(make_receipt(lines=(ReceiptLine(LONG_NAME, 1, 1, 1),)), width_mm)

    rows = [placed.text for placed in layout.texts if placed.text in LONG_NAME]

    assert len(rows) >= min_rows
    assert " ".join(rows) == LONG_NAME.strip()


def test_wrap_text_breaks_between_words_and_stays_within_width() -> None:
    max_width = ROLLS[58].content_width

    lines = wrap_text(LONG_NAME, FONT, 7.5, max_width)

    assert len(lines) > 1
    assert " ".join(lines) == " ".join(LONG_NAME.split())
    words = set(LONG_NAME.split())
    for line in lines:
        assert stringWidth(line, FONT, 7.5) <= max_width
        assert all(word in words for word in line.split())


def test_wrap_text_fills_each_line_before_starting_the_next() -> None:
    lines = wrap_text("aa bb cc dd ee ff", FONT, 10, 40)

    assert len(lines) > 1
    for line, following in pairwise(lines):
        assert stringWidth(f"{line} {following.split()[0]}", FONT, 10) > 40


def test_wrap_text_breaks_a_too_long_word_by_characters() -> None:
    word = "Pembinaankemandirianwargabinaan" * 3

    lines = wrap_text(f"Kue {word} enak", FONT, 8, 60)

    assert lines[0] == "Kue"
    assert lines[-1].endswith("enak")
    assert "".join(lines[1:]).removesuffix("enak").rstrip() == word
    assert all(stringWidth(line, FONT, 8) <= 60 for line in lines)


def test_wrap_text_of_blank_text_gives_no_lines() -> None:
    assert wrap_text("  \t ", FONT, 8, 100) == []


def test_the_receipt_speaks_its_own_language_not_the_uis() -> None:
    from pos.i18n import set_language

    set_language("en")  # the cashier reads English; the stand's receipts are Indonesian
    text = pdf_text(render_receipt(make_receipt(language="id")))
    assert "Struk" in text and "Kasir" in text and "Kembalian" in text
    assert "Cashier" not in text and "Change" not in text

    set_language("id")
    text = pdf_text(render_receipt(make_receipt(language="en")))
    assert "Cashier" in text and "Change" in text
    assert "Kasir" not in text


def test_split_receipt_puts_cash_last_and_shows_the_bank() -> None:
    payments = (
        ReceiptPayment("Tunai", 50_000, 100_000, 50_000, cash=True),
        ReceiptPayment("QRIS", 55_000, 55_000, 0, "QR-7781"),
        ReceiptPayment("Transfer bank", 1_000, 1_000, 0, "TRF-9", bank="BRI"),
    )
    text = pdf_text(render_receipt(make_receipt(payments=payments)))
    order = [text.index(s) for s in ("QRIS", "QR-7781", "Transfer bank", "BRI", "Tunai")]
    assert order == sorted(order)
    assert text.index("Tunai") < text.index(format_rupiah(100_000)) < text.index("Kembalian")
