"""End-of-day export: complete and verified, or nothing that looks complete."""

import csv
import errno
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select, update

from pos.core.cart import Cart
from pos.core.payments import NonCashPayment
from pos.db.models import ExportRecord, PinLookupKey, User
from pos.services import catalog, reports, sales, shifts
from pos.services.export import MANIFEST, ExportFailed, export_day, verify_export


def _cart(db, *codes: str) -> Cart:  # type: ignore[no-untyped-def]
    cart = Cart()
    for code in codes:
        p = catalog.find_by_code(db, code)
        cart.add(p.id, p.sku, p.name, p.price)
    return cart


@pytest.fixture
def day(demo_db, cashier):  # type: ignore[no-untyped-def]
    """A day with every payment method and a cash movement; returns its date."""
    first = sales.checkout_cash(
        demo_db, cashier, _cart(demo_db, "KK-NAS-500", "MK-TMP-01"), 100_000
    )
    sales.checkout(
        demo_db,
        cashier,
        _cart(demo_db, "MB-KRS-JTI"),
        [NonCashPayment("qris", 850_000, reference="QR1", confirmed=True)],
        0,
    )
    sales.checkout(
        demo_db,
        cashier,
        _cart(demo_db, "PK-BTK-L", "SV-MUG-01"),
        [NonCashPayment("transfer", 100_000, reference="T1", bank="BRI", confirmed=True)],
        60_000,
    )
    sales.checkout(
        demo_db,
        cashier,
        _cart(demo_db, "KY-RHL-01"),
        [NonCashPayment("debit", 75_000, confirmed=True)],
        0,
    )
    sales.checkout(
        demo_db,
        cashier,
        _cart(demo_db, "TS-DMP-01"),
        [NonCashPayment("lainnya", 40_000, confirmed=True)],
        0,
    )
    shifts.move_cash(demo_db, cashier, "out", 20_000, "beli kantong plastik")
    return first.created_at.date()


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_export_matches_the_report(demo_db, cashier, day, stick: Path) -> None:  # type: ignore[no-untyped-def]
    result = export_day(demo_db, cashier, day, stick)
    assert result.folder.name == f"DEMO_{day.isoformat()}" and result.sales_count == 5
    assert verify_export(result.folder) == []
    manifest = json.loads((result.folder / MANIFEST).read_text(encoding="utf-8"))
    assert {f["name"] for f in manifest["files"]} | {MANIFEST} == {
        p.name for p in result.folder.iterdir()
    }
    report = reports.day_report(demo_db, day)

    sales_csv = read_csv(result.folder / "sales.csv")
    assert [r["receipt_no"] for r in sales_csv] == report.receipts
    assert sum(int(r["total"]) for r in sales_csv) == report.total == manifest["totals"]["total"]
    lines = read_csv(result.folder / "lines.csv")
    per_sku: dict[str, int] = {}
    for r in lines:
        per_sku[r["sku"]] = per_sku.get(r["sku"], 0) + int(r["qty"])
    assert per_sku == {line.sku: line.qty for line in report.lines}
    payments = read_csv(result.folder / "payments.csv")
    by_method: dict[str, int] = {}
    for r in payments:
        by_method[r["method"]] = by_method.get(r["method"], 0) + int(r["amount"])
    assert by_method == report.payments == manifest["totals"]["by_method"]
    assert set(by_method) == {"tunai", "qris", "transfer", "debit", "lainnya"}
    workshops = read_csv(result.folder / "workshops.csv")
    assert sum(int(r["total"]) for r in workshops) == report.total

    book = openpyxl.load_workbook(result.folder / f"{result.folder.name}.xlsx", read_only=True)
    for sheet in ("summary", "sales", "lines", "payments", "workshops"):
        from_xlsx = [
            [("" if v is None else str(v)) for v in row]
            for row in book[sheet].iter_rows(values_only=True)
        ]
        with (result.folder / f"{sheet}.csv").open(encoding="utf-8", newline="") as f:
            from_csv = list(csv.reader(f))
        assert from_xlsx == from_csv, sheet
    with demo_db.Session() as s:
        assert s.execute(select(func.count(ExportRecord.id))).scalar_one() == 1


def test_database_copy_has_no_pin_hashes(demo_db, cashier, day, stick: Path) -> None:  # type: ignore[no-untyped-def]
    secret = "pbkdf2$SECRET-HASH-0123456789"
    with demo_db.Session.begin() as s:
        assert s.execute(select(func.count()).where(User.pin_tag.is_not(None))).scalar_one() == 4
        key = s.execute(select(PinLookupKey.key)).scalar_one()
        s.execute(update(User).values(pin_hash=secret))
    result = export_day(demo_db, cashier, day, stick)
    copy = result.folder / "lapak.db"
    assert secret.encode() not in copy.read_bytes() and key not in copy.read_bytes()
    with sqlite3.connect(copy) as conn:
        assert (
            conn.execute("SELECT count(*) FROM users WHERE pin_hash IS NOT NULL").fetchone()[0] == 0
        )
        assert conn.execute("SELECT count(*) FROM users WHERE pin_tag IS NOT NULL").fetchone() == (
            0,
        )
        assert conn.execute("SELECT count(*) FROM pin_lookup_key").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM sales").fetchone()[0] == 5


