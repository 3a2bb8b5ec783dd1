"""What this installation is and where it keeps its files: for the Help screen."""

from dataclasses import dataclass
from pathlib import Path

from pos import __version__
from pos.db.migrate import current_revision
from pos.db.session import Database
from pos.paths import log_path, receipts_dir, reports_dir
from pos.services.backup import backups_dir


@dataclass(frozen=True)
class Installation:
    """This installation's versions and the real paths of its files."""

    app_version: str
    schema_version: str
    database: Path
    receipts: Path
    reports: Path
    backups: Path
    log: Path


def installation(db: Database) -> Installation:
    path = db.path
    return Installation(
        app_version=__version__,
        schema_version=current_revision(db.engine) or "-",
        database=path,
        receipts=receipts_dir(path),
        reports=reports_dir(path),
        backups=backups_dir(path),
        log=log_path(path),
    )
