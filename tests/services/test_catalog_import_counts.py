"""Import counts that add up, and an import that changes only what the file says (issues 8, 9)."""

import csv
from pathlib import Path

import pytest
from catalog_helpers import dump, write_csv, write_xlsx

from pos.services import catalog, catalog_io, products, stock
from pos.services.auth import supervisor_actor
from pos.services.catalog_io import ImportFailed


@pytest.fixture
def boss(demo_db):  # type: ignore[no-untyped-def]
    return supervisor_actor(demo_db)


def counts(result: catalog_io.ImportResult) -> tuple[int, int, int]:
    assert min(result.added, result.updated, result.unchanged) >= 0
    return result.added, result.updated, result.unchanged


def demo_rows(db, tmp_path: Path) -> tuple[list[str], list[list[str]]]:  # type: ignore[no-untyped-def]
    path = catalog_io.export_catalog(db, tmp_path / "demo.csv") and tmp_path / "demo.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def test_new_products_with_bundles_count_as_added_only(demo_db, boss, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 8: 100,000 new rows copied from the demo, hampers among them, printed
    '100000 added, 6522 updated, -6522 unchanged'. The same on 460 rows."""
    header, body = demo_rows(demo_db, tmp_path)
    rows = []
    for n in range(10):
        for row in body:
            copy = list(row)
            copy[0] = f"N{n}-{row[0]}"  # a new SKU, no barcode, same components
            copy[1] = ""
            rows.append(copy)
    hampers = sum(1 for r in rows if r[header.index("components")])
    assert hampers == 30
    path = tmp_path / "new.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    result = catalog_io.import_catalog(demo_db, boss, path)
    assert counts(result) == (460, 0, 0)
    assert result.rows == 460
    hamper = products.get_product(demo_db, products.product_id_by_sku(demo_db, "N3-HP-RMD-L"))
    assert ("MK-KRP-01", 2) in hamper.fields.components

    again = catalog_io.import_catalog(demo_db, boss, path)
    assert counts(again) == (0, 0, 460)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_reimporting_the_export_changes_nothing(demo_db, boss, tmp_path, suffix) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"katalog{suffix}"
    catalog_io.export_catalog(demo_db, path)
    before = dump(demo_db)
    for _ in range(2):
        result = catalog_io.import_catalog(demo_db, boss, path)
        assert counts(result) == (0, 0, 46)
        assert result.changes == ()
    assert dump(demo_db) == before


def test_mixed_file_counts_each_row_once(demo_db, boss, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(
        tmp_path / "mixed.csv",
        [
            ["sku", "name", "price", "components"],
            ["KK-NAS-500", "Nastar Keju Toples 500 gr", "65000", ""],  # unchanged
            ["KK-SEM-01", "Semprong Toples", "32000", ""],  # price
            ["HP-RMD-S", "Hampers Ramadan Kecil (3 toples)", "150000", "KK-NAS-250:2"],  # bundle
            ["HP-BARU", "Hampers Baru", "99000", "KK-NAS-500:1; KK-SEM-01:2"],  # new bundle
            ["KY-BARU", "Kotak Baru", "15000", ""],  # new
        ],
    )
    result = catalog_io.import_catalog(demo_db, boss, path)
    assert counts(result) == (2, 2, 1)
    assert result.rows == 5
    changed = {c.sku: {f.field for f in c.changes} for c in result.changes if not c.added}
    assert changed == {"KK-SEM-01": {"price"}, "HP-RMD-S": {"components"}}
    small = products.get_product(demo_db, products.product_id_by_sku(demo_db, "HP-RMD-S"))
    assert small.fields.components == (("KK-NAS-250", 2),)


def test_a_partial_file_changes_only_its_columns(demo_db, boss, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 9.1: kode;nama;harga wiped the barcode, unit, cost, low stock, shelf life,
    category, workshop and the 7 components of HP-RMD-L."""
    pid = products.product_id_by_sku(demo_db, "HP-RMD-L")
    before = products.get_product(demo_db, pid).fields
    path = tmp_path / "p.csv"
    path.write_text("kode;nama;harga\nHP-RMD-L;Hampers Ramadan Besar;425.000\n", encoding="utf-8")
    result = catalog_io.import_catalog(demo_db, boss, path)
    assert counts(result) == (0, 1, 0)
    [change] = result.changes
    assert {f.field: (f.old, f.new) for f in change.changes} == {
        "name": (before.name, "Hampers Ramadan Besar"),
        "price": (400_000, 425_000),
    }
    after = products.get_product(demo_db, pid).fields
    from dataclasses import replace

    assert after == replace(before, name="Hampers Ramadan Besar", price=425_000)
    assert len(after.components) == 7


