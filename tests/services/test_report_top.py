"""The top rows of a report by net and the others added up in one row (report_top): the same
rows as the head of the full list, and with the others' row the same totals, read from the
documents and from kept sums alike."""

import random
from dataclasses import replace
from datetime import date

import pytest
from books_data import NOVEMBER, TOTALS, november
from sale_helpers import actor
from test_report_pieces import PERIODS, _fill

from pos.services import books
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
