"""A stand's void takes off that stand's own sale only (both engines): a void that names
another stand's receipt number (an export written by hand, or a stand's receipts renumbered)
neither takes that sale off the office's reports nor makes the import rebuild that stand's
day. The import looks voids and their sales up by stand and number, never across the region."""

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from pos.db.models_central import CentralRefund
from pos.services.central_sales import CENTRAL
from pos.services.consolidate import consolidate
from pos.services.report_query import report_rows
from pos.services.report_summaries import voided_days

D1, D2 = date(2025, 1, 6), date(2025, 1, 7)
LIVE = replace(CENTRAL, name="")  # the imported documents, not the kept sums


def _by_stand(conn: Any) -> dict[str, int]:
    return {r.key: r.sales for _day, r in report_rows(conn, LIVE, (D1, D1), "stand")}


def _void(conn: Any, stand: str, receipt_no: str) -> None:
    conn.execute(
        insert(CentralRefund).values(
            day_id=0, stand=stand, day=D2, receipt_no=receipt_no, refund_no=f"{stand}-V-0001",
            kind="void", created_at=datetime(2025, 1, 7, 9), cashier="Sari", approver="Budi",
            reason="salah input", method=None, reference=None, total=0,
        )
    )  # fmt: skip


def test_a_void_takes_off_its_own_stands_sale_only(central, make_stand, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folders = []
    for code in ("JBR01", "PLG02"):
        stand = make_stand(code)
        stand.sell_day(D1, 2)
        folders.append(stand.export(D1, tmp_path / "sticks"))
    assert {o.status for o in consolidate(central, folders)} == {"imported"}
    with central.reading() as conn:
        before = _by_stand(conn)
        receipt = conn.exec_driver_sql(
            "SELECT min(receipt_no) FROM central_sales WHERE stand = 'JBR01'"
        ).scalar_one()
    with central.engine.begin() as conn:
        _void(conn, "PLG02", receipt)  # PLG02 "voids" a sale of JBR01
        assert voided_days(conn, "PLG02", D2) == set()
        assert voided_days(conn, "JBR01", D2) == set()
    with central.reading() as conn:
        assert _by_stand(conn) == before
    with central.engine.begin() as conn:
        _void(conn, "JBR01", receipt)  # its own stand's void does take it off
        assert voided_days(conn, "JBR01", D2) == {("JBR01", D1)}
    with central.reading() as conn:
        after = _by_stand(conn)
    assert after == {key: sales - (key == "JBR01") for key, sales in before.items()}
