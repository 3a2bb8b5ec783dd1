"""The top rows of a period near a kept year (pos.services.report_near): a year's kept sums
plus and minus the days around it give the very rows and totals of the report read from
the documents, on random periods that do not start on 1 January; with days built ahead and
without, a product sold under another name outside the period, and late documents."""

import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from test_report_pieces import _fill

from pos.db.models_summaries import ReportPiece
from pos.db.sql_core import table
from pos.services import report_near, report_pieces
from pos.services.report_marks import touch_stand
from pos.services.report_query import MEASURES, ReportRow, ordered, report_rows, total_row
from pos.services.report_top import top_rows
from pos.services.sales_report import STAND

LIVE = replace(STAND, name="")
FIGURES = ("sales", *MEASURES)
YEARS = ((date(2024, 1, 1), date(2024, 12, 31)), (date(2025, 1, 1), date(2025, 12, 31)))
WAYS: list[str] = []  # the ways _check saw taken, in order
KEYS = ("product", "category", "workshop", "payment", "cashier", "channel")


def _figures(row: ReportRow) -> tuple[int, ...]:
    return tuple(getattr(row, f) for f in FIGURES)


@pytest.fixture(autouse=True)
def few_keys_are_many(monkeypatch):  # type: ignore[no-untyped-def]
    """The demo catalog's few products take the year's way too."""
    monkeypatch.setattr(report_near, "MANY_KEYS", 1)


@pytest.fixture
def year_db(demo_db, cashier):  # type: ignore[no-untyped-def]
    with demo_db.engine.begin() as conn:
        _fill(conn, random.Random(21), 400)
        # A product sold under another name on a few days: its label is the greatest name
        # it was sold under in the period, not in the year.
        conn.exec_driver_sql(
            "UPDATE sale_lines SET name = 'ZZZ Nama Lama' WHERE sku = (SELECT min(sku) FROM "
            "sale_lines) AND sale_id IN (SELECT id FROM sales WHERE day < '2024-02-15' "
            "OR day > '2025-11-20')"
        )
        # Goods sold only before a period's first day in its year, and only in the next
        # year: keys that the year has and the period not, and the other way round.
        for sku, first, last in (("HANYA-AWAL", "2024-01-01", "2024-01-09"),
                                 ("HANYA-2025", "2025-01-01", "2025-03-14")):  # fmt: skip
            conn.exec_driver_sql(
                f"UPDATE sale_lines SET sku = '{sku}' WHERE id % 3 = 0 AND sale_id IN "
                f"(SELECT id FROM sales WHERE day BETWEEN '{first}' AND '{last}')"
            )
    return demo_db


def _periods(rng: random.Random, count: int) -> list[tuple[date, date]]:
    """Year-long periods (and a few shorter and longer) that start on any day."""
    periods = [
        (date(2024, 1, 10), date(2024, 12, 31)),
        (date(2024, 3, 15), date(2025, 3, 14)),
        (date(2025, 1, 1), date(2025, 11, 20)),
        (date(2024, 2, 15), date(2025, 2, 14)),
    ]
    for _ in range(count):
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(600))
        periods.append((start, start + timedelta(days=rng.choice([250, 330, 364, 365, 420]))))
    return periods


def _check(db: Any, period: tuple[date, date], by: str, top: int) -> bool:
    """top_rows over kept sums == the head of the documents' rows, the rest added up in one
    row; and whether the year's way was taken."""
    with db.engine.connect() as conn:
        full = ordered([row for _day, row in report_rows(conn, LIVE, period, by)], by)
    taken = []
    real, bounded = report_near._read, report_near.bounded_top

    def spy(*args: Any) -> Any:
        taken.append("added up")
        return real(*args)

    def bounded_spy(*args: Any) -> Any:
        got = bounded(*args)
        taken.append("bounded" if got is not None else "not bounded")
        return got

    with db.engine.connect() as conn:
        report_near._read = spy  # type: ignore[assignment]
        report_near.bounded_top = bounded_spy  # type: ignore[assignment]
        try:
            rows, others = top_rows(conn, STAND, period, by, None, top)
        finally:
            report_near._read = real  # type: ignore[assignment]
            report_near.bounded_top = bounded  # type: ignore[assignment]
    WAYS.extend(taken)
    shown = rows if others is None else [*rows, others]
    assert _figures(total_row(shown)) == _figures(total_row(full)), (by, period)
    assert rows == full[:top], (by, period)
    assert (others is None) == (len(full) <= top), (by, period)
    if others is not None:
        assert str(len(full) - top) in others.label, (by, period)
    return "bounded" in taken or "added up" in taken


