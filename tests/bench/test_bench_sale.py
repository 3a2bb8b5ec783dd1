"""Counter benchmarks on a 100k-product database: scan, search, checkout, receipt, RSS.

The start-up benchmarks are in test_bench_start.py.

Speed goals (docs: PRODUCT.md, "Speed and size") are recorded in each benchmark's extra_info
(p95_ms, target, meets_target), never asserted: timed assertions flake. Correctness is asserted.
"""

import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pos.core.cart import Cart
from pos.db.models import Sale, SaleLine, StockMovement
from pos.services import audit, catalog, receipts, sales
from pos.services.auth import default_actor

REPO = Path(__file__).resolve().parents[2]
SEED = 20250305


def _rounded_up(total: int, step: int = 50_000) -> int:
    return total + (-total) % step


def _cart_of(db, numbers, products) -> Cart:
    cart = Cart()
    for n in numbers:
        p = catalog.find_by_code(db, products.barcode(n))
        cart.add(p.id, p.sku, p.name, p.price, 1 + n % 3)
    return cart


def _subprocess_env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env.pop("LAPAK_BENCH", None)
    return env


# --- scan to cart -------------------------------------------------------------------------------

SCAN_ROUNDS = 2000
SCAN_WARMUP = 50
LINES_PER_CUSTOMER = 20  # the cart is emptied when it has this many lines, as at a real counter


def _scan_bench(benchmark, qtbot, bench_db, products, tmp_path, with_event_loop: bool):
    from PySide6.QtWidgets import QApplication

    from pos.ui.sale_screen import SaleScreen

    screen = SaleScreen(bench_db, default_actor(bench_db), tmp_path / "receipts")
    qtbot.addWidget(screen)
    screen.resize(1024, 700)
    screen.show()
    qtbot.waitExposed(screen)

    numbers = random.Random(SEED).sample(products.active_numbers(), SCAN_ROUNDS + SCAN_WARMUP)
    codes = iter([products.barcode(n) for n in numbers])
    since_clear: list[str] = []
    results: list[bool] = []
    app = QApplication.instance()

    def next_scan():
        if len(screen.cart.lines) >= LINES_PER_CUSTOMER:
            # The next add_code resets the table model from the cart, so this is all it takes.
            screen.cart.clear()
            since_clear.clear()
        code = next(codes)
        since_clear.append(code)
        return (code,), {}

    def scan(code: str) -> None:
        results.append(screen.add_code(code))
        if with_event_loop:
            app.processEvents()

    benchmark.pedantic(
        scan, setup=next_scan, rounds=SCAN_ROUNDS, warmup_rounds=SCAN_WARMUP, iterations=1
    )

    assert len(results) == SCAN_ROUNDS + SCAN_WARMUP
    assert all(results), "every scanned barcode must be found"
    by_code = {products.barcode(n): n for n in numbers}
    expected = [products.name(by_code[c]) for c in since_clear]
    assert [line.name for line in screen.cart.lines] == expected
    assert all(line.qty == 1 for line in screen.cart.lines)
    assert screen.model.rowCount() == len(expected)
    last = screen.model.index(len(expected) - 1, 1)
    assert screen.model.data(last) == expected[-1]
    assert screen.selected_row() == len(expected) - 1
    return screen


def test_scan_to_cart_100k(
    benchmark, qtbot, bench_db, products_100k, tmp_path, record_percentiles
) -> None:
    """SaleScreen.add_code(barcode): lookup, cart, table model and labels (target p95 < 5 ms)."""
    _scan_bench(benchmark, qtbot, bench_db, products_100k, tmp_path, with_event_loop=False)
    record_percentiles(benchmark, target_ms=5)


def test_scan_to_cart_with_event_loop_turn_100k(
    benchmark, qtbot, bench_db, products_100k, tmp_path, record_percentiles
) -> None:
    """add_code plus the event loop turn after it: repaint and the draft-cart save (informational).

    This bounds how fast scans can follow each other, since the draft cart is written (with
    synchronous=FULL) in the turn after every scan.
    """
    screen = _scan_bench(benchmark, qtbot, bench_db, products_100k, tmp_path, with_event_loop=True)
    record_percentiles(benchmark)
    saved = sales.load_pending_cart(bench_db)
    assert [line.name for line in saved.lines] == [line.name for line in screen.cart.lines]


# --- search as you type ----------------------------------------------------------------------

TYPED = (
    "kursi jati",
    "tas anyam",
    "rotan",
    "keripik",
    "madu",
    "lampu besi",
    "vas tanah liat",
    "kul",
    "mej-0012",
    "batik",
    "zq",
    "12345",
)
SEARCH_REPEATS = 15


def _keystrokes() -> list[str]:
    """Every prefix of two or more characters of each typed text, as the field sees it."""
    return [text[:i] for text in TYPED for i in range(2, len(text) + 1)]


