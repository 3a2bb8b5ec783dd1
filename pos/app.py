"""Composition root: settings, database, services and the main window."""

import argparse
import gc
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pos.core.errors import PosError
from pos.i18n import set_language
from pos.paths import LOG_FILENAME, default_db_path, receipts_dir

if TYPE_CHECKING:
    from pos.db.session import Database

log = logging.getLogger("pos")

# Set by benchmarks and the bundle check: quit as soon as the window is ready to scan.
EXIT_WHEN_READY = "LAPAK_EXIT_WHEN_READY"


def setup_logging(data_dir: Path) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(data_dir / LOG_FILENAME, encoding="utf-8"))
    except OSError:
        pass  # a read-only data folder is reported when the database is opened
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.basicConfig(
        level=logging.INFO,
        handlers=handlers,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def start_daily_backup(db: "Database") -> None:
    """Once a day, a backup in the data folder, and the report sums of the days before built
    ahead; in a thread, so the counter never waits."""
    import threading

    from pos.services import scratch, settings
    from pos.services.backup import auto_backup, backed_up_today

    def work() -> None:
        try:
            # The stand's time, like the shift backups: one clock names every backup.
            now = settings.stand_now(db)
            if not backed_up_today(db.path, now):
                auto_backup(db, "daily", now)
        except PosError:
            log.exception("daily backup failed")
        # What an export killed midway left in the data folder (a copy of the database).
        scratch.clean(db.path)
        build_report_days(db)

    threading.Thread(target=work, name="daily-backup", daemon=True).start()


def build_report_days(db: "Database") -> None:
    """The closed days' report sums of every key (report_pieces.build_days); a failure is
    logged, never shown: reports then read the documents as before."""
    from pos.services import settings
    from pos.services.report_pieces import build_days
    from pos.services.sales_report import STAND

    try:
        with db.engine.connect() as conn:
            build_days(conn, STAND, settings.stand_now(db).date())
    except Exception:  # a background nicety must never take the app down
        log.exception("building the report sums of the days before failed")


def run_app(args: argparse.Namespace) -> int:
    # The database and services first, Qt after: once PySide6 is loaded it reads the source
    # of every module imported after it (to look for its __feature__ switches), about 300 of
    # SQLAlchemy's alone.
    from pos.db.lock import AppLock
    from pos.db.session import check_database_file
    from pos.services import settings
    from pos.services.auth import system_actor
    from pos.services.setup import init_database, load_demo

    # isort: split
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from pos.ui.errors import install_excepthook
    from pos.ui.main_window import MainWindow
    from pos.ui.qt_texts import install_qt_translations
    from pos.ui.scaling import apply_screen_scale

    db_path = Path(args.db or default_db_path()).expanduser().resolve()
    setup_logging(db_path.parent)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Lapak")
    apply_screen_scale(app)
    install_excepthook()
    try:
        check_database_file(db_path)
        # Held for the life of the process: the OS drops it when the app exits or dies.
        AppLock(db_path).acquire()
        db = init_database(db_path)
        if not args.lang:
            set_language(settings.get(db, settings.LANGUAGE))
        if args.demo:
            load_demo(db, system_actor(db))
    except PosError as e:
        gc.enable()
        print(e.message, file=sys.stderr)
        if not os.environ.get(EXIT_WHEN_READY):
            QMessageBox.critical(None, "Lapak", e.message)
        return 1
    install_qt_translations(app)
    # Starts locked: the PIN field has the keyboard (or, on a new stand, the admin's new PIN).
    window = MainWindow(db, None, receipts_dir(db_path))
    window.show_as_last_time()
    window.focus_scan()
    # Everything made so far lives as long as the app: keep it out of later collections.
    gc.freeze()
    gc.enable()
    log.info("Lapak ready on %s", db_path)
    if os.environ.get(EXIT_WHEN_READY):
        QTimer.singleShot(0, app.quit)
    else:
        # The sale screen (and the ORM's mappers its queries configure) is built once the lock
        # screen is painted, while the cashier types the PIN rather than in the first sale.
        window.build_sale_screen_after_paint()
        QTimer.singleShot(3_000, lambda: start_daily_backup(db))
    code = app.exec()
    db.close()
    return int(code)
