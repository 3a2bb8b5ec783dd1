"""The admin's users screen: add a user, give a new PIN, change the role, (de)activate."""

from typing import Any

from PySide6.QtCore import QItemSelection, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos.core.errors import PosError
from pos.core.permissions import ROLES
from pos.db.session import Database
from pos.i18n import N_, _
from pos.services import users
from pos.services.auth import Actor, role_label
from pos.services.users import NAME_MAX, UserInfo
from pos.ui.actions import on_chosen_row
from pos.ui.actor_dialog import ActorDialog
from pos.ui.login_screen import pin_field
from pos.ui.widgets import MessageLabel, RowsTableModel, chosen_row, make_table

COL_NAME, COL_ROLE, COL_STATUS, COL_PIN = range(4)


class UsersModel(RowsTableModel[UserInfo]):
    """The stand's users; never a PIN, only whether one is set."""

    HEADERS = (N_("Name"), N_("Role"), N_("Status"), N_("PIN"))

    def texts(self, row: UserInfo, number: int) -> tuple[str, ...]:
        return (
            row.name,
            role_label(row.role),
            _("active") if row.active else _("inactive"),
            _("set") if row.has_pin else _("none"),
        )


def _role_box(current: str | None = None) -> QComboBox:
    box = QComboBox()
    for role in ROLES:
        box.addItem(role_label(role), role)
    if current is not None:
        box.setCurrentIndex(ROLES.index(current))
    return box


class UserFormDialog(QDialog):
    """A new user (name, role, PIN), or only a new PIN, or only another role."""

    def __init__(
        self, title: str, name: bool, role: str | None, pin: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout()
        self.name_field: QLineEdit | None = None
        self.role_box: QComboBox | None = None
        self.pin: QLineEdit | None = None
        self.repeat: QLineEdit | None = None
        if name:
            self.name_field = QLineEdit()
            self.name_field.setObjectName("userName")
            self.name_field.setMaxLength(NAME_MAX + 20)  # too long is told, not cut
            form.addRow(_("Name"), self.name_field)
        if role is not None:
            self.role_box = _role_box(role)
            form.addRow(_("Role"), self.role_box)
        if pin:
            self.pin = pin_field("userPin")
            self.repeat = pin_field("userPinRepeat")
            form.addRow(_("PIN (4-8 digits)"), self.pin)
            form.addRow(_("Repeat the PIN"), self.repeat)
        self.message = MessageLabel()
        ok = QPushButton(_("Save"))
        ok.setDefault(True)
        ok.clicked.connect(self.on_ok)
        cancel = QPushButton(_("Cancel"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def values(self) -> dict[str, str]:
        out = {}
        if self.name_field is not None:
            out["name"] = self.name_field.text()
        if self.role_box is not None:
            out["role"] = str(self.role_box.currentData())
        if self.pin is not None:
            out["pin"] = self.pin.text()
        return out

    @Slot()
    def on_ok(self) -> None:
        pin, repeat = self.pin, self.repeat
        if pin is not None and repeat is not None and pin.text() != repeat.text():
            pin.clear()
            repeat.clear()
            pin.setFocus()
            self.message.say(_("The two PINs differ; type them again."), ok=False)
            return
        self.accept()


class UsersDialog(ActorDialog):
    """Every user of the stand; each button calls the users service as the admin."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, _("Users"), parent)
        self.resize(620, 420)
        self.model = UsersModel()
        self.table = make_table(self.model, COL_NAME)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.message = MessageLabel()
        self.message.setObjectName("usersMessage")
        self.add_button = QPushButton(_("Add…"))
        self.add_button.clicked.connect(self.on_add)
        self.pin_button = QPushButton(_("New PIN…"))
        self.pin_button.clicked.connect(self.on_set_pin)
        self.role_button = QPushButton(_("Role…"))
        self.role_button.clicked.connect(self.on_role)
        self.active_button = QPushButton(_("Deactivate"))
        self.active_button.clicked.connect(self.on_toggle_active)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.pin_button, self.role_button, self.active_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        rows = users.list_users(self._db)
        self.model.set_rows(rows)
        for i, user in enumerate(rows):
            if user.id == select_id:
                self.table.selectRow(i)
        self.on_selection_changed()

    def selected(self) -> UserInfo | None:
        return chosen_row(self.table, self.model)

    @Slot(QItemSelection, QItemSelection)
    def on_selection_changed(self, *_args: object) -> None:
        user = self.selected()
        for button in (self.pin_button, self.role_button, self.active_button):
            button.setEnabled(user is not None)
        self.active_button.setText(
            _("Activate") if user is not None and not user.active else _("Deactivate")
        )

    def _form(self, title: str, name: bool, role: str | None, pin: bool) -> dict[str, str] | None:
        dialog = UserFormDialog(title, name, role, pin, self)
        return dialog.values() if dialog.exec() else None

    def _do(self, done: str, select_id: int | None, call: Any, *args: Any) -> None:
        try:
            result = call(self._db, self._actor, *args)
        except PosError as e:
            self.message.say(e.message, ok=False)
            return
        self.refresh(result if isinstance(result, int) else select_id)
        self.message.say(done, ok=True)

    @Slot()
    def on_add(self) -> None:
        values = self._form(_("Add a user"), name=True, role="kasir", pin=True)
        if values is not None:
            done = _("User {name} added.").format(name=" ".join(values["name"].split()))
            self._do(done, None, users.add_user, values["name"], values["role"], values["pin"])

    @Slot()
    @on_chosen_row
    def on_set_pin(self, user: UserInfo) -> None:
        values = self._form(_("New PIN for {name}").format(name=user.name), False, None, True)
        if values is not None:
            done = _("New PIN set for {name}.").format(name=user.name)
            self._do(done, user.id, users.set_pin, user.id, values["pin"])

    @Slot()
    @on_chosen_row
    def on_role(self, user: UserInfo) -> None:
        values = self._form(_("Role of {name}").format(name=user.name), False, user.role, False)
        if values is not None:
            done = _("{name} now has the role {role}.").format(
                name=user.name, role=role_label(values["role"])
            )
            self._do(done, user.id, users.set_role, user.id, values["role"])

    @Slot()
    @on_chosen_row
    def on_toggle_active(self, user: UserInfo) -> None:
        template = (
            _("{name} can log in again.") if not user.active else _("{name} can no longer log in.")
        )
        self._do(
            template.format(name=user.name), user.id, users.set_active, user.id, not user.active
        )
