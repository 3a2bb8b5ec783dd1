"""ESC/POS receipts: golden bytes from python-escpos's Dummy printer, read back by a decoder."""

import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from escpos_decoder import Decoded, code128_text, decode

from pos.printing import escpos_receipt
from pos.printing.escpos_receipt import COLUMNS, PRINT_DOTS, layout, receipt_barcode, render
from pos.printing.escpos_text import code128_data, code128_modules, pair, to_printer_text, wrap
from pos.printing.receipt_data import ReceiptData, ReceiptLine, ReceiptPayment

GOLDEN = Path(__file__).parent / "golden"
UPDATE = bool(os.environ.get("LAPAK_UPDATE_GOLDEN"))


def hostile_receipt(**changes: object) -> ReceiptData:
    data = ReceiptData(
        stand_name="Lapak Karya WBP Lapas Kelas IIA Jember",
        stand_address="Jl. PB Sudirman No. 13\nJember 68131",
        receipt_no="JBR-20250305-0042",
        created_at=datetime(2025, 3, 5, 14, 7),
        cashier="Siti Aminah",
        lines=(
            ReceiptLine("Nastar “Keju” Toples 500 gr — spesial 🍪", 1, 65_000, 65_000),
            ReceiptLine(
                "Kursi Jati Ukir Minimalis Dengan Sandaran Tinggi", 2, 1_250_000, 2_500_000
            ),
            ReceiptLine("Kué Ñam…", 12, 5_000, 60_000),
            ReceiptLine("Peci" + "X" * 60, 1, 35_000, 35_000),
        ),
        total=2_660_000,
        payments=(
            ReceiptPayment("QRIS", 660_000, 660_000, 0, "REF-0099"),
            ReceiptPayment("Tunai", 2_000_000, 2_100_000, 100_000),
        ),
        footer="Terima kasih atas kunjungan Anda\nHasil karya Warga Binaan Pemasyarakatan",
    )
    return replace(data, **changes)


def check_golden(name: str, raw: bytes) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"golden file {name} is missing")
        path.write_bytes(raw)
    expected = path.read_bytes()
    if raw != expected:
        # Show the difference as printed lines, which says far more than two byte strings.
        assert decode(raw).items == decode(expected).items
        assert raw == expected


@pytest.mark.parametrize(
    ("width_mm", "kick", "golden"),
    [(80, True, "receipt_80_kick.bin"), (58, False, "receipt_58.bin")],
)
def test_receipt_bytes_match_the_golden_file(width_mm: int, kick: bool, golden: str) -> None:
    check_golden(golden, render(hostile_receipt(), width_mm, kick_drawer=kick))


def test_voided_copy_matches_the_golden_file() -> None:
    data = hostile_receipt(status_note="DIBATALKAN - SALINAN")
    check_golden("receipt_58_voided_copy.bin", render(data, 58))


@pytest.mark.parametrize("width_mm", [58, 80])
def test_every_line_fits_the_roll_and_is_ascii(width_mm: int) -> None:
    decoded = decode(render(hostile_receipt(), width_mm))
    cols = COLUMNS[width_mm]
    for line in decoded.lines:
        room = cols // 2 if line.double_width else cols
        assert len(line.text) <= room, line
        assert line.text.isascii()


@pytest.mark.parametrize("width_mm", [58, 80])
def test_stand_name_is_large_and_centred_the_total_bold(width_mm: int) -> None:
    decoded = decode(render(hostile_receipt(), width_mm))
    first = decoded.lines[0]
    assert first.text.startswith("Lapak Karya")
    assert (first.align, first.bold, first.double_width, first.double_height) == (
        "center",
        True,
        True,
        True,
    )
    total = next(line for line in decoded.lines if line.text.startswith("TOTAL"))
    assert total.bold and total.double_height and not total.double_width
    assert total.text.endswith("Rp2.660.000")
    assert len(total.text) == COLUMNS[width_mm]
    after_total = decoded.lines[decoded.lines.index(total) + 1]
    assert not after_total.bold and not after_total.double_height


def test_names_wrap_and_amounts_are_flush_right() -> None:
    texts = decode(render(hostile_receipt(), 58)).texts
    assert "Kursi Jati Ukir Minimalis Dengan" in texts
    assert "Sandaran Tinggi" in texts
    assert "  2 x 1.250.000        2.500.000" in texts
    # A word longer than the line is cut, not pushed past the edge.
    assert "Peci" + "X" * 28 in texts
    assert "X" * 32 in texts
    assert "Tunai                Rp2.000.000" in texts
    assert "Kembalian              Rp100.000" in texts
    assert "Referensi               REF-0099" in texts


def test_characters_the_code_page_lacks_are_replaced() -> None:
    texts = decode(render(hostile_receipt(), 80)).texts
    assert 'Nastar "Keju" Toples 500 gr - spesial ?' in texts
    assert "Kue Nam..." in texts


def test_one_code_page_pinned_at_the_start() -> None:
    raw = render(hostile_receipt(), 80, kick_drawer=True)
    decoded = decode(raw)
    assert decoded.code_pages == [0]
    assert raw.startswith(b"\x1b@\x1bt\x00")


def test_cash_sale_kicks_the_drawer_first_and_every_receipt_ends_with_a_cut() -> None:
    kicked = decode(render(hostile_receipt(), 80, kick_drawer=True))
    assert kicked.events[:2] == ["INIT", "DRAWER pin2"]
    assert kicked.items[-1] == "CUT"
    # Fed before the cut so the footer clears the cutter.
    assert kicked.items[-7:-1] == [kicked.items[-2]] * 6
    plain = decode(render(hostile_receipt(), 58))
    assert not [e for e in plain.events if e.startswith("DRAWER")]
    assert plain.items[-1] == "CUT"