def test_same_day_twice_keeps_the_first(demo_db, cashier, day, stick: Path) -> None:  # type: ignore[no-untyped-def]
    first = export_day(demo_db, cashier, day, stick)
    before = {p.name: p.read_bytes() for p in first.folder.iterdir()}
    second = export_day(demo_db, cashier, day, stick)
    assert second.replaced_name and second.folder.name.endswith("_2")
    assert {p.name: p.read_bytes() for p in first.folder.iterdir()} == before
    assert verify_export(first.folder) == [] and verify_export(second.folder) == []


def test_day_without_sales(demo_db, cashier, stick: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    result = export_day(demo_db, cashier, date(2020, 1, 1), stick)
    assert result.sales_count == 0 and verify_export(result.folder) == []
    assert read_csv(result.folder / "sales.csv") == []


class FailingSink:
    """Writes normally until `limit` bytes, then fails like a full or pulled-out stick."""

    def __init__(self, limit: int, code: int) -> None:
        self.limit, self.code, self.written = limit, code, 0

    def write(self, path: Path, chunks: Iterable[bytes]) -> None:
        with open(path, "wb") as f:
            for chunk in chunks:
                if self.written + len(chunk) > self.limit:
                    f.write(chunk[: self.limit - self.written])
                    raise OSError(self.code, "simulated")
                f.write(chunk)
                self.written += len(chunk)


@pytest.mark.parametrize(
    ("limit", "code", "message"),
    [
        (5_000, errno.ENOSPC, "penuh"),
        (0, errno.EROFS, "hanya-baca"),
        (20_000, errno.EIO, "dicabut"),
    ],
)
def test_faults_leave_nothing_complete(
    demo_db, cashier, day, stick: Path, limit, code, message
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ExportFailed, match=message):
        export_day(demo_db, cashier, day, stick, sink=FailingSink(limit, code))
    assert list(stick.iterdir()) == []
    with demo_db.Session() as s:
        assert s.execute(select(func.count(ExportRecord.id))).scalar_one() == 0


def test_missing_stick(demo_db, cashier, day, stick: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ExportFailed, match="dicabut"):
        export_day(demo_db, cashier, day, stick / "gone")


def test_verify_catches_changes(demo_db, cashier, day, stick: Path) -> None:  # type: ignore[no-untyped-def]
    folder = export_day(demo_db, cashier, day, stick).folder
    sales_csv = folder / "sales.csv"
    data = bytearray(sales_csv.read_bytes())
    data[-3] ^= 0x01
    sales_csv.write_bytes(bytes(data))
    (folder / "lines.csv").unlink()
    (folder / "catatan.txt").write_text("extra")
    problems = verify_export(folder)
    assert any("sales.csv" in p for p in problems)
    assert any("lines.csv" in p for p in problems)
    assert any("catatan.txt" in p for p in problems)
    assert len(problems) == 3
    (folder / MANIFEST).unlink()
    assert verify_export(folder) != []


@pytest.fixture
def tiny_stick(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real, small filesystem (tmpfs of 96 KiB) that fills up like a nearly full stick."""
    import os
    import subprocess

    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def test_really_full_stick(demo_db, cashier, day, tiny_stick: Path) -> None:  # type: ignore[no-untyped-def]
    (tiny_stick / "photos.bin").write_bytes(b"\0" * 40_000)  # what the stick already holds
    with pytest.raises(ExportFailed, match="penuh"):
        export_day(demo_db, cashier, day, tiny_stick)
    assert [p.name for p in tiny_stick.iterdir()] == ["photos.bin"]
    with demo_db.Session() as s:
        assert s.execute(select(func.count(ExportRecord.id))).scalar_one() == 0


def test_a_full_day_ends_verified_on_the_stick(demo_db, cashier, day, stick: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    z = shifts.close_shift(demo_db, cashier, pieces={100_000: 1, 20_000: 2, 5_000: 1})
    result = export_day(demo_db, cashier, day, stick)
    assert verify_export(result.folder) == []
    z_pdf = result.folder / f"Z-DEMO-{z.z_number:04d}.pdf"
    assert z_pdf.is_file()
    text = PdfReader(z_pdf).pages[0].extract_text()
    assert f"LAPORAN Z No. {z.z_number}" in text and "Rp145.000" in text  # counted
    manifest = json.loads((result.folder / MANIFEST).read_text(encoding="utf-8"))
    assert z_pdf.name in {f["name"] for f in manifest["files"]}
    assert manifest["counts"]["sales"] == 5 and manifest["schema_version"]