def test_only_the_price_column(demo_db, boss, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pid = products.product_id_by_sku(demo_db, "HP-RMD-L")
    before = products.get_product(demo_db, pid).fields
    path = write_csv(tmp_path / "p.csv", [["sku", "harga"], ["hp-rmd-l", "425.000"]], sep=";")
    catalog_io.import_catalog(demo_db, boss, path)
    from dataclasses import replace

    assert products.get_product(demo_db, pid).fields == replace(before, price=425_000)


def test_empty_cells_clear_only_what_can_be_empty(demo_db, boss, tmp_path) -> None:  # type: ignore[no-untyped-def]
    header = ["sku", "barcode", "name", "category", "workshop", "unit", "price", "cost"]
    header += ["track_stock", "low_stock", "pirt", "shelf_life_days", "active", "components"]
    row = ["HP-RMD-M"] + [""] * (len(header) - 1)
    path = write_csv(tmp_path / "empty.csv", [header, row])
    pid = products.product_id_by_sku(demo_db, "HP-RMD-M")
    before = products.get_product(demo_db, pid).fields
    result = catalog_io.import_catalog(demo_db, boss, path)
    cleared = {f.field for f in result.changes[0].changes}
    assert cleared == {"barcode", "category", "workshop", "shelf_life_days", "components"}
    after = products.get_product(demo_db, pid).fields
    assert (after.barcode, after.category, after.workshop, after.components) == (
        None,
        None,
        None,
        (),
    )
    kept = ("name", "unit", "price", "cost", "track_stock", "low_stock", "active")
    assert [getattr(after, f) for f in kept] == [getattr(before, f) for f in kept]


def test_components_change_only_with_their_column(demo_db, boss, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pid = products.product_id_by_sku(demo_db, "HP-RMD-M")
    before = products.get_product(demo_db, pid).fields.components
    path = write_csv(tmp_path / "k.csv", [["sku", "cost"], ["HP-RMD-M", "160000"]])
    catalog_io.import_catalog(demo_db, boss, path)
    assert products.get_product(demo_db, pid).fields.components == before


def test_dry_run_says_what_would_change_and_changes_nothing(demo_db, boss, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(
        tmp_path / "k.csv",
        [
            ["sku", "price", "barcode", "name", "stock"],
            ["HP-RMD-L", "425.000", "", "", ""],
            ["KY-NEW", "15000", "", "Kotak Baru", "12"],
        ],
    )
    before = dump(demo_db)
    result = catalog_io.import_catalog(demo_db, boss, path, dry_run=True)
    assert result.dry_run and counts(result) == (1, 1, 0)
    assert dump(demo_db) == before
    lines = [catalog_io.describe(c) for c in result.changes]
    assert lines[0] == (
        "Baris 2, HP-RMD-L: diperbarui: Barcode 2000000000084 -> (kosong); "
        "Harga Rp400.000 -> Rp425.000"
    )
    assert lines[1].startswith("Baris 3, KY-NEW: produk baru: ")
    assert "Rp15.000" in lines[1] and "stok awal 12" in lines[1]
    real = catalog_io.import_catalog(demo_db, boss, path)
    assert real.changes == result.changes and not real.dry_run


def test_a_new_product_needs_a_name_and_a_price(demo_db, boss, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "k.csv", [["sku", "name"], ["BARU-1", "Tanpa Harga"]])
    with pytest.raises(ImportFailed) as caught:
        catalog_io.import_catalog(demo_db, boss, path)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "price")]
    path = write_csv(tmp_path / "k.csv", [["sku", "price"], ["BARU-1", "1000"]])
    with pytest.raises(ImportFailed) as caught:
        catalog_io.import_catalog(demo_db, boss, path)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "name")]