def test_drawer_kick_alone() -> None:
    assert decode(escpos_receipt.drawer_kick()).events == ["DRAWER pin2"]


def test_barcode_holds_the_receipt_number_and_fits_the_roll() -> None:
    wide = decode(render(hostile_receipt(), 80))
    barcodes = [e for e in wide.events if e.startswith("BARCODE")]
    assert barcodes == ["BARCODE JBR-20250305-0042 w2"]
    narrow = decode(render(hostile_receipt(), 58))
    assert [e for e in narrow.events if e.startswith("BARCODE")] == ["BARCODE 202503050042 w3"]


@pytest.mark.parametrize("stand", ["A", "JBR01", "LAPASJEMBER1"])
@pytest.mark.parametrize("width_mm", [58, 80])
def test_barcode_never_wider_than_the_printable_width(stand: str, width_mm: int) -> None:
    number = f"{stand}-20251231-9999"
    row = receipt_barcode(number, width_mm)
    assert row is not None
    assert code128_modules(row.data) * row.module_width <= PRINT_DOTS[width_mm]
    assert code128_text(row.data.encode()) in (number, "202512319999")


@pytest.mark.parametrize(
    "text", ["JBR-20250305-0042", "A1", "123", "1234", "x12345y", "9" * 11, "a{b}", "AB-12-345678"]
)
def test_code128_data_reads_back_as_the_text(text: str) -> None:
    data = code128_data(text)
    assert code128_text(data.encode()) == text


def test_code128_uses_digit_pairs_for_long_digit_runs() -> None:
    data = code128_data("JBR-20250305-0042")
    assert data == "{BJBR-{C\x14\x19\x03\x05{B-{C\x00\x2a"
    # start, 4 + 1 + 4 + 1 + 1 + 1 + 2 symbols and the check, 11 modules each; stop 13;
    # quiet zones 2 x 10
    assert code128_modules(data) == 16 * 11 + 13 + 20
    with pytest.raises(ValueError):
        code128_data("Kué")


def test_to_printer_text() -> None:
    assert to_printer_text("Kué “Ñam” – 3×2…") == 'Kue "Nam" - 3x2...'
    assert to_printer_text("tab\there\u00a0nbsp") == "tab here nbsp"
    assert to_printer_text("日本 🍪 e\u0301") == "?? ? e"
    assert to_printer_text("Straße Øre") == "Strasse Ore"


def test_wrap_and_pair() -> None:
    assert wrap("aaa bbb ccc", 7) == ["aaa bbb", "ccc"]
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap("   ", 4) == []
    assert pair("Total", "Rp10", 12) == ["Total   Rp10"]
    assert pair("A long label", "Rp1.000.000", 12) == ["A long label", " Rp1.000.000"]


def test_layout_refuses_other_widths() -> None:
    with pytest.raises(ValueError):
        layout(hostile_receipt(), 76)


def test_decoder_refuses_what_it_does_not_know() -> None:
    with pytest.raises(ValueError):
        decode(b"caf\xe9\n")
    with pytest.raises(ValueError):
        decode(b"\x1b\x74\x00\x1bZ")
    assert isinstance(decode(b"ok\n"), Decoded)


def test_sample_page_fits_and_cuts() -> None:
    decoded = decode(
        escpos_receipt.sample_page(58, "Tes printer", ["Lapak", "escpos-net:1.2.3.4:9100"])
    )
    assert decoded.texts[:2] == ["Tes printer", "Lapak"]
    assert "=" * 32 in decoded.texts
    assert decoded.items[-1] == "CUT"


def test_the_receipt_speaks_its_own_language_not_the_uis() -> None:
    from pos.i18n import set_language

    set_language("en")
    rows = " ".join(getattr(row, "text", "") for row in layout(hostile_receipt(language="id")))
    assert "Kasir" in rows and "Dibayar" in rows and "Kembalian" in rows
    assert "Cashier" not in rows and "Tendered" not in rows
    set_language("id")
    rows = " ".join(getattr(row, "text", "") for row in layout(hostile_receipt(language="en")))
    assert "Cashier" in rows and "Kasir" not in rows


def test_split_payment_lists_non_cash_with_bank_then_cash_and_change() -> None:
    # Cash comes first from the sale (as settle() orders it); the receipt puts it last.
    payments = (
        ReceiptPayment("Tunai", 50_000, 100_000, 50_000, cash=True),
        ReceiptPayment("Transfer bank", 55_000, 55_000, 0, "TRF-9", bank="BRI"),
    )
    texts = decode(render(hostile_receipt(payments=payments, total=105_000), 58)).texts
    starts = [t.split()[0] if t.split() else "" for t in texts]
    at = starts.index("Transfer")
    assert texts[at + 1].startswith("Referensi") and texts[at + 1].endswith("TRF-9")
    assert texts[at + 2].startswith("Bank") and texts[at + 2].endswith("BRI")
    assert texts[at + 3].startswith("Tunai") and texts[at + 3].endswith("Rp50.000")
    assert texts[at + 4].startswith("Dibayar") and texts[at + 4].endswith("Rp100.000")
    assert texts[at + 5].startswith("Kembalian") and texts[at + 5].endswith("Rp50.000")
