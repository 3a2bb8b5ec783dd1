"""The stand-days' sums per payment method equal the payments they sum, after an import, a
corrected re-export of the day and a void that came with a later day (both engines)."""

from datetime import date
from pathlib import Path

from central_helpers import central_figures, void_receipt
from sqlalchemy import func, select

from pos.db.models_central import CentralPayment
from pos.db.models_summaries import CentralDayMethod
from pos.services.consolidate import consolidate

DAY1, DAY2 = date(2026, 11, 2), date(2026, 11, 3)


def _summed(central):  # type: ignore[no-untyped-def]
    with central.reading() as conn:
        kept = conn.execute(
            select(
                CentralDayMethod.stand,
                CentralDayMethod.day,
                CentralDayMethod.method,
                CentralDayMethod.sales_count,
                CentralDayMethod.amount,
            )
        ).all()
        live = conn.execute(
            select(
                CentralPayment.stand,
                CentralPayment.day,
                CentralPayment.method,
                func.count(func.distinct(CentralPayment.receipt_no)),
                func.sum(CentralPayment.amount),
            )
            .where(CentralPayment.status == "completed")
            .group_by(CentralPayment.stand, CentralPayment.day, CentralPayment.method)
        ).all()
    return sorted(tuple(r) for r in kept), sorted(tuple(r) for r in live)


def test_day_sums_per_method_follow_the_payments(central, make_stand, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    stand = make_stand("JBR01")
    stand.sell_day(DAY1, 3, returns=True)
    first = stand.export(DAY1, tmp_path / "sticks")
    assert [o.status for o in consolidate(central, [first])] == ["imported"]
    kept, live = _summed(central)
    assert kept == live and {m for _s, _d, m, _n, _a in kept} == {"tunai", "qris"}
    stand.sell_day(DAY1, 2)  # sold more that day: a corrected re-export replaces it
    second = stand.export(DAY1, tmp_path / "sticks")
    assert [o.status for o in consolidate(central, [second])] == ["replaced"]
    kept, live = _summed(central)
    assert kept == live
    before = {
        r.key: (r.sales_count, r.total)
        for r in central_figures(central, DAY1, DAY1, "payment").rows
    }
    void_receipt(stand, "JBR01-20261102-0001", DAY2)  # voided the next day
    stand.sell_day(DAY2, 1)
    third = stand.export(DAY2, tmp_path / "sticks")
    assert [o.status for o in consolidate(central, [third])] == ["imported"]
    kept, live = _summed(central)
    assert kept == live  # the summary keeps the sale as exported...
    after = {
        r.key: (r.sales_count, r.total)
        for r in central_figures(central, DAY1, DAY1, "payment").rows
    }
    voided_total = stand.report(DAY1)  # ...and the report takes the later void off
    assert after["tunai"][0] == before["tunai"][0] - 1
    assert sum(t for _n, t in after.values()) == voided_total.total
