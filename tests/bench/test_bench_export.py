"""End-of-day export benchmark: a 2,000-sale day on a year-old database (100k sales), verified.

The year of sales is built once from the cached 100k-product database with raw executemany
and cached beside it. The speed goal (PRODUCT.md, "Speed and size": under 2 s) goes into
extra_info (median_s, target, meets_target), never asserted: timed assertions flake. What
the export wrote is asserted: the read-back check, counts, totals, the Z report.
"""

import csv
import io
import json
import os
import random
import shutil
import sqlite3
import statistics
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

SEED = 20250305
# Bump when the generated year changes, so that a stale cached database is rebuilt.
SALES_VERSION = 1
STAND = "BENCH"
DAYS = 365
YEAR_SALES = 100_000
DAY_SALES = 2_000  # on the last day, the one exported
END_DAY = date(2025, 3, 5)
OPENING_FLOAT = 500_000
EXPORT_ROUNDS = 5
TARGET_S = 2.0
SQL_TIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy's SQLite DateTime stores a datetime


def day_plan() -> list[tuple[date, int]]:
    """(day, sales) for each day of the year: about 270 a day, then the busy exported day."""
    per_day, extra = divmod(YEAR_SALES - DAY_SALES, DAYS - 1)
    first = END_DAY - timedelta(days=DAYS - 1)
    plan = [(first + timedelta(days=i), per_day + (i < extra)) for i in range(DAYS - 1)]
    return [*plan, (END_DAY, DAY_SALES)]


def _audit_text(detail: dict[str, Any]) -> str:
    # As pos.services.audit writes it.
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass
class _Year:
    """Rows to insert, in the column order of the INSERT statements below."""

    shifts: list[tuple[Any, ...]]
    sales: list[tuple[Any, ...]]
    lines: list[tuple[Any, ...]]
    payments: list[tuple[Any, ...]]
    moves: list[tuple[Any, ...]]
    audit: list[tuple[datetime, int, str, str]]
    counters: list[tuple[Any, ...]]


def _generate_year(products: list[tuple[int, str, str, int]], user_id: int) -> _Year:
    rng = random.Random(SEED)
    year = _Year([], [], [], [], [], [], [])
    sale_id = 0
    z_number = 0
    for day, count in day_plan():
        opens = datetime.combine(day, datetime.min.time()) + timedelta(hours=7, minutes=45)
        if day == END_DAY:
            # A morning shift (closed: its Z report goes into the export) and an afternoon
            # shift still open when the export runs.
            shifts = [
                (opens, count // 2, True),
                (opens + timedelta(hours=6, minutes=30), None, False),
            ]
        else:
            shifts = [(opens, count, True)]
        left = count
        seq = 0
        for opened_at, shift_sales, closed in shifts:
            shift_id = len(year.shifts) + 1
            n_sales = left if shift_sales is None else shift_sales
            left -= n_sales
            span = timedelta(hours=6) if day == END_DAY else timedelta(hours=12)
            year.audit.append(
                (
                    opened_at,
                    user_id,
                    "shift_open",
                    _audit_text({"shift": shift_id, "float": OPENING_FLOAT}),
                )
            )
            cash = 0
            for k in range(n_sales):
                sale_id += 1
                seq += 1
                at = opened_at + timedelta(minutes=15) + span * (k + rng.random()) / n_sales
                at = at.replace(microsecond=at.microsecond // 1000 * 1000 + 1)  # never .000000
                at_text = at.strftime(SQL_TIME)
                receipt_no = f"{STAND}-{day:%Y%m%d}-{seq:04d}"
                total = 0
                n_lines = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5))
                for pid, sku, name, price in rng.sample(products, n_lines):
                    qty = rng.choice((1, 1, 1, 2, 2, 3))
                    total += qty * price
                    year.lines.append((sale_id, pid, sku, name, qty, price, qty * price))
                    year.moves.append((pid, -qty, "sale", sale_id, user_id, None, at_text))
                if rng.random() < 0.2:
                    reference = f"QR{day:%y%m%d}{seq:05d}{rng.randrange(10**6):06d}"
                    year.payments.append((sale_id, "qris", total, total, 0, reference, None, 1))
                else:
                    step = rng.choice((1_000, 10_000, 50_000, 100_000))
                    tendered = total + (-total) % step
                    year.payments.append(
                        (sale_id, "tunai", total, tendered, tendered - total, None, None, 1)
                    )
                    cash += total
                year.sales.append(
                    (
                        sale_id,
                        receipt_no,
                        STAND,
                        day.isoformat(),
                        seq,
                        at_text,
                        user_id,
                        shift_id,
                        "completed",
                        total,
                    )
                )
                year.audit.append(
                    (at, user_id, "sale", _audit_text({"receipt_no": receipt_no, "total": total}))
                )
            if closed:
                z_number += 1
                closed_at = opened_at + span + timedelta(minutes=40)
                expected = OPENING_FLOAT + cash
                counted = expected - (1_000 if z_number % 9 == 0 else 0)
                year.shifts.append(
                    (shift_id, STAND, "closed", opened_at.strftime(SQL_TIME), user_id, OPENING_FLOAT,
                     closed_at.strftime(SQL_TIME), user_id, expected, counted, "{}", z_number)
                )  # fmt: skip
                detail = {
                    "shift": shift_id,
                    "z": z_number,
                    "expected": expected,
                    "counted": counted,
                }
                year.audit.append((closed_at, user_id, "shift_close", _audit_text(detail)))
            else:
                year.shifts.append(
                    (shift_id, STAND, "open", opened_at.strftime(SQL_TIME), user_id, OPENING_FLOAT,
                     None, None, None, None, None, None)
                )  # fmt: skip
        year.counters.append((STAND, day.isoformat(), seq))
    return year


