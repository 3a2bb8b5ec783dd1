"""Logging in by PIN on the real window: wrong PIN, a sale, quick lock, the next cashier."""

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from e2e_helpers import (
    DemoProduct,
    LapakApp,
    XDisplay,
    logins,
    pending_lines,
    wait_for,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

StartApp = Callable[..., LapakApp]


def _audit(db_file: Path, action: str) -> int:
    with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True) as conn:
        return int(
            conn.execute("SELECT count(*) FROM audit_log WHERE action = ?", (action,)).fetchone()[0]
        )


def _count(db_file: Path, table: str) -> int:
    with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_cashiers_log_in_sell_lock_and_switch(
    xdisplay: XDisplay, start_app: StartApp, db_file: Path, demo_catalog: dict[str, DemoProduct]
) -> None:
    nastar, tempe = demo_catalog["KK-NAS-500"], demo_catalog["MK-TMP-01"]
    app = start_app(db_file, pin=None)  # at the lock screen, the PIN field has the keyboard

    xdisplay.type("7391\r")  # a wrong PIN
    wait_for(lambda: _audit(db_file, "login_failed") == 1, 15, "the failed login in the audit log")
    xdisplay.type(f"{nastar.code}\r")  # a scan while locked is a wrong PIN, never a sale line
    wait_for(lambda: _audit(db_file, "login_failed") == 2, 15, "the second failure")
    assert not pending_lines(db_file)

    app.log_in("1111")  # Sari
    xdisplay.type(f"{nastar.code}\r{tempe.code}\r")
    wait_for(lambda: len(pending_lines(db_file) or []) == 2, 15, "two lines in the saved cart")

    xdisplay.key("F11")  # quick lock: the cart stays
    before = logins(db_file)
    xdisplay.type(f"{tempe.code}\r")  # locked: this is no scan
    wait_for(lambda: _audit(db_file, "login_failed") == 3, 15, "the scan refused as a PIN")
    assert len(pending_lines(db_file) or []) == 2 and logins(db_file) == before

    app.log_in("3333")  # Budi takes over the same cart, on the same shift
    app.pay_cash(nastar.price + tempe.price)
    # Read from the file, not `pos report day`: that is about today, and a shift opened before
    # midnight keeps its business day.
    wait_for(lambda: _count(db_file, "sales") == 1, 20, "the sale", detail=app.log_tail)
    with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True) as conn:
        seller, total = conn.execute(
            "SELECT users.name, sales.total FROM sales JOIN users ON users.id = sales.user_id"
        ).fetchone()
    assert (seller, total) == ("Budi", nastar.price + tempe.price)
    assert _count(db_file, "shifts") == 1
