"""Benchmark fixtures: a 100k-product database built once and cached, copies of it, percentiles."""

import hashlib
import math
import os
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

PRODUCTS = 100_000
# Bump when the generated catalog changes, so that stale caches are rebuilt.
CATALOG_VERSION = 3
INSTORE_PREFIX = 21
STAND_CODE = "BENCH"

# (kind, category, workshop)
KINDS = (
    ("Kursi", "Mebel", "Bengkel Kayu"),
    ("Meja", "Mebel", "Bengkel Kayu"),
    ("Lemari", "Mebel", "Bengkel Kayu"),
    ("Rak", "Mebel", "Bengkel Kayu"),
    ("Bingkai", "Kerajinan", "Bengkel Kayu"),
    ("Nampan", "Kerajinan", "Anyaman"),
    ("Keranjang", "Kerajinan", "Anyaman"),
    ("Tikar", "Kerajinan", "Anyaman"),
    ("Vas", "Kerajinan", "Keramik"),
    ("Asbak", "Kerajinan", "Keramik"),
    ("Lampu", "Kerajinan", "Bengkel Las"),
    ("Tas", "Fashion", "Menjahit"),
    ("Dompet", "Fashion", "Menjahit"),
    ("Sandal", "Fashion", "Menjahit"),
    ("Kemeja", "Fashion", "Menjahit"),
    ("Peci", "Fashion", "Menjahit"),
    ("Sarung", "Fashion", "Tenun"),
    ("Keset", "Rumah Tangga", "Tenun"),
    ("Sabun", "Rumah Tangga", "Tata Boga"),
    ("Keripik", "Makanan", "Tata Boga"),
    ("Kue", "Makanan", "Tata Boga"),
    ("Madu", "Makanan", "Tata Boga"),
    ("Kopi", "Minuman", "Tata Boga"),
    ("Miniatur", "Kerajinan", "Bengkel Kayu"),
)
ADJECTIVES = (
    "Ukir",
    "Minimalis",
    "Antik",
    "Klasik",
    "Lipat",
    "Mini",
    "Besar",
    "Kecil",
    "Polos",
    "Tradisional",
    "Modern",
    "Bunga",
    "Batik",
    "Anyam",
    "Lukis",
    "Gantung",
    "Susun",
    "Bulat",
    "Kotak",
    "Panjang",
    "Premium",
    "Rustik",
    "Etnik",
    "Hias",
)
MATERIALS = (
    "Jati",
    "Mahoni",
    "Bambu",
    "Rotan",
    "Kulit",
    "Pandan",
    "Mendong",
    "Tenun",
    "Kelapa",
    "Tanah Liat",
    "Akrilik",
    "Pinus",
    "Goni",
    "Resin",
    "Kuningan",
    "Eceng Gondok",
    "Katun",
    "Sutra",
    "Perca",
    "Besi",
)
UNITS = ("pcs", "pcs", "pcs", "set", "pak", "toples", "botol", "lembar")


@dataclass(frozen=True)
class BenchCatalog:
    """The generated catalog: product n (1..count) is a pure function of n, so tests can check."""

    path: Path
    count: int = PRODUCTS

    @staticmethod
    def _picks(n: int) -> tuple[int, int, int]:
        # A hash, so that kind, adjective and material vary independently of each other.
        h = int.from_bytes(hashlib.blake2b(n.to_bytes(4, "big"), digest_size=8).digest(), "big")
        k, a, m = len(KINDS), len(ADJECTIVES), len(MATERIALS)
        return h % k, h // k % a, h // (k * a) % m

    @classmethod
    def kind(cls, n: int) -> tuple[str, str, str]:
        return KINDS[cls._picks(n)[0]]

    @classmethod
    def name(cls, n: int) -> str:
        kind, adjective, material = cls._picks(n)
        return f"{KINDS[kind][0]} {ADJECTIVES[adjective]} {MATERIALS[material]} {n}"

    @classmethod
    def sku(cls, n: int) -> str:
        return f"{cls.kind(n)[0][:3].upper()}-{n:06d}"

    @staticmethod
    def barcode(n: int) -> str:
        from pos.core.barcodes import make_instore_ean13

        return make_instore_ean13(INSTORE_PREFIX, n)

    @staticmethod
    def price(n: int) -> int:
        # 5.000 to about 2,5 juta in steps of 500, spread unevenly like a real catalog.
        return 5_000 + ((n * 7919) % 4990) * 500

    @staticmethod
    def active(n: int) -> bool:
        return n % 200 != 0  # a few discontinued products, as in any year-old catalog

    def active_numbers(self) -> list[int]:
        return [n for n in range(1, self.count + 1) if self.active(n)]


