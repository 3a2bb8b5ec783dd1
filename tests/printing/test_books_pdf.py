"""Charts drawn with reportlab look like charts when rasterised; report and recap PDFs hold
the figures; axis money is short."""

import pypdfium2 as pdfium

from pos.i18n import in_language
from pos.printing import charts
from pos.printing.books_pdf import TableBlock, document_pdf


def _png_ink(pdf: bytes) -> tuple[int, int, float]:
    page = pdfium.PdfDocument(pdf)[0]
    image = page.render(scale=1).to_pil().convert("L")
    pixels = image.tobytes()
    dark = sum(1 for p in pixels if p < 200)
    return image.width, image.height, dark / len(pixels)


def test_short_money_on_axes() -> None:
    with in_language("id"):
        assert charts.short_money(1_500_000) == "1,5 jt"
        assert charts.short_money(250_000) == "250 rb"
        assert charts.short_money(2_000_000_000) == "2 M"  # miliar
        assert charts.short_money(50_800_000_000) == "50,8 M"
        assert charts.short_money(-65_000) == "-65 rb"
        assert charts.short_money(0) == "0"
        assert charts.short_money(999_960) == "1 jt"
        assert charts.short_money(125_040_000) == "125 jt"


def test_short_money_in_english_never_calls_a_thousand_million_m() -> None:
    with in_language("en"):
        assert charts.short_money(1_500_000) == "1.5 M"
        assert charts.short_money(2_000_000_000) == "2 B"
        assert charts.short_money(50_800_000_000) == "50.8 B"
        assert charts.short_money(250_000) == "250 k"
        assert charts.short_money(-65_000) == "-65 k"


def test_each_chart_draws_ink_and_an_empty_one_says_so() -> None:
    drawings = [
        charts.bars_over_time("Hari", ["01", "02", "03"], [100, 300, 200], [50, 0, 80]),
        charts.top_items("Terlaris", ["Nastar", "Kursi"], [500_000, 200_000]),
        charts.mix("Cara bayar", ["Tunai", "QRIS"], [700_000, 300_000]),
    ]
    for drawing in drawings:
        width, height, ink = _png_ink(charts.drawing_pdf(drawing))
        assert (width, height) == (charts.WIDTH, charts.HEIGHT)
        assert ink > 0.03, drawing  # bars or slices, not only a title
    empty = charts.bars_over_time("Hari", [], [], None, "Tidak ada penjualan")
    assert _png_ink(charts.drawing_pdf(empty))[2] < 0.02
    text = pdfium.PdfDocument(charts.drawing_pdf(empty))[0].get_textpage().get_text_range()
    assert "Tidak ada penjualan" in text


def test_document_holds_tables_text_and_charts() -> None:
    pdf = document_pdf(
        "Rekap X-K2026-0001",
        [
            "Lapak · 2026-11-01 s.d. 2026-11-30",
            TableBlock(
                ["Kegiatan kerja", "PNBP"],
                [["Meubeler", "Rp49.353"], ["Total", "Rp93.600"]],
                bold_last=True,
            ),
            charts.mix("Cara bayar", ["Tunai"], [1]),
        ],
    )
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    for expected in ("Rekap X-K2026-0001", "Meubeler", "Rp49.353", "Rp93.600", "Cara bayar"):
        assert expected in text
