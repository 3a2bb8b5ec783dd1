"""The admin's users screen: each button goes through the users service; errors show inline."""

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from pos.services import login, users
from pos.ui.users_dialog import UserFormDialog, UsersDialog


@pytest.fixture
def dialog(qtbot, demo_db, admin) -> UsersDialog:  # type: ignore[no-untyped-def]
    d = UsersDialog(demo_db, admin)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def fill_form(qtbot, fill: Callable[[UserFormDialog], None]) -> None:  # type: ignore[no-untyped-def]
    def run() -> None:
        form = QApplication.activeModalWidget()
        if not isinstance(form, UserFormDialog):
            QTimer.singleShot(10, run)
            return
        fill(form)

    QTimer.singleShot(0, run)


def rows(dialog: UsersDialog) -> list[list[str]]:
    m = dialog.model
    return [[m.index(r, c).data() for c in range(4)] for r in range(m.rowCount())]


def select(dialog: UsersDialog, name: str) -> None:
    dialog.table.selectRow(next(i for i, r in enumerate(rows(dialog)) if r[0] == name))


def test_lists_users_without_their_pins(dialog: UsersDialog) -> None:
    assert rows(dialog) == [
        ["Admin", "Admin", "aktif", "ada"],
        ["Budi", "Kasir", "aktif", "ada"],
        ["Pak Joko", "Supervisor", "aktif", "ada"],
        ["Sari", "Kasir", "aktif", "ada"],
    ]
    assert not dialog.pin_button.isEnabled()


def test_add_a_user(qtbot, dialog: UsersDialog) -> None:  # type: ignore[no-untyped-def]
    def fill(form: UserFormDialog) -> None:
        assert form.name_field is not None and form.pin is not None and form.repeat is not None
        assert form.role_box is not None
        qtbot.keyClicks(form.name_field, "Rina")
        form.role_box.setCurrentIndex(1)  # supervisor
        qtbot.keyClicks(form.pin, "2468")
        qtbot.keyClicks(form.repeat, "2468")
        form.on_ok()

    fill_form(qtbot, fill)
    dialog.add_button.click()
    assert ["Rina", "Supervisor", "aktif", "ada"] in rows(dialog)
    assert "Rina" in dialog.message.text()
    assert login.authenticate_pin(dialog._db, "2468").name == "Rina"


def test_a_pin_in_use_is_refused_inline(qtbot, dialog: UsersDialog) -> None:  # type: ignore[no-untyped-def]
    def fill(form: UserFormDialog) -> None:
        assert form.name_field is not None and form.pin is not None and form.repeat is not None
        qtbot.keyClicks(form.name_field, "Rina")
        qtbot.keyClicks(form.pin, "1111")
        qtbot.keyClicks(form.repeat, "1111")
        form.on_ok()

    fill_form(qtbot, fill)
    dialog.add_button.click()
    assert "sudah dipakai" in dialog.message.text()
    assert len(rows(dialog)) == 4


def test_two_different_pins_are_not_accepted(qtbot, dialog: UsersDialog) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def fill(form: UserFormDialog) -> None:
        assert form.pin is not None and form.repeat is not None
        qtbot.keyClicks(form.pin, "5555")
        qtbot.keyClicks(form.repeat, "5556")
        form.on_ok()
        seen.append(form.message.text())
        form.reject()

    select(dialog, "Sari")
    fill_form(qtbot, fill)
    dialog.pin_button.click()
    assert "berbeda" in seen[0]
    assert login.authenticate_pin(dialog._db, "1111").name == "Sari"


def test_new_pin_role_and_deactivate(qtbot, dialog: UsersDialog) -> None:  # type: ignore[no-untyped-def]
    def new_pin(form: UserFormDialog) -> None:
        assert form.pin is not None and form.repeat is not None and form.name_field is None
        qtbot.keyClicks(form.pin, "5555")
        qtbot.keyClicks(form.repeat, "5555")
        qtbot.keyClick(form.repeat, Qt.Key.Key_Return)

    select(dialog, "Sari")
    fill_form(qtbot, new_pin)
    dialog.pin_button.click()
    assert login.authenticate_pin(dialog._db, "5555").name == "Sari"

    def to_supervisor(form: UserFormDialog) -> None:
        assert form.role_box is not None and form.pin is None
        form.role_box.setCurrentIndex(1)
        form.on_ok()

    fill_form(qtbot, to_supervisor)
    dialog.role_button.click()
    assert users.find_user(dialog._db, "Sari").role == "supervisor"

    select(dialog, "Budi")
    assert dialog.active_button.text() == "Nonaktifkan"
    dialog.active_button.click()
    assert ["Budi", "Kasir", "nonaktif", "ada"] in rows(dialog)
    select(dialog, "Budi")
    assert dialog.active_button.text() == "Aktifkan"

    select(dialog, "Admin")
    dialog.active_button.click()
    assert "admin terakhir" in dialog.message.text()
