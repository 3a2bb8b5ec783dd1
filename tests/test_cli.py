"""The `pos` command, run as a real process: exit codes, stdout JSON, stderr messages."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def pos(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "pos", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_init_and_catalog_list(tmp_path: Path) -> None:
    db = str(tmp_path / "x" / "lapak.db")
    assert pos("--db", db, "init").returncode == 0
    empty = pos("--db", db, "catalog", "list", "--json")
    assert empty.returncode == 0 and json.loads(empty.stdout) == []
    listed = pos("--db", db, "--demo", "catalog", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert len(rows) >= 40
    assert {"sku", "barcode", "name", "price", "stock"} <= set(rows[0])
    nastar = next(r for r in rows if r["sku"] == "KK-NAS-500")
    assert (nastar["price"], nastar["stock"], nastar["barcode"]) == (65000, 24, "8997700001012")
    # --demo on a database that has products adds nothing
    again = json.loads(pos("--db", db, "--demo", "catalog", "list", "--json").stdout)
    assert len(again) == len(rows)


def test_report_day_and_receipt(tmp_path: Path) -> None:
    from pos.core.cart import Cart
    from pos.services import catalog, sales, shifts
    from pos.services.auth import default_actor, system_actor
    from pos.services.setup import init_database, load_demo

    path = tmp_path / "lapak.db"
    db = init_database(path)
    load_demo(db, system_actor(db))
    shifts.open_shift(db, default_actor(db), 100_000)
    cart = Cart()
    for code in ("KK-NAS-500", "KK-NAS-500", "SV-MUG-01"):
        p = catalog.find_by_code(db, code)
        cart.add(p.id, p.sku, p.name, p.price)
    result = sales.checkout_cash(db, default_actor(db), cart, 200_000)
    db.close()

    day = result.created_at.date().isoformat()
    out = pos("--db", str(path), "report", "day", "--date", day, "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["date"] == day and report["sales_count"] == 1
    assert report["total"] == 165_000 and report["receipts"] == [result.receipt_no]
    assert {(x["sku"], x["qty"], x["total"]) for x in report["lines"]} == {
        ("KK-NAS-500", 2, 130_000),
        ("SV-MUG-01", 1, 35_000),
    }
    today = json.loads(pos("--db", str(path), "report", "day", "--json").stdout)
    assert today["sales_count"] == 1  # default date is today at the stand
    text = pos("--db", str(path), "report", "day", "--date", day)
    assert "Rp165.000" in text.stdout

    pdf = tmp_path / "again.pdf"
    written = pos("--db", str(path), "receipt", result.receipt_no, "--out", str(pdf))
    assert written.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")
    missing = pos("--db", str(path), "receipt", "NOPE-1", "--out", str(tmp_path / "n.pdf"))
    assert missing.returncode != 0 and "NOPE-1" in missing.stderr
    assert not (tmp_path / "n.pdf").exists()


@pytest.mark.parametrize(
    "lang,expected", [("id", "bukan basis data Lapak"), ("en", "is not a Lapak database")]
)
def test_bad_database_file(tmp_path: Path, lang: str, expected: str) -> None:
    bad = tmp_path / "foto.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0" + b"JFIF" * 100)
    before = bad.read_bytes()
    out = pos("--lang", lang, "--db", str(bad), "init")
    assert out.returncode != 0
    assert expected in out.stderr and "Traceback" not in out.stderr
    assert bad.read_bytes() == before


def test_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    out = pos("--db", str(tmp_path / "l.db"), "report", "day", "--date", "22-11-2026")
    assert out.returncode == 2 and "YYYY-MM-DD" in out.stderr


def test_config_set_validates(tmp_path: Path) -> None:
    db = str(tmp_path / "l.db")
    ok = pos("--db", db, "config", "set", "stand.code", "JBR01")
    assert ok.returncode == 0 and "'JBR01'" in ok.stdout
    bad = pos("--db", db, "config", "set", "receipt.width_mm", "70")
    assert bad.returncode == 1 and "58 atau 80" in bad.stderr


def test_app_refuses_bad_database_without_hanging(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("hello")
    out = pos("--db", str(bad), env_extra={"LAPAK_EXIT_WHEN_READY": "1"})
    assert out.returncode == 1 and "bukan basis data Lapak" in out.stderr


def test_catalog_import_export(tmp_path: Path) -> None:
    db = str(tmp_path / "l.db")
    out = tmp_path / "katalog.csv"
    assert pos("--db", db, "--demo", "catalog", "export", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8-sig")
    assert text.startswith("sku,barcode,name") and "KK-NAS-500" in text
    same = pos("--db", db, "catalog", "import", str(out))
    assert same.returncode == 0 and "0 ditambahkan, 0 diperbarui, 46 tidak berubah" in same.stdout

    bad = tmp_path / "bad.csv"
    bad.write_text("sku;nama;harga\nA-1;Satu;1000\nA-2;Dua;-4\nA-3;;300\n", encoding="utf-8")
    failed = pos("--db", db, "catalog", "import", str(bad))
    assert failed.returncode == 1
    assert "Baris 3, kolom price" in failed.stderr and "Baris 4, kolom name" in failed.stderr
    listed = json.loads(pos("--db", db, "catalog", "list", "--json").stdout)
    assert "A-1" not in {r["sku"] for r in listed}

    english = pos("--lang", "en", "--db", db, "catalog", "import", str(bad))
    assert "Row 3, column price" in english.stderr

    unknown = tmp_path / "new.csv"
    unknown.write_text("sku,name,price,workshop\nB-1,Bangku,500000,Mebel Baru\n", encoding="utf-8")
    refused = pos("--db", db, "catalog", "import", str(unknown))
    assert refused.returncode == 1 and "Mebel Baru" in refused.stderr
    created = pos("--db", db, "catalog", "import", "--create-missing", str(unknown))
    assert created.returncode == 0, created.stderr


def _stand_with_a_sale(path: Path):  # type: ignore[no-untyped-def]
    from pos.core.cart import Cart
    from pos.services import catalog, sales, shifts
    from pos.services.auth import default_actor, system_actor
    from pos.services.setup import init_database, load_demo

    db = init_database(path)
    load_demo(db, system_actor(db))
    shifts.open_shift(db, default_actor(db), 0)
    cart = Cart()
    p = catalog.find_by_code(db, "KK-NAS-500")
    cart.add(p.id, p.sku, p.name, p.price)
    result = sales.checkout_cash(db, default_actor(db), cart, 65_000)
    db.close()
    return result


def test_export_and_verify_export(tmp_path: Path) -> None:
    db = tmp_path / "stand" / "lapak.db"
    sale = _stand_with_a_sale(db)
    stick = tmp_path / "stick"
    stick.mkdir()
    day = sale.created_at.date().isoformat()
    out = pos("--db", str(db), "export", "--to", str(stick), "--date", day)
    assert out.returncode == 0, out.stderr
    folder = stick / f"DEMO_{day}"
    assert "aman dicabut" in out.stdout and folder.is_dir()
    assert pos("verify-export", str(folder)).returncode == 0
    (folder / "sales.csv").write_bytes((folder / "sales.csv").read_bytes() + b"x")
    bad = pos("verify-export", str(folder))
    assert bad.returncode == 1 and "sales.csv" in bad.stderr
    gone = pos("--db", str(db), "export", "--to", str(tmp_path / "no-stick"))
    assert gone.returncode == 1 and "dicabut" in gone.stderr


def test_backup_and_restore(tmp_path: Path) -> None:
    db = tmp_path / "stand" / "lapak.db"
    _stand_with_a_sale(db)
    backup = tmp_path / "cadangan.db"
    assert pos("--db", str(db), "backup", "--to", str(backup)).returncode == 0
    _second = json.loads(pos("--db", str(db), "report", "day", "--json").stdout)
    assert _second["sales_count"] == 1

    notes = tmp_path / "notes.db"
    notes.write_text("not a database")
    refused = pos("--db", str(db), "restore", str(notes))
    assert refused.returncode == 1 and "bukan basis data Lapak" in refused.stderr
    assert json.loads(pos("--db", str(db), "report", "day", "--json").stdout)["sales_count"] == 1

    import sqlite3

    newer = tmp_path / "newer.db"
    newer.write_bytes(backup.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    assert "versi yang lebih baru" in pos("--db", str(db), "restore", str(newer)).stderr

    empty_backup = tmp_path / "kosong.db"
    from pos.services.setup import init_database

    init_database(empty_backup).close()
    restored = pos("--db", str(db), "restore", str(empty_backup))
    assert restored.returncode == 0, restored.stderr
    assert json.loads(pos("--db", str(db), "report", "day", "--json").stdout)["sales_count"] == 0
    safety = next(db.parent.glob("lapak.db.before-restore-*"))
    with sqlite3.connect(safety) as conn:
        assert conn.execute("SELECT count(*) FROM sales").fetchone()[0] == 1


def test_labels_command(tmp_path: Path) -> None:
    import shutil

    db = str(tmp_path / "l.db")
    out = tmp_path / "label.pdf"
    made = pos(
        "--db",
        db,
        "--demo",
        "labels",
        "--template",
        "roll-50x30",
        "--out",
        str(out),
        "KK-NAS-500:2",
        "MK-TMP-01",
    )
    assert made.returncode == 0, made.stderr
    from pypdf import PdfReader

    pages = PdfReader(out).pages
    assert len(pages) == 3  # a roll: one label per page
    assert round(float(pages[0].mediabox.width) / 72 * 25.4) == 50
    if shutil.which("pdftoppm") and shutil.which("zbarimg"):
        subprocess.run(
            ["pdftoppm", "-r", "203", "-mono", str(out), str(tmp_path / "p")], check=True
        )
        codes = []
        for page in sorted(tmp_path.glob("p-*.pbm")):
            read = subprocess.run(
                ["zbarimg", "--nodbus", "-q", "--raw", str(page)], capture_output=True, text=True
            )
            codes += read.stdout.split()
        assert codes == ["8997700001012", "8997700001012", "MK-TMP-01"]
    for bad, reason in (
        (["--start", "99"], "Posisi awal"),
        (["--offset-x", "500"], "keluar dari kertas"),
        (["--template", "tnj-999"], "templat"),
        ([], "Jumlah label"),
    ):
        args = ["--db", db, "labels", "--out", str(tmp_path / "bad.pdf"), *bad]
        args += ["KK-NAS-500:0"] if not bad else ["KK-NAS-500:1"]
        result = pos(*args)
        assert result.returncode != 0 and reason in result.stderr, result.stderr
        assert not (tmp_path / "bad.pdf").exists()
