"""The top rows of a period near a kept year, bounded (pos.services.report_bound): the same
rows and whole as the documents give, with the keys counted from the pieces' members; a
refund in the removed days that lifts a key from the bottom of the year into the top; marks
kept before their members, and members that are not ours."""

import random
import zlib
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from test_report_near import WAYS, _check, _periods, _years, few_keys_are_many, year_db

from pos.db.models_summaries import ReportPiece
from pos.db.sql_core import table
from pos.services import report_bound, report_members, report_pieces
from pos.services.report_members import pack, pack_bits, piece_members, unpack
from pos.services.report_query import ReportRow, ordered, report_rows
from pos.services.sales_report import STAND

from test_report_near import LIVE, KEYS  # isort: skip

__all__ = ["few_keys_are_many", "year_db"]  # fixtures
_pieces = table(ReportPiece)
NEAR = (date(2024, 1, 10), date(2024, 12, 31))


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):  # type: ignore[no-untyped-def]
    """The demo catalog's few products read a few at a time, as a year's 88k are."""
    monkeypatch.setattr(report_bound, "BATCH", 1)


def _ways(db, period, by, top):  # type: ignore[no-untyped-def]
    WAYS.clear()
    _check(db, period, by, top)
    return list(WAYS)


def test_periods_near_a_year_are_bounded_and_give_the_documents_rows(year_db) -> None:  # type: ignore[no-untyped-def]
    _years(year_db)
    rng = random.Random(8)
    for period in _periods(rng, 6):
        for by in KEYS:
            top = rng.choice([1, 4, 9])
            _check(year_db, period, by, top)  # builds the edge days (and of the next year)
            _check(year_db, period, by, top)  # keeps the members of months from the documents
            ways = _ways(year_db, period, by, top)
            assert ways in ([], ["bounded"]), (period, by, ways)
    assert _ways(year_db, NEAR, "product", 3) == ["bounded"]
    crossing = (date(2024, 3, 15), date(2025, 3, 14))  # the next year's days added
    assert _ways(year_db, crossing, "product", 5) == ["bounded"]
    halves = (date(2024, 7, 1), date(2025, 6, 30))  # far from either year: both bound it
    for _ in range(2):
        _check(year_db, halves, "product", 5)
    assert _ways(year_db, halves, "product", 5) == ["bounded"]
    beyond = (date(2025, 7, 1), date(2026, 3, 10))  # 2026 not kept: the usual plan
    assert _ways(year_db, beyond, "product", 5) in ([], ["not bounded"])


def _sale(conn, sale_id: int, day: str, product: int, row, amount: int) -> int:  # type: ignore[no-untyped-def]
    """A sale of one line of `row`'s key for `amount`; the line's id."""
    user, shift = conn.exec_driver_sql(
        "SELECT min(id), (SELECT min(id) FROM shifts) FROM users"
    ).one()
    conn.exec_driver_sql(
        "INSERT INTO sales (id, receipt_no, stand, day, seq, created_at, user_id, shift_id, "
        "status, total) VALUES (?, ?, 'TST', ?, ?, ?, ?, ?, 'completed', ?)",
        (sale_id, f"TST-{sale_id}", day, sale_id, f"{day} 10:00:00", user, shift, amount),
    )
    conn.exec_driver_sql(
        "INSERT INTO payments (sale_id, method, amount, tendered, change) VALUES (?, 'tunai', ?, ?, 0)",
        (sale_id, amount, amount),
    )
    return int(
        conn.exec_driver_sql(
            "INSERT INTO sale_lines (sale_id, product_id, sku, name, qty, unit_price, "
            "line_total, discount, sale_discount, unit_cost) VALUES (?, ?, ?, ?, 1, ?, ?, 0, 0, 1)",
            (sale_id, product, row.key, row.label, amount, amount),
        ).lastrowid
    )


