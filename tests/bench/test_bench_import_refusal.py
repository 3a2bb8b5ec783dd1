"""Refusing a spreadsheet that is too large (PRODUCT.md: a 300k-row one in under 5 s and
300 MB), and the issue's zip bomb: a 4 MB .xlsx that unpacks to a 10M-row sheet.

Each refusal runs `import_catalog` in a fresh process, which reports the call's wall time (and
the whole process's, start-up and a new database included) and its peak RSS (VmHWM, with the
interpreter and imports). Figures go into extra_info,
never into assertions; that the file is refused, with the right message, is asserted.
"""

import io
import json
import os
import statistics
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pos.core.barcodes import make_instore_ean13
from pos.services.catalog_rows import COLUMNS
from pos.services.xlsx import workbook_bytes

ROWS = 300_000
BOMB_ROWS = 10_000_000
TARGET_S = 5.0
TARGET_MB = 300
VERSION = 1  # bump when the generated files change
REPO = Path(__file__).resolve().parents[2]

REFUSE = r"""
import json, sys, time
start = time.perf_counter()
from pos.core.errors import PosError
from pos.services.auth import system_actor
from pos.services.catalog_io import import_catalog
from pos.services.setup import init_database
db = init_database(sys.argv[2])
ready = time.perf_counter()
try:
    import_catalog(db, system_actor(db), sys.argv[1])
    message = None
except PosError as e:
    message = e.message
done = time.perf_counter()
# VmHWM, not getrusage: after fork and exec, ru_maxrss still counts the parent's pages.
with open("/proc/self/status") as f:
    peak = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
print(json.dumps({"refuse_s": done - ready, "process_s": done - start, "peak_kb": peak,
                  "message": message}))
"""


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lapak-bench"


def _row(n: int) -> list[object]:
    """A row in the export's columns, as a real catalog would have it."""
    return [
        f"BIG-{n:06d}", make_instore_ean13(23, n), f"Kursi Ukir Jati Nomor {n}", "Mebel",
        "Bengkel Kayu", "pcs", 850_000 + n, 500_000, "ya", 2, "", "", "ya", "", n % 40,
    ]  # fmt: skip


def _write_xlsx(path: Path) -> None:
    rows = [list(COLUMNS)] + [_row(n) for n in range(1, ROWS + 1)]
    path.write_bytes(workbook_bytes([("Katalog", rows)]))


def _write_csv(path: Path) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        writer.writerows(_row(n) for n in range(1, ROWS + 1))


def _write_bomb(path: Path) -> None:
    """The issue's file: a valid .xlsx whose one sheet holds ten million small rows, deflated
    to a few MB (unpacked: about 640 MB)."""
    head = workbook_bytes([("S", [["sku", "name", "price"]])])
    with zipfile.ZipFile(io.BytesIO(head)) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info, src.read(info))
        member = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        member.compress_type = zipfile.ZIP_DEFLATED
        with out.open(member, "w") as sheet:
            sheet.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>"
            )
            block = b'<row><c t="inlineStr"><is><t>A</t></is></c><c><v>1</v></c></row>' * 10_000
            for _ in range(BOMB_ROWS // 10_000):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")


FILES: dict[str, tuple[str, Callable[[Path], None]]] = {
    "xlsx_300k_rows": (".xlsx", _write_xlsx),
    "csv_300k_rows": (".csv", _write_csv),
    "xlsx_zip_bomb_10m_rows": (".xlsx", _write_bomb),
}


def _cached(kind: str) -> Path:
    suffix, write = FILES[kind]
    path = _cache_dir() / f"refuse-{kind}-v{VERSION}{suffix}"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        building = path.with_name(f".{path.name}.{os.getpid()}.building{suffix}")
        try:
            write(building)
            os.replace(building, path)
        finally:
            building.unlink(missing_ok=True)
    return path


@pytest.mark.parametrize("kind", list(FILES))
def test_refusing_a_too_large_spreadsheet(benchmark, tmp_path, kind) -> None:
    """A file over the row limit is refused in seconds with little memory (< 5 s, < 300 MB)."""
    path = _cached(kind)
    script = tmp_path / "refuse.py"
    script.write_text(REFUSE, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    reports: list[dict[str, object]] = []

    def run() -> None:
        db = tmp_path / f"r{len(reports)}" / "lapak.db"
        done = subprocess.run(
            [sys.executable, str(script), str(path), str(db)],
            capture_output=True, text=True, env=env, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        reports.append(json.loads(done.stdout.strip().splitlines()[-1]))

    benchmark.pedantic(run, rounds=3, iterations=1)
    for report in reports:
        message = str(report["message"])
        assert "200000" in message or "lebih banyak data" in message, message
    seconds = statistics.median(float(r["refuse_s"]) for r in reports)
    peak_mb = max(int(r["peak_kb"]) for r in reports) / 1024
    benchmark.extra_info.update(
        {
            "file_mb": round(path.stat().st_size / 2**20, 1),
            "median_s": round(seconds, 3),
            "rounds_s": [round(float(r["refuse_s"]), 3) for r in reports],
            "process_median_s": round(statistics.median(float(r["process_s"]) for r in reports), 3),
            "peak_rss_mb": round(peak_mb, 1),
            "message": str(reports[0]["message"]),
            "target": f"< {TARGET_S} s and < {TARGET_MB} MB",
            "meets_target": seconds < TARGET_S and peak_mb < TARGET_MB,
        }
    )
