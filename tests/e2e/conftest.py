"""Fixtures for the end-to-end tests: a private Xvfb display and the real app started on it."""

from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest
from e2e_helpers import (
    DemoProduct,
    LapakApp,
    XDisplay,
    load_demo_catalog,
    need_tools,
    start_xvfb,
    stop_process,
)

CALL_FAILED = pytest.StashKey[bool]()
SARI_PIN = "1111"  # a cashier of the demo (README)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # Lets fixtures see whether the test failed, to keep a screenshot of what was on screen.
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


@pytest.fixture
def xdisplay(tmp_path: Path) -> Iterator[XDisplay]:
    need_tools()
    display = start_xvfb(tmp_path / "xvfb.log")
    try:
        yield display
    finally:
        stop_process(display.proc)


@pytest.fixture
def start_app(
    request: pytest.FixtureRequest, xdisplay: XDisplay, tmp_path: Path
) -> Iterator[Callable[[Path], LapakApp]]:
    """Start the app on a database (as often as a test needs); every run is stopped afterwards."""
    started: list[LapakApp] = []

    def start(db_path: Path, pin: str | None = SARI_PIN) -> LapakApp:
        """Started and logged in by typing the PIN (pin=None: left at the lock screen)."""
        app = LapakApp(xdisplay, db_path, tmp_path / f"app-{len(started) + 1}.log")
        started.append(app)  # before waiting, so a window that never shows is still cleaned up
        app.wait_ready()
        return app if pin is None else app.log_in(pin)

    try:
        yield start
        if started and request.node.stash.get(CALL_FAILED, False):
            shot = xdisplay.screenshot(tmp_path / "failure.png")
            print(f"screen at failure: {shot}; app logs in {tmp_path}")
    finally:
        for app in started:
            app.stop()


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    """A stand database with the demo catalog and an open shift, as at the start of a day."""
    from pos.services import shifts
    from pos.services.auth import default_actor, system_actor
    from pos.services.setup import init_database, load_demo

    folder = tmp_path / "stand"
    folder.mkdir()
    path = folder / "lapak.db"
    db = init_database(path)
    load_demo(db, system_actor(db))
    shifts.open_shift(db, default_actor(db), 100_000)
    db.close()
    return path


@pytest.fixture(scope="session")
def demo_catalog() -> dict[str, DemoProduct]:
    return load_demo_catalog()


@pytest.fixture
def stand(db_file: Path) -> Path:
    """The demo stand with its QRIS sticker scanned in and the customer display switched on."""
    from test_busy_counter import STATIC

    from pos.services import settings
    from pos.services.setup import init_database

    db = init_database(db_file)
    settings.set_from_text(db, "qris.static", STATIC)
    settings.set_from_text(db, "display.customer", "on")
    db.close()
    return db_file
