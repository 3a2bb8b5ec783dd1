"""Formulas never reach a spreadsheet or the catalog (issue 9.3, OWASP "CSV injection")."""

import csv
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from catalog_helpers import dump, write_csv

from pos.core.cart import Cart
from pos.core.payments import NonCashPayment
from pos.core.text import looks_like_formula
from pos.services import catalog, catalog_io, products, sales
from pos.services.auth import supervisor_actor
from pos.services.catalog_io import ImportFailed
from pos.services.export import export_day

HOSTILE = {
    "KK-NAS-500": "+cmd|' /C calc'!A0",
    "KK-NAS-250": '=HYPERLINK("http://evil","bayar")',
    "KK-SEM-01": "-5",
    "KK-PUT-01": "@x",
    "KK-COK-01": 'Kue "Coklat"; isi 12, toples',
    "KK-KAS-01": "Kastengel\nKeju\r\nBaris",  # line breaks: the service keeps one line
    "KK-SNG-01": "'=1+1",
    "MK-TMP-01": " \t-2+3",
}


@pytest.fixture
def boss(demo_db):  # type: ignore[no-untyped-def]
    return supervisor_actor(demo_db)


@pytest.fixture
def hostile_db(demo_db, boss):  # type: ignore[no-untyped-def]
    for sku, name in HOSTILE.items():
        pid = products.product_id_by_sku(demo_db, sku)
        detail = products.get_product(demo_db, pid)
        products.save_product(demo_db, boss, replace(detail.fields, name=name, pirt="=1+1"), pid)
    return demo_db


