"""The after-sale summary on the sale screen for every mix of payments (in Indonesian)."""

import pytest

from pos.core.payments import NonCashPayment
from pos.ui.sale_screen import SaleScreen

NASTAR = "8997700001012"  # Rp65.000
MUG = "SV-MUG-01"  # Rp35.000
TEMPE = "MK-TMP-01"  # Rp5.000


def ring_up(screen: SaleScreen, *codes: str) -> int:
    for code in codes:
        assert screen.add_code(code)
    return screen.cart.total


def pay(screen: SaleScreen, tendered: int, *non_cash: NonCashPayment) -> tuple[str, str]:
    result = screen.complete_sale(tendered, list(non_cash))
    assert result is not None, screen.message.text()
    return screen.last_sale_label.text(), screen.last_sale_detail.text()


def qris(amount: int) -> NonCashPayment:
    return NonCashPayment("qris", amount, "QR-7781", None, True)


@pytest.mark.parametrize(
    ("tendered", "non_cash", "headline", "paid"),
    [
        # cash with change
        (200_000, [], "KEMBALIAN Rp95.000", "dibayar dengan Tunai Rp200.000"),
        # exact cash: no change to count out
        (105_000, [], "LUNAS Rp105.000", "dibayar dengan Tunai Rp105.000"),
        # QRIS only
        (0, [qris(105_000)], "LUNAS Rp105.000", "dibayar dengan QRIS Rp105.000"),
        # transfer, with the sender's bank
        (
            0,
            [NonCashPayment("transfer", 105_000, "TRF-9", "BRI", True)],
            "LUNAS Rp105.000",
            "dibayar dengan Transfer bank (BRI) Rp105.000",
        ),
        # debit card
        (
            0,
            [NonCashPayment("debit", 105_000, None, None, True)],
            "LUNAS Rp105.000",
            "dibayar dengan Debit/EDC Rp105.000",
        ),
        # split QRIS + exact cash
        (50_000, [qris(55_000)], "LUNAS Rp105.000", "QRIS Rp55.000 + Tunai Rp50.000"),
        # split QRIS + cash with change: the example
        (100_000, [qris(55_000)], "KEMBALIAN Rp50.000", "QRIS Rp55.000 + Tunai Rp100.000"),
    ],
)
def test_summary_says_what_was_paid_how(  # type: ignore[no-untyped-def]
    screen: SaleScreen,
    tendered: int,
    non_cash: list[NonCashPayment],
    headline: str,
    paid: str,
) -> None:
    assert ring_up(screen, NASTAR, MUG, TEMPE) == 105_000
    got_headline, detail = pay(screen, tendered, *non_cash)
    assert got_headline == headline
    assert detail.startswith("Penjualan ") and "total Rp105.000" in detail
    assert paid in detail
    assert "Rp0" not in got_headline and "dibayar Rp" not in detail


def test_the_receipt_of_a_split_sale_keeps_the_bank_and_marks_cash(  # type: ignore[no-untyped-def]
    screen: SaleScreen,
) -> None:
    from pos.services import receipts

    ring_up(screen, NASTAR, MUG, TEMPE)
    transfer = NonCashPayment("transfer", 55_000, "TRF-9", "BRI", True)
    result = screen.complete_sale(100_000, [transfer])
    assert result is not None
    data = receipts.receipt_data(screen._db, result.receipt_no)
    by_cash = {p.cash: p for p in data.payments}
    assert (by_cash[False].bank, by_cash[False].reference) == ("BRI", "TRF-9")
    assert (by_cash[True].tendered, by_cash[True].change, by_cash[True].bank) == (
        100_000,
        50_000,
        None,
    )
