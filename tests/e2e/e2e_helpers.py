"""End-to-end helpers: a private Xvfb display, the real app on it, and xdotool as the scanner.

No window manager runs on the display, so focus is set with `xdotool windowfocus --sync`
(`windowactivate` needs _NET_ACTIVE_WINDOW). Keys are typed into the focused window, never with
`--window`: that uses XSendEvent, whose synthetic events Qt ignores.
"""

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

REPO = Path(__file__).resolve().parents[2]
CATALOG_CSV = REPO / "resources" / "demo" / "catalog.csv"
TOOLS = ("Xvfb", "xdotool", "xdpyinfo")
FIRST_DISPLAY = 91
LAST_DISPLAY = 190

T = TypeVar("T")
# xdotool's --delay for typing by hand: it waits half between a key's press and release and half
# before the next key, so 200 gives a key every 100 ms (measured), a quick cashier's pace.
BY_HAND_MS = 200

# Run with the venv's Python on the test display: grabs the root window and writes it as PNG.
SCREENSHOT = """
import sys
from PySide6.QtGui import QGuiApplication

app = QGuiApplication(sys.argv[:1])
if not app.primaryScreen().grabWindow(0).save(sys.argv[1], "PNG"):
    sys.exit(f"Qt could not save {sys.argv[1]}")
"""


def need_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    message = f"end-to-end tests need {', '.join(missing)} (apt-get install xvfb xdotool x11-utils)"
    if os.environ.get("CI"):
        pytest.fail(message)  # CI must run them, not skip them quietly
    pytest.skip(message)


def wait_for(
    check: Callable[[], T | None],
    timeout: float,
    what: str,
    interval: float = 0.2,
    detail: Callable[[], object] | None = None,
) -> T:
    """Call `check` until it returns something truthy, or fail after `timeout` seconds.

    `detail` is called on failure to say what was seen instead (e.g. the saved cart).
    """
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            seen = f"; last seen: {detail()!r}" if detail else ""
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}{seen}")
        time.sleep(interval)


def stop_process(proc: subprocess.Popen[Any], grace: float = 5.0) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(grace)


