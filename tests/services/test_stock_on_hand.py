"""Each product's stock on hand kept beside it (products.on_hand) always equals its ledger's sum:
through sales, voids, returns, receiving, adjustments, counts and restores, in random order."""

import random
import sqlite3
from pathlib import Path

import pytest
from sale_helpers import PINS, actor, cart_of

from pos.core.errors import PosError
from pos.db.session import raw_cursor
from pos.services import backup, catalog, refunds, restoring, sales, shifts, stock
from pos.services.refunds import ReturnItem
from pos.services.sales_report import StockValue, stock_value
from pos.services.stock import LOW_STOCK_QUERY, OnHandDifference, StockLine

JOKO = PINS["Pak Joko"]
# The low-stock list and the stock value as they were read before migration stock_on_hand: from the whole ledger.
LEDGER_SUMS = "SELECT product_id, SUM(qty) AS stock FROM stock_movements GROUP BY product_id"
LEDGER_LOW = (
    "SELECT p.id, COALESCE(m.stock, 0) FROM products p "
    f"LEFT JOIN ({LEDGER_SUMS}) m ON m.product_id = p.id "
    "WHERE p.active = 1 AND p.track_stock = 1 "
    "AND (COALESCE(m.stock, 0) < 0 OR COALESCE(m.stock, 0) <= p.low_stock)"
)
LEDGER_VALUE = (
    "SELECT count(*), COALESCE(SUM(m.stock), 0), COALESCE(SUM(m.stock * p.cost), 0), "
    f"COALESCE(SUM(m.stock * p.price), 0) FROM ({LEDGER_SUMS}) m "
    "JOIN products p ON p.id = m.product_id WHERE m.stock > 0 AND p.track_stock = 1"
)


def _ledger(db) -> dict[int, int]:  # type: ignore[no-untyped-def]
    with db.Session() as session:
        cursor = raw_cursor(session)
        sums = {int(p): int(q) for p, q in cursor.execute(LEDGER_SUMS)}
        every = [int(r[0]) for r in cursor.execute("SELECT id FROM products")]
    return {pid: sums.get(pid, 0) for pid in every}


def _assert_agrees(db) -> None:  # type: ignore[no-untyped-def]
    assert stock.check_on_hand(db) == []
    ledger = _ledger(db)
    assert stock.stock_on_hand(db) == ledger
    with db.Session() as session:
        cursor = raw_cursor(session)
        low = {int(p): int(q) for p, q in cursor.execute(LEDGER_LOW)}
        value = StockValue(*(int(v) for v in cursor.execute(LEDGER_VALUE).fetchone()))
    rows = stock.low_stock(db)
    assert {r.product_id: r.stock for r in rows} == low
    assert [r.stock - r.low_stock for r in rows] == sorted(r.stock - r.low_stock for r in rows)
    with db.engine.connect() as conn:
        assert stock_value(conn) == value
    some = list(ledger)[::3]
    tracked = {p.id for p in catalog.list_products(db, include_inactive=True) if p.track_stock}
    assert stock.tracked_on_hand(db, some) == {p: ledger[p] for p in some if p in tracked}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_days_keep_on_hand_equal_to_the_ledger(demo_db, tmp_path: Path, seed: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    joko, sari = actor(demo_db, "Pak Joko"), actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 500_000)
    listed = catalog.list_products(demo_db)
    codes = [p.sku for p in listed]
    tracked = [p.id for p in listed if p.track_stock]
    receipts: list[str] = []
    copies: list[Path] = []
    done: dict[str, int] = {}
    for step in range(60):
        kind = rng.choice(
            ["sell"] * 5 + ["void", "refund", "receive", "adjust", "count", "backup", "restore"]
        )
        try:
            if kind == "sell":
                cart = cart_of(demo_db, *rng.choices(codes, k=rng.randint(1, 4)))
                paid = sales.checkout_cash(demo_db, sari, cart, cart.total)
                receipts.append(paid.receipt_no)
            elif kind == "void" and receipts:
                refunds.void_sale(demo_db, joko, rng.choice(receipts), "salah")
            elif kind == "refund" and receipts:
                receipt = rng.choice(receipts)
                line = rng.choice(refunds.find_sale(demo_db, receipt).lines)
                item = ReturnItem(line.sale_line_id, 1, damaged=rng.random() < 0.3)
                refunds.refund(demo_db, joko, receipt, [item], "tunai", "batal", JOKO)
            elif kind == "receive":
                picked = rng.sample(tracked, 3)
                stock.receive(
                    demo_db, joko, None, [StockLine(p, rng.randint(1, 50)) for p in picked]
                )
            elif kind == "adjust":
                stock.adjust(demo_db, joko, rng.choice(tracked), rng.choice([-5, -1, 2]), "rusak")
            elif kind == "count":
                stock.count(demo_db, joko, {p: rng.randint(0, 30) for p in rng.sample(tracked, 4)})
            elif kind == "backup":
                copies.append(backup.backup_to(demo_db, tmp_path / f"copy-{step}.db"))
            elif kind == "restore" and copies:
                restoring.restore(demo_db.path, rng.choice(copies))
            else:
                continue
        except PosError:
            continue  # a return of a line already back, a void of a returned sale...
        done[kind] = done.get(kind, 0) + 1
        _assert_agrees(demo_db)
    assert {"sell", "receive", "adjust", "count", "backup", "restore"} <= done.keys(), done
    assert done["sell"] >= 10 and done.get("void", 0) + done.get("refund", 0) >= 3, done


