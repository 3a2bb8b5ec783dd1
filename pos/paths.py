"""Where Lapak keeps its data: the per-user data folder, or beside the database given with --db."""

import os
from pathlib import Path

from pos import APP_NAME

DB_FILENAME = "lapak.db"


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
