from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from pos.core.cart import Cart
from pos.core.errors import NotFound
from pos.services import catalog, receipts, reports, sales


def _sell(db, actor, items: dict[str, int], tendered: int | None = None):  # type: ignore[no-untyped-def]
    cart = Cart()
    for code, qty in items.items():
        p = catalog.find_by_code(db, code)
        cart.add(p.id, p.sku, p.name, p.price, qty)
    return sales.checkout_cash(db, actor, cart, tendered or cart.total)


def test_day_report_sums_per_product(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    a = _sell(demo_db, cashier, {"KK-NAS-500": 2, "MK-TMP-01": 3})
    b = _sell(demo_db, cashier, {"MK-TMP-01": 4}, tendered=50_000)
    report = reports.day_report(demo_db, a.created_at.date())
    assert report.sales_count == 2
    assert report.receipts == [a.receipt_no, b.receipt_no]
    assert report.total == a.total + b.total == 2 * 65_000 + 7 * 5_000
    by_sku = {line.sku: line for line in report.lines}
    assert (by_sku["MK-TMP-01"].qty, by_sku["MK-TMP-01"].total) == (7, 35_000)
    assert (by_sku["KK-NAS-500"].qty, by_sku["KK-NAS-500"].total) == (2, 130_000)
    assert report.payments == {"tunai": report.total}
    assert reports.day_report(demo_db, date(2001, 1, 1)).sales_count == 0


def test_receipt_pdf_holds_the_sale(demo_db, cashier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = _sell(demo_db, cashier, {"MB-KRS-UKR": 2, "KK-NAS-500": 1}, tendered=3_000_000)
    out = receipts.write_pdf(demo_db, result.receipt_no, tmp_path / "r.pdf")
    text = PdfReader(out).pages[0].extract_text()
    assert result.receipt_no in text
    assert "Rp2.565.000" in text  # total
    assert "Rp435.000" in text  # change
    assert "Kursi Jati Ukir" in text and "Kasir" in text


def test_receipt_widths(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    result = _sell(demo_db, cashier, {"MK-TMP-01": 1})
    for width, points in ((80, 226.77), (58, 164.41)):
        page = PdfReader(_as_file(receipts.render(demo_db, result.receipt_no, width))).pages[0]
        assert float(page.mediabox.width) == pytest.approx(points, abs=0.05)


def _as_file(data: bytes):  # type: ignore[no-untyped-def]
    import io

    return io.BytesIO(data)


def test_unknown_receipt(demo_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound, match="tidak ada"):
        receipts.render(demo_db, "DEMO-20260101-0001")


def test_archive_path() -> None:
    base = Path("/data/receipts")
    assert receipts.archive_path(base, "JBR01-20261122-0007") == (
        base / "2026-11" / "JBR01-20261122-0007.pdf"
    )


def test_the_receipt_is_in_the_stands_language_whatever_the_ui_speaks(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    from pos.i18n import current_language, set_language
    from pos.services import settings

    result = _sell(demo_db, cashier, {"MK-TMP-01": 1}, tendered=10_000)
    set_language("en")
    data = receipts.receipt_data(demo_db, result.receipt_no)
    assert data.language == "id" and data.payments[0].method_label == "Tunai"
    text = PdfReader(_as_file(receipts.render(demo_db, result.receipt_no))).pages[0].extract_text()
    assert "Struk" in text and "Tunai" in text and "Kembalian" in text
    assert "Cashier" not in text
    assert current_language() == "en"  # the UI keeps its language

    settings.set_from_text(demo_db, "receipt.language", "en")
    set_language("id")
    text = PdfReader(_as_file(receipts.render(demo_db, result.receipt_no))).pages[0].extract_text()
    assert "Cashier" in text and "Cash" in text and "Struk" not in text


def test_an_unknown_receipt_language_is_refused(demo_db) -> None:  # type: ignore[no-untyped-def]
    from pos.core.errors import PosError
    from pos.services import settings

    with pytest.raises(PosError, match="fr"):
        settings.set_from_text(demo_db, "receipt.language", "fr")
    assert settings.get(demo_db, settings.RECEIPT_LANGUAGE) == "id"