def test_search_as_you_type_100k(benchmark, bench_db, record_percentiles) -> None:
    """catalog.search() for each keystroke of 2-3 letter and word fragments (target p95 < 15 ms)."""
    keystrokes = _keystrokes() * SEARCH_REPEATS
    queue = iter(keystrokes)
    found: dict[str, int] = {}

    def next_text():
        return (next(queue),), {}

    def search(text: str) -> None:
        found[text] = len(catalog.search(bench_db, text))

    benchmark.pedantic(
        search, setup=next_text, rounds=len(keystrokes) - 10, warmup_rounds=10, iterations=1
    )
    record_percentiles(benchmark, target_ms=15)
    benchmark.extra_info["keystrokes"] = len(set(keystrokes))

    assert found["ku"] == catalog.SEARCH_LIMIT
    assert found["zq"] == 0
    rows = catalog.search(bench_db, "kursi jati")
    assert rows and all(
        r.name.lower().startswith("kursi") and "jati" in r.name.lower() for r in rows
    )
    assert [r.name for r in rows] == sorted(r.name for r in rows)
    assert all(r.stock is not None and r.stock > 0 for r in rows)


def test_search_dialog_as_you_type_100k(benchmark, qtbot, bench_db, record_percentiles) -> None:
    """The F2 dialog: a keystroke runs search, table model and status line (informational)."""
    from pos.ui.search_dialog import SearchDialog

    dialog = SearchDialog(bench_db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    keystrokes = _keystrokes() * 5
    queue = iter(keystrokes)

    def next_text():
        return (next(queue),), {}

    benchmark.pedantic(
        dialog.field.setText,
        setup=next_text,
        rounds=len(keystrokes) - 10,
        warmup_rounds=10,
        iterations=1,
    )
    record_percentiles(benchmark, target_ms=15)

    dialog.field.setText("tas anyam")
    assert 0 < dialog.model.rowCount() <= catalog.SEARCH_LIMIT
    assert "anyam" in dialog.model.row_at(0).name.lower()


# --- checkout -----------------------------------------------------------------------------------

CHECKOUT_ROUNDS = 500
CHECKOUT_WARMUP = 20


def test_checkout_commit_100k(benchmark, bench_db, products_100k, record_percentiles) -> None:
    """checkout_cash() of a 3-line cart, synchronous=FULL (target p95 < 6 ms)."""
    with bench_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    actor = default_actor(bench_db)
    rng = random.Random(SEED)
    active = products_100k.active_numbers()
    results = []

    def next_cart():
        cart = _cart_of(bench_db, rng.sample(active, 3), products_100k)
        return (cart,), {}

    def checkout(cart: Cart) -> None:
        results.append((cart, sales.checkout_cash(bench_db, actor, cart, _rounded_up(cart.total))))

    benchmark.pedantic(
        checkout,
        setup=next_cart,
        rounds=CHECKOUT_ROUNDS,
        warmup_rounds=CHECKOUT_WARMUP,
        iterations=1,
    )
    record_percentiles(benchmark, target_ms=6)

    done = len(results)
    assert done == CHECKOUT_ROUNDS + CHECKOUT_WARMUP
    assert all(r.total == cart.total and r.change == r.tendered - r.total for cart, r in results)
    assert len({r.receipt_no for _, r in results}) == done
    with bench_db.Session() as session:
        assert session.execute(select(func.count(Sale.id))).scalar_one() == done
        assert session.execute(select(func.count(SaleLine.id))).scalar_one() == 3 * done
        sold = session.execute(
            select(func.count(StockMovement.id)).where(StockMovement.kind == "sale")
        ).scalar_one()
        assert sold == 3 * done
    assert audit.verify(bench_db).ok


# --- receipt PDF --------------------------------------------------------------------------------

RECEIPT_ROUNDS = 300


@pytest.fixture
def five_line_sale(bench_db, products_100k):
    cart = _cart_of(bench_db, [11, 2222, 33333, 44444, 99999], products_100k)
    assert len(cart.lines) == 5
    return sales.checkout_cash(bench_db, default_actor(bench_db), cart, _rounded_up(cart.total))


def _assert_receipt_pdf(pdf: bytes, receipt_no: str, names: list[str]) -> None:
    from pypdf import PdfReader

    assert pdf.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert receipt_no in text
    for name in names:
        assert name.split()[0] in text


def test_receipt_pdf_5_lines(benchmark, bench_db, five_line_sale, record_percentiles) -> None:
    """receipts.render(): read the sale back and draw an 80 mm PDF (target median < 15 ms)."""
    pdf = benchmark.pedantic(
        receipts.render,
        args=(bench_db, five_line_sale.receipt_no),
        rounds=RECEIPT_ROUNDS,
        warmup_rounds=5,
        iterations=1,
    )
    record_percentiles(benchmark, target_ms=15, target_stat="p50_ms")
    data = receipts.receipt_data(bench_db, five_line_sale.receipt_no)
    _assert_receipt_pdf(pdf, five_line_sale.receipt_no, [line.name for line in data.lines])


def test_receipt_pdf_5_lines_drawing_only(
    benchmark, bench_db, five_line_sale, record_percentiles
) -> None:
    """render_receipt(ReceiptData): layout and reportlab drawing alone (informational)."""
    from pos.printing.receipt import render_receipt

    data = receipts.receipt_data(bench_db, five_line_sale.receipt_no)
    pdf = benchmark.pedantic(
        render_receipt, args=(data, 80), rounds=RECEIPT_ROUNDS, warmup_rounds=5, iterations=1
    )
    record_percentiles(benchmark, target_ms=15, target_stat="p50_ms")
    _assert_receipt_pdf(pdf, five_line_sale.receipt_no, [line.name for line in data.lines])


# --- memory after 1,000 sales -------------------------------------------------------------------

MEMORY_SALES = 1000

THOUSAND_SALES = '''\
"""Ring up sales through the real main window, as a cashier would, and report the RSS."""
import ctypes
import json
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from pos.paths import receipts_dir
from pos.services.auth import default_actor
from pos.services.setup import init_database
from pos.ui.main_window import MainWindow


# WORKAROUND (see _keep_singletons_alive in conftest.py): PySide6 6.12.0 on CPython 3.11
# drops a reference to None per void Qt call; without spare ones this aborts after ~3,000 scans.
OLD_PYTHON = sys.version_info < (3, 12)
if OLD_PYTHON:
    for obj in [None, True, False, Ellipsis, NotImplemented, (), "", b"", *range(-5, 257),
                *(chr(i) for i in range(256)), *(bytes([i]) for i in range(256))]:
        ctypes.c_ssize_t.from_address(id(obj)).value += 10**9


def rss_kb(field="VmRSS"):
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(field)


db_path, codes_file = Path(sys.argv[1]), Path(sys.argv[2])
baskets = json.loads(codes_file.read_text(encoding="utf-8"))
app = QApplication(sys.argv[:1])
db = init_database(db_path)
window = MainWindow(db, default_actor(db), receipts_dir(db_path))
window.show()
app.processEvents()
screen = window.sale_screen
rss = {"ready": rss_kb()}
none_refs = sys.getrefcount(None)
start = time.perf_counter()
for i, basket in enumerate(baskets, 1):
    for code in basket:
        if not screen.add_code(code):
            raise SystemExit(f"not found: {code}")
        app.processEvents()  # the draft-cart save and the repaint, as between real scans
    total = screen.cart.total
    if screen.complete_sale(total + (-total) % 50_000) is None:
        raise SystemExit("checkout failed: " + screen.message.text())
    app.processEvents()
    if i % 250 == 0:
        rss[str(i)] = rss_kb()
elapsed = time.perf_counter() - start
none_refs_lost = none_refs - sys.getrefcount(None) if OLD_PYTHON else 0
window.close()
db.close()
print(json.dumps({"rss_kb": rss, "hwm_kb": rss_kb("VmHWM"), "seconds": elapsed,
                  "none_refs_lost": none_refs_lost}))
'''


@pytest.mark.timeout(1200)
def test_memory_after_1000_sales_100k(benchmark, bench_db_path, products_100k, tmp_path) -> None:
    """RSS of the app after 1,000 sales of 1-5 lines, each with its receipt PDF (target < 250MB)."""
    rng = random.Random(SEED)
    active = products_100k.active_numbers()
    baskets = [
        [products_100k.barcode(n) for n in rng.sample(active, rng.randint(1, 5))]
        for _ in range(MEMORY_SALES)
    ]
    codes_file = tmp_path / "baskets.json"
    codes_file.write_text(json.dumps(baskets), encoding="utf-8")
    script = tmp_path / "thousand_sales.py"
    script.write_text(THOUSAND_SALES, encoding="utf-8")
    argv = [sys.executable, str(script), str(bench_db_path), str(codes_file)]
    env = _subprocess_env()
    outputs: list[subprocess.CompletedProcess] = []

    def run() -> None:
        outputs.append(
            subprocess.run(argv, env=env, cwd=REPO, capture_output=True, text=True, timeout=1100)
        )

    benchmark.pedantic(run, rounds=1, iterations=1)

    done = outputs[0]
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    rss_mb = {k: round(v / 1024, 1) for k, v in report["rss_kb"].items()}
    benchmark.extra_info.update(
        {
            "rss_mb_after_1000_sales": rss_mb[str(MEMORY_SALES)],
            "rss_mb_by_sales": rss_mb,
            "peak_rss_mb": round(report["hwm_kb"] / 1024, 1),
            "ms_per_sale": round(report["seconds"] * 1000 / MEMORY_SALES, 2),
            # Above zero: the PySide6 None-reference bug is present (see conftest.py).
            "none_refs_lost_per_sale": round(report["none_refs_lost"] / MEMORY_SALES, 1),
            "target": "rss < 250 MB",
            "meets_target": rss_mb[str(MEMORY_SALES)] < 250,
        }
    )

    from pos.services.setup import init_database

    db = init_database(bench_db_path)
    try:
        with db.Session() as session:
            assert session.execute(select(func.count(Sale.id))).scalar_one() == MEMORY_SALES
            lines = session.execute(select(func.count(SaleLine.id))).scalar_one()
        assert lines == sum(len(set(b)) for b in baskets)
        assert sales.load_pending_cart(db).is_empty()
    finally:
        db.close()
    kept = list((bench_db_path.parent / "receipts").rglob("*.pdf"))
    assert len(kept) == MEMORY_SALES
