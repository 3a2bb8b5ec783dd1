"""By payment method, each sale's figures are shared among its payments in whole rupiah: the
largest remainders first, ties to the earlier payment, a sale of Rp0 to its first payment;
a method's net is what it took in, and every figure adds up to the sales' own."""

import random
from datetime import date
from typing import Any

import pytest

from pos.services.report_query import MEASURES
from pos.services.sales_report import sales_report

DAY = date(2025, 3, 4)
_FIGURES = ("qty", "gross", "discount", "net", "cost")


def _shares(figure: int, amounts: list[int]) -> list[int]:
    """The rule worked out in Python, payment by payment."""
    whole = sum(amounts)
    if whole == 0:
        return [figure] + [0] * (len(amounts) - 1)
    kept = [figure * a // whole for a in amounts]
    dropped = [figure * a % whole for a in amounts]
    for i in sorted(range(len(amounts)), key=lambda i: -dropped[i])[: figure - sum(kept)]:
        kept[i] += 1
    return kept


def _sale(
    conn: Any, sale_id: int, line: tuple[int, int, int, int], amounts: list[tuple[str, int]]
) -> None:
    qty, price, off, cost = line
    user, product, sku = conn.exec_driver_sql(
        "SELECT u.id, p.id, p.sku FROM users u, products p LIMIT 1"
    ).one()
    total = qty * price - off
    conn.exec_driver_sql(
        "INSERT INTO sales (id, receipt_no, stand, day, seq, created_at, user_id, status, total) "
        "VALUES (?, ?, 'TST', ?, ?, ?, ?, 'completed', ?)",
        (sale_id, f"TST-{sale_id}", DAY.isoformat(), sale_id, f"{DAY} 10:00:00", user, total),
    )
    conn.exec_driver_sql(
        "INSERT INTO sale_lines (sale_id, product_id, sku, name, qty, unit_price, line_total, "
        "discount, sale_discount, unit_cost) VALUES (?, ?, ?, 'x', ?, ?, ?, ?, 0, ?)",
        (sale_id, product, sku, qty, price, total, off, cost),
    )
    for method, amount in amounts:
        conn.exec_driver_sql(
            "INSERT INTO payments (sale_id, method, amount, tendered, change) VALUES (?, ?, ?, ?, 0)",
            (sale_id, method, amount, amount),
        )


def _expected(
    sales: list[tuple[tuple[int, int, int, int], list[tuple[str, int]]]],
) -> dict[str, dict[str, int]]:
    got: dict[str, dict[str, int]] = {}
    for (qty, price, off, cost), paid in sales:
        figures = {
            "qty": qty,
            "gross": qty * price,
            "discount": off,
            "net": qty * price - off,
            "cost": qty * cost,
        }
        for name, figure in figures.items():
            for (method, _a), share in zip(
                paid, _shares(figure, [a for _m, a in paid]), strict=True
            ):
                got.setdefault(method, dict.fromkeys(_FIGURES, 0))[name] += share
    return got


@pytest.mark.parametrize("seed", [1, 2])
def test_each_sale_is_shared_among_its_payments_in_whole_rupiah(demo_db, seed: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    sales = [
        ((3, 1001, 0, 333), [("tunai", 1001), ("qris", 1001), ("debit", 1001)]),  # ties
        ((5, 20_000, 100_000, 7_000), [("qris", 0), ("tunai", 0)]),  # Rp0: to the first
        ((1, 7, 0, 5), [("debit", 1), ("tunai", 3), ("qris", 3)]),
    ]
    for _ in range(150):
        qty, price = rng.randint(1, 9), rng.randint(1, 90_000)
        line = (qty, price, rng.choice([0, 1, price // 3]), rng.randint(0, price))
        total = qty * price - line[2]
        cuts = sorted(rng.randint(0, total) for _ in range(rng.choice([0, 1, 1, 2])))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
        sales.append((line, [(rng.choice(["tunai", "qris", "debit"]), p) for p in parts]))
    with demo_db.engine.begin() as conn:
        for sale_id, (line, paid) in enumerate(sales, start=1):
            _sale(conn, sale_id, line, paid)
    with demo_db.engine.connect() as conn:
        rows = {r.key: r for r in sales_report(conn, DAY, DAY, "payment", "TST")}
        whole = sales_report(conn, DAY, DAY, "day", "TST")[0]
    expected = _expected(sales)
    assert {k: {f: getattr(r, f) for f in _FIGURES} for k, r in rows.items()} == expected
    for name in MEASURES:
        assert all(isinstance(getattr(r, name), int) for r in rows.values())
        assert sum(getattr(r, name) for r in rows.values()) == getattr(whole, name)
    paid_in: dict[str, int] = {}
    for _line, paid in sales:
        for method, amount in paid:
            paid_in[method] = paid_in.get(method, 0) + amount
    assert {k: r.net for k, r in rows.items()} == {k: v for k, v in paid_in.items() if k in rows}
