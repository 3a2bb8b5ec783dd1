"""Probing the bounded top rows of a period near a kept year (pos.services.report_bound)
against the documents: periods over three calendar years and into the future, a stands
filter, tops of one and of more than all keys, ties at the boundary, refunds alone, voids
in the removed days, late documents, members kept for only some pieces, keys only in the
added days; by product, category, payment and cashier."""

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from test_report_bound import _sale
from test_report_near import (
    KEYS,
    LIVE,
    WAYS,
    _check,
    _figures,
    _years,
    few_keys_are_many,
    year_db,
)

from pos.db.models_summaries import ReportPiece
from pos.db.sql_core import table
from pos.services import report_bound, report_near
from pos.services.report_marks import touch_stand
from pos.services.report_query import ReportRow, ordered, report_rows, total_row
from pos.services.report_top import top_rows
from pos.services.sales_report import STAND

__all__ = ["few_keys_are_many", "year_db"]  # fixtures
_pieces = table(ReportPiece)
NEAR = (date(2024, 1, 10), date(2024, 12, 31))
CROSSING = (date(2024, 3, 15), date(2025, 3, 14))
PROBED = ("product", "category", "payment", "cashier")


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):  # type: ignore[no-untyped-def]
    """The demo catalog's few products read a few at a time, as a year's 88k are."""
    monkeypatch.setattr(report_bound, "BATCH", 1)


def _ways(db: Any, period: tuple[date, date], by: str, top: int) -> list[str]:
    """_check three times (edge days built, members filled, then read); the last one's ways."""
    _check(db, period, by, top)
    _check(db, period, by, top)
    WAYS.clear()
    _check(db, period, by, top)
    return list(WAYS)


def _check_stands(db: Any, period: tuple[date, date], by: str, top: int, stands: Any) -> None:
    """top_rows of `stands` == the head of the documents' rows of those stands."""
    with db.engine.connect() as conn:
        full = ordered([r for _d, r in report_rows(conn, LIVE, period, by, stands)], by)
        rows, others = top_rows(conn, STAND, period, by, stands, top)
    shown = rows if others is None else [*rows, others]
    assert _figures(total_row(shown)) == _figures(total_row(full)), (by, period, stands)
    assert rows == full[:top], (by, period, stands)
    assert (others is None) == (len(full) <= top), (by, period, stands)
    if others is not None:
        assert str(len(full) - top) in others.label


def _product(conn: Any, key: str) -> int:
    return int(conn.exec_driver_sql("SELECT id FROM products WHERE sku = ?", (key,)).scalar_one())


def _refund(
    conn: Any, refund_id: int, sale_id: int, line: int, day: str, amount: int, kind: str = "refund"
) -> None:
    """A refund (or void) of `line` (of sale `sale_id`) on `day`."""
    user, shift, approval = conn.exec_driver_sql(
        "SELECT min(id), (SELECT min(id) FROM shifts), (SELECT min(id) FROM approvals) FROM users"
    ).one()
    conn.exec_driver_sql(
        "INSERT INTO refunds (id, refund_no, kind, stand, day, seq, sale_id, shift_id, user_id, "
        "approval_id, reason, method, total, created_at) VALUES (?, ?, ?, 'TST', ?, ?, ?, "
        "?, ?, ?, 'test', 'tunai', ?, ?)",
        (refund_id, f"TST-R-{refund_id}", kind, day, refund_id, sale_id, shift, user, approval,
         amount, f"{day} 12:00:00"),
    )  # fmt: skip
    conn.exec_driver_sql(
        "INSERT INTO refund_lines (refund_id, sale_line_id, qty, amount, disposition) "
        "VALUES (?, ?, 1, ?, 'restock')",
        (refund_id, line, amount),
    )


def _full(db: Any, period: tuple[date, date], by: str) -> list[ReportRow]:
    with db.engine.connect() as conn:
        return ordered([r for _d, r in report_rows(conn, LIVE, period, by)], by)


def test_odd_periods_three_years_and_the_future(year_db) -> None:  # type: ignore[no-untyped-def]
    _years(year_db)
    periods = [
        (date(2023, 12, 20), date(2025, 1, 5)),  # three calendar years, both sides added
        (date(2023, 6, 1), date(2024, 5, 31)),  # the days before any sale
        (date(2025, 1, 2), date(2026, 1, 1)),  # a day of a year not kept
        (date(2025, 6, 1), date(2026, 5, 31)),
        (date(2025, 12, 1), date(2026, 11, 28)),  # to today
        (date(2026, 1, 5), date(2027, 1, 4)),  # into the future, no sales
        (date(2024, 1, 2), date(2025, 12, 30)),  # two years less two days
    ]
    for period in periods:
        for by in PROBED:
            _ways(year_db, period, by, 3)


