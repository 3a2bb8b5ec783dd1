"""The stock count sheet: the products listed in the count, with or without the stock on hand,
on as many A4 pages as they need, signatures at the end."""

import io

import pytest
from pypdf import PdfReader

from pos.core.errors import PermissionDenied, PosError
from pos.i18n import in_language
from pos.printing.count_sheet import CountSheet, CountSheetLine, render_count_sheet
from pos.services import catalog
from pos.services.count_sheet import MAX_LINES, count_sheet_pdf


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _tracked(db) -> dict[str, catalog.ProductInfo]:  # type: ignore[no-untyped-def]
    return {p.sku: p for p in catalog.list_products(db) if p.track_stock}


def test_the_sheet_lists_the_products_in_the_order_given(demo_db, supervisor) -> None:  # type: ignore[no-untyped-def]
    products = _tracked(demo_db)
    chosen = [products["TS-RJT-KCL"], products["KK-NAS-500"]]
    with in_language("en"):
        pdf = count_sheet_pdf(demo_db, supervisor, [p.id for p in chosen], True, "Workshop: Rajut")
    (text,) = _pages(pdf)
    assert text.index("TS-RJT-KCL") < text.index("KK-NAS-500")
    assert "Stock count sheet" in text and "Workshop: Rajut" in text
    assert "On hand" in text and "Counted" in text
    assert "Counted by" in text and "Checked by" in text and "Signature" in text
    nastar = chosen[1]
    assert f"{nastar.barcode}" in text and f"{nastar.stock}" in text


def test_a_blind_sheet_has_no_stock_column(demo_db, supervisor) -> None:  # type: ignore[no-untyped-def]
    products = _tracked(demo_db)
    nastar = products["KK-NAS-500"]
    with in_language("en"):
        (text,) = _pages(count_sheet_pdf(demo_db, supervisor, [nastar.id], False))
    assert "On hand" not in text and "Counted" in text
    line = next(row for row in text.splitlines() if "KK-NAS-500" in row)
    assert str(nastar.stock) not in line.replace(nastar.barcode or "", "")


def test_the_sheet_speaks_indonesian(demo_db, supervisor) -> None:  # type: ignore[no-untyped-def]
    ids = [p.id for p in _tracked(demo_db).values()]
    with in_language("id"):
        text = "\n".join(_pages(count_sheet_pdf(demo_db, supervisor, ids, True)))
    assert "Lembar hitung stok" in text and "Dihitung oleh" in text
    assert "Stock count sheet" not in text


def test_only_who_may_count_prints_it(demo_db, kasir, supervisor) -> None:  # type: ignore[no-untyped-def]
    ids = [p.id for p in _tracked(demo_db).values()]
    with pytest.raises(PermissionDenied):
        count_sheet_pdf(demo_db, kasir, ids, True)
    with pytest.raises(PosError):
        count_sheet_pdf(demo_db, supervisor, [], True)
    with pytest.raises(PosError):
        count_sheet_pdf(demo_db, supervisor, [1] * (MAX_LINES + 1), True)
    untracked = [p.id for p in catalog.list_products(demo_db) if not p.track_stock]
    with pytest.raises(PosError):
        count_sheet_pdf(demo_db, supervisor, untracked, True)


@pytest.mark.parametrize("lines", [1, 26, 27, 31, 32, 33, 70, 200])
def test_every_line_once_and_the_signatures_on_the_last_page(lines: int) -> None:
    sheet = CountSheet(
        stand="Lapak",
        printed_at="27-11-2026 10:00",
        scope="",
        lines=tuple(CountSheetLine(f"SKU-{i:04}", f"Product {i}", None, i) for i in range(lines)),
        show_expected=True,
    )
    with in_language("en"):
        pages = _pages(render_count_sheet(sheet))
    text = "\n".join(pages)
    assert [f"SKU-{i:04}" in text for i in range(lines)] == [True] * lines
    assert sum(text.count(f"SKU-{i:04}") for i in range(lines)) == lines
    assert "Counted by" in pages[-1] and all("Counted by" not in p for p in pages[:-1])
    assert all("Counted" in p and f"of {len(pages)}" in p for p in pages)
