"""A November at the stand whose books are worked out by hand (tests/services/test_books.py).

Clock at the stand, what happens, and why the figures are what they are:
- 2026-11-02 (split A: profit, premi 50 / PNBP 15 / modal 35, remainder to PNBP):
  S1 cash: 2 x Nastar Keju (65.000, cost 38.000) + 1 x Rehal (75.000, cost 40.000) = 205.000.
- 2026-11-10: S2 cash: 1 x Kursi Jati (850.000, cost 520.000) + 3 x Tempe (5.000, cost 3.000)
  with Rp1.001 off the sale: spread 983,64 / 17,36 -> 983 / 17 plus the rupiah left to the
  largest fraction (the kursi): 984 / 17. Lines 849.016 and 14.983; total 863.999.
- 2026-11-15 split B applies: sales, PNBP 50 / premi 35 / programme 15, remainder to programme.
- 2026-11-20: S3 QRIS: 1 x Batik M (125.000, cost 70.000) with Rp1 off the line = 124.999.
  S4 cash 1 x Gantungan Kunci, voided (counts nowhere). R1: one Nastar of S1 comes back, cash
  65.000 (counts on the 20th, under split B).

Split A, profit: Meubeler 849.016 - 520.000 = 329.016 -> premi 164.508, PNBP 49.352,4,
modal 115.155,6 -> 164.508 / 49.352 / 115.155 and the 1 left to PNBP: 49.353.
Tata Boga 130.000 - 76.000 + 14.983 - 9.000 = 59.983 -> 29.991 / 8.997 (+1 = 8.998) / 20.994.
Kerajinan Kayu 75.000 - 40.000 = 35.000 -> 17.500 / 5.250 / 12.250.
Split B, sales: Menjahit 124.999 -> PNBP 62.499, premi 43.749, programme 18.749 (+2 = 18.751).
Tata Boga -65.000 (the refund) -> PNBP -32.500, premi -22.750, programme -9.750.
"""

from datetime import date, datetime

from sale_helpers import PINS, actor, cart_of

from pos.core.payments import NonCashPayment
from pos.core.pricing import AMOUNT, make_discount
from pos.core.revenue_split import parse_share
from pos.services import refunds, sales, settings, shifts, splits

NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))

# What the test expects, worked out above.
BASE_TOTAL = 329_016 + (59_983 - 65_000) + 35_000 + 124_999
SHARES = {
    "premi": 164_508 + 29_991 + 17_500 + 43_749 - 22_750,
    "PNBP": 49_353 + 8_998 + 5_250 + 62_499 - 32_500,
    "modal": 115_155 + 20_994 + 12_250,
    "programme": 18_751 - 9_750,
}
WORKSHOPS = {
    "Kerajinan Kayu": (35_000, {"premi": 17_500, "PNBP": 5_250, "modal": 12_250, "programme": 0}),
    "Menjahit": (124_999, {"premi": 43_749, "PNBP": 62_499, "modal": 0, "programme": 18_751}),
    "Meubeler": (329_016, {"premi": 164_508, "PNBP": 49_353, "modal": 115_155, "programme": 0}),
    "Tata Boga": (
        -5_017,
        {"premi": 29_991 - 22_750, "PNBP": 8_998 - 32_500, "modal": 20_994, "programme": -9_750},
    ),
}
TOTALS = {
    "qty": 2 + 1 + 1 + 3 + 1 - 1,
    "gross": 205_000 + 865_000 + 125_000,
    "discount": 1_001 + 1,
    "refunds": 65_000,
    "net": 205_000 + 863_999 + 124_999 - 65_000,
    "cost": 76_000 + 40_000 + 520_000 + 9_000 + 70_000 - 38_000,
}


class Clock:
    """The stand's clock, set by the test."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 8, 0)

    def __call__(self, zone_name: str) -> datetime:
        return self.now


def set_splits(db) -> None:  # type: ignore[no-untyped-def]
    admin = actor(db, "Admin")
    a = [parse_share(t) for t in ("premi=50", "PNBP=15", "modal=35")]
    splits.set_split(db, admin, date(2026, 11, 1), "profit", a, "PNBP")
    b = [parse_share(t) for t in ("PNBP=50", "premi=35", "programme=15")]
    splits.set_split(db, admin, date(2026, 11, 15), "sales", b, "programme")


def november(db, monkeypatch) -> Clock:  # type: ignore[no-untyped-def]
    """Ring up the month above; returns the clock (left at 2026-11-30 20:00)."""
    clock = Clock()
    monkeypatch.setattr(settings, "clock", clock)
    sari, joko = actor(db, "Sari"), actor(db, "Pak Joko")
    set_splits(db)
    clock.now = datetime(2026, 11, 2, 9, 0)
    shifts.open_shift(db, sari, 100_000)
    clock.now = datetime(2026, 11, 2, 10, 15)
    s1 = sales.checkout_cash(
        db, sari, cart_of(db, "KK-NAS-500", "KK-NAS-500", "KY-RHL-01"), 205_000
    )
    clock.now = datetime(2026, 11, 10, 11, 30)
    cart = cart_of(db, "MB-KRS-JTI", "MK-TMP-01", "MK-TMP-01", "MK-TMP-01")
    cart.set_discount(make_discount(AMOUNT, 1_001, "pembulatan"))
    sales.checkout(db, joko, cart, [], 900_000)
    clock.now = datetime(2026, 11, 20, 14, 5)
    cart = cart_of(db, "PK-BTK-M")
    cart.set_line_discount(0, make_discount(AMOUNT, 1, "pembulatan"))
    sales.checkout(db, sari, cart, [NonCashPayment("qris", 124_999, "QR-77", None, True)], 0)
    s4 = sales.checkout_cash(db, sari, cart_of(db, "KY-GNT-01"), 10_000)
    refunds.void_sale(db, sari, s4.receipt_no, "salah scan", PINS["Pak Joko"])
    nastar = refunds.find_sale(db, s1.receipt_no).lines[0]
    refunds.refund(
        db,
        sari,
        s1.receipt_no,
        [refunds.ReturnItem(nastar.sale_line_id, 1)],
        "tunai",
        "retak",
        PINS["Pak Joko"],
    )
    clock.now = datetime(2026, 11, 30, 20, 0)
    return clock
