"""The supervisor chooses which products get a quick key on the sale screen."""

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from pos.core.errors import PosError
from pos.db.session import Database
from pos.i18n import _
from pos.services import catalog, quick_keys
from pos.services.auth import Actor
from pos.ui.actor_dialog import ActorDialog
from pos.ui.layouts import scrolled, vbox
from pos.ui.widgets import fit_to_screen, red_label


class QuickKeysDialog(ActorDialog):
    """Choose which products the sale screen's quick keys add."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, _("Quick keys"), parent)
        fit_to_screen(self, (0.4, 0.85), (520, 540))
        current = {k.position: k for k in quick_keys.list_keys(db)}
        grid = QGridLayout()
        self.fields: list[QLineEdit] = []
        self.names: list[QLabel] = []
        for position in range(1, quick_keys.MAX_KEYS + 1):
            field = QLineEdit(current[position].sku if position in current else "")
            field.setPlaceholderText(_("SKU or barcode"))
            name = QLabel(current[position].name if position in current else "")
            grid.addWidget(QLabel(str(position)), position, 0)
            grid.addWidget(field, position, 1)
            grid.addWidget(name, position, 2)
            self.fields.append(field)
            self.names.append(name)
        self.error = red_label()
        save = QPushButton(_("Save"))
        save.clicked.connect(self.on_save)
        vbox(
            QLabel(_("Type the SKU (or scan the barcode) for each key; empty = no key.")),
            (scrolled(grid), 1),
            self.error,
            save,
            parent=self,
        )

    @Slot()
    def on_save(self) -> None:
        wanted: list[int | None] = []
        for position, field in enumerate(self.fields, start=1):
            text = field.text().strip()
            if not text:
                wanted.append(None)
                continue
            try:
                product = catalog.find_by_code(self._db, text)
            except PosError as e:
                self.error.setText(_("Key {n}: {problem}").format(n=position, problem=e.message))
                field.setFocus()
                return
            self.names[position - 1].setText(product.name)
            wanted.append(product.id)
        try:
            quick_keys.replace_all(self._db, self._actor, wanted)
        except PosError as e:
            self.error.setText(e.message)
            return
        self.accept()