def build_year_db(source: Path, path: Path) -> None:
    """Copy the 100k-product database to `path` and add a year of sales to it."""
    from pos.services.audit import GENESIS, _digest

    shutil.copyfile(source, path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN")
        assert conn.execute("SELECT count(*) FROM sales").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
        conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('stand.code', ?)", (STAND,)
        )
        user_id = conn.execute("SELECT min(id) FROM users WHERE role = 'kasir'").fetchone()[0]
        products = conn.execute(
            "SELECT id, sku, name, price FROM products WHERE active = 1 ORDER BY id"
        ).fetchall()
        year = _generate_year(products, user_id)
        conn.executemany(
            "INSERT INTO shifts (id, stand, status, opened_at, opened_by, opening_float, closed_at, "
            "closed_by, expected_cash, counted_cash, count_detail, z_number) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            year.shifts,
        )
        conn.executemany(
            "INSERT INTO sales (id, receipt_no, stand, day, seq, created_at, user_id, shift_id, "
            "status, total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            year.sales,
        )
        conn.executemany(
            "INSERT INTO sale_lines (sale_id, product_id, sku, name, qty, unit_price, line_total) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            year.lines,
        )
        conn.executemany(
            "INSERT INTO payments (sale_id, method, amount, tendered, change, reference, bank, "
            "confirmed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            year.payments,
        )
        conn.executemany(
            "INSERT INTO stock_movements (product_id, qty, kind, sale_id, user_id, note, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            year.moves,
        )
        conn.executemany(
            "INSERT INTO receipt_counters (stand, day, last_seq) VALUES (?, ?, ?)", year.counters
        )
        # The hash-chained audit log as checkout and the shift screens write it, oldest first.
        chained, prev = [], GENESIS
        for at, uid, action, detail in sorted(year.audit, key=lambda e: e[0]):
            digest = _digest(prev, at, uid, action, detail)
            chained.append((at.strftime(SQL_TIME), uid, action, detail, prev, digest))
            prev = digest
        conn.executemany(
            "INSERT INTO audit_log (at, user_id, action, detail, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            chained,
        )
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        # Fold the WAL into the main file so that copying the .db alone copies everything.
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise RuntimeError(f"could not checkpoint {path}")
    finally:
        conn.close()


def _cache_dir() -> Path:
    # As tests/bench/conftest.py computes it, so that every benchmark cache sits together.
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lapak-bench"


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _year_cache_is_good(path: Path, schema: str) -> bool:
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            sales = conn.execute("SELECT count(*) FROM sales").fetchone()[0]
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return sales == YEAR_SALES and revision == schema


@dataclass(frozen=True)
class YearDb:
    path: Path
    build_s: float | None  # None: it came from the cache


@pytest.fixture(scope="session")
def year_of_sales(products_100k) -> YearDb:
    """The cached year-old database (100k sales), built on first use; copy it before writing."""
    from pos.db.migrate import HEAD_REVISION

    name = f"sales-100k-v{SALES_VERSION}-schema{HEAD_REVISION}-{products_100k.path.stem}.db"
    path = _cache_dir() / name
    if _year_cache_is_good(path, HEAD_REVISION):
        return YearDb(path, None)
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(f".{path.name}.{os.getpid()}.building")
    start = time.perf_counter()
    try:
        for leftover in (building, *_sidecars(building)):
            leftover.unlink(missing_ok=True)
        build_year_db(products_100k.path, building)
        os.replace(building, path)
        for stale in path.parent.glob("sales-100k-*.db*"):
            if stale != path:
                stale.unlink(missing_ok=True)
    finally:
        for leftover in (building, *_sidecars(building)):
            leftover.unlink(missing_ok=True)
    return YearDb(path, time.perf_counter() - start)


@pytest.fixture
def year_db(year_of_sales, tmp_path):
    from pos.services.setup import init_database

    target = tmp_path / "data" / "lapak.db"
    target.parent.mkdir(parents=True)
    shutil.copyfile(year_of_sales.path, target)
    db = init_database(target)
    yield db
    db.close()


