"""Catalog import and export: all or nothing, every bad row reported with row and column."""

import os
from pathlib import Path

import openpyxl
import pytest
from catalog_helpers import write_csv, write_xlsx

from pos.core.errors import PosError
from pos.services import catalog, catalog_io, products, stock
from pos.services.auth import supervisor_actor
from pos.services.catalog_io import ImportFailed, NeedsNewNames

HEADER = ["sku", "barcode", "name", "category", "workshop", "unit", "price", "stock"]


@pytest.fixture
def boss(demo_db):  # type: ignore[no-untyped-def]
    return supervisor_actor(demo_db)


def snapshot(db):  # type: ignore[no-untyped-def]
    return (catalog_io.export_rows(db), stock.total_movements(db))


def test_xlsx_adds_and_updates(demo_db, boss, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(
        tmp_path / "katalog.xlsx",
        [
            HEADER,
            [
                "KK-NAS-500",
                8997700001012,
                "Nastar Keju Toples 500 gr",
                "Kue Kering",
                "Tata Boga",
                "toples",
                70000,
                99,
            ],
            [
                "KY-KTK-01",
                None,
                "Kotak Tisu Ukir",
                "Kerajinan Kayu",
                "Kerajinan Kayu",
                "pcs",
                "45.000",
                12,
            ],
            [None, None, None, None, None, None, None, None],
        ],
    )
    result = catalog_io.import_catalog(demo_db, boss, path)
    assert (result.added, result.updated) == (1, 1)
    assert catalog.find_by_code(demo_db, "8997700001012").price == 70_000
    new = catalog.find_by_code(demo_db, "KY-KTK-01")
    assert new.price == 45_000
    assert stock.stock_on_hand(demo_db)[new.id] == 12  # opening stock of a new product
    nastar = catalog.find_by_code(demo_db, "KK-NAS-500")
    assert stock.stock_on_hand(demo_db)[nastar.id] == 24  # stock of existing products untouched


@pytest.mark.parametrize("sep", [",", ";"])
def test_csv_either_separator(demo_db, boss, tmp_path: Path, sep: str) -> None:  # type: ignore[no-untyped-def]
    rows = [
        ["sku", "nama", "harga", "kategori", "satuan"],
        ["PK-SAR-01", "Sarung Tenun", "150000", "Pakaian", "pcs"],
    ]
    catalog_io.import_catalog(demo_db, boss, write_csv(tmp_path / "k.csv", rows, sep))
    assert catalog.find_by_code(demo_db, "PK-SAR-01").name == "Sarung Tenun"


BAD_ROWS = [
    (["KK-NAS-500", None, "Dobel", None, None, "pcs", 1000, None], "sku", "juga ada di baris"),
    (
        ["X-1", 8997700001029, "Kode orang lain", None, None, "pcs", 1000, None],
        "barcode",
        "sudah dipakai",
    ),
    (
        ["X-2", 8997700001013, "Cek digit", None, None, "pcs", 1000, None],
        "barcode",
        "Digit pemeriksa",
    ),
    (["X-3", None, "Harga minus", None, None, "pcs", -5, None], "price", "negatif"),
    (["X-4", None, "Harga huruf", None, None, "pcs", "mahal", None], "price", "bukan nominal"),
    (
        ["X-5", None, "Kategori asing", "Elektronik", None, "pcs", 1000, None],
        "category",
        "tidak dikenal",
    ),
    (["X-6", None, "Rumus", None, None, "pcs", "=A1*2", None], "price", "rumus"),
    (["X-7", None, None, None, None, "pcs", 1000, None], "name", "wajib"),
    (["X-8", None, "Stok huruf", None, None, "pcs", 1000, "banyak"], "stock", "bukan bilangan"),
]


@pytest.mark.parametrize(("row", "column", "reason"), BAD_ROWS)
def test_each_bad_row_is_reported_and_nothing_changes(
    demo_db, boss, tmp_path, row, column, reason
) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(demo_db)
    good = ["OK-1", None, "Baris yang benar", None, None, "pcs", 5000, 3]
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            HEADER,
            good,
            ["KK-NAS-500", 8997700001012, "Nastar", None, None, "toples", 65000, None],
            row,
        ],
    )
    with pytest.raises(PosError) as caught:
        catalog_io.import_catalog(demo_db, boss, path)
    errors = caught.value.errors  # type: ignore[attr-defined]
    assert any(e.row == 4 and e.column == column and reason in e.message for e in errors), errors
    assert "Baris 4" in caught.value.message
    assert snapshot(demo_db) == before


def test_all_bad_rows_are_listed(demo_db, boss, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "bad.xlsx", [HEADER] + [r for r, _c, _m in BAD_ROWS[2:5]])
    with pytest.raises(ImportFailed) as caught:
        catalog_io.import_catalog(demo_db, boss, path)
    assert [e.row for e in caught.value.errors] == [2, 3, 4]