def _years(db: Any) -> None:
    """The kept years, as a report over each builds them (the days' pieces stay unbuilt)."""
    with db.engine.connect() as conn:
        for by in KEYS:
            for year in YEARS:
                top_rows(conn, STAND, year, by, None, 3)


def test_periods_near_a_year_give_the_documents_rows(year_db) -> None:  # type: ignore[no-untyped-def]
    _years(year_db)
    rng = random.Random(5)
    taken = 0
    for period in _periods(rng, 8):
        for by in KEYS:
            taken += _check(year_db, period, by, rng.choice([1, 3, 7]))
    assert taken >= 20  # most of them read around a year


def test_with_days_built_ahead_and_after_late_documents(year_db) -> None:  # type: ignore[no-untyped-def]
    with year_db.engine.connect() as conn:
        report_pieces.build_days(conn, STAND, date(2026, 1, 1), back=800)
    rng = random.Random(6)
    periods = _periods(rng, 4)
    for i, period in enumerate(periods):
        assert _check(year_db, period, "product", 5) or i >= 4, period  # the first four: near
        _check(year_db, period, "payment", 2)
    with year_db.engine.begin() as conn:  # late documents into closed days, then unmarked
        _fill(conn, random.Random(17), 40, first_id=1000)
        days = conn.exec_driver_sql("SELECT day FROM sales WHERE id >= 1000").scalars().all()
        back = conn.exec_driver_sql("SELECT day FROM refunds WHERE sale_id >= 1000").scalars().all()
        touch_stand(conn.connection.driver_connection.cursor(), [*days, *back])
    for period in periods:
        for by in ("product", "category", "payment"):
            _check(year_db, period, by, 4)
    _years(year_db)
    for period in periods:
        _check(year_db, period, "product", 4)


def test_around_a_year() -> None:
    year = date(2025, 1, 1)
    assert report_near.around((date(2025, 1, 10), date(2025, 12, 31)), year) == [
        (-1, (date(2025, 1, 1), date(2025, 1, 9)))
    ]
    assert report_near.around((date(2024, 12, 20), date(2025, 11, 30)), year) == [
        (1, (date(2024, 12, 20), date(2024, 12, 31))),
        (-1, (date(2025, 12, 1), date(2025, 12, 31))),
    ]
    assert report_near.around((date(2025, 3, 15), date(2026, 3, 14)), year) == [
        (-1, (date(2025, 1, 1), date(2025, 3, 14))),
        (1, (date(2026, 1, 1), date(2026, 3, 14))),
    ]
    assert report_near.around((date(2025, 1, 1), date(2025, 12, 31)), year) == []


def test_few_keys_or_no_kept_totals_take_the_usual_way(year_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _years(year_db)
    near = (date(2024, 1, 10), date(2024, 12, 31))
    with year_db.engine.connect() as conn:
        assert report_near.near_top(conn, STAND, near, "product", None, 3) is not None
        assert report_near.near_top(conn, STAND, near, "product", ["ELSEWHERE"], 3) is None
        monkeypatch.setattr(report_near, "MANY_KEYS", 1000)
        assert report_near.near_top(conn, STAND, near, "product", None, 3) is None
    monkeypatch.setattr(report_near, "MANY_KEYS", 1)
    with year_db.engine.begin() as conn:  # marks kept before their totals were
        conn.execute(sa.update(table(ReportPiece)).values(dict.fromkeys(report_pieces.TOTALS)))
    with year_db.engine.connect() as conn:
        assert report_near.near_top(conn, STAND, near, "product", None, 3) is None
    assert not _check(year_db, near, "product", 3)


def test_a_reports_edge_days_are_kept_for_the_next(year_db) -> None:  # type: ignore[no-untyped-def]
    """The days at a period's edges are kept per day when first read (report_pieces), as the
    whole months between them; the next report reads their sums."""
    period = (date(2024, 1, 10), date(2024, 3, 2))
    _check(year_db, period, "category", 2)
    with year_db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT level, start FROM report_pieces WHERE by = 'category'"
        ).all()
    kept = {(level, str(start)) for level, start in rows}
    days = {s for lv, s in kept if lv == "d"}
    assert {"2024-01-10", "2024-01-31", "2024-03-01", "2024-03-02"} <= days
    assert ("m", "2024-02-01") in kept and "2024-02-10" not in days and "2024-01-09" not in days
    _check(year_db, period, "category", 2)
