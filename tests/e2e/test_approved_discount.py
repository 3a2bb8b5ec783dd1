"""A cashier logs in by PIN, rings up a sale and gives a discount over her limit; a supervisor
types his PIN into the approval dialog on the real window; the sale's line names him."""

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from e2e_helpers import DemoProduct, LapakApp, XDisplay, pending_lines, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

StartApp = Callable[..., LapakApp]


def _other_window(app: LapakApp, seen: set[str]) -> str | None:
    """A visible window of the app that was not there before (a dialog: titles are translated)."""
    return next((w for w in app.visible_windows() if w != app.wid and w not in seen), None)


def _line(db_file: Path) -> tuple[object, ...] | None:
    with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True) as conn:
        return conn.execute(
            "SELECT s.total, l.discount, l.discount_reason, u.name, a.reason, seller.name "
            "FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
            "JOIN approvals a ON a.id = l.discount_approval_id "
            "JOIN users u ON u.id = a.approver_id JOIN users seller ON seller.id = s.user_id"
        ).fetchone()


def test_a_supervisor_approves_a_discount_with_his_pin(
    xdisplay: XDisplay, start_app: StartApp, db_file: Path, demo_catalog: dict[str, DemoProduct]
) -> None:
    nastar = demo_catalog["KK-NAS-500"]
    app = start_app(db_file, pin=None)
    app.log_in("1111")  # Sari, a cashier: discounts up to 10 % on her own
    xdisplay.type(f"{nastar.code}\r")
    wait_for(lambda: len(pending_lines(db_file) or []) == 1, 15, "the line in the saved cart")

    xdisplay.key("F5")  # a discount on the chosen line
    discount = wait_for(lambda: _other_window(app, set()), 10, "the discount dialog")
    xdisplay.focus(discount)
    xdisplay.type_by_hand("20")  # percent is chosen; the amount field has the keyboard
    xdisplay.key("Tab")
    xdisplay.type_by_hand("pelanggan tetap\r")

    # Over her limit: the approval dialog, the reason carried over, the PIN field first.
    approval = wait_for(lambda: _other_window(app, set()), 10, "the approval dialog")
    xdisplay.focus(approval)
    xdisplay.type_by_hand("2222\r")  # Pak Joko, a supervisor
    wait_for(
        lambda: (pending_lines(db_file) or [{}])[0].get("discount") is not None,
        15,
        "the approved discount in the saved cart",
        detail=app.log_tail,
    )
    to_pay = nastar.price - -(-nastar.price * 20 // 100)  # the percent rounds up: README
    app.pay_cash(to_pay)
    row = wait_for(
        lambda: _line(db_file), 20, "the sale with its approved line", detail=app.log_tail
    )
    assert row == (
        to_pay,
        nastar.price - to_pay,
        "pelanggan tetap",
        "Pak Joko",
        "pelanggan tetap",
        "Sari",
    )
