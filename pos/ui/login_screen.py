"""The login and lock screen, and the first start's admin PIN: type a PIN, then Enter.

Both are pages of the main window, not dialogs: the sale behind them stays as it was, and the
keyboard is already where the PIN goes (no window manager has to hand it over).
"""

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos.core.errors import PosError
from pos.core.pins import PIN_MAX
from pos.db.session import Database
from pos.i18n import _
from pos.services import login, users
from pos.services.auth import Actor, role_label
from pos.ui.scaling import pt, px
from pos.ui.widgets import GREY, MessageLabel

# Room for a few digits too many, so "9 digits" is told rather than silently cut.
FIELD_MAX = PIN_MAX + 4


def pin_field(object_name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(object_name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(FIELD_MAX)
    field.setFont(QFont(field.font().family(), pt(20)))
    field.setAlignment(Qt.AlignmentFlag.AlignCenter)
    field.setMaximumWidth(px(260))
    field.setPlaceholderText(_("PIN"))
    return field


def _title(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font().family(), pt(22))
    font.setBold(True)
    label.setFont(font)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class LockScreen(QWidget):
    """Who is at the counter: a PIN alone finds the user; a name clicked first narrows it."""

    logged_in = Signal(object)  # Actor

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.title = _title(_("Log in with your PIN"))
        self.detail = QLabel()
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setStyleSheet(f"color: {GREY};")
        self.detail.setWordWrap(True)

        self.user_list = QListWidget()
        self.user_list.setObjectName("loginUsers")
        self.user_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays on the PIN
        self.user_list.setMaximumWidth(px(480))
        self.user_list.setFont(QFont(self.font().family(), pt(13)))
        self.user_list.itemClicked.connect(self.on_user_clicked)

        self.pin = pin_field("loginPin")
        self.pin.returnPressed.connect(self.on_submit)
        self.message = MessageLabel(point_size=13)
        self.message.setObjectName("loginMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ok_button = QPushButton(_("Log in"))
        self.ok_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.ok_button.clicked.connect(self.on_submit)

        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        for widget in (self.user_list, self.pin, self.ok_button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.reset(None)

    def reset(self, locked_by: Actor | None, cart_kept: bool = False) -> None:
        """Ready for the next PIN; after a lock, say whose screen it was and that the sale waits."""
        self.pin.clear()
        self.message.setText("")
        self._fill_users()
        if locked_by is None:
            self.title.setText(_("Log in with your PIN"))
            self.detail.setText(_("Type your PIN and press Enter, or click your name first."))
        else:
            self.title.setText(_("Locked"))
            text = _("{name} locked the screen.").format(name=locked_by.name)
            if cart_kept:
                text += " " + _("The sale in progress is kept.")
            self.detail.setText(
                text + " " + _("Any cashier can continue with their PIN; the shift stays open.")
            )

    def _fill_users(self) -> None:
        self.user_list.clear()
        for user in users.list_users(self._db, include_inactive=False):
            if not user.has_pin:
                continue
            item = QListWidgetItem(f"{user.name}  ({role_label(user.role)})")
            item.setData(Qt.ItemDataRole.UserRole, user.id)
            self.user_list.addItem(item)
        self.user_list.setVisible(self.user_list.count() > 0)
        # As wide as the longest name (the type grows on big screens), never a scroll bar.
        names = [self.user_list.item(i).text() for i in range(self.user_list.count())]
        widest = max((self.user_list.fontMetrics().horizontalAdvance(t) for t in names), default=0)
        self.user_list.setMinimumWidth(min(widest + px(24), px(480)))
        self.user_list.setFixedHeight(
            min(6, max(1, self.user_list.count())) * (self.user_list.sizeHintForRow(0) + 2) + 8
        )

    def focus_pin(self) -> None:
        self.pin.setFocus()

    def chosen_user_id(self) -> int | None:
        item = self.user_list.currentItem()
        if item is None or not item.isSelected():
            return None
        return int(item.data(Qt.ItemDataRole.UserRole))

    @Slot(QListWidgetItem)
    def on_user_clicked(self, item: QListWidgetItem) -> None:
        self.pin.setFocus()

    @Slot()
    def on_submit(self) -> None:
        pin = self.pin.text()
        self.pin.clear()
        if not pin:
            self.message.say(_("Type your PIN, then Enter."), ok=False)
            return
        try:
            actor = login.authenticate_pin(self._db, pin, user_id=self.chosen_user_id())
        except PosError as e:
            self.message.say(e.message, ok=False)
            self.pin.setFocus()
            return
        self.user_list.clearSelection()
        self.logged_in.emit(actor)


class FirstAdminPage(QWidget):
    """The first start of a stand (or a database from before logins): the admin's PIN."""

    admin_ready = Signal(object)  # Actor: the admin, logged in

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        title = _title(_("Welcome to Lapak"))
        intro = QLabel(
            _(
                "Nobody can log in yet. Choose the admin's PIN (4 to 8 digits); the admin then "
                "adds the cashiers and supervisors under Settings → Users."
            )
        )
        intro.setWordWrap(True)
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin = pin_field("adminPin")
        self.repeat = pin_field("adminPinRepeat")
        self.repeat.setPlaceholderText(_("PIN again"))
        self.pin.returnPressed.connect(self.repeat.setFocus)
        self.repeat.returnPressed.connect(self.on_submit)
        self.message = MessageLabel(point_size=13)
        self.message.setObjectName("adminPinMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)

        form = QFormLayout()
        form.addRow(_("Admin PIN"), self.pin)
        form.addRow(_("Repeat it"), self.repeat)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def focus_pin(self) -> None:
        self.pin.setFocus()

    @Slot()
    def on_submit(self) -> None:
        pin, again = self.pin.text(), self.repeat.text()
        self.pin.clear()
        self.repeat.clear()
        self.pin.setFocus()
        if pin != again:
            self.message.say(_("The two PINs differ; type them again."), ok=False)
            return
        try:
            admin = users.set_first_admin_pin(self._db, pin)
        except PosError as e:
            self.message.say(e.message, ok=False)
            return
        self.admin_ready.emit(admin)