def test_changing_or_deleting_ledger_rows_keeps_on_hand_right(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    """Lapak never changes a movement; should anything (a tool, a repair) do it, the sum holds."""
    sales.checkout_cash(demo_db, cashier, cart_of(demo_db, "KK-NAS-500", "MK-TMP-01"), 100_000)
    with sqlite3.connect(demo_db.path) as conn:
        first, second = (r[0] for r in conn.execute("SELECT id FROM stock_movements LIMIT 2"))
        conn.execute("UPDATE stock_movements SET qty = qty + 7 WHERE id = ?", (first,))
        conn.execute(
            "UPDATE stock_movements SET product_id = "
            "(SELECT id FROM products WHERE sku = 'MK-TMP-01') WHERE id = ?",
            (second,),
        )
        conn.execute("DELETE FROM stock_movements WHERE kind = 'sale'")
    _assert_agrees(demo_db)


def test_a_kept_sum_that_differs_is_named(demo_db) -> None:  # type: ignore[no-untyped-def]
    pid = catalog.find_by_code(demo_db, "KK-NAS-500").id
    kept = stock.stock_on_hand(demo_db)[pid]
    with sqlite3.connect(demo_db.path) as conn:
        conn.execute("UPDATE products SET on_hand = on_hand + 5 WHERE id = ?", (pid,))
    assert stock.check_on_hand(demo_db) == [OnHandDifference(pid, kept + 5, kept)]


def test_the_low_stock_list_reads_only_the_partial_index(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.Session() as session:
        cursor = raw_cursor(session)
        plan = " ".join(str(r[-1]) for r in cursor.execute(f"EXPLAIN QUERY PLAN {LOW_STOCK_QUERY}"))
    # The partial index alone (the products at or below their level), not the table.
    assert "SCAN products USING COVERING INDEX ix_products_low_stock" in plan


def test_the_stock_value_reads_only_its_covering_index(demo_db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import event

    seen: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, many) -> None:  # type: ignore[no-untyped-def]
        seen.append((statement, parameters))

    event.listen(demo_db.engine, "before_cursor_execute", keep)
    try:
        with demo_db.engine.connect() as conn:
            stock_value(conn)
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", keep)
    ((statement, parameters),) = [(s, p) for s, p in seen if "on_hand" in s]
    with demo_db.Session() as session:
        cursor = raw_cursor(session)
        rows = cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)  # type: ignore[arg-type]
        plan = " ".join(str(r[-1]) for r in rows)
    assert "USING COVERING INDEX ix_products_stock_value" in plan
