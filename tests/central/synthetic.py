"""Day exports written straight in the export's format (CSV files and manifest), fast enough to
make a region's year of them: for the concurrency tests and the roll-up benchmark.

The database copy, the XLSX and the Z reports of a real export are left out: the import never
reads them (it checks only what the manifest lists, and these manifests list the CSV files).
"""

import csv
import hashlib
import io
import json
from datetime import date
from pathlib import Path

from pos.services.day_data import LINES_COLUMNS, PAYMENTS_COLUMNS, REFUNDS_COLUMNS, SALES_COLUMNS

PRODUCTS = (
    ("KK-NAS-500", "Nastar Keju 500 g", "Kue Kering", "Tata Boga", 65_000),
    ("MK-TMP-01", "Tempe Murni", "Makanan", "Tata Boga", 5_000),
    ("PK-BTK-L", "Kemeja Batik L", "Pakaian", "Menjahit", 150_000),
    ("SV-MUG-01", "Mug Sablon", "Suvenir", "Sablon", 35_000),
    ("MB-KRS-JTI", "Kursi Jati", "Mebel", "Bengkel Kayu", 850_000),
    ("TS-RJT-01", "Tas Rajut", "Kerajinan", "Anyaman", 120_000),
)


def _csv(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def write_day(
    root: Path, stand: str, day: date, n_sales: int = 200, lines: int = 2, scale: int = 1
) -> Path:
    """`<root>/<STAND>_<date>/` holding n_sales cash sales of `lines` lines each, at the
    products' prices times `scale`."""
    stamp = day.strftime("%Y%m%d")
    sales, sale_lines, payments = [], [], []
    total = 0
    for i in range(1, n_sales + 1):
        receipt = f"{stand}-{stamp}-{i:04d}"
        sale_total = 0
        for k in range(lines):
            sku, name, category, workshop, price = PRODUCTS[(i + k) % len(PRODUCTS)]
            price *= scale
            qty = 1 + (i + k) % 3
            sale_lines.append((receipt, "completed", sku, name, category, workshop, qty, price,
                               qty * price, price, 0, 0, "", price // 2))  # fmt: skip
            sale_total += qty * price
        created = f"{day.isoformat()} {8 + i % 10:02d}:{i % 60:02d}:00"
        sales.append((receipt, created, "Sari", 1, "completed", sale_total, 0))
        payments.append((receipt, "completed", "tunai", sale_total, sale_total, 0, "", "", True))
        total += sale_total
    folder = root / f"{stand}_{day.isoformat()}"
    folder.mkdir(parents=True)
    files = []
    for name, header, rows in (
        ("sales.csv", SALES_COLUMNS, sales),
        ("lines.csv", LINES_COLUMNS, sale_lines),
        ("payments.csv", PAYMENTS_COLUMNS, payments),
        ("refunds.csv", REFUNDS_COLUMNS, []),
    ):
        data = _csv(header, rows)
        (folder / name).write_bytes(data)
        files.append({"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    manifest = {
        "format": "lapak-day-export/1", "stand": stand, "date": day.isoformat(),
        "app_version": "bench", "schema_version": "0007",
        "counts": {"sales": n_sales, "voided": 0, "lines": len(sale_lines), "payments": n_sales},
        "totals": {"total": total, "by_method": {"tunai": total}, "discount_total": 0,
                   "refunds_total": 0, "net_total": total},
        "files": files,
    }  # fmt: skip
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return folder
