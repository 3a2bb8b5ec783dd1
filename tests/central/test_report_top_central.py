"""The regional report's top rows and the others' row (report_top) on both engines: one
stand's whole year is one piece, read by its index and kept totals; with a second stand the
pieces are of several stands and are added up; either way the head of the full list and
the same totals."""

from datetime import date
from pathlib import Path
from typing import Any

from pos.services import report_near, report_pieces
from pos.services.central_sales import CENTRAL
from pos.services.consolidate import consolidate
from pos.services.report_query import MEASURES, ordered, report_rows, total_row
from pos.services.report_top import top_rows

DAYS = [date(2025, 1, 6), date(2025, 1, 21), date(2025, 2, 3), date(2025, 3, 11)]
YEAR = (date(2025, 1, 1), date(2025, 12, 31))
# Periods near the kept year (pos.services.report_near: read around a one-stand year).
NEAR = [(date(2025, 1, 10), date(2025, 12, 31)), (date(2025, 1, 7), date(2026, 1, 31))]
FIGURES = ("sales", *MEASURES)


def _same_top(central: Any, stands: list[str] | None, top: int) -> None:
    for by in ("product", "payment", "cashier"):
        for span in (YEAR, *NEAR):
            with central.reading() as conn:
                full = report_rows(conn, CENTRAL, span, by, stands)
            full_rows = ordered([row for _d, row in full], by)
            with central.reading() as conn:
                rows, others = top_rows(conn, CENTRAL, span, by, stands, top)
            shown = rows if others is None else [*rows, others]
            assert rows == full_rows[:top], (by, stands, span)
            assert (others is None) == (len(full_rows) <= top), (by, stands, span)
            assert [getattr(total_row(shown), f) for f in FIGURES] == [
                getattr(total_row(full_rows), f) for f in FIGURES
            ], (by, stands, span)


def test_top_rows_of_one_stand_and_of_two(central, make_stand, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(report_near, "MANY_KEYS", 1)  # a few products take the year's way
    jember = make_stand("JBR01")
    folders = []
    for i, day in enumerate(DAYS):
        jember.sell_day(day, 3 + i % 2, returns=i % 2 == 0)
        folders.append(jember.export(day, tmp_path / "sticks"))
    assert {o.status for o in consolidate(central, folders)} == {"imported"}
    for stands in (None, ["JBR01"], ["PLG02"]):
        _same_top(central, stands, 2)
    with central.reading() as conn:
        piece = report_pieces.planned(conn, CENTRAL, YEAR, "product", None, False)[2]
        assert piece == ("y", YEAR[0])
        assert report_pieces.totals(conn, CENTRAL.name, "product", piece) is not None
        assert report_near.near_top(conn, CENTRAL, NEAR[0], "product", None, 2) is not None
    palembang = make_stand("PLG02")
    palembang.sell_day(DAYS[1], 2)
    assert [
        o.status for o in consolidate(central, [palembang.export(DAYS[1], tmp_path / "s")])
    ] == ["imported"]
    for stands in (None, ["JBR01"], ["PLG02"]):
        _same_top(central, stands, 2)