def csv_cells(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_hostile_names_export_safely_and_import_back_unchanged(
    hostile_db, boss, tmp_path, suffix
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"katalog{suffix}"
    catalog_io.export_catalog(hostile_db, path)
    if suffix == ".csv":
        cells = [c for row in csv_cells(path) for c in row]
        assert "'+cmd|' /C calc'!A0" in cells and "'-5" in cells and "''=1+1" in cells
        assert not [c for c in cells if looks_like_formula(c)]
    else:
        sheet = openpyxl.load_workbook(path).active
        kinds = {cell.data_type for row in sheet.iter_rows() for cell in row}
        assert "f" not in kinds  # text cells only, never a formula
        names = [row[2] for row in sheet.iter_rows(values_only=True)]
        assert "+cmd|' /C calc'!A0" in names and "-5" in names
    before = dump(hostile_db)
    result = catalog_io.import_catalog(hostile_db, boss, path)
    assert (result.added, result.updated, result.unchanged) == (0, 0, 46)
    assert dump(hostile_db) == before
    assert catalog.find_by_code(hostile_db, "KK-SEM-01").name == "-5"
    assert catalog.find_by_code(hostile_db, "KK-KAS-01").name == "Kastengel Keju Baris"


@pytest.mark.parametrize(
    "cell",
    ["=1+1", " =1+1", "\t=1+1", "  \t =1+1", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3", "\u200b=1"],
)
def test_a_csv_formula_is_refused_after_trimming(demo_db, boss, tmp_path, cell) -> None:  # type: ignore[no-untyped-def]
    """Issue 9.3: only a leading = before trimming was refused; ' =1+1' was stored as =1+1."""
    path = tmp_path / "k.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["sku", "name", "price"], ["X-1", cell, "1000"]])
    before = dump(demo_db)
    with pytest.raises(ImportFailed) as caught:
        catalog_io.import_catalog(demo_db, boss, path)
    [error] = caught.value.errors
    assert (error.row, error.column) == (2, "name") and "rumus" in error.message
    assert dump(demo_db) == before


def test_a_quoted_csv_cell_is_text(demo_db, boss, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(
        tmp_path / "k.csv",
        [["sku", "name", "price", "category"], ["X-1", "'-5", "1000", "'@Kue"]],
    )
    catalog_io.import_catalog(demo_db, boss, path, create_missing=True)
    found = catalog.find_by_code(demo_db, "X-1")
    assert found.name == "-5"
    assert products.get_product(demo_db, found.id).fields.category == "@Kue"


@pytest.mark.parametrize("column", ["price", "stock", "barcode", "components"])
def test_formulas_are_refused_in_every_column(demo_db, boss, tmp_path, column) -> None:  # type: ignore[no-untyped-def]
    header = ["sku", "name", "price", column] if column != "price" else ["sku", "name", "price"]
    row = ["X-1", "Barang", "=A1*2"] if column == "price" else ["X-1", "Barang", "1000", " =A1*2"]
    path = tmp_path / "k.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, row])
    with pytest.raises(ImportFailed) as caught:
        catalog_io.import_catalog(demo_db, boss, path)
    assert [e.column for e in caught.value.errors] == [column]
    assert "rumus" in caught.value.errors[0].message


def test_xlsx_formula_cells_are_refused_and_text_cells_are_text(demo_db, boss, tmp_path) -> None:  # type: ignore[no-untyped-def]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["sku", "name", "price"])
    sheet.append(["X-1", '=CONCAT("a","b")', 1000])  # openpyxl: a formula cell
    path = tmp_path / "formula.xlsx"
    book.save(path)
    with pytest.raises(ImportFailed) as caught:
        catalog_io.import_catalog(demo_db, boss, path)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "name")]

    sheet["B2"].value = " =1+1"
    sheet["B2"].data_type = "s"  # what Excel stores for '=1+1 typed with a quote: text
    book.save(path)
    catalog_io.import_catalog(demo_db, boss, path)
    assert catalog.find_by_code(demo_db, "X-1").name == "=1+1"
    out = tmp_path / "out.csv"
    catalog_io.export_catalog(demo_db, out)
    [row] = [r for r in csv_cells(out) if r[0] == "X-1"]
    assert row[2] == "'=1+1"


def test_day_export_csvs_quote_formulas(hostile_db, cashier, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cart = Cart()
    for sku in ("KK-NAS-500", "KK-SEM-01"):
        p = catalog.find_by_code(hostile_db, sku)
        cart.add(p.id, p.sku, p.name, p.price)
    sale = sales.checkout(
        hostile_db,
        cashier,
        cart,
        [
            NonCashPayment(
                "transfer",
                cart.total,
                reference='=HYPERLINK("http://evil","bayar")',
                bank="@BRI",
                confirmed=True,
            )
        ],
        0,
    )
    stick = tmp_path / "stick"
    stick.mkdir()
    result = export_day(hostile_db, cashier, sale.created_at.date(), stick)
    for name in ("summary", "sales", "lines", "payments", "workshops"):
        cells = [c for row in csv_cells(result.folder / f"{name}.csv") for c in row]
        assert not [c for c in cells if looks_like_formula(c)], name
    lines = csv_cells(result.folder / "lines.csv")
    assert "'+cmd|' /C calc'!A0" in [row[3] for row in lines]
    payments = csv_cells(result.folder / "payments.csv")
    assert payments[1][6:8] == ['\'=HYPERLINK("http://evil","bayar")', "'@BRI"]
    book = openpyxl.load_workbook(result.folder / f"{result.folder.name}.xlsx", read_only=True)
    xlsx_payments = list(book["payments"].iter_rows(values_only=True))
    assert xlsx_payments[1][6] == '=HYPERLINK("http://evil","bayar")'  # a text cell: safe


def test_every_csv_writer_quotes_formulas() -> None:
    """csv_cell is the one way text reaches a CSV: a new writer must use it too."""
    root = Path(__file__).resolve().parents[2] / "pos"
    writers = [p for p in root.rglob("*.py") if "csv.writer(" in p.read_text(encoding="utf-8")]
    assert writers, "no CSV writer found: the test looks in the wrong place"
    for path in writers:
        assert "csv_cell(" in path.read_text(encoding="utf-8"), path
