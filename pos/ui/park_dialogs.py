"""Ctrl+S: park the sale under a label; Ctrl+O: the parked sales, Enter recalls, Del drops."""

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.core.errors import PosError
from pos.core.money import format_number, format_rupiah
from pos.db.session import Database
from pos.i18n import N_, _
from pos.services import parking
from pos.services.auth import Actor
from pos.services.parking import Parked
from pos.ui.actor_dialog import ActorDialog
from pos.ui.layouts import vbox
from pos.ui.sale_screen_state import ask
from pos.ui.scaling import pt
from pos.ui.widgets import (
    GREY,
    MessageLabel,
    RowsTableModel,
    act_on_double_click,
    chosen_row,
    fit_to_screen,
    key_help,
    make_table,
    ok_cancel_buttons,
    on_enter,
    run_key,
)

COL_LABEL, COL_ITEMS, COL_TOTAL, COL_AT, COL_BY = range(5)


def next_label(waiting: list[Parked]) -> str:
    """The smallest whole number not used as a label yet: what Enter alone parks as."""
    used = {p.label for p in waiting}
    number = 1
    while str(number) in used:
        number += 1
    return str(number)


class ParkDialog(QDialog):
    """A name or a number for the parked sale (prefilled with the next free number)."""

    def __init__(self, suggested: str, total: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Park the sale"))
        self.label: str | None = None
        self.field = QLineEdit(suggested)
        self.field.setObjectName("parkLabel")
        self.field.setMaxLength(parking.MAX_LABEL + 1)  # one more: the service says why not
        self.field.setFont(QFont(self.field.font().family(), pt(16)))
        self.field.selectAll()
        self.message = MessageLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                _("Park this sale of {total} and serve the next customer.").format(
                    total=format_rupiah(total)
                )
            )
        )
        layout.addWidget(QLabel(_("Name or number (e.g. the customer's name):")))
        layout.addWidget(self.field)
        layout.addWidget(self.message)
        layout.addWidget(ok_cancel_buttons(self, _("Park"), self.on_ok))

    @Slot()
    def on_ok(self) -> None:
        try:
            self.label = parking.clean_label(self.field.text())
        except PosError as e:
            self.message.say(e.message, ok=False)
            self.field.selectAll()
            return
        self.accept()


class ParkedTableModel(RowsTableModel[Parked]):
    """The sales waiting, oldest first."""

    HEADERS = (N_("Name"), N_("Items"), N_("Total"), N_("Parked at"), N_("Cashier"))
    RIGHT_COLUMNS = frozenset({COL_ITEMS, COL_TOTAL})

    def texts(self, row: Parked, number: int) -> tuple[str, ...]:
        return (
            row.label,
            str(row.items),
            format_number(row.total),
            f"{row.parked_at:%H:%M}",
            row.parked_by,
        )

    def style(self, row: Parked, col: int, role: int) -> Any:
        return None


class RecallDialog(ActorDialog):
    """The parked sales: Enter brings the chosen one back to the counter, Del drops it."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, _("Parked sales"), parent)
        self.chosen: Parked | None = None
        self.model = ParkedTableModel()
        self.table = make_table(self.model, COL_LABEL, point_size=14)
        self.table.setObjectName("parkedTable")
        act_on_double_click(self.table, self.on_recall)
        self.message = MessageLabel()
        self.empty_label = QLabel(_("No sale is parked."))
        self.empty_label.setStyleSheet(f"color: {GREY};")
        vbox(
            (self.table, 1),
            self.empty_label,
            self.message,
            key_help(_("Enter: recall the chosen sale  |  Del: drop it  |  Esc: back")),
            ok_cancel_buttons(self, _("Recall"), self.on_recall),
            parent=self,
        )
        fit_to_screen(self, (0.5, 0.6), (720, 420))
        self.refresh()

    def refresh(self) -> None:
        rows = parking.list_parked(self._db)
        self.model.set_rows(rows)
        self.empty_label.setVisible(not rows)
        if rows:
            self.table.selectRow(0)
        self.table.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not run_key(event, {Qt.Key.Key_Delete: self.on_drop, **on_enter(self.on_recall)}):
            super().keyPressEvent(event)

    @Slot()
    def on_recall(self) -> None:
        self.chosen = chosen_row(self.table, self.model)
        if self.chosen is None:
            self.message.say(_("No sale is parked."), ok=False)
            return
        self.accept()

    @Slot()
    def on_drop(self) -> None:
        parked = chosen_row(self.table, self.model)
        if parked is None:
            return
        question = _("Drop the parked sale “{label}” ({total})? The customer will not buy it.")
        if not self.ask_drop(
            question.format(label=parked.label, total=format_rupiah(parked.total))
        ):
            return
        try:
            parking.drop(self._db, self._actor, parked.id)
        except PosError as e:
            self.message.say(e.message, ok=False)
            self.refresh()
            return
        self.message.say(_("Dropped: {label}").format(label=parked.label), ok=True)
        self.refresh()

    def ask_drop(self, question: str) -> bool:
        """Tests answer this themselves."""
        return ask(self, _("Drop the parked sale"), question, _("Drop it"), _("Keep it"))