def test_a_refund_in_the_removed_days_lifts_a_key_into_the_top(year_db) -> None:  # type: ignore[no-untyped-def]
    """A key sold for a fortune in June, whose year is no more than before (the fortune of a
    sale of the year before given back on 5 January): over the period from 10 January it is
    the top row, though its year's net is far below the top: read as a key the removed days
    lower by less than nothing."""
    with year_db.engine.connect() as conn:
        full = ordered([row for _day, row in report_rows(conn, LIVE, NEAR, "product")], "product")
    lifted = full[len(full) // 2]  # a key in the middle of the period's rows
    huge = 10**12
    with year_db.engine.begin() as conn:
        product = conn.exec_driver_sql(
            "SELECT id FROM products WHERE sku = ?", (lifted.key,)
        ).scalar_one()
        line = _sale(conn, 9001, "2023-12-30", product, lifted, huge)
        _sale(conn, 9002, "2024-06-15", product, lifted, huge)
        user, shift, approval = conn.exec_driver_sql(
            "SELECT min(id), (SELECT min(id) FROM shifts), (SELECT min(id) FROM approvals) "
            "FROM users"
        ).one()
        refund = conn.exec_driver_sql(
            "INSERT INTO refunds (refund_no, kind, stand, day, seq, sale_id, shift_id, "
            "user_id, approval_id, reason, method, total, created_at) VALUES ('TST-R-9001', "
            "'refund', 'TST', '2024-01-05', 9001, 9001, ?, ?, ?, 'test', 'tunai', ?, "
            "'2024-01-05 12:00:00')",
            (shift, user, approval, huge),
        ).lastrowid
        conn.exec_driver_sql(
            "INSERT INTO refund_lines (refund_id, sale_line_id, qty, amount, disposition) "
            "VALUES (?, ?, 1, ?, 'restock')",
            (refund, line, huge),
        )
    _years(year_db)
    _check(year_db, NEAR, "product", 3)  # builds the edge days
    assert _ways(year_db, NEAR, "product", 3) == ["bounded"]  # and the rows are the documents'
    with year_db.engine.connect() as conn:
        full = ordered([row for _day, row in report_rows(conn, LIVE, NEAR, "product")], "product")
        year = ordered(
            [
                row
                for _day, row in report_rows(
                    conn, LIVE, (date(2024, 1, 1), date(2024, 12, 31)), "product"
                )
            ],
            "product",
        )
    assert full[0].key == lifted.key and full[0].net > huge
    assert lifted.key not in [row.key for row in year[:10]]


def test_marks_kept_before_their_members_get_them(year_db) -> None:  # type: ignore[no-untyped-def]
    _years(year_db)
    _check(year_db, NEAR, "product", 4)
    with year_db.engine.begin() as conn:
        conn.execute(sa.update(_pieces).values(members=None))
    assert _ways(year_db, NEAR, "product", 4) == ["not bounded", "added up"]  # and fills
    with year_db.engine.connect() as conn:
        kept = conn.execute(sa.select(sa.func.count()).where(_pieces.c.members.is_not(None)))
        assert kept.scalar_one() > 0
    assert _ways(year_db, NEAR, "product", 4) == ["bounded"]


def test_members_not_ours_take_the_usual_way(year_db) -> None:  # type: ignore[no-untyped-def]
    _years(year_db)
    _check(year_db, NEAR, "product", 4)
    bomb = zlib.compress(b"\xff" * (report_members.MOST_BYTES + 1))
    for members in (b"not a bitmap", bomb, b""):
        with year_db.engine.begin() as conn:
            months = (_pieces.c.level == "m", _pieces.c.start.between(*NEAR))  # read: the period's
            conn.execute(sa.update(_pieces).where(*months).values(members=members))
        assert _ways(year_db, NEAR, "product", 4) == ["not bounded", "added up"], members


def _members_are_the_counted_keys(db, levels: tuple[str, ...]) -> int:  # type: ignore[no-untyped-def]
    """Each mark of `levels` with members has those of its rows (numbered again); how many."""
    seen = 0
    with db.engine.begin() as conn:
        for by in KEYS:
            mine = (_pieces.c.source == "stand", _pieces.c.by == by, _pieces.c.level.in_(levels))
            rows = conn.execute(
                sa.select(
                    _pieces.c.level, _pieces.c.start, _pieces.c.members, _pieces.c["keys"]
                ).where(*mine, _pieces.c.members.is_not(None))
            ).all()
            for level, start, members, keys in rows:
                again = piece_members(conn, "stand", by, level, (start, start))[start]
                assert again is not None and unpack(members) == unpack(again), (by, level)
                assert keys is None or unpack(members).bit_count() == keys, (by, level, start)
                seen += 1
    return seen


def test_members_of_days_months_and_years(year_db) -> None:  # type: ignore[no-untyped-def]
    """Days keep their members as they are built; a month or a year built from the
    documents gets them when a report first needs them, its days' or months' or-ed when it
    has them; either way they are its counted keys."""
    _years(year_db)
    with year_db.engine.connect() as conn:
        kept = conn.execute(sa.select(_pieces.c.members).where(_pieces.c.level != "d"))
        assert set(kept.scalars()) == {None}  # from the documents: not numbered yet
    _check(year_db, NEAR, "product", 3)  # fills the period's months
    assert _members_are_the_counted_keys(year_db, ("m", "y")) >= 11
    with year_db.engine.begin() as conn:
        conn.execute(sa.delete(_pieces))
    with year_db.engine.connect() as conn:  # days, then months and years from them
        report_pieces.build_days(conn, STAND, date(2026, 1, 1), back=800)
    with year_db.engine.connect() as conn:
        mine = _pieces.c.by.in_(KEYS)
        kept = conn.execute(sa.select(_pieces.c.level, _pieces.c.members).where(mine)).all()
    assert {level for level, _members in kept} == {"d", "m", "y"}
    assert all(members is not None for _level, members in kept)
    assert _members_are_the_counted_keys(year_db, ("d", "m", "y")) == len(kept)


def test_a_bitmap_of_key_numbers() -> None:
    numbers = [0, 1, 7, 8, 9, 1000, 88_372]
    bits = unpack(pack(numbers))
    assert [n for n in range(90_000) if bits >> n & 1] == numbers
    assert unpack(pack([])) == 0
    assert unpack(pack_bits(bits)) == bits
    for bad in (b"", b"x", zlib.compress(b"a")[:-2], "text"):
        try:
            unpack(bad)  # type: ignore[arg-type]
        except ValueError:
            continue
        raise AssertionError(bad)


def test_a_day_run_keeps_each_days_totals(year_db) -> None:  # type: ignore[no-untyped-def]
    with year_db.engine.connect() as conn:
        report_pieces.build_days(conn, STAND, date(2024, 2, 1), back=10)
    with year_db.engine.connect() as conn:
        mine = (_pieces.c.source == "stand", _pieces.c.by == "product", _pieces.c.level == "d")
        days = conn.execute(sa.select(_pieces.c.start, _pieces.c["keys"]).where(*mine)).all()
        assert len(days) == 10
        for start, keys in days:
            rows = report_rows(conn, LIVE, (start, start), "product")
            counted = [r for _d, r in rows if any(getattr(r, f) for f in ("sales", "qty", "net"))]
            assert keys == len(counted), start
    assert timedelta(days=1)  # the run's days are each a piece


def test_the_years_top_keys_sold_in_the_removed_days_are_read_past(year_db) -> None:  # type: ignore[no-untyped-def]
    """Six keys made the year's top by a fortune sold on 3 January: over the period from
    10 January they are not the top; the keys below them in the year are read until none
    left unread can beat the top ones."""
    with year_db.engine.connect() as conn:
        full = ordered([row for _day, row in report_rows(conn, LIVE, NEAR, "product")], "product")
    fallen = full[-6:]
    with year_db.engine.begin() as conn:
        for n, row in enumerate(fallen):
            product = conn.exec_driver_sql(
                "SELECT id FROM products WHERE sku = ?", (row.key,)
            ).scalar_one()
            _sale(conn, 9100 + n, "2024-01-03", product, row, 10**12 + n)
    _years(year_db)
    _check(year_db, NEAR, "product", 3)  # builds the edge days
    assert _ways(year_db, NEAR, "product", 3) == ["bounded"]  # the rows are the documents'
    with year_db.engine.connect() as conn:
        year = report_rows(conn, LIVE, (date(2024, 1, 1), date(2024, 12, 31)), "product")
    ranked = ordered([row for _day, row in year], "product")
    assert {row.key for row in ranked[:6]} == {row.key for row in fallen}


def test_a_key_sold_for_a_fortune_after_the_year_is_read_from_the_next_year(
    year_db, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A period from 15 March 2024 to 14 March 2025, both years kept: the days of 2025 are
    looked up key by key, bounded by 2025's rows (a key's net over those days is at most its
    year's); a key not sold in 2024 at all, sold for a fortune in February 2025, is the top."""
    crossing = (date(2024, 3, 15), date(2025, 3, 14))
    with year_db.engine.begin() as conn:
        product = conn.exec_driver_sql("SELECT min(id) FROM products").scalar_one()
        lifted = ReportRow("TERLARIS-2025", "Meja Pesanan Besar", *(0,) * 7)
        _sale(conn, 9201, "2025-02-10", product, lifted, 10**12)
    _years(year_db)
    seconds: list[object] = []
    real = report_bound._second_year

    def spy(*args):  # type: ignore[no-untyped-def]
        got = real(*args)
        seconds.append(got[0])
        return got

    monkeypatch.setattr(report_bound, "_second_year", spy)
    _check(year_db, crossing, "product", 3)  # builds the edge days
    _check(year_db, crossing, "product", 3)  # and those of the rest of 2025
    assert _ways(year_db, crossing, "product", 3) == ["bounded"]  # the documents' rows
    assert seconds[-1] == date(2025, 1, 1)
    with year_db.engine.connect() as conn:
        full = ordered([r for _day, r in report_rows(conn, LIVE, crossing, "product")], "product")
    assert full[0].key == lifted.key