@dataclass
class XDisplay:
    number: int
    proc: subprocess.Popen[bytes]

    @property
    def name(self) -> str:
        return f":{self.number}"

    def env(self) -> dict[str, str]:
        return {**os.environ, "DISPLAY": self.name}

    def xdotool(self, *args: str, timeout: float = 15) -> str:
        for _attempt in range(3):
            done = subprocess.run(
                ["xdotool", *args],
                env=self.env(),
                capture_output=True,
                text=True,
                timeout=timeout,
            )
            # Seen once in ~100 app starts on a loaded machine: the server did not take the
            # connection. Nothing was sent then, so trying again is safe.
            if "Can't open display" not in done.stderr:
                break
            time.sleep(0.5)
        if done.returncode != 0:
            raise AssertionError(f"xdotool {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def type(self, text: str) -> None:
        """Type at scanner speed into the focused window, in one xdotool call."""
        self.xdotool("type", "--delay", "0", "--", text)

    def type_by_hand(self, text: str) -> None:
        """Type as a cashier does: amount fields take keys at scanner speed for a scan."""
        self.xdotool(
            "type",
            "--delay",
            str(BY_HAND_MS),
            "--",
            text,
            timeout=15 + len(text) * BY_HAND_MS / 1000,
        )

    def key(self, *keys: str) -> None:
        self.xdotool("key", "--delay", "0", *keys)

    def focus(self, wid: str) -> None:
        # No window manager: windowactivate fails with "_NET_ACTIVE_WINDOW not supported".
        subprocess.run(
            ["xdotool", "windowactivate", wid], env=self.env(), capture_output=True, timeout=10
        )
        self.xdotool("windowfocus", "--sync", wid)

    def screenshot(self, path: Path) -> Path:
        """Save the whole screen as a PNG, taken by Qt itself (no xwd, convert or import)."""
        env = {**self.env(), "QT_QPA_PLATFORM": "xcb"}
        done = subprocess.run(
            [sys.executable, "-c", SCREENSHOT, str(path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        if done.returncode != 0:
            raise AssertionError(f"screenshot of {self.name} failed: {done.stderr.strip()}")
        return path


def _display_free(n: int) -> bool:
    return not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists()


def _serves(n: int, proc: subprocess.Popen[bytes]) -> bool:
    """Whether our Xvfb owns display n and answers on it.

    Checking the lock file's pid matters when several test runs start at once: a second Xvfb on
    the same number dies only after xdpyinfo has already been answered by the first one.
    """
    try:
        owner = int(Path(f"/tmp/.X{n}-lock").read_text().strip())
    except (OSError, ValueError):
        return False
    if owner != proc.pid:
        return False
    done = subprocess.run(["xdpyinfo", "-display", f":{n}"], capture_output=True, timeout=5)
    return done.returncode == 0


def start_xvfb(log: Path, size: str = "1280x800") -> XDisplay:
    for n in range(FIRST_DISPLAY, LAST_DISPLAY):
        if not _display_free(n):
            continue
        with log.open("ab") as out:
            proc = subprocess.Popen(
                ["Xvfb", f":{n}", "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break  # lost a race for this display number: try the next one
            if _serves(n, proc):
                return XDisplay(n, proc)
            time.sleep(0.1)
        stop_process(proc)
    raise AssertionError(f"could not start Xvfb on :{FIRST_DISPLAY}..:{LAST_DISPLAY}; see {log}")


class LapakApp:
    """One run of `python -m pos` on a display; the window id is known once it is visible."""

    def __init__(self, display: XDisplay, db_path: Path, log: Path) -> None:
        self.display = display
        self.db_path = db_path
        self.log = log
        env = display.env()
        env.update(
            QT_QPA_PLATFORM="xcb",  # tests/conftest.py sets offscreen for the pytest-qt tests
            LAPAK_DATA_DIR=str(db_path.parent),
            PYTHONPATH=os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p),
        )
        with log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "pos", "--db", str(db_path), "--demo"],
                env=env,
                cwd=REPO,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.wid = ""

    def wait_ready(self) -> "LapakApp":
        """Wait until the cashier window is visible, then give it the keyboard."""
        try:
            out = self.display.xdotool(
                "search",
                "--sync",
                "--all",
                "--onlyvisible",
                "--pid",
                str(self.proc.pid),
                "--name",
                "^Lapak",
                timeout=25,
            )
        except subprocess.TimeoutExpired:
            raise AssertionError(f"no Lapak window after 25 s\n{self.log_tail()}") from None
        self.wid = out.split()[0]
        self.display.focus(self.wid)
        return self

    def log_in(self, pin: str) -> "LapakApp":
        """Type the PIN into the lock screen (it has the keyboard at start), as a cashier does."""
        before = logins(self.db_path)
        self.display.type(f"{pin}\r")
        wait_for(
            lambda: logins(self.db_path) > before,
            timeout=15,
            what=f"the login with PIN {'*' * len(pin)}",
            detail=self.log_tail,
        )
        return self

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def visible_windows(self) -> list[str]:
        done = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--pid", str(self.proc.pid)],
            env=self.display.env(),
            capture_output=True,
            text=True,
            timeout=10,
        )
        return done.stdout.split()

    def pay_cash(self, tendered: int) -> None:
        """F12, wait for the payment dialog (found by pid: its title is translated), pay, Enter."""
        self.display.key("F12")
        dialog = wait_for(
            lambda: next((w for w in self.visible_windows() if w != self.wid), None),
            timeout=10,
            what="the payment dialog",
        )
        self.display.focus(dialog)
        self.display.type_by_hand(f"{tendered}\r")

    def kill_hard(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        stop_process(self.proc)


def pos_cli(db_path: Path, *args: str) -> Any:
    """Run `python -m pos --db DB ARGS... --json` and return the parsed JSON."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "pos", "--db", str(db_path), *args, "--json"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert done.returncode == 0, f"pos {' '.join(args)} failed:\n{done.stderr}"
    return json.loads(done.stdout)


def wait_for_sales(db_path: Path, count: int, app: LapakApp, timeout: float = 20) -> Any:
    """Poll `pos report day --json` until `count` sales are in; return the report."""

    def check() -> Any:
        report = pos_cli(db_path, "report", "day")
        return report if report["sales_count"] >= count else None

    try:
        return wait_for(check, timeout, f"{count} completed sale(s)", interval=0.3)
    except AssertionError as e:
        raise AssertionError(f"{e}\napp log:\n{app.log_tail()}") from None


def logins(db_path: Path) -> int:
    """How many logins the audit log holds, read with the stdlib driver."""
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
    except sqlite3.OperationalError:
        return 0
    try:
        return int(
            con.execute("SELECT count(*) FROM audit_log WHERE action = 'login'").fetchone()[0]
        )
    except sqlite3.OperationalError:
        return 0
    finally:
        con.close()


def pending_lines(db_path: Path) -> list[dict[str, Any]] | None:
    """The lines of the cart the app keeps in pending_carts, read with the stdlib driver."""
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
    except sqlite3.OperationalError:
        return None  # the app has not created the database yet
    try:
        row = con.execute("SELECT payload FROM pending_carts WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        return None  # the app is still creating its tables
    finally:
        con.close()
    return None if row is None else list(json.loads(row[0])["lines"])


@dataclass(frozen=True)
class DemoProduct:
    sku: str
    barcode: str
    name: str
    price: int

    @property
    def code(self) -> str:
        """What a scanner reads off it: the barcode, or the SKU where it has none."""
        return self.barcode or self.sku


def load_demo_catalog() -> dict[str, DemoProduct]:
    with CATALOG_CSV.open(encoding="utf-8", newline="") as f:
        return {
            row["sku"]: DemoProduct(row["sku"], row["barcode"], row["name"], int(row["price"]))
            for row in csv.DictReader(f)
        }
