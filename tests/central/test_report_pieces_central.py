"""The regional sales report read from kept sums gives the figures of the report read from the
imported documents, on both engines: two stands, sales with voids, refunds, cash and QRIS on
days of several months, every key, with and without a stand filter; then describing a
stand's regency (its sums by regency put under the new one) and a void that came with a later
day's export (the sale's day built again, its month and year added up again by the import)."""

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from central_helpers import void_receipt

from pos.services.central_sales import CENTRAL, KEYS
from pos.services.central_stands import describe_stand
from pos.services.consolidate import consolidate
from pos.services.report_query import MEASURES, report_rows

LIVE = replace(CENTRAL, name="")
DAYS = [date(2025, 1, 6), date(2025, 1, 21), date(2025, 2, 3), date(2025, 3, 11)]
PERIODS = [
    (date(2025, 1, 1), date(2025, 12, 31)),
    (date(2025, 1, 10), date(2025, 2, 28)),
    (date(2025, 1, 21), date(2025, 1, 21)),
]


def _sorted(rows: list[tuple[str, Any]]) -> list[tuple[str, str, tuple[Any, ...]]]:
    return sorted(
        (d[:10], r.key, (r.sales, *(getattr(r, f) for f in MEASURES), r.label)) for d, r in rows
    )


def _same_figures(central: Any) -> None:
    with central.reading() as conn:
        for by in KEYS:
            for period in PERIODS:
                for per_day in (False, True):
                    for stands in (None, ["JBR01"]):
                        live = _sorted(report_rows(conn, LIVE, period, by, stands, per_day))
                        kept = _sorted(report_rows(conn, CENTRAL, period, by, stands, per_day))
                        assert kept == live, (by, period, per_day, stands)


def _pieces(central: Any) -> set[tuple[str, str, str]]:
    with central.reading() as conn:
        rows = conn.exec_driver_sql("SELECT by, level, start FROM report_pieces").all()
    return {(by, level, str(start)) for by, level, start in rows}


def test_kept_sums_give_the_imported_documents_figures(central, make_stand, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folders = []
    for code in ("JBR01", "PLG02"):
        stand = make_stand(code)
        for i, day in enumerate(DAYS):
            stand.sell_day(day, 2 + i % 2, returns=i % 2 == 0)
            folders.append(stand.export(day, tmp_path / "sticks"))
    assert {o.status for o in consolidate(central, folders)} == {"imported"}
    _same_figures(central)
    assert {("product", "y", "2025-01-01"), ("regency", "m", "2025-02-01")} <= _pieces(central)
    _same_figures(central)  # now read from the pieces
    describe_stand(central, "JBR01", regency="Kabupaten Jember")  # regroups by regency
    assert ("regency", "m", "2025-02-01") in _pieces(central)
    _same_figures(central)
    describe_stand(central, "JBR01", regency="")  # no regency any more
    _same_figures(central)
    # A sale of January the 6th voided on April the 2nd, imported with that day.
    void_receipt(stand, "PLG02-20250106-0002", date(2025, 4, 2))
    stand.sell_day(date(2025, 4, 2), 1)
    assert [
        o.status for o in consolidate(central, [stand.export(date(2025, 4, 2), tmp_path / "s2")])
    ] == ["imported"]
    assert ("product", "y", "2025-01-01") in _pieces(central)  # added up again
    _same_figures(central)
