"""The bases of the dialogs that call services on the stand's database (as the logged-in user)."""

from PySide6.QtWidgets import QDialog, QWidget

from pos.db.session import Database
from pos.services.auth import Actor


class DatabaseDialog(QDialog):
    """A titled dialog that shows what the services read from `db`."""

    def __init__(self, db: Database, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._db = db


class ActorDialog(DatabaseDialog):
    """A titled dialog that acts on `db` as `actor` (the services check what it may do)."""

    def __init__(self, db: Database, actor: Actor, title: str, parent: QWidget | None) -> None:
        super().__init__(db, title, parent)
        self._actor = actor