def test_tops_of_one_and_of_more_than_all_keys(year_db) -> None:  # type: ignore[no-untyped-def]
    _years(year_db)
    for by in PROBED:
        count = len(_full(year_db, NEAR, by))
        for top in (1, count - 1, count, count + 1, 10_000):
            for period in (NEAR, CROSSING):
                _ways(year_db, period, by, max(top, 1))
    assert _ways(year_db, NEAR, "product", 1) == ["bounded"]


def test_a_stands_filter(year_db) -> None:  # type: ignore[no-untyped-def]
    _years(year_db)
    for period in (NEAR, CROSSING):
        for by in PROBED:
            for stands in (["TST"], ["NOWHERE"], ["TST", "NOWHERE"], []):
                for _ in range(3):
                    _check_stands(year_db, period, by, 3, stands)


def test_a_stand_elsewhere_in_the_added_and_removed_days(year_db) -> None:  # type: ignore[no-untyped-def]
    with year_db.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE sales SET stand = 'LAIN' WHERE id IN (SELECT min(id) FROM sales WHERE day "
            "BETWEEN '2024-01-02' AND '2024-01-08' UNION SELECT min(id) FROM sales WHERE day "
            "BETWEEN '2025-01-02' AND '2025-02-08')"
        )
    _years(year_db)
    for period in (NEAR, CROSSING, (date(2024, 1, 2), date(2025, 1, 1))):
        for by in PROBED:
            _ways(year_db, period, by, 3)
            for stands in (["TST"], ["LAIN"], None):
                _check_stands(year_db, period, by, 3, stands)


def test_keys_tied_exactly_at_the_boundary(year_db) -> None:  # type: ignore[no-untyped-def]
    """Twelve keys of the very same net at the top of the year (six sold in the period, six
    in the removed days) and of 2025: the top is cut among them by key."""
    with year_db.engine.begin() as conn:
        product = conn.exec_driver_sql("SELECT min(id) FROM products").scalar_one()
        for n in range(12):
            row = ReportRow(f"SAMA-{11 - n:02}", "Sama", *(0,) * 7)
            _sale(conn, 9300 + n, "2024-06-01" if n % 2 else "2024-01-04", product, row, 10**9)
            _sale(conn, 9400 + n, "2025-02-01", product, row, 10**9)
            _sale(conn, 9450 + n, "2025-08-01", product, row, 10**9)
    _years(year_db)
    for top in (1, 2, 3, 5, 6, 7, 12, 13):
        for period in (NEAR, CROSSING):
            _ways(year_db, period, "product", top)
    assert _ways(year_db, NEAR, "product", 3) == ["bounded"]
    assert [r.key for r in _full(year_db, CROSSING, "product")[:2]] == ["SAMA-00", "SAMA-02"]


def test_refunds_alone_and_fewer_sold_keys_than_the_top(year_db) -> None:  # type: ignore[no-untyped-def]
    """A key whose only figures in the period are a refund (of a sale of the year before),
    and another refunded in the next year's rest: negative nets below a short top."""
    full = _full(year_db, NEAR, "product")
    with year_db.engine.begin() as conn:
        for n, (row, sold, back) in enumerate(
            (
                (full[0], "2023-12-15", "2024-07-01"),
                (full[1], "2024-12-30", "2025-06-01"),  # refunded in 2025's rest
                (full[2], "2024-04-01", "2025-02-01"),  # refunded in the added days
                (full[3], "2024-01-05", "2024-01-06"),  # sold and refunded in the removed days
            )
        ):
            line = _sale(conn, 9500 + n, sold, _product(conn, row.key), row, 10**10)
            _refund(conn, 9500 + n, 9500 + n, line, back, 10**10)
    _years(year_db)
    for period in (NEAR, CROSSING):
        count = len(_full(year_db, period, "product"))
        for top in (1, 3, count - 2, count):
            _ways(year_db, period, "product", top)


