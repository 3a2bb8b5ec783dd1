"""kill -9 at random moments after scans: the unfinished cart comes back every time."""

import json
import random
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from e2e_helpers import (
    DemoProduct,
    LapakApp,
    XDisplay,
    pending_lines,
    wait_for,
    wait_for_sales,
)

# 30 starts of the app: about 2 minutes quiet, over 5 on a machine loaded by other work.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

StartApp = Callable[[Path], LapakApp]
Lines = dict[str, tuple[int, int]]

KILLS = 30
# The app writes the cart within 100 ms of a change (pos/ui/cart_saver.py). The kills land
# anywhere from at once to well past that, counted from when the keys were sent: the app may
# not even have read the keys yet. Whatever it had written must come back, and the last cart it
# showed must be one of the carts it went through.
LATEST_KILL_MS = 400


def lines_of(products: list[DemoProduct]) -> Lines:
    counts = Counter(p.sku for p in products)
    by_sku = {p.sku: p for p in products}
    return {sku: (qty, qty * by_sku[sku].price) for sku, qty in counts.items()}


def saved(db_file: Path) -> Lines:
    """The cart on disk. A read that fails (the app writing, or killed mid-write and not yet
    recovered) is tried again, never taken for "no cart": that would look like a lost cart."""
    deadline = time.monotonic() + 10
    while True:
        try:
            con = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=5)
            try:
                row = con.execute("SELECT payload FROM pending_carts WHERE id = 1").fetchone()
            finally:
                con.close()
            break
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    lines = [] if row is None else json.loads(row[0])["lines"]
    return {line["sku"]: (line["qty"], line["qty"] * line["unit_price"]) for line in lines}


def test_cart_comes_back_after_kill_9_at_random_moments(
    xdisplay: XDisplay, start_app: StartApp, db_file: Path, demo_catalog: dict[str, DemoProduct]
) -> None:
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    print(f"seed {seed}")
    # Cheap things only: 30 rounds of scans must stay far below any quantity limit.
    pool = [p for p in demo_catalog.values() if p.price <= 100_000]
    cart: list[DemoProduct] = []  # what the app showed before the latest round
    kills_after_save = 0
    latencies: list[float] = []
    app = start_app(db_file)
    for round_no in range(1, KILLS + 1):
        before = lines_of(cart)
        scans = [rng.choice(pool) for _ in range(rng.randint(1, 3))]
        # Each prefix of the round's scans is a cart the app may have shown when it died.
        possible = [lines_of(cart + scans[:n]) for n in range(len(scans) + 1)]
        kill_at = rng.uniform(0, LATEST_KILL_MS) / 1000
        xdisplay.type("".join(f"{p.code}\r" for p in scans))
        sent = time.monotonic()
        seen = before
        while (elapsed := time.monotonic() - sent) < kill_at:
            seen = saved(db_file)
            if seen == possible[-1] and len(latencies) < round_no:
                latencies.append(elapsed * 1000)
            time.sleep(0.005)
        seen = saved(db_file)
        app.kill_hard()
        after_kill = saved(db_file)
        assert after_kill in possible, f"round {round_no}: {after_kill} is no cart the app showed"
        # Saves may still land between the last look and the kill, never go back.
        assert possible.index(after_kill) >= possible.index(seen), f"round {round_no}: lost"
        kills_after_save += after_kill == possible[-1]

        app = start_app(db_file)
        # The restored cart must be what was saved, not an empty one saved over it at start.
        cart = cart + scans[: possible.index(after_kill)]
        time.sleep(0.3)
        assert saved(db_file) == lines_of(cart), f"round {round_no}: the start lost the cart"

    # What the restarted app holds in memory is what it now sells.
    total = sum(p.price for p in cart)
    app.pay_cash(total)
    report = wait_for_sales(db_file, 1, app)
    assert {line["sku"]: (line["qty"], line["total"]) for line in report["lines"]} == lines_of(cart)
    wait_for(lambda: pending_lines(db_file) is None, 10, "the paid cart to be forgotten")
    print(
        f"{kills_after_save}/{KILLS} kills came after the full save; keys sent to saved: "
        f"max {max(latencies, default=0):.0f} ms over {len(latencies)} rounds"
    )
