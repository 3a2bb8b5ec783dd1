"""The sales report read from kept sums (pos.services.report_pieces) gives the very figures of
the report read from the documents: random sales over two years and a bit, with line and sale
discounts, voids (also of an earlier day), refunds, order pickups and split payments; every
key, whole and cut periods, per day; then late documents written into closed pieces."""

import random
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from pos.core.payments import BY_ORDER
from pos.services import report_pieces
from pos.services.report_marks import touch_stand
from pos.services.report_query import MEASURES, report_rows
from pos.services.sales_report import KEYS, STAND

LIVE = replace(STAND, name="")  # the same report, always from the documents
FIRST = date(2024, 1, 1)
DAYS = 800  # to 2026-03-10: two whole years and the start of a third, all before today
PERIODS = [
    (date(2024, 1, 1), date(2025, 12, 31)),
    (date(2024, 3, 15), date(2025, 2, 10)),
    (date(2025, 2, 1), date(2025, 2, 28)),
    (date(2025, 6, 17), date(2025, 6, 17)),
    (date(2023, 12, 30), date(2026, 3, 31)),
]


def _fill(conn: Any, rng: random.Random, n_sales: int, first_id: int = 1) -> None:
    """n_sales random sales (raw rows, as an old database holds them) and their returns."""
    users = [u for (u,) in conn.exec_driver_sql("SELECT id FROM users ORDER BY id")]
    shift = conn.exec_driver_sql("SELECT id FROM shifts ORDER BY id LIMIT 1").scalar()
    products = conn.exec_driver_sql("SELECT id, sku, name, price, cost FROM products").all()
    approval = conn.exec_driver_sql("SELECT id FROM approvals LIMIT 1").scalar()
    if approval is None:
        conn.exec_driver_sql(
            "INSERT INTO approvals (action, approver_id, reason, detail, created_at) "
            "VALUES ('refund', ?, 'test', '{}', '2024-01-01 00:00:00')",
            (users[0],),
        )
        approval = conn.exec_driver_sql("SELECT max(id) FROM approvals").scalar()
    for sale_id in range(first_id, first_id + n_sales):
        day = FIRST + timedelta(days=rng.randrange(DAYS))
        at = datetime.combine(day, datetime.min.time()) + timedelta(minutes=rng.randrange(1440))
        lines = []
        for _ in range(rng.randint(1, 4)):
            pid, sku, name, price, cost = rng.choice(products)
            qty = rng.randint(1, 5)
            off = rng.choice([0, 0, 0, 1, price // 7])
            share = rng.choice([0, 0, 3, 1001])
            cost_or_none = None if rng.random() < 0.05 else cost
            lines.append(
                (pid, sku, name, qty, price, qty * price - off - share, off, share, cost_or_none)
            )
        total = sum(line[5] for line in lines)
        conn.exec_driver_sql(
            "INSERT INTO sales (id, receipt_no, stand, day, seq, created_at, user_id, shift_id, "
            "status, total) VALUES (?, ?, 'TST', ?, ?, ?, ?, ?, 'completed', ?)",
            (sale_id, f"TST-{sale_id}", day.isoformat(), sale_id, at.isoformat(sep=" "),
             rng.choice(users), shift, total),
        )  # fmt: skip
        line_ids = []
        for pid, sku, name, qty, price, line_total, off, share, cost in lines:
            cursor = conn.exec_driver_sql(
                "INSERT INTO sale_lines (sale_id, product_id, sku, name, qty, unit_price, "
                "line_total, discount, sale_discount, unit_cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (sale_id, pid, sku, name, qty, price, line_total, off, share, cost),
            )
            line_ids.append((cursor.lastrowid, qty, line_total))
        kind = rng.random()
        if kind < 0.1:
            payments = [(BY_ORDER, total)]  # an order's pickup
        elif kind < 0.3 and total > 2:
            part = rng.randrange(1, total)
            payments = [("tunai", part), (rng.choice(["qris", "debit"]), total - part)]
        else:
            payments = [(rng.choice(["tunai", "qris", "transfer"]), total)]
        for method, amount in payments:
            conn.exec_driver_sql(
                "INSERT INTO payments (sale_id, method, amount, tendered, change) "
                "VALUES (?, ?, ?, ?, 0)",
                (sale_id, method, amount, amount),
            )
        fate = rng.random()
        if fate < 0.06:
            _document(conn, rng, "void", sale_id, day, total, shift, users[0], approval, [])
        elif fate < 0.15:
            back = [
                (lid, rng.randint(1, qty), line_total // qty)
                for lid, qty, line_total in line_ids[:2]
            ]
            _document(conn, rng, "refund", sale_id, day, 0, shift, users[-1], approval, back)


def _document(conn, rng, kind, sale_id, sold_on, total, shift, user, approval, back) -> None:  # type: ignore[no-untyped-def]
    day = sold_on + timedelta(days=rng.choice([0, 0, 1, 20, 45]))  # also in a later month
    amount = total or sum(q * unit for _l, q, unit in back)
    method = rng.choice(["tunai", "qris", None]) if kind == "refund" else None
    cursor = conn.exec_driver_sql(
        "INSERT INTO refunds (refund_no, kind, stand, day, seq, sale_id, shift_id, user_id, "
        "approval_id, reason, method, total, created_at) "
        "VALUES (?, ?, 'TST', ?, ?, ?, ?, ?, ?, 'test', ?, ?, ?)",
        (f"TST-{kind}-{sale_id}", kind, day.isoformat(), sale_id, sale_id, shift, user,
         approval, method, amount, f"{day.isoformat()} 12:00:00"),
    )  # fmt: skip
    for line_id, qty, unit in back:
        conn.exec_driver_sql(
            "INSERT INTO refund_lines (refund_id, sale_line_id, qty, amount, disposition) "
            "VALUES (?, ?, ?, ?, 'restock')",
            (cursor.lastrowid, line_id, qty, qty * unit),
        )


def _sorted(rows: list[tuple[str, Any]]) -> list[tuple[str, str, tuple[int, ...]]]:
    return sorted(
        (d, r.key, (r.sales, *(getattr(r, f) for f in MEASURES), r.label)) for d, r in rows
    )


def _same_figures(db: Any) -> None:
    with db.engine.connect() as conn:
        for by in KEYS:
            for period in PERIODS:
                for per_day in (False, True):
                    live = _sorted(report_rows(conn, LIVE, period, by, None, per_day))
                    kept = _sorted(report_rows(conn, STAND, period, by, None, per_day))
                    assert kept == live, (by, period, per_day)
                    again = report_rows(conn, STAND, period, by, ["TST"], per_day)
                    assert _sorted(again) == live, (by, period, per_day)


@pytest.fixture
def year_db(demo_db, cashier):  # type: ignore[no-untyped-def]
    with demo_db.engine.begin() as conn:
        _fill(conn, random.Random(16), 400)
    return demo_db


def _pieces(db: Any) -> set[tuple[str, str, str]]:
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT by, level, start FROM report_pieces").all()
    return {(by, level, str(start)) for by, level, start in rows}


def test_kept_sums_give_the_documents_figures_for_every_key(year_db) -> None:  # type: ignore[no-untyped-def]
    _same_figures(year_db)
    built = _pieces(year_db)
    # The whole years and months were built (and read, the second time round), days per day.
    assert {("product", "y", "2024-01-01"), ("payment", "y", "2025-01-01")} <= built
    assert ("workshop", "m", "2026-02-01") in built and ("day", "d", "2025-06-17") in built
    _same_figures(year_db)
    # Late documents: more sales, voids and refunds written into closed days, each
    # unmarking its pieces as the services do.
    with year_db.engine.begin() as conn:
        _fill(conn, random.Random(17), 60, first_id=1000)
        days = conn.exec_driver_sql("SELECT day FROM sales WHERE id >= 1000").scalars().all()
        back = conn.exec_driver_sql("SELECT day FROM refunds WHERE sale_id >= 1000").scalars().all()
        touch_stand(conn.connection.driver_connection.cursor(), [*days, *back])
    assert ("product", "y", "2024-01-01") not in _pieces(year_db)
    _same_figures(year_db)


def test_a_report_inside_a_write_transaction_reads_the_documents(year_db) -> None:  # type: ignore[no-untyped-def]
    with year_db.engine.begin() as conn:  # holds the write lock: no pieces can be built
        conn.exec_driver_sql("UPDATE settings SET value = value WHERE 0")
        rows = report_rows(conn, STAND, PERIODS[0], "product")
        assert _sorted(rows) == _sorted(report_rows(conn, LIVE, PERIODS[0], "product"))
    assert not any(by == "product" for by, _l, _s in _pieces(year_db))


def test_a_period_is_cut_into_whole_years_months_and_days() -> None:
    built = {("y", date(2025, 1, 1)), ("m", date(2024, 12, 1)), ("d", date(2024, 11, 30))}
    pieces, live = report_pieces.plan((date(2024, 11, 29), date(2026, 1, 2)), built, False)
    assert pieces == [("d", date(2024, 11, 30)), ("m", date(2024, 12, 1)), ("y", date(2025, 1, 1))]
    assert live == [(date(2024, 11, 29), date(2024, 11, 29)), (date(2026, 1, 1), date(2026, 1, 2))]
    pieces, live = report_pieces.plan((date(2024, 11, 29), date(2024, 12, 31)), built, True)
    assert pieces == [("d", date(2024, 11, 30))]
    assert live == [
        (date(2024, 11, 29), date(2024, 11, 29)),
        (date(2024, 12, 1), date(2024, 12, 31)),
    ]


def test_catalog_changes_unmark_the_keys_they_regroup(year_db) -> None:  # type: ignore[no-untyped-def]
    """Reports group by the catalog as it is now: a renamed category, workshop or cashier, a
    product moved to another category or workshop, a new catalog cost of a line sold without
    one all unmark the kept sums they change (triggers: whichever code writes them)."""
    whole = PERIODS[0]
    keys = ("category", "workshop", "cashier", "product", "hour")

    def same() -> None:
        with year_db.engine.connect() as conn:
            for by in keys:
                live = _sorted(report_rows(conn, LIVE, whole, by))
                assert _sorted(report_rows(conn, STAND, whole, by)) == live, by

    same()
    assert {("category", "y", "2024-01-01"), ("hour", "y", "2024-01-01")} <= _pieces(year_db)
    changes = [
        "UPDATE categories SET name = name || ' Baru' WHERE id = (SELECT min(id) FROM categories)",
        "UPDATE workshops SET name = name || ' Baru' WHERE id = (SELECT min(id) FROM workshops)",
        "UPDATE users SET name = name || ' Baru' WHERE id = (SELECT min(user_id) FROM sales)",
        "UPDATE products SET category_id = (SELECT max(id) FROM categories), workshop_id = "
        "(SELECT max(id) FROM workshops) WHERE id = (SELECT min(product_id) FROM sale_lines)",
        "UPDATE products SET cost = cost + 777 WHERE id = "
        "(SELECT min(product_id) FROM sale_lines WHERE unit_cost IS NULL)",
    ]
    for change in changes:
        with year_db.engine.begin() as conn:
            conn.exec_driver_sql(change)
        if "cost" in change:  # a cost of lines sold without one: every key
            assert ("hour", "y", "2024-01-01") not in _pieces(year_db)
        same()
