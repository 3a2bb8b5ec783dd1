"""The lock screen shows without the heavy libraries and without the sale screen; the sale screen,
built while the PIN is typed, still needs none of the printing libraries (a sale loads them)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Each costs start-up time and none is needed before a sale, a print or a report.
HEAVY = (
    "reportlab",
    "escpos",
    "barcode",
    "segno",
    "pypdfium2",
    "num2words",
    "PIL",
    "babel",
    "openpyxl",
    "python_calamine",
    "argon2",
    "alembic",
    "pos.printing.receipt",
)
# Built after the lock screen is painted (pos.ui.main_window.build_sale_screen_after_paint).
SALE_SCREEN = (
    "pos.ui.sale_screen",
    "pos.ui.receipt_printing",
    "pos.services.sales",
    "pos.db.models",
)

SCRIPT = """
import logging
import sys

from pos.cli import main


class AfterBuild(logging.Handler):
    # Once the app says it is ready: wait for the sale screen to be built, then quit.
    def emit(self, record):
        if not record.getMessage().startswith("Lapak ready on"):
            return
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        print("AT READY", sorted(n for n in MODULES if n in sys.modules), flush=True)
        if sys.argv[2] == "ready":
            return
        window = next(w for w in QApplication.topLevelWidgets() if hasattr(w, "counter"))

        def check():
            if window.counter.sale_screen is None:
                QTimer.singleShot(10, check)
                return
            print("AFTER BUILD", sorted(n for n in MODULES if n in sys.modules), flush=True)
            QApplication.quit()

        QTimer.singleShot(0, check)


MODULES = sys.argv[3].split(",")
logging.getLogger("pos").addHandler(AfterBuild())
sys.exit(main(["--db", sys.argv[1]]))
"""


@pytest.fixture(scope="module")
def stand_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A stand's database with users who have PINs: the app starts at the lock screen."""
    db = tmp_path_factory.mktemp("stand") / "lapak.db"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    init = [sys.executable, "-m", "pos", "--db", str(db), "--demo", "init"]
    assert subprocess.run(init, capture_output=True, env=env, timeout=120).returncode == 0
    return db


def _start(db: Path, until: str, exit_when_ready: bool) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("LAPAK_EXIT_WHEN_READY", None)
    if exit_when_ready:
        env["LAPAK_EXIT_WHEN_READY"] = "1"
    modules = ",".join(HEAVY + SALE_SCREEN)
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(db), until, modules],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout.splitlines()


def test_the_lock_screen_shows_without_heavy_modules_or_the_sale_screen(stand_db: Path) -> None:
    lines = _start(stand_db, "ready", exit_when_ready=True)
    assert lines == ["AT READY []"], lines


def test_the_sale_screen_built_behind_the_lock_screen_loads_no_printing(stand_db: Path) -> None:
    lines = _start(stand_db, "build", exit_when_ready=False)
    assert lines[0] == "AT READY []", lines
    loaded = sorted(SALE_SCREEN)
    assert lines[1] == f"AFTER BUILD {loaded}", lines
