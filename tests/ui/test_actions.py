"""The slot decorators: act on the chosen row, show or say a service's refusal."""

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QPushButton, QWidget

from pos.core.errors import PosError
from pos.i18n import N_
from pos.ui import actions
from pos.ui.actions import on_chosen_row, says_refusal, shows_refusal
from pos.ui.widgets import RED, MessageLabel, RowsTableModel, make_table


class NamesModel(RowsTableModel[str]):
    HEADERS = (N_("Product"),)

    def texts(self, row: str, number: int) -> tuple[str, ...]:
        return (row,)


class Screen(QWidget):
    """A screen with a table, a message line and a service that refuses "Kopi"."""

    def __init__(self) -> None:
        super().__init__()
        self.model = NamesModel()
        self.model.set_rows(["Tempe", "Kopi"])
        self.table = make_table(self.model, 0)
        self.table.setParent(self)
        self.message = MessageLabel(self)
        self.sold: list[str] = []
        self.button = QPushButton(self)
        self.button.clicked.connect(self.on_sell)

    def sell(self, name: str) -> None:
        if name == "Kopi":
            raise PosError(f"{name} is sold out.")
        self.sold.append(name)

    @Slot()
    @on_chosen_row
    @says_refusal
    def on_sell(self, name: str) -> None:
        self.sell(name)
        self.message.say(f"{name} sold.", ok=True)

    @Slot()
    @shows_refusal
    def on_sell_coffee(self) -> None:
        self.sell("Kopi")
        self.sold.append("never reached")


def test_a_row_action_runs_on_the_chosen_row_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    screen = Screen()
    qtbot.addWidget(screen)
    screen.table.clearSelection()
    screen.button.click()
    assert screen.sold == [] and screen.message.text() == ""
    screen.table.selectRow(0)
    screen.button.click()
    assert screen.sold == ["Tempe"] and screen.message.text() == "Tempe sold."


def test_a_refusal_is_said_in_red_and_stops_the_slot(qtbot) -> None:  # type: ignore[no-untyped-def]
    screen = Screen()
    qtbot.addWidget(screen)
    screen.table.selectRow(1)
    screen.button.click()
    assert screen.sold == [] and screen.message.text() == "Kopi is sold out."
    assert RED in screen.message.styleSheet()


def test_a_refusal_is_shown_in_a_box_and_stops_the_slot(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[tuple[QWidget, str]] = []
    monkeypatch.setattr(actions, "show_error", lambda parent, e: shown.append((parent, e.message)))
    screen = Screen()
    qtbot.addWidget(screen)
    screen.on_sell_coffee()
    assert shown == [(screen, "Kopi is sold out.")] and screen.sold == []
