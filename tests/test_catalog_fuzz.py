"""Fuzzing the catalog import with seeded random files: hostile cells, broken zips, wrong
encodings, files that are not files. A refusal is a PosError (one clear message, no traceback
from the `pos` command) and leaves the database exactly as it was."""

import csv
import io
import os
import random
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from pos.core.barcodes import make_instore_ean13
from pos.core.errors import PosError
from pos.services import catalog_io
from pos.services.auth import supervisor_actor
from pos.services.xlsx import workbook_bytes

SEED = 20260309
HEADERS = [
    "sku", "kode", "barcode", "name", "nama", "category", "workshop", "unit", "price", "harga",
    "cost", "track_stock", "low_stock", "pirt", "shelf_life_days", "active", "components",
    "stock", "stok", "", "catatan", "SKU ", "price",
]  # fmt: skip
HOSTILE = [
    "=1+1", " =1+1", "\t=1+1", "+cmd|' /C calc'!A0", '=HYPERLINK("http://evil","x")', "-5",
    "@SUM(A1)", "'-5", "''=1", "\x00", "Nastar\x00Keju", "\x1b[31m", "\r", "\n", "a\nb",
    '"', '""', ";", ",", "\ufeff", "\u202e", "\ud7ff", "9223372036854775807",
    "12345678901234567890123", "-9223372036854775809", "1e308", "inf", "nan", "1.5", "1.000",
    "0", "", " ", "ya", "tidak", "KK-NAS-500", "KK-NAS-500:2; HP-RMD-S:1", "HP-RMD-L:1",
    "X" * 300, "9" * 5000, "8997700001012", "8997700001013", "Kue Kering", "Tata Boga",
    "Rp30.000", "30.000,00", "pcs", "toples", "Kué", "日本語", "🙂",
]  # fmt: skip


def _cell(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.6:
        return rng.choice(HOSTILE)
    if roll < 0.8:
        return rng.randint(-(10**20), 10**20) if rng.random() < 0.3 else rng.randint(0, 10**6)
    return "".join(chr(rng.randint(0, 0x2FF)) for _ in range(rng.randint(0, 12)))


PLAUSIBLE = {
    "sku": lambda r, n: f"FZ-{n}" if r.random() < 0.8 else r.choice(["KK-NAS-500", "HP-RMD-S"]),
    "barcode": lambda r, n: "" if r.random() < 0.5 else make_instore_ean13(25, r.randint(0, 99)),
    "name": lambda r, n: r.choice(["Nastar", "'-5", 'Kue "Coklat"; 12', "Kursi", "Peci"]),
    "category": lambda r, n: r.choice(["", "Kue Kering", "Hampers", "Baru"]),
    "workshop": lambda r, n: r.choice(["", "Tata Boga", "Bengkel Baru"]),
    "unit": lambda r, n: r.choice(["", "pcs", "toples"]),
    "price": lambda r, n: r.choice([r.randint(0, 10**6), "30.000", "Rp15.000"]),
    "cost": lambda r, n: r.choice(["", r.randint(0, 1000)]),
    "track_stock": lambda r, n: r.choice(["", "ya", "tidak"]),
    "active": lambda r, n: r.choice(["", "ya", "tidak", "1"]),
    "stock": lambda r, n: r.choice(["", r.randint(0, 100)]),
    "components": lambda r, n: r.choice(["", "", "KK-NAS-500:1", "KK-SEM-01:2; KK-PUT-01"]),
}


def _table(rng: random.Random) -> list[list[Any]]:
    """A header and rows: plausible values with a hostile cell here and there, or junk."""
    if rng.random() < 0.5:
        header = ["sku", "name", "price", *rng.sample(list(PLAUSIBLE)[3:], rng.randint(0, 6))]
        rows: list[list[Any]] = [header]
        for n in range(rng.randint(1, 10)):
            rows.append(
                [_cell(rng) if rng.random() < 0.03 else PLAUSIBLE[c](rng, n) for c in header]
            )
        return rows
    header = rng.sample(HEADERS, rng.randint(1, 8))
    if rng.random() < 0.8 and "sku" not in header:
        header.insert(0, "sku")
    rows = [header]
    for n in range(rng.randint(0, 12)):
        row = [_cell(rng) for _ in header]
        if rng.random() < 0.5:
            row[0] = f"FZ-{n}" if rng.random() < 0.7 else "KK-NAS-500"
        rows.append(row)
    return rows


def _csv(rng: random.Random, rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=rng.choice(",;\t")).writerows(rows)
    text = buffer.getvalue()
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
    return text.encode(encoding, errors="replace")


def _xlsx(rng: random.Random, rows: list[list[Any]]) -> bytes:
    data = workbook_bytes([("S", rows)])
    roll = rng.random()
    if roll < 0.15:
        return data[: rng.randint(0, len(data))]  # truncated
    if roll < 0.3:
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        return bytes(damaged)
    if roll < 0.4:  # a formula cell
        return data.replace(
            b'<c t="inlineStr"><is><t xml:space="preserve">', b"<c><f>1+1</f><v>", 1
        )
    return data


def fuzz_file(rng: random.Random, folder: Path, n: int) -> Path:
    """One random input for `catalog import`: a path that may not even be a file."""
    roll = rng.random()
    suffix = rng.choice([".csv", ".xlsx"])
    path = folder / f"fuzz{n}{suffix}"
    if roll < 0.04:
        path.mkdir()  # a folder named like a file
    elif roll < 0.07:
        pass  # no such file
    elif roll < 0.12:
        path.write_bytes(rng.randbytes(rng.randint(0, 5000)))
    elif suffix == ".csv":
        path.write_bytes(_csv(rng, _table(rng)))
    else:
        path.write_bytes(_xlsx(rng, _table(rng)))
    return path


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def test_import_refuses_with_a_message_and_changes_nothing(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(SEED)
    boss = supervisor_actor(demo_db)
    outcomes = {"imported": 0, "refused": 0}
    for n in range(400):
        path = fuzz_file(rng, tmp_path, n)
        before = dump(demo_db.path)
        try:
            catalog_io.import_catalog(
                demo_db, boss, path, create_missing=rng.random() < 0.5, dry_run=rng.random() < 0.2
            )
        except PosError as e:
            assert e.message.strip(), path
            assert dump(demo_db.path) == before, path
            outcomes["refused"] += 1
        else:
            outcomes["imported"] += 1
    # The generator must exercise both paths, or the test proves little.
    assert outcomes["refused"] > 200 and outcomes["imported"] > 10, outcomes


LINE_STARTS = ("Baris ", "Judul kolom, ", "... dan ")


def pos(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "pos", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_the_command_never_shows_a_traceback(tmp_path: Path) -> None:
    db = tmp_path / "lapak.db"
    assert pos("--db", str(db), "--demo", "init").returncode == 0
    rng = random.Random(SEED + 1)
    paths = [fuzz_file(rng, tmp_path, n) for n in range(18)]
    folder = tmp_path / "dir.csv"
    folder.mkdir()
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 300_000)
    paths += [folder, tmp_path / "missing.xlsx", bomb]
    for path in paths:
        before = dump(db)
        out = pos("--db", str(db), "catalog", "import", str(path))
        assert "Traceback" not in out.stderr and "Traceback" not in out.stdout, out.stderr
        if out.returncode == 0:
            continue
        lines = out.stderr.splitlines()
        assert lines and lines[0].startswith("Galat: "), out.stderr
        # One clear line, or the list of row problems under it.
        assert all(line.startswith(LINE_STARTS) for line in lines[1:]), out.stderr
        assert dump(db) == before, path
