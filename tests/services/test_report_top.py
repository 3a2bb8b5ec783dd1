"""The top rows of a report by net and the others added up in one row (report_top): the same
rows as the head of the full list, and with the others' row the same totals, read from the
documents and from kept sums alike."""

import random
from dataclasses import replace
from datetime import date

import pytest
import sqlalchemy as sa
from books_data import NOVEMBER, TOTALS, november
from sale_helpers import actor
from test_report_pieces import PERIODS, _fill

from pos.db.models_summaries import ReportPiece
from pos.db.sql_core import table
from pos.services import books, report_pieces
from pos.services.report_query import MEASURES, ReportRow, report_rows, total_row
from pos.services.report_top import top_rows
from pos.services.sales_report import KEYS, STAND, sales_report

LIVE = replace(STAND, name="")
FIGURES = ("sales", *MEASURES)


def _figures(row: ReportRow) -> tuple[int, ...]:
    return tuple(getattr(row, f) for f in FIGURES)


@pytest.fixture
def month(demo_db, monkeypatch):  # type: ignore[no-untyped-def]
    november(demo_db, monkeypatch)
    return demo_db


def test_the_top_products_and_the_others_add_up_to_the_whole(month) -> None:  # type: ignore[no-untyped-def]
    admin = actor(month, "Admin")
    full = books.sales_report(month, admin, *NOVEMBER, "product")
    assert len(full.rows) > 3
    top = books.sales_report(month, admin, *NOVEMBER, "product", compare=True, top=2)
    assert top.rows == full.rows[:2]
    assert top.others is not None and top.others.key == ""
    assert str(len(full.rows) - 2) in top.others.label
    assert top.shown == [*top.rows, top.others]
    assert _figures(top.total) == _figures(full.total)
    assert top.total.net == TOTALS["net"]
    every = books.sales_report(month, admin, *NOVEMBER, "product", top=len(full.rows))
    assert every.rows == full.rows and every.others is None
    # Keys in their own order (time) are small: all of them.
    days = books.sales_report(month, admin, *NOVEMBER, "day", top=1)
    assert (
        days.others is None and days.rows == books.sales_report(month, admin, *NOVEMBER, "day").rows
    )


@pytest.fixture
def year_db(demo_db, cashier):  # type: ignore[no-untyped-def]
    with demo_db.engine.begin() as conn:
        _fill(conn, random.Random(18), 300)
    return demo_db


@pytest.mark.parametrize("top", [1, 7])
def test_top_rows_from_kept_sums_are_the_head_of_the_documents_rows(year_db, top: int) -> None:  # type: ignore[no-untyped-def]
    with year_db.engine.connect() as conn:
        for by in KEYS:
            for period in PERIODS[:3]:
                full = sales_report(conn, *period, by)
                for source in (STAND, LIVE, STAND):  # the second STAND reads built pieces
                    rows, others = top_rows(conn, source, period, by, None, top)
                    shown = rows if others is None else [*rows, others]
                    assert _figures(total_row(shown)) == _figures(total_row(full)), (by, period)
                    if others is None:
                        assert rows == full, (by, period)
                    else:
                        assert rows == full[:top] and len(full) > top, (by, period)
    with year_db.engine.connect() as conn:
        assert report_rows(conn, STAND, (date(2030, 1, 1), date(2030, 1, 2)), "product") == []
        assert top_rows(conn, STAND, (date(2030, 1, 1), date(2030, 1, 2)), "product", None, 5) == (
            [],
            None,
        )


def _top_adds_up(db, period, by, stands, top):  # type: ignore[no-untyped-def]
    """A connection per report, as the app opens: one kept open reads its first snapshot."""
    with db.engine.connect() as conn:
        full = sales_report(conn, *period, by)
    with db.engine.connect() as conn:
        rows, others = top_rows(conn, STAND, period, by, stands, top)
    shown = rows if others is None else [*rows, others]
    assert _figures(total_row(shown)) == _figures(total_row(full)), (by, period)
    assert rows == full[:top] and (others is None) == (len(full) <= top), (by, period)
    return full


def test_a_period_of_one_piece_reads_its_index_and_kept_totals(year_db) -> None:  # type: ignore[no-untyped-def]
    """One stand's year or month: the top keys are read by net from the piece's own rows
    and the others' row is its kept totals less them; old marks with no totals (before
    migration 0024) and marks of a day stored anew for a stand add the rows up instead."""
    year, month = (date(2025, 1, 1), date(2025, 12, 31)), (date(2025, 2, 1), date(2025, 2, 28))
    for period, level in ((year, "y"), (month, "m")):
        for by in ("product", "category", "cashier", "payment", "workshop"):
            full = _top_adds_up(year_db, period, by, None, 3)
            with year_db.engine.connect() as conn:
                parts, unique, piece = report_pieces.planned(conn, STAND, period, by, None, False)
                assert piece == (level, period[0]) and unique and len(parts) == 1
                kept = report_pieces.totals(conn, STAND.name, by, piece)
            assert kept == (len(full), *_figures(total_row(full))), (by, period)
            _top_adds_up(year_db, period, by, ["TST"], 3)
            with year_db.engine.connect() as conn:
                assert top_rows(conn, STAND, period, by, ["ELSEWHERE"], 3) == ([], None)
    with year_db.engine.begin() as conn:  # marks kept before their totals were
        conn.execute(sa.update(table(ReportPiece)).values(dict.fromkeys(report_pieces.TOTALS)))
    with year_db.engine.connect() as conn:
        assert report_pieces.totals(conn, STAND.name, "product", ("y", year[0])) is None
    for period in (year, month):
        _top_adds_up(year_db, period, "product", None, 5)
    # A single day's piece whose stand's sums came anew (the regional import's way).
    with year_db.engine.connect() as conn:
        sold = date.fromisoformat(conn.exec_driver_sql("SELECT min(day) FROM sales").scalar())
    day = (sold, sold)
    for by in ("product", "payment"):
        with year_db.engine.connect() as conn:  # a day is kept for per-day reports
            report_pieces.refresh(conn, STAND, day, by, True, date.today())
        _top_adds_up(year_db, day, by, None, 1)
        with year_db.engine.begin() as conn:
            assert report_pieces.totals(conn, STAND.name, by, ("d", day[0])) is not None
            report_pieces.store_stand_days(conn, STAND, by, "TST", [day[0]])
            assert report_pieces.totals(conn, STAND.name, by, ("d", day[0])) is None
        _top_adds_up(year_db, day, by, None, 1)
