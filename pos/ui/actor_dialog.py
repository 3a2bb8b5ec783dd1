"""The base of the dialogs that call services on the stand's database as the logged-in user."""

from PySide6.QtWidgets import QDialog, QWidget

from pos.db.session import Database
from pos.services.auth import Actor


class ActorDialog(QDialog):
    """A titled dialog that acts on `db` as `actor` (the services check what it may do)."""

    def __init__(self, db: Database, actor: Actor, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._db = db
        self._actor = actor
