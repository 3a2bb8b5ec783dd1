"""Screenshots of the cashier's window and of the customer display during a QRIS payment, on a
1024x600 screen and on a 1920x1080 one (the type scales with the screen): kept in the test
folder to look at, and the QR code on each read back with zbarimg."""

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_helpers import (
    DemoProduct,
    XDisplay,
    need_tools,
    pending_lines,
    start_xvfb,
    stop_process,
    wait_for,
)
from test_busy_counter import _start

from pos.core.qris import parse

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]


@pytest.fixture(params=["1024x600", "1920x1080"])
def screen(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[XDisplay, str]]:
    need_tools()
    display = start_xvfb(tmp_path / "xvfb.log", request.param)
    try:
        yield display, request.param
    finally:
        stop_process(display.proc)


def _qr(shot: Path) -> str:
    done = subprocess.run(
        ["zbarimg", "--nodbus", "-q", "--raw", str(shot)], capture_output=True, text=True
    )
    return done.stdout.strip()


def test_both_windows_during_a_qris_payment(
    screen: tuple[XDisplay, str],
    stand: Path,
    tmp_path: Path,
    demo_catalog: dict[str, DemoProduct],
) -> None:
    x, size = screen
    width, height = (int(n) for n in size.split("x"))
    app = _start(x, stand, tmp_path / "app.log")
    try:
        # One screen: the display stays out of the way while the cashier's window is shot.
        x.xdotool("windowmove", "--sync", app.display_wid, str(width), "0")
        x.xdotool("windowsize", "--sync", app.wid, str(width), str(height))
        x.xdotool("windowmove", "--sync", app.wid, "0", "0")
        x.focus(app.wid)
        cookies = demo_catalog["KK-COK-01"]
        x.type(f"3*{cookies.code}\r{demo_catalog['KK-NAS-500'].code}\r")
        wait_for(lambda: len(pending_lines(stand) or []) == 2, 15, "two lines in the cart")
        x.key("F12")
        x.focus(app.dialog())
        x.key("F5")
        cashier = x.screenshot(tmp_path / f"cashier-{size}.png")
        # Then the display over the whole screen, as on the buyer's monitor.
        x.xdotool("windowsize", "--sync", app.display_wid, str(width), str(height))
        x.xdotool("windowmove", "--sync", app.display_wid, "0", "0")
        x.xdotool("windowraise", app.display_wid)
        buyer = x.screenshot(tmp_path / f"display-{size}.png")
        x.key("Escape")
    finally:
        app.stop()
    total = 3 * cookies.price + demo_catalog["KK-NAS-500"].price
    assert cashier.stat().st_size > 10_000 and buyer.stat().st_size > 10_000
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg (zbar-tools) is not installed")
    for shot in (cashier, buyer):
        payload = _qr(shot)
        assert payload, f"no QR code readable in {shot}"
        assert parse(payload.splitlines()[0]).amount == total
