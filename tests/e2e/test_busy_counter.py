"""The busy counter in the real app under Xvfb, with the customer display open: a queue where
one customer parks their sale, the next pays cash, the next by QRIS (the QR code on both
screens carries the amount), then the parked sale is recalled and paid. A parked sale survives
kill -9. Screenshots of both windows at 1024x600 and 1920x1080 are kept in the test folder."""

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_helpers import (
    DemoProduct,
    LapakApp,
    XDisplay,
    need_tools,
    pending_lines,
    start_xvfb,
    stop_process,
    wait_for,
    wait_for_sales,
)

from pos.core.qris import parse

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

STATIC = (
    "00020101021126670016COM.NOBUBANK.WWW01189360050300000879140214703239147837910303UMI"
    "51440014ID.CO.QRIS.WWW0215ID20232709941630303UMI5204481253033605802ID5923GRANOOL STORE "
    "OK12295776006KEDIRI61056421262070703A0163047127"
)
SARI_PIN = "1111"
# Room for the two windows side by side: the cashier's and the buyer's, each at its size.
SCREEN = "2944x1080"
SIZES = {"small": (1024, 600), "large": (1920, 1080)}


@pytest.fixture
def wide_display(tmp_path: Path) -> Iterator[XDisplay]:
    need_tools()
    display = start_xvfb(tmp_path / "xvfb.log", SCREEN)
    try:
        yield display
    finally:
        stop_process(display.proc)


class CounterApp(LapakApp):
    """The app with its two windows: the cashier's (self.wid) and the customer display."""

    display_wid = ""

    def wait_ready(self) -> "CounterApp":
        def both() -> tuple[str, str] | None:
            found: dict[bool, str] = {}
            for wid in self.visible_windows():
                name = self.display.xdotool("getwindowname", wid).strip()
                if name.startswith("Lapak"):
                    found[name.endswith("pelanggan")] = wid
            return (found[False], found[True]) if len(found) == 2 else None

        self.wid, self.display_wid = wait_for(both, 30, "the cashier window and the display")
        self.display.focus(self.wid)
        return self

    def place(self, cashier: tuple[int, int], buyer: tuple[int, int]) -> None:
        """The cashier's window at the left, the customer display beside it, at these sizes."""
        x = self.display.xdotool
        x("windowsize", "--sync", self.wid, str(cashier[0]), str(cashier[1]))
        x("windowmove", "--sync", self.wid, "0", "0")
        x("windowsize", "--sync", self.display_wid, str(buyer[0]), str(buyer[1]))
        x("windowmove", "--sync", self.display_wid, str(cashier[0]), "0")
        self.display.focus(self.wid)

    def pay_cash(self, tendered: int) -> None:
        self.display.key("F12")
        self.display.focus(self.dialog())
        self.display.type_by_hand(f"{tendered}\r")

    def dialog(self) -> str:
        return wait_for(
            lambda: next(
                (w for w in self.visible_windows() if w not in (self.wid, self.display_wid)),
                None,
            ),
            timeout=15,
            what="a dialog",
        )


def _start(display: XDisplay, db: Path, log: Path) -> CounterApp:
    app = CounterApp(display, db, log)
    try:
        app.wait_ready()
        app.log_in(SARI_PIN)
    except BaseException:
        app.stop()
        raise
    return app


