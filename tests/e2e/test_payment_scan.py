"""A stray scan into the payment dialog of the real app completes nothing."""

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from e2e_helpers import DemoProduct, LapakApp, XDisplay, pending_lines, wait_for, wait_for_sales

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(90)]

StartApp = Callable[[Path], LapakApp]


def test_a_scan_into_the_cash_field_is_not_money(
    xdisplay: XDisplay, start_app: StartApp, db_file: Path, demo_catalog: dict[str, DemoProduct]
) -> None:
    # The report: with the payment dialog open, a 12-digit code and the scanner's Enter
    # completed the sale with Rp12.345.678.905 received.
    cookies = demo_catalog["KK-COK-01"]
    app = start_app(db_file)
    xdisplay.type(f"{cookies.code}\r")
    wait_for(lambda: pending_lines(db_file), 15, "the scan in the saved cart")
    xdisplay.key("F12")
    dialog = wait_for(
        lambda: next((w for w in app.visible_windows() if w != app.wid), None),
        timeout=10,
        what="the payment dialog",
    )
    xdisplay.focus(dialog)

    xdisplay.type("012345678905\r")  # the stray scan, at scanner speed
    # A short code is no implausible sum (Rp1.234.567 for Rp40.000): only its speed tells.
    xdisplay.type("1234567\r")
    xdisplay.type_by_hand("50000\r")  # then the cashier types over it

    # Had the scan paid, these keys would have gone to the sale screen: no second payment.
    report = wait_for_sales(db_file, 1, app)
    assert report["sales_count"] == 1
    with sqlite3.connect(db_file) as conn:
        paid = conn.execute("SELECT method, amount, tendered, change FROM payments").fetchall()
    assert paid == [("tunai", cookies.price, 50_000, 50_000 - cookies.price)]
