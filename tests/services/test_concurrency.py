"""Several processes selling on one database while settings change: none fails, receipts gapless."""

import json
import os
import sqlite3
import subprocess
import sys

SALES_PER_SELLER = 100
SELLERS = 4

SELLER = """
import json, sys
from pos.core.cart import Cart
from pos.core.errors import PosError
from pos.db.session import open_database
from pos.services import catalog, sales
from pos.services.auth import default_actor

db = open_database(sys.argv[1])
actor = default_actor(db)
product = catalog.find_by_code(db, "KK-NAS-500")
print("ready", flush=True)
sys.stdin.readline()  # start together
done, failed = [], []
for _ in range(int(sys.argv[2])):
    cart = Cart()
    cart.add(product.id, product.sku, product.name, product.price)
    try:
        done.append(sales.checkout_cash(db, actor, cart, product.price).receipt_no)
    except PosError as e:
        failed.append(e.message)
print(json.dumps({"done": done, "failed": failed}))
"""


def _pos(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pos", *args], capture_output=True, text=True, timeout=120
    )


def test_four_sellers_and_a_settings_change_at_once(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    path = str(demo_db.path)
    demo_db.close()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    sellers = [
        subprocess.Popen(
            [sys.executable, "-c", SELLER, path, str(SALES_PER_SELLER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(SELLERS)
    ]
    for seller in sellers:
        assert seller.stdout is not None and seller.stdout.readline().strip() == "ready"
    for seller in sellers:
        assert seller.stdin is not None
        seller.stdin.write("go\n")
        seller.stdin.flush()
    config_failures: list[str] = []
    changes = 0
    # `pos config set` again and again for as long as the sellers sell (at least twice).
    while changes < 2 or any(s.poll() is None for s in sellers):
        changes += 1
        out = _pos("--db", path, "config", "set", "stand.name", f"Lapak {changes}")
        if out.returncode != 0:
            config_failures.append(out.stderr)
    results = []
    for seller in sellers:
        stdout, stderr = seller.communicate(timeout=120)
        assert seller.returncode == 0, stderr
        results.append(json.loads(stdout.splitlines()[-1]))

    assert config_failures == []
    assert [r["failed"] for r in results] == [[]] * SELLERS
    receipts = [no for r in results for no in r["done"]]
    assert len(receipts) == SELLERS * SALES_PER_SELLER
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT receipt_no, seq FROM sales ORDER BY seq").fetchall()
        stand_name = conn.execute("SELECT value FROM settings WHERE key = 'stand.name'").fetchone()
    assert sorted(r[0] for r in rows) == sorted(receipts)
    assert [r[1] for r in rows] == list(range(1, len(receipts) + 1))  # gapless and unique
    assert stand_name == (f"Lapak {changes}",)
