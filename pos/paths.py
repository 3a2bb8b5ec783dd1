"""Where Lapak keeps its data: the per-user data folder, or beside the database given with --db."""

import os
from pathlib import Path

from pos import APP_NAME

DB_FILENAME = "lapak.db"
LOG_FILENAME = "lapak.log"


def default_data_dir() -> Path:
    override = os.environ.get("LAPAK_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return default_data_dir() / DB_FILENAME


def receipts_dir(db_path: Path) -> Path:
    """Receipt PDFs are kept beside the database they belong to."""
    return db_path.parent / "receipts"


def reports_dir(db_path: Path) -> Path:
    """Z reports are kept beside the database, like receipts."""
    return db_path.parent / "reports"


def log_path(db_path: Path) -> Path:
    """The app's log, beside the database."""
    return db_path.parent / LOG_FILENAME