def test_barcodes_can_swap_within_one_file(demo_db, boss, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(
        tmp_path / "swap.csv",
        [
            ["sku", "barcode"],
            ["KK-NAS-500", "8997700001029"],
            ["KK-NAS-250", "8997700001012"],
        ],
    )
    assert counts(catalog_io.import_catalog(demo_db, boss, path)) == (0, 2, 0)
    assert catalog.find_by_code(demo_db, "8997700001029").sku == "KK-NAS-500"


def test_a_bundle_cannot_come_to_contain_itself(demo_db, boss, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "k.csv", [["sku", "components"], ["KK-NAS-250", "HP-RMD-S:1"]])
    before = dump(demo_db)
    with pytest.raises(ImportFailed) as caught:
        catalog_io.import_catalog(demo_db, boss, path)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "components")]
    assert dump(demo_db) == before


@pytest.mark.parametrize(
    ("stock_cell", "reason"),
    [
        ("9223372036854775807", "paling banyak 1000000"),
        ("12345678901234567890123", "paling banyak 1000000"),
        ("1" * 5000, "terlalu besar"),
        ("-5", "tidak boleh negatif"),
        ("1000001", "paling banyak 1000000"),
        ("2.5", "bukan bilangan bulat"),
    ],
)
def test_opening_stock_is_bounded_like_receiving(
    demo_db, boss, tmp_path, stock_cell, reason
) -> None:  # type: ignore[no-untyped-def]
    """Issue 9.6: 2^63-1 was accepted and broke `catalog list` for good; 23 digits crashed."""
    path = write_csv(
        tmp_path / "k.csv",
        [["sku", "name", "price", "stock"], ["BIG-1", "Big", "1000", stock_cell]],
    )
    before = dump(demo_db)
    with pytest.raises(ImportFailed) as caught:
        catalog_io.import_catalog(demo_db, boss, path)
    [error] = caught.value.errors
    assert (error.row, error.column) == (2, "stock")
    assert reason in error.message
    assert dump(demo_db) == before


def test_opening_stock_at_the_bound_is_taken(demo_db, boss, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(
        tmp_path / "k.xlsx", [["sku", "name", "price", "stock"], ["BIG-1", "Big", 1000, 1_000_000]]
    )
    catalog_io.import_catalog(demo_db, boss, path)
    pid = products.product_id_by_sku(demo_db, "BIG-1")
    assert stock.stock_on_hand(demo_db)[pid] == 1_000_000
    assert catalog.list_products(demo_db)  # still lists


@pytest.mark.parametrize(
    ("column", "cell", "reason"),
    [
        ("price", "1.000.000.000.001", "terlalu besar"),
        ("price", "99999999999999999999999", "terlalu besar"),
        ("cost", "-1", "negatif"),
        ("low_stock", "1000001", "bilangan bulat"),
        ("shelf_life_days", "99999", "antara 1 dan 3650"),
        ("name", "Nastar\x07Keju", "karakter kontrol"),
        ("category", "Kue\x1bKering", "karakter kontrol"),
        ("pirt", "1" * 40, "terlalu panjang"),
        ("category", "K" * 81, "80"),
        ("name", "N" * 201, "200"),
        ("unit", "u" * 17, "Satuan"),
        ("barcode", "B" * 49, "terlalu panjang"),
    ],
)
def test_every_field_from_the_file_is_bounded(
    demo_db, boss, tmp_path, column, cell, reason
) -> None:  # type: ignore[no-untyped-def]
    header = ["sku", "name", "price", column] if column not in ("name", "price") else None
    rows = (
        [header, ["X-1", "Barang", "1000", cell]]
        if header
        else [["sku", "name", "price"], ["X-1", cell if column == "name" else "Barang",
                                          cell if column == "price" else "1000"]]
    )  # fmt: skip
    path = tmp_path / "k.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    before = dump(demo_db)
    with pytest.raises(ImportFailed) as caught:
        catalog_io.import_catalog(demo_db, boss, path)
    assert [e.column for e in caught.value.errors] == [column], caught.value.errors
    assert reason in caught.value.errors[0].message
    assert dump(demo_db) == before