def test_a_sale_and_its_void_on_one_day_in_the_removed_days(year_db) -> None:  # type: ignore[no-untyped-def]
    """A fortune sold and voided the same day, in the removed days and in the added ones: it
    counts nowhere (amounts below 3e9: see test_a_payments_share_of_a_fortune)."""
    full = _full(year_db, NEAR, "product")
    with year_db.engine.begin() as conn:
        row = full[-1]
        for n, (day, void) in enumerate(
            (
                ("2024-01-07", "2024-01-07"),
                ("2025-01-07", "2025-01-07"),
                ("2024-01-08", "2024-03-01"),  # voided in the period
                ("2024-12-31", "2025-01-02"),  # voided after it
            )
        ):
            line = _sale(conn, 9600 + n, day, _product(conn, row.key), row, 10**9)
            _refund(conn, 9600 + n, 9600 + n, line, void, 10**9, kind="void")
            conn.exec_driver_sql("UPDATE sales SET status = 'voided' WHERE id = ?", (9600 + n,))
    assert _full(year_db, CROSSING, "product")[0].net < 10**9
    _years(year_db)
    for by in PROBED:
        for period in (NEAR, CROSSING):
            _ways(year_db, period, by, 2)
    assert _ways(year_db, NEAR, "product", 2) == ["bounded"]


def test_a_payments_share_of_a_fortune(year_db) -> None:  # type: ignore[no-untyped-def]
    """A sale of Rp100,000,000,007 (each amount below MAX_AMOUNT) paid by two methods: the
    methods' nets add up to the sale's total, in whole rupiah. report_query shared a sale's
    figures as figure * amount // total: 1e11 * 9e10 is past SQLite's 64-bit integers, read
    as a real, and the payment rows added up to 100,000,000,006; it now splits the product."""
    with year_db.engine.begin() as conn:
        product = conn.exec_driver_sql("SELECT min(id) FROM products").scalar_one()
        _sale(conn, 9650, "2024-01-08", product, ReportRow("X", "X", *(0,) * 7), 10**11 + 7)
        conn.exec_driver_sql("UPDATE payments SET amount = 10000000000 WHERE sale_id = 9650")
        conn.exec_driver_sql(
            "INSERT INTO payments (sale_id, method, amount, tendered, change) "
            "VALUES (9650, 'qris', 90000000007, 90000000007, 0)"
        )
    day = (date(2024, 1, 8), date(2024, 1, 8))
    with year_db.engine.connect() as conn:
        by_payment = [r for _d, r in report_rows(conn, LIVE, day, "payment")]
        by_product = [r for _d, r in report_rows(conn, LIVE, day, "product")]
    assert total_row(by_payment).net == total_row(by_product).net
    assert all(isinstance(r.net, int) and isinstance(r.gross, int) for r in by_payment)


def test_late_documents_between_two_reports(year_db) -> None:  # type: ignore[no-untyped-def]
    _years(year_db)
    for period in (NEAR, CROSSING):
        _ways(year_db, period, "product", 3)
    full = _full(year_db, CROSSING, "product")
    for n, day in enumerate(("2024-01-05", "2024-08-08", "2025-02-02", "2025-09-09")):
        with year_db.engine.begin() as conn:
            row = full[-1 - n]
            _sale(conn, 9700 + n, day, _product(conn, row.key), row, 10**9 + n)
            touch_stand(conn.connection.driver_connection.cursor(), [day])
        for period in (NEAR, CROSSING):
            for by in ("product", "payment"):
                _check(year_db, period, by, 3)
                _check(year_db, period, by, 3)


def test_members_kept_for_only_some_pieces(year_db) -> None:  # type: ignore[no-untyped-def]
    _years(year_db)
    for period in (NEAR, CROSSING):
        _ways(year_db, period, "product", 4)
        for level in ("d", "m", "y"):
            with year_db.engine.begin() as conn:
                conn.execute(
                    sa.update(_pieces)
                    .where(_pieces.c.level == level, _pieces.c.by == "product")
                    .where(sa.func.strftime("%d", _pieces.c.start).in_(["01", "05", "31"]))
                    .values(members=None)
                )
            _ways(year_db, period, "product", 4)
        assert _ways(year_db, period, "product", 4) == ["bounded"]


def test_a_key_only_in_the_added_days(year_db) -> None:  # type: ignore[no-untyped-def]
    """Keys sold only after the kept year (in a kept year, and in days of no kept year)."""
    with year_db.engine.begin() as conn:
        product = conn.exec_driver_sql("SELECT min(id) FROM products").scalar_one()
        for n, (key, day, amount) in enumerate(
            (
                ("BARU-2025", "2025-03-01", 2 * 10**9),
                ("BARU-KECIL", "2025-03-02", 1),
                ("BARU-2023", "2023-12-28", 10**9),
                ("BARU-2026", "2026-01-03", 10**9),
            )
        ):
            _sale(conn, 9800 + n, day, product, ReportRow(key, key, *(0,) * 7), amount)
    _years(year_db)
    for period in (
        CROSSING,
        (date(2023, 12, 20), date(2024, 12, 1)),
        (date(2025, 2, 1), date(2026, 1, 31)),
    ):
        for by in PROBED:
            for top in (1, 3):
                _ways(year_db, period, by, top)
    assert _ways(year_db, CROSSING, "product", 1) == ["bounded"]