def _parked(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
        return con.execute("SELECT label, status FROM parked_sales ORDER BY id").fetchall()


def _shoot(display: XDisplay, path: Path) -> Path:
    display.screenshot(path)
    assert path.stat().st_size > 10_000
    return path


def _qr_in(shot: Path) -> str:
    if shutil.which("zbarimg") is None:
        return ""
    done = subprocess.run(
        ["zbarimg", "--nodbus", "-q", "--raw", str(shot)], capture_output=True, text=True
    )
    return done.stdout.strip()


def test_a_queue_with_a_parked_sale_and_a_qris_payment(
    wide_display: XDisplay, stand: Path, tmp_path: Path, demo_catalog: dict[str, DemoProduct]
) -> None:
    x = wide_display
    app = _start(x, stand, tmp_path / "app.log")
    try:
        app.place(SIZES["small"], SIZES["large"])
        _shoot(x, tmp_path / "1-welcome-small-large.png")

        # Ibu Ani forgot something: her sale is parked under her name.
        cookies, nastar = demo_catalog["KK-COK-01"], demo_catalog["KK-NAS-500"]
        x.type(f"{cookies.code}\r{nastar.code}\r")
        wait_for(lambda: len(pending_lines(stand) or []) == 2, 15, "two lines in the cart")
        _shoot(x, tmp_path / "2-scanned-small-large.png")
        x.key("ctrl+s")
        x.focus(app.dialog())
        x.key("ctrl+a")
        x.type_by_hand("Ibu Ani\r")
        wait_for(lambda: _parked(stand) == [("Ibu Ani", "parked")], 15, "the parked sale")
        x.focus(app.wid)

        # The next customer pays cash.
        mug = demo_catalog["SV-MUG-01"]
        x.type(f"{mug.code}\r")
        wait_for(lambda: pending_lines(stand), 15, "the mug in the cart")
        app.pay_cash(50_000)
        wait_for_sales(stand, 1, app)
        x.focus(app.wid)

        # The next one pays by QRIS: the code on both screens carries the amount.
        app.place(SIZES["large"], SIZES["small"])
        x.type(f"2*{cookies.code}\r")
        wait_for(lambda: pending_lines(stand), 15, "the cookies in the cart")
        x.key("F12")
        x.focus(app.dialog())
        x.key("F5")
        x.key("Tab")  # from the QRIS amount to its reference
        x.type_by_hand("QR8841\t")
        x.key("space")  # money arrived
        shot = _shoot(x, tmp_path / "3-qris-large-small.png")
        payload = _qr_in(shot)
        if payload:  # zbarimg reads both codes; they are the same payload
            built = parse(payload.splitlines()[0])
            assert built.amount == 2 * cookies.price and built.dynamic
        x.key("Return")
        wait_for_sales(stand, 2, app)
        x.focus(app.wid)
        _shoot(x, tmp_path / "4-thanks-large-small.png")

        # Ibu Ani is back: her sale is recalled and paid.
        app.place(SIZES["small"], SIZES["large"])
        x.key("ctrl+o")
        x.focus(app.dialog())
        x.key("Return")
        wait_for(lambda: _parked(stand) == [("Ibu Ani", "recalled")], 15, "the recall")
        x.focus(app.wid)
        wait_for(lambda: len(pending_lines(stand) or []) == 2, 15, "her lines back in the cart")
        _shoot(x, tmp_path / "5-recalled-small-large.png")
        app.pay_cash(200_000)
        report = wait_for_sales(stand, 3, app)
    finally:
        app.stop()
    assert report["sales_count"] == 3
    with sqlite3.connect(stand) as con:
        qris = con.execute(
            "SELECT amount, reference, confirmed FROM payments WHERE method = 'qris'"
        ).fetchall()
    assert qris == [(2 * cookies.price, "QR8841", 1)]
    assert report["total"] == mug.price + 2 * cookies.price + cookies.price + nastar.price


def test_a_parked_sale_survives_kill_9(
    wide_display: XDisplay, stand: Path, tmp_path: Path, demo_catalog: dict[str, DemoProduct]
) -> None:
    x = wide_display
    app = _start(x, stand, tmp_path / "app-1.log")
    try:
        x.type(f"{demo_catalog['KK-NAS-500'].code}\r")
        wait_for(lambda: pending_lines(stand), 15, "the scan in the cart")
        x.key("ctrl+s")
        x.focus(app.dialog())
        x.type_by_hand("\r")  # Enter alone: the next free number
        wait_for(lambda: _parked(stand) == [("1", "parked")], 15, "the parked sale")
        app.kill_hard()
    finally:
        app.stop()
    again = _start(x, stand, tmp_path / "app-2.log")
    try:
        x.key("ctrl+o")
        x.focus(again.dialog())
        x.key("Return")
        wait_for(lambda: _parked(stand) == [("1", "recalled")], 15, "the recall after the kill")
        lines = wait_for(lambda: pending_lines(stand), 15, "the recalled cart")
        assert [line["sku"] for line in lines] == ["KK-NAS-500"]
    finally:
        again.stop()