def pyside_drops_none_refs() -> bool:
    """True when calling a void Qt method costs None a reference (PySide6 6.12.0, CPython 3.11)."""
    if sys.version_info >= (3, 12):
        return False  # None is immortal there (PEP 683): a lost reference does no harm
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(100):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 50


@pytest.fixture(scope="session", autouse=True)
def _refuse_the_none_refcount_bug() -> None:
    # PySide6-Essentials 6.12.0 on CPython 3.11 loses a reference to None per void Qt call and
    # the app aborts after a few thousand scans; pyproject.toml pins it out. Benchmarks make
    # more calls than that, so stop early with the reason instead of a core dump.
    if pyside_drops_none_refs():
        pytest.exit(
            "PySide6 on this Python drops a reference to None per void call; "
            "install PySide6-Essentials<6.12 (see pyproject.toml)",
            returncode=3,
        )


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "lapak-bench"


def _cache_is_good(path: Path, schema: str) -> bool:
    if not path.is_file():
        return False
    try:
        # immutable: reads the checkpointed file alone, leaving no -wal or -shm beside it.
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            count = conn.execute("SELECT count(*) FROM products").fetchone()[0]
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return count == PRODUCTS and revision == schema


def build_catalog_db(path: Path) -> None:
    """Create a Lapak database at `path` holding PRODUCTS products with opening stock."""
    from sqlalchemy import insert

    from pos.core.text import search_key
    from pos.db.models import Category, Product, StockMovement, User, Workshop
    from pos.services import settings
    from pos.services.auth import system_actor
    from pos.services.setup import init_database

    db = init_database(path)
    try:
        actor = system_actor(db)
        settings.set_value(db, settings.STAND_CODE, STAND_CODE)
        settings.set_value(db, settings.STAND_NAME, "Lapak Karya WBP (Benchmark)")
        settings.set_value(db, settings.STAND_ADDRESS, "Gedung PTSP Lapas\nJl. Contoh No. 1")
        categories = sorted({c for _, c, _ in KINDS})
        workshops = sorted({w for _, _, w in KINDS})
        category_id = {name: i for i, name in enumerate(categories, 1)}
        workshop_id = {name: i for i, name in enumerate(workshops, 1)}
        now = datetime.now().replace(microsecond=0)
        cat = BenchCatalog(path)
        products: list[dict[str, Any]] = []
        movements: list[dict[str, Any]] = []
        for n in range(1, PRODUCTS + 1):
            _, category, workshop = cat.kind(n)
            name, sku, price = cat.name(n), cat.sku(n), cat.price(n)
            products.append(
                {
                    "id": n,
                    "sku": sku,
                    "barcode": cat.barcode(n),
                    "name": name,
                    "search_text": search_key(f"{name} {sku}"),
                    "category_id": category_id[category],
                    "workshop_id": workshop_id[workshop],
                    "unit": UNITS[n % len(UNITS)],
                    "price": price,
                    "cost": price * 6 // 10,
                    "track_stock": True,
                    "low_stock": 3,
                    "pirt": None,
                    "shelf_life_days": None,
                    "active": cat.active(n),
                }
            )
            movements.append(
                {
                    "product_id": n,
                    "qty": 10 + n % 90,
                    "kind": "opening",
                    "sale_id": None,
                    "user_id": actor.id,
                    "note": "bench",
                    "created_at": now,
                }
            )
        # One transaction, executemany: about a second instead of minutes through the ORM.
        with db.engine.begin() as conn:
            conn.execute(insert(Category), [{"id": i, "name": n} for n, i in category_id.items()])
            conn.execute(insert(Workshop), [{"id": i, "name": n} for n, i in workshop_id.items()])
            # Sales are rung up by a cashier (auth.default_actor), as at the counter.
            conn.execute(insert(User), [{"name": "Kasir Bench", "role": "kasir", "active": True}])
            conn.execute(insert(Product), products)
            conn.execute(insert(StockMovement), movements)
            conn.exec_driver_sql("ANALYZE")
        # Fold the WAL into the main file so that copying the .db alone copies everything;
        # on the raw connection, as a checkpoint cannot run inside the engine's BEGIN.
        raw = db.engine.raw_connection()
        try:
            busy, _, _ = raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if busy:
                raise RuntimeError(f"could not checkpoint {path}")
        finally:
            raw.close()
    finally:
        db.close()


