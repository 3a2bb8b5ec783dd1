"""Regional roll-up benchmark: stands x days x sales of day exports into PostgreSQL, then the
region-wide yearly report.

PRODUCT.md's targets: 40 stands x 365 days x 200 sales imported in under 10 minutes, and the
report under 1 s. The default size is small (LAPAK_CENTRAL_BENCH=4x30x200); the full one is
`LAPAK_CENTRAL_BENCH=40x365x200 ./dev bench -k central`; `pos consolidate --jobs`
processes import at once (LAPAK_CENTRAL_BENCH_JOBS, default 2). The server keeps its disk flushes on
(fsync, as at the office). The import builds the reports' kept sums; the first yearly report
of each key after it (no report before) is timed (first_report_s: per key, and the slowest),
then the report by regency is repeated. Figures go into extra_info (import_s, rows_per_s, the
import time scaled to the full size, the report's p50/p95), never asserted; what was imported
and that every key's first report adds up to the same net are asserted.
"""

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "central"))
from synthetic import write_day

FULL = (40, 365, 200)
IMPORT_TARGET_S = 600.0
REPORT_TARGET_MS = 1000.0
FIRST_DAY = date(2025, 1, 1)
REGENCIES = ("Palembang", "Banyuasin", "Muara Enim", "Lahat", "Ogan Ilir", "Prabumulih")


def _size() -> tuple[int, int, int]:
    text = os.environ.get("LAPAK_CENTRAL_BENCH", "4x30x200")
    stands, days, sales = (int(x) for x in text.lower().split("x"))
    return stands, days, sales


def _write_stand(args: tuple[str, str, int, int]) -> list[str]:
    root, code, days, sales = args
    return [
        str(write_day(Path(root), code, FIRST_DAY + timedelta(days=d), n_sales=sales))
        for d in range(days)
    ]


@pytest.fixture(scope="module")
def durable_server() -> Iterator[str]:
    from pg_server import postgres_server

    with postgres_server(durable=True) as url:
        yield url


@pytest.fixture(scope="module")
def sticks() -> Iterator[tuple[list[Path], float]]:
    stands, days, sales = _size()
    root = Path(tempfile.mkdtemp(prefix="lapak-sticks-"))
    started = time.perf_counter()
    jobs = [(str(root), f"S{n:03d}", days, sales) for n in range(stands)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        folders = [Path(f) for made in pool.map(_write_stand, jobs) for f in made]
    yield sorted(folders), time.perf_counter() - started
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.timeout(3 * 3600)
def test_region_year_into_postgresql(benchmark, durable_server, sticks, record_percentiles) -> None:  # type: ignore[no-untyped-def]
    from pos.services.central_db import open_central
    from pos.services.central_sales import KEYS, central_sales_report
    from pos.services.central_stands import describe_stand
    from pos.services.consolidate import consolidate, consolidate_in_parallel

    stands, days, sales = _size()
    folders, generate_s = sticks
    central = open_central(durable_server)
    try:
        started = time.perf_counter()
        jobs = int(os.environ.get("LAPAK_CENTRAL_BENCH_JOBS", "2"))
        if jobs > 1:
            outcomes = consolidate_in_parallel(durable_server, folders, jobs)
        else:
            outcomes = consolidate(central, folders)
        import_s = time.perf_counter() - started
        assert {o.status for o in outcomes} == {"imported"}
        rows = sum(o.rows for o in outcomes)
        for n in range(stands):
            describe_stand(central, f"S{n:03d}", regency=REGENCIES[n % len(REGENCIES)])
        end = FIRST_DAY + timedelta(days=days - 1)

        def report(by: str = "regency") -> list[Any]:
            with central.reading() as conn:
                return central_sales_report(conn, FIRST_DAY, end, by)

        first_s: dict[str, float] = {}
        nets = set()
        for by in KEYS:  # each key's first report after the import
            started = time.perf_counter()
            first = report(by)
            first_s[by] = round(time.perf_counter() - started, 3)
            nets.add(sum(r.net for r in first))
        assert len(nets) == 1
        result = benchmark.pedantic(report, rounds=15, warmup_rounds=1, iterations=1)
        assert sum(r.sales for r in result) == stands * days * sales
        figures = record_percentiles(benchmark, REPORT_TARGET_MS, "p95_ms")
    finally:
        central.close()
    scale = (FULL[0] * FULL[1] * FULL[2]) / (stands * days * sales)
    benchmark.extra_info.update(
        {
            "size": f"{stands}x{days}x{sales}",
            "jobs": jobs,
            "exports": len(folders),
            "generate_s": round(generate_s, 1),
            "import_s": round(import_s, 1),
            "rows": rows,
            "rows_per_s": round(rows / import_s),
            "import_full_size_estimate_s": round(import_s * scale, 1),
            "import_target": f"full size < {IMPORT_TARGET_S:.0f} s",
            "import_meets_target": import_s * scale < IMPORT_TARGET_S,
            "first_report_s": first_s,
            "first_report_max_s": max(first_s.values()),
            "first_report_meets_target": max(first_s.values()) * 1000 < REPORT_TARGET_MS,
        }
    )
    print(f"\ncentral bench {benchmark.extra_info} report {figures}")