def test_unknown_names_can_be_created(demo_db, boss, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(
        tmp_path / "k.xlsx",
        [HEADER, ["EL-1", None, "Lampu Hias", "Dekorasi", "Elektro", "pcs", 20000, None]],
    )
    with pytest.raises(NeedsNewNames) as caught:
        catalog_io.import_catalog(demo_db, boss, path)
    assert (caught.value.categories, caught.value.workshops) == (["Dekorasi"], ["Elektro"])
    catalog_io.import_catalog(demo_db, boss, path, create_missing=True)
    assert catalog.find_by_code(demo_db, "EL-1").name == "Lampu Hias"
    assert "Elektro" in [w.name for w in products.workshops(demo_db)]


def test_missing_columns(demo_db, boss, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "k.csv", [["kode_barang", "nama"], ["A", "B"]])
    with pytest.raises(ImportFailed) as caught:
        catalog_io.import_catalog(demo_db, boss, path)
    # Only the SKU column is required: a file may update prices alone, or barcodes alone.
    assert {(e.row, e.column) for e in caught.value.errors} == {(1, "sku")}


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("empty.xlsx", b"", "kosong"),
        ("empty.csv", b"", "kosong"),
        ("photo.xlsx", b"\xff\xd8\xff\xe0JFIF" + os.urandom(2000), "bukan berkas XLSX"),
        ("binary.csv", b"\x00\x01\x02" * 1000, "bukan berkas teks"),
        ("catalog.txt", b"sku,name,price\n", ".xlsx atau .csv"),
    ],
)
def test_unreadable_files(
    demo_db, boss, tmp_path: Path, name: str, content: bytes, reason: str
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot(demo_db)
    with pytest.raises(PosError, match=reason):
        catalog_io.import_catalog(demo_db, boss, path)
    assert snapshot(demo_db) == before


def test_twenty_megabytes_of_junk(demo_db, boss, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "junk.csv"
    import random

    noise = random.Random(20).randbytes(20 * 1024 * 1024).replace(b"\x00", b"a")
    junk.write_bytes(b"sku;name\r\n" + noise)
    before = snapshot(demo_db)
    with pytest.raises(PosError):
        catalog_io.import_catalog(demo_db, boss, junk)
    assert snapshot(demo_db) == before


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_changes_nothing(demo_db, boss, tmp_path: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    hamper = products.product_id_by_sku(demo_db, "HP-RMD-S")
    detail = products.get_product(demo_db, hamper)
    from dataclasses import replace

    products.save_product(
        demo_db, boss, replace(detail.fields, components=(("KK-NAS-250", 2),)), hamper
    )
    products.set_active(demo_db, boss, products.product_id_by_sku(demo_db, "MK-ROT-01"), False)
    path = tmp_path / f"katalog{suffix}"
    assert catalog_io.export_catalog(demo_db, path) == 46
    before = snapshot(demo_db)
    result = catalog_io.import_catalog(demo_db, boss, path)
    assert (result.added, result.updated, result.unchanged) == (0, 0, 46)
    assert snapshot(demo_db) == before


def test_barcode_with_leading_zero_survives_xlsx(demo_db, boss, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(
        tmp_path / "k.xlsx",
        [HEADER, ["UPC-1", "036000291452", "Impor", None, None, "pcs", 1000, None]],
    )
    catalog_io.import_catalog(demo_db, boss, path)
    out = tmp_path / "out.xlsx"
    catalog_io.export_catalog(demo_db, out)
    cells = [
        row
        for row in openpyxl.load_workbook(out).active.iter_rows(values_only=True)
        if row[0] == "UPC-1"
    ]
    assert cells[0][1] == "036000291452"


def test_cashier_cannot_import(demo_db, cashier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pos.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        catalog_io.import_catalog(
            demo_db,
            cashier,
            write_csv(tmp_path / "k.csv", [["sku", "name", "price"], ["A", "B", "1"]]),
        )


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig"])
def test_csv_from_windows_encodings(demo_db, boss, tmp_path: Path, encoding: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "k.csv"
    path.write_bytes("sku;nama;harga\nPK-KUE-01;Kué Lapis;15.000\n".encode(encoding))
    catalog_io.import_catalog(demo_db, boss, path)
    assert catalog.find_by_code(demo_db, "PK-KUE-01").name == "Kué Lapis"


def test_checking_stops_after_a_thousand_problems(demo_db, boss, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A file of bad rows cannot fill memory with problems: the first thousand are enough."""
    rows = [["sku", "name", "price", "cost"]] + [
        [f"X-{n}", "Barang", "mahal", "murah"] for n in range(50_000)
    ]
    path = write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(ImportFailed) as caught:
        catalog_io.import_catalog(demo_db, boss, path)
    assert len(caught.value.errors) == 1000 and caught.value.stopped_at == 501
    assert "Pemeriksaan berhenti di baris 501 setelah 1000 masalah." in caught.value.message