@pytest.fixture(scope="session")
def products_100k() -> BenchCatalog:
    """The cached 100k-product database (built on first use); copy it before writing to it."""
    from pos.db.migrate import HEAD_REVISION

    path = _cache_dir() / f"products-100k-v{CATALOG_VERSION}-schema{HEAD_REVISION}.db"
    if not _cache_is_good(path, HEAD_REVISION):
        path.parent.mkdir(parents=True, exist_ok=True)
        building = path.with_name(f".{path.name}.{os.getpid()}.building")
        for leftover in (building, *_sidecars(building)):
            leftover.unlink(missing_ok=True)
        try:
            build_catalog_db(building)
            os.replace(building, path)
            # Older catalog versions or schemas are never used again: 40 MB each.
            for stale in path.parent.glob("products-100k-*.db*"):
                if stale != path:
                    stale.unlink(missing_ok=True)
        finally:
            for leftover in (building, *_sidecars(building)):
                leftover.unlink(missing_ok=True)  # sidecars are empty after the checkpoint
    return BenchCatalog(path)


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


@pytest.fixture
def bench_db_path(products_100k: BenchCatalog, tmp_path: Path) -> Path:
    """A private copy of the 100k database, for tests that write; a shift is open, as at work."""
    from pos.services import shifts
    from pos.services.auth import default_actor
    from pos.services.setup import init_database

    target = tmp_path / "data" / "lapak.db"
    target.parent.mkdir(parents=True)
    shutil.copyfile(products_100k.path, target)
    db = init_database(target)
    shifts.open_shift(db, default_actor(db), 0)
    db.close()
    return target


@pytest.fixture
def bench_db(bench_db_path: Path) -> Iterator[Any]:
    from pos.services.setup import init_database

    database = init_database(bench_db_path)
    yield database
    database.close()


def percentiles(data: list[float]) -> dict[str, float]:
    """Nearest-rank percentiles of timings in seconds, as milliseconds."""
    ordered = sorted(data)

    def rank(p: float) -> float:
        return ordered[max(0, math.ceil(p * len(ordered)) - 1)] * 1000

    return {"p50_ms": rank(0.50), "p95_ms": rank(0.95), "p99_ms": rank(0.99)}


@pytest.fixture
def record_percentiles() -> Callable[..., dict[str, float]]:
    """Put p50/p95/p99 (ms) and the target into benchmark.extra_info; returns them."""

    def record(
        benchmark: Any, target_ms: float | None = None, target_stat: str = "p95_ms"
    ) -> dict[str, float]:
        stats = getattr(benchmark, "stats", None)
        if stats is None:  # --benchmark-disable: nothing was timed
            return {}
        figures = {k: round(v, 3) for k, v in percentiles(list(stats.stats.data)).items()}
        benchmark.extra_info.update(figures)
        if target_ms is not None:
            benchmark.extra_info["target"] = f"{target_stat} < {target_ms}"
            benchmark.extra_info["meets_target"] = figures[target_stat] < target_ms
        return figures

    return record