def _csv_rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_export_day_2000_sales_on_year_db(benchmark, year_of_sales, year_db, tmp_path) -> None:
    """export_day() of the busy last day, read back and verified (target median under 2 s)."""
    from pos.services import audit, settings
    from pos.services.auth import default_actor
    from pos.services.export import DB_COPY, MANIFEST, export_day, folder_name, verify_export

    db = year_db
    actor = default_actor(db)
    assert settings.get(db, settings.STAND_CODE) == STAND
    sticks: list[Path] = []
    results: list[Any] = []

    def fresh_stick():
        stick = tmp_path / f"stick{len(sticks)}"
        stick.mkdir()
        sticks.append(stick)
        return (db, actor, END_DAY, stick), {}

    def run(*args):
        results.append(export_day(*args))

    benchmark.pedantic(run, setup=fresh_stick, rounds=EXPORT_ROUNDS, warmup_rounds=1, iterations=1)

    stats = getattr(benchmark, "stats", None)
    if stats is not None:
        data = list(stats.stats.data)
        median = statistics.median(data)
        benchmark.extra_info.update(
            {
                "median_s": round(median, 3),
                "min_s": round(min(data), 3),
                "max_s": round(max(data), 3),
                "target": f"median under {TARGET_S:g} s",
                "meets_target": median < TARGET_S,
            }
        )
    benchmark.extra_info["database_mb"] = round(db.path.stat().st_size / 2**20, 1)
    if year_of_sales.build_s is not None:
        benchmark.extra_info["year_cache_build_s"] = round(year_of_sales.build_s, 2)

    with db.engine.connect() as conn:
        day = END_DAY.isoformat()
        assert conn.exec_driver_sql("SELECT count(*) FROM sales").scalar() == YEAR_SALES
        day_lines = conn.exec_driver_sql(
            "SELECT count(*) FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.day = ?",
            (day,),
        ).scalar()
        day_total = conn.exec_driver_sql(
            "SELECT SUM(total) FROM sales WHERE day = ?", (day,)
        ).scalar()
        z_numbers = [
            z
            for (z,) in conn.exec_driver_sql(
                "SELECT z_number FROM shifts WHERE date(opened_at) = ? AND status = 'closed'",
                (day,),
            )
        ]
        exports = conn.exec_driver_sql("SELECT count(*) FROM exports").scalar()
    assert len(z_numbers) == 1
    assert exports == len(results) == EXPORT_ROUNDS + 1  # the warm-up round exported too
    name = folder_name(STAND, END_DAY)
    for stick, result in zip(sticks, results, strict=True):
        assert result.folder == stick / name and not result.replaced_name
        assert verify_export(result.folder) == []
        assert result.sales_count == DAY_SALES
        assert result.total == day_total
        # The day's documents (recaps, deposits, orders... are in the export too, empty here).
        assert {
            f"{name}.xlsx",
            "summary.csv",
            "sales.csv",
            "lines.csv",
            "payments.csv",
            "workshops.csv",
            f"Z-{STAND}-{z_numbers[0]:04d}.pdf",
            DB_COPY,
        } <= set(result.files)
        assert all((result.folder / f).is_file() for f in result.files)
        assert [p.name for p in stick.iterdir()] == [name]  # no partial folder left behind

    folder = results[-1].folder
    sales_rows = _csv_rows(folder / "sales.csv")
    assert len(sales_rows) == 1 + DAY_SALES
    assert [r[0] for r in sales_rows[1:]] == [
        f"{STAND}-{END_DAY:%Y%m%d}-{seq:04d}" for seq in range(1, DAY_SALES + 1)
    ]
    assert sum(int(r[5]) for r in sales_rows[1:]) == day_total
    assert len(_csv_rows(folder / "lines.csv")) == 1 + day_lines
    assert len(_csv_rows(folder / "payments.csv")) == 1 + DAY_SALES
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["counts"] == {
        "sales": DAY_SALES,
        "voided": 0,
        "lines": day_lines,
        "payments": DAY_SALES,
        # The books travel with the day; the bench's year has none.
        "recaps": 0,
        "recap_shares": 0,
        "deposits": 0,
        "pnbp_targets": 0,
    }
    assert sum(manifest["totals"]["by_method"].values()) == day_total
    pdf = (folder / f"Z-{STAND}-{z_numbers[0]:04d}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    import openpyxl

    book = openpyxl.load_workbook(
        io.BytesIO((folder / f"{name}.xlsx").read_bytes()), read_only=True
    )
    try:
        assert book.sheetnames[:5] == ["summary", "sales", "lines", "payments", "workshops"]
        # Written in write-only mode, so the sheet has no dimension record: count the rows.
        assert sum(1 for _ in book["sales"].iter_rows(values_only=True)) == 1 + DAY_SALES
    finally:
        book.close()
    copy = sqlite3.connect(f"file:{folder / DB_COPY}?mode=ro&immutable=1", uri=True)
    try:
        assert copy.execute("SELECT count(*) FROM sales").fetchone()[0] == YEAR_SALES
        assert copy.execute("SELECT count(*) FROM users WHERE pin_hash IS NOT NULL").fetchone() == (
            0,
        )
    finally:
        copy.close()
    assert audit.verify(db).ok  # the generated year's audit chain holds together
    for stick in sticks:
        shutil.rmtree(stick)  # about 100 MB each