def test_every_key_and_many_batches(year_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(report_near, "MANY_KEYS", 1)
    _years(year_db)
    for by in KEYS:
        for period in (
            (date(2024, 2, 29), date(2025, 2, 27)),
            (date(2024, 12, 31), date(2025, 12, 30)),
        ):
            _ways(year_db, period, by, 2)


def test_ties_by_code_point_and_keys_without_a_group(year_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Keys of one net that sort apart by case and accents; a product of no category and
    no workshop; and too many keys read: the usual way, the same rows."""
    with year_db.engine.begin() as conn:
        product = conn.exec_driver_sql("SELECT min(id) FROM products").scalar_one()
        for n, key in enumerate(("é-1", "Z-1", "a-1", "É-1", "z-1", "A-1")):
            row = ReportRow(key, key, *(0,) * 7)
            _sale(conn, 9900 + n, "2024-01-03" if n % 2 else "2024-05-05", product, row, 10**9)
            _sale(conn, 9910 + n, "2025-02-01", product, row, 10**9)
        conn.exec_driver_sql(
            "UPDATE products SET category_id = NULL, workshop_id = NULL WHERE id = ?", (product,)
        )
    _years(year_db)
    for by in ("product", "category", "workshop"):
        for top in (1, 2, 3, 4):
            for period in (NEAR, CROSSING):
                _ways(year_db, period, by, top)
    monkeypatch.setattr(report_bound, "MOST_READ", 1)
    for period in (NEAR, CROSSING):
        assert _ways(year_db, period, "product", 3) == ["not bounded", "added up"]


def test_a_top_of_none(year_db) -> None:  # type: ignore[no-untyped-def]
    """top_rows(..., top=0): every key in the others' row, as the usual plan gives (the
    bounded way once read best[-1] of an empty top)."""
    _years(year_db)
    for period in (NEAR, CROSSING):
        _ways(year_db, period, "product", 0)


def test_a_late_void_and_refund_between_two_reports(year_db) -> None:  # type: ignore[no-untyped-def]
    """A sale of a kept day voided late, another refunded late in the added days: the
    days are unmarked and the next reports read them anew."""
    _years(year_db)
    for period in (NEAR, CROSSING):
        _ways(year_db, period, "product", 3)
    with year_db.engine.begin() as conn:
        late = []
        for n, (day, kind, back) in enumerate(
            (("2024-01-05", "void", "2024-01-05"), ("2024-05-05", "void", "2024-05-05"),
             ("2024-06-06", "refund", "2025-02-02"), ("2025-02-03", "refund", "2025-07-07"))
        ):  # fmt: skip
            sale, line, amount, sold = conn.exec_driver_sql(
                "SELECT s.id, min(l.id), s.total, s.day FROM sales s JOIN sale_lines l ON "
                "l.sale_id = s.id WHERE s.day >= ? AND s.id NOT IN (SELECT sale_id FROM "
                "refunds) GROUP BY s.id HAVING count(*) = 1 ORDER BY s.day, s.id LIMIT 1",
                (day,),
            ).one()
            back = sold if kind == "void" else back
            _refund(conn, 9950 + n, sale, line, back, amount, kind=kind)
            late += [sold, back]
        touch_stand(conn.connection.driver_connection.cursor(), late)
    for period in (NEAR, CROSSING):
        for by in PROBED:
            _ways(year_db, period, by, 3)


def test_the_added_days_before_the_year_in_the_kept_year_before(year_db) -> None:  # type: ignore[no-untyped-def]
    """A period near 2025 from 20 December 2024: 2024's last days are looked up in 2024,
    bounded by its rows; a key whose 2024 is nothing (a fortune of 2023 refunded in June
    2024) but sold for that fortune on 25 December 2024 is the top."""
    period = (date(2024, 12, 20), date(2025, 11, 30))
    with year_db.engine.begin() as conn:
        product = conn.exec_driver_sql("SELECT min(id) FROM products").scalar_one()
        row = ReportRow("AKHIR-2024", "Akhir", *(0,) * 7)
        line = _sale(conn, 9990, "2023-12-01", product, row, 10**9)
        _refund(conn, 9990, 9990, line, "2024-06-01", 10**9)
        _sale(conn, 9991, "2024-12-25", product, row, 10**9)
        _sale(conn, 9992, "2025-12-25", product, row, 1)
    _years(year_db)
    for by in PROBED:
        for top in (1, 3):
            _ways(year_db, period, by, top)
    assert _ways(year_db, period, "product", 1) == ["bounded"]
    assert _full(year_db, period, "product")[0].key == "AKHIR-2024"
