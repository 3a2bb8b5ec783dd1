"""Day pieces built ahead (report_pieces.build_days, at the app's first start of a day): the
months of a later report are added up from them, not read from the documents, and give the
documents' figures for every key; a day already built or today is left alone."""

import random
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from test_report_pieces import _fill, _pieces, _sorted

from pos import app
from pos.services import report_pieces
from pos.services.report_query import report_rows
from pos.services.sales_report import KEYS, STAND

LIVE = replace(STAND, name="")
YEAR = (date(2024, 1, 1), date(2024, 12, 31))


@pytest.fixture
def year_db(demo_db, cashier):  # type: ignore[no-untyped-def]
    with demo_db.engine.begin() as conn:
        _fill(conn, random.Random(19), 300)
    return demo_db


def _stores(monkeypatch) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(key, level) of every piece built from the documents from now on."""
    stored: list[tuple[str, str]] = []
    store = report_pieces._store
    monkeypatch.setattr(
        report_pieces,
        "_store",
        lambda c, s, by, lv, *a: stored.append((by, lv)) or store(c, s, by, lv, *a),
    )
    return stored


def test_months_are_added_up_from_days_built_ahead(year_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with year_db.engine.connect() as conn:
        report_pieces.build_days(conn, STAND, date(2025, 1, 1), back=366)
    days = {(by, s) for by, level, s in _pieces(year_db) if level == "d"}
    assert len(days) == len(KEYS) * 366 and ("product", "2024-12-31") in days
    stored = _stores(monkeypatch)
    with year_db.engine.connect() as conn:
        for by in KEYS:
            kept = _sorted(report_rows(conn, STAND, YEAR, by))
            assert kept == _sorted(report_rows(conn, LIVE, YEAR, by)), by
            month = (date(2024, 2, 1), date(2024, 2, 29))
            assert _sorted(report_rows(conn, STAND, month, by)) == _sorted(
                report_rows(conn, LIVE, month, by)
            )
    assert stored == []  # no month was read from the documents
    assert ("product", "y", "2024-01-01") in _pieces(year_db)


def test_build_days_leaves_today_and_built_days_alone(year_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    today = date(2024, 6, 15)
    with year_db.engine.connect() as conn:
        report_pieces.build_days(conn, STAND, today, back=3)
        first = _pieces(year_db)
        assert {s for _by, _lv, s in first} == {"2024-06-12", "2024-06-13", "2024-06-14"}
        calls: list[Any] = []
        monkeypatch.setattr(report_pieces, "_store", lambda *a: calls.append(a))
        report_pieces.build_days(conn, STAND, today, back=3)
    assert calls == [] and _pieces(year_db) == first


def test_the_app_builds_the_days_before_and_never_fails_for_it(
    year_db, monkeypatch, caplog
) -> None:  # type: ignore[no-untyped-def]
    from pos.services import settings

    class Now:
        def date(self) -> date:
            return date(2024, 3, 2)

    monkeypatch.setattr(settings, "stand_now", lambda _db: Now())
    app.build_report_days(year_db)
    assert ("day", "d", "2024-03-01") in _pieces(year_db)
    assert ("day", "d", "2024-03-02") not in _pieces(year_db)

    def broken(*_a: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(report_pieces, "build_days", broken)
    app.build_report_days(year_db)  # logged, not raised
    assert "report sums" in caplog.text


def test_build_days_adds_up_the_closed_months_and_the_year_ahead(year_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The days' work also adds up each closed month whose days are all built, and a year
    when its last month closed, never reading documents for them: the first report of the
    year reads one piece, with its totals kept."""
    stored = _stores(monkeypatch)
    with year_db.engine.connect() as conn:
        report_pieces.build_days(conn, STAND, date(2024, 12, 1), back=40)
    built = _pieces(year_db)
    assert ("product", "m", "2024-11-01") in built and ("payment", "m", "2024-10-01") not in built
    assert ("product", "y", "2024-01-01") not in built  # December is not over
    with year_db.engine.connect() as conn:
        report_pieces.build_days(conn, STAND, date(2025, 1, 1), back=366)
    assert {lv for _by, lv in stored} == {"d"}  # months and years from days, not documents
    built = _pieces(year_db)
    assert {(by, "y", "2024-01-01") for by in KEYS} <= built
    assert {(by, "m", "2024-12-01") for by in KEYS} <= built
    assert ("day", "m", "2023-12-01") not in built  # only its last day was built
    with year_db.engine.connect() as conn:
        for by in KEYS:
            kept = _sorted(report_rows(conn, STAND, YEAR, by))
            assert kept == _sorted(report_rows(conn, LIVE, YEAR, by)), by
        assert report_pieces.totals(conn, STAND.name, "product", ("y", YEAR[0])) is not None
