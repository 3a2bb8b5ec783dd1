"""The import builds the office's kept report sums: after imports, a re-import, a corrected
re-export and a corrected re-export that drops a void of an earlier day, every key's yearly
report is read from kept pieces only and equals the sum of the stands' own reports, and the
kept sums equal the imported documents' figures day by day (both engines)."""

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from central_helpers import Stand, void_receipt

from pos.services import books
from pos.services.auth import system_actor
from pos.services.central_sales import CENTRAL, central_sales_report
from pos.services.consolidate import consolidate
from pos.services.report_query import MEASURES, report_rows
from pos.services.sales_report import KEYS as STAND_KEYS

LIVE = replace(CENTRAL, name="")
D1, D2, D3 = date(2025, 1, 6), date(2025, 1, 21), date(2025, 2, 3)
YEAR = (date(2025, 1, 1), date(2025, 12, 31))
Own = dict[str, dict[str, list[int]]]  # per key: per key value, its figures


def _own(stand: Stand) -> Own:
    actor = system_actor(stand.db)
    return {
        by: {r.key: _figures(r) for r in books.sales_report(stand.db, actor, *YEAR, by).rows}
        for by in STAND_KEYS
    }


def _figures(r: Any) -> list[int]:
    return [r.sales, r.qty, r.gross, r.discount, r.refunds, r.net, r.cost]


def _added(*owns: Own) -> Own:
    total: Own = {by: {} for by in STAND_KEYS}
    for own in owns:
        for by, rows in own.items():
            for key, figures in rows.items():
                have = total[by].setdefault(key, [0] * 7)
                total[by][key] = [a + b for a, b in zip(have, figures, strict=True)]
    return total


def _marks(central: Any) -> set[tuple[str, str, str]]:
    with central.reading() as conn:
        rows = conn.exec_driver_sql("SELECT by, level, start FROM report_pieces").all()
    return {(by, level, str(start)[:10]) for by, level, start in rows}


def _office_is(central: Any, expected: Own) -> None:
    """Every key's year is kept already, and reads the stands' own figures added up; the
    kept sums are the documents' day by day."""
    marks = _marks(central)
    for by in CENTRAL.keys:
        assert (by, "y", "2025-01-01") in marks, by
        assert (by, "d", D1.isoformat()) in marks, by
    with central.reading() as conn:
        for by in STAND_KEYS:
            got = {r.key: _figures(r) for r in central_sales_report(conn, *YEAR, by)}
            assert got == expected[by], by
        for by in CENTRAL.keys:
            for per_day in (False, True):
                kept = _rows(report_rows(conn, CENTRAL, (D1, D3), by, None, per_day))
                live = _rows(report_rows(conn, LIVE, (D1, D3), by, None, per_day))
                assert kept == live, (by, per_day)


def _rows(rows: list[tuple[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted((d[:10], r.key, r.sales, *(getattr(r, m) for m in MEASURES)) for d, r in rows)


def test_imports_keep_every_keys_sums_as_the_stands_own(
    central, make_stand, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    sticks = tmp_path / "sticks"
    jbr, plg = make_stand("JBR01"), make_stand("PLG02")
    folders = []
    for n, stand in enumerate((jbr, plg)):
        for day in (D1, D2):
            stand.sell_day(day, 2 + n, returns=day == D1)
            folders.append(stand.export(day, sticks))
    jbr.sell_day(D3, 2)
    without_void = jbr.export(D3, tmp_path / "first")
    jbr_before_void = _own(jbr)
    void_receipt(jbr, "JBR01-20250106-0002", D3)  # a sale of D1 voided on D3
    folders.append(jbr.export(D3, sticks))
    assert {o.status for o in consolidate(central, folders)} == {"imported"}
    _office_is(central, _added(_own(jbr), _own(plg)))
    assert {o.status for o in consolidate(central, folders)} == {"unchanged"}
    _office_is(central, _added(_own(jbr), _own(plg)))
    # The D3 export made before the void, imported after: it replaces the day and drops the
    # void, so the sale of D1 counts again (D1's sums are built again).
    assert [o.status for o in consolidate(central, [without_void])] == ["replaced"]
    _office_is(central, _added(jbr_before_void, _own(plg)))
    plg.sell_day(D2, 3)  # a corrected re-export of a day with more sales
    assert [o.status for o in consolidate(central, [plg.export(D2, tmp_path / "again")])] == [
        "replaced"
    ]
    _office_is(central, _added(jbr_before_void, _own(plg)))
