"""Stands that sell on given days and export each day, as the office receives their sticks."""

from collections import namedtuple
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

import pytest

from pos.core.cart import Cart
from pos.core.payments import NonCashPayment
from pos.services import catalog, export, refunds, reports, sales, settings, shifts
from pos.services.auth import Actor, supervisor_actor, system_actor
from pos.services.setup import init_database, load_demo

SUPERVISOR_PIN = "2222"


def _cart(db, *codes: str) -> Cart:  # type: ignore[no-untyped-def]
    cart = Cart()
    for code in codes:
        p = catalog.find_by_code(db, code)
        cart.add(p.id, p.sku, p.name, p.price)
    return cart


class Stand:
    """A stand's database with the demo catalog; sells and exports on the days it is told."""

    def __init__(self, root: Path, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
        self.code = code
        self.monkeypatch = monkeypatch
        self.db = init_database(root / code / "lapak.db")
        load_demo(self.db, system_actor(self.db))
        settings.set_value(self.db, settings.STAND_CODE, code)
        from pos.services import users

        user = users.find_user(self.db, "Sari")
        self.kasir = Actor(user.id, user.name, user.role)
        shifts.open_shift(self.db, self.kasir, 0)

    def on(self, day: date) -> None:
        moment = datetime(day.year, day.month, day.day, 10, 0, 0)
        self.monkeypatch.setattr(settings, "clock", lambda _zone: moment)

    def sell_day(self, day: date, n: int = 2, returns: bool = False) -> None:
        """n sales of the day (cash and QRIS); with returns, one voided and one refunded."""
        self.on(day)
        kept = None
        for i in range(n):
            if i % 2:
                sales.checkout(
                    self.db, self.kasir, _cart(self.db, "MB-KRS-JTI"),
                    [NonCashPayment("qris", 850_000, reference=f"QR{i}", confirmed=True)], 0,
                )  # fmt: skip
            else:
                kept = sales.checkout_cash(
                    self.db, self.kasir, _cart(self.db, "KK-NAS-500", "MK-TMP-01"), 100_000
                )
        if returns and kept is not None:
            voided = sales.checkout_cash(self.db, self.kasir, _cart(self.db, "MK-TMP-01"), 5_000)
            refunds.void_sale(self.db, self.kasir, voided.receipt_no, "salah", SUPERVISOR_PIN)
            line = refunds.find_sale(self.db, kept.receipt_no).lines[1].sale_line_id
            refunds.refund(
                self.db, self.kasir, kept.receipt_no, [refunds.ReturnItem(line, 1)], "tunai",
                "basi", SUPERVISOR_PIN,
            )  # fmt: skip

    def export(self, day: date, target: Path) -> Path:
        target.mkdir(parents=True, exist_ok=True)
        self.on(day)
        return export.export_day(self.db, self.kasir, day, target).folder

    def report(self, day: date) -> reports.DayReport:
        return reports.day_report(self.db, day)

    def close(self) -> None:
        self.db.close()


__all__ = ["Stand", "supervisor_actor"]


def void_receipt(stand: Stand, receipt_no: str, day: date) -> None:
    """A void recorded on `day` (the shift still open) of a sale of an earlier day."""
    stand.on(day)
    refunds.void_sale(stand.db, stand.kasir, receipt_no, "salah input", SUPERVISOR_PIN)


# A row of `pos report sales --central` in the day report's terms: sales, what they took in
# (after discounts, before refunds), discounts, refunds, and what was left.
Figures = namedtuple(
    "Figures", "key sales_count total discount_total refunds_total net_total"
)  # fmt: skip


def central_figures(central, start: date, end: date, by: str, stands=None):  # type: ignore[no-untyped-def]
    """The rows of `pos report sales --central --by by` as Figures, and the overall figures
    (added up by stand, where each sale counts once)."""
    from pos.services.central_sales import central_sales_report

    def read(key: str) -> list[Figures]:
        with central.reading() as conn:
            rows = central_sales_report(conn, start, end, key, stands)
        return [
            Figures(r.key, r.sales, r.net + r.refunds, r.discount, r.refunds, r.net) for r in rows
        ]

    overall = read("stand")
    fields = ("sales_count", "total", "discount_total", "refunds_total", "net_total")
    sums = [sum(getattr(r, f) for r in overall) for f in fields]
    return CentralReport(read(by), Figures("total", *sums))


class CentralReport(NamedTuple):
    """The rows of a breakdown and the overall figures."""

    rows: list[Figures]
    overall: Figures
