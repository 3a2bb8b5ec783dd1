"""Clearing the cart, the oversell hint, the feedback after +/-, the shift state line."""

from PySide6.QtCore import Qt

from pos.services import shifts, stock
from pos.ui.cart_model import OVERSOLD_BACKGROUND
from pos.ui.sale_screen import SaleScreen

MUG = "SV-MUG-01"
TEMPE = "MK-TMP-01"


class Answers:
    """Stands in for the question boxes: records the questions, gives a fixed answer."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.questions: list[str] = []

    def __call__(self, question: str) -> bool:
        self.questions.append(question)
        return self.answer


def scan(qtbot, screen: SaleScreen, code: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(screen.scan_field, code)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Return)


def mug_on_hand(screen: SaleScreen) -> int:
    [(product_id, on_hand)] = stock.tracked_on_hand(
        screen._db, [screen.cart.lines[0].product_id]
    ).items()
    assert product_id == screen.cart.lines[0].product_id
    return on_hand


def test_esc_clears_the_cart_after_asking(qtbot, screen: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    scan(qtbot, screen, MUG)
    scan(qtbot, screen, TEMPE)
    screen.ask_clear_cart = Answers(False)  # type: ignore[method-assign]
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Escape)
    assert screen.ask_clear_cart.questions == [  # type: ignore[attr-defined]
        "Kosongkan keranjang (2 baris, Rp40.000)?"
    ]
    assert len(screen.cart.lines) == 2  # kept

    # A half-typed code is cleared first, without a question.
    qtbot.keyClicks(screen.scan_field, "SV-")
    screen.ask_clear_cart = Answers(True)  # type: ignore[method-assign]
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Escape)
    assert screen.scan_field.text() == "" and len(screen.cart.lines) == 2
    assert screen.ask_clear_cart.questions == []  # type: ignore[attr-defined]

    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Escape)
    assert screen.cart.is_empty() and screen.model.rowCount() == 0
    assert screen.total_label.text() == "Rp0"
    assert screen.message.text() == "Keranjang dikosongkan."
    assert screen.scan_field.hasFocus()


def test_esc_on_an_empty_cart_asks_nothing(qtbot, screen: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    screen.ask_clear_cart = Answers(True)  # type: ignore[method-assign]
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Escape)
    assert screen.ask_clear_cart.questions == []  # type: ignore[attr-defined]
    assert screen.message.text() == "Keranjang masih kosong."


def test_selling_past_stock_is_hinted_not_blocked(qtbot, screen: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    scan(qtbot, screen, MUG)
    on_hand = mug_on_hand(screen)
    assert on_hand >= 1
    assert screen.model.stock_left(screen.cart.lines[0]) is None
    assert "stok tinggal" not in screen.message.text()
    index = screen.model.index(0, 1)
    assert index.data(Qt.ItemDataRole.BackgroundRole) is None

    scan(qtbot, screen, f"{on_hand}*{MUG}")  # now one more than on hand
    assert screen.cart.lines[0].qty == on_hand + 1
    assert screen.message.text().endswith(f"stok tinggal {on_hand}")
    assert index.data(Qt.ItemDataRole.BackgroundRole) == OVERSOLD_BACKGROUND
    assert f"stok tinggal {on_hand}" in index.data(Qt.ItemDataRole.ToolTipRole)

    # Back within stock with '-': the hint goes, and the feedback line says the new quantity.
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Minus)
    assert screen.cart.lines[0].qty == on_hand
    assert screen.message.text().startswith(f"{on_hand} x Mug")
    assert "stok tinggal" not in screen.message.text()
    assert index.data(Qt.ItemDataRole.BackgroundRole) is None


def test_feedback_follows_plus_and_minus(qtbot, screen: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    scan(qtbot, screen, TEMPE)
    assert screen.message.text().startswith("1 x Tempe")
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Plus)
    assert screen.message.text().startswith("2 x Tempe")
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Plus)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_Minus)
    assert screen.message.text().startswith("2 x Tempe")


def test_shift_state_line(qtbot, screen: SaleScreen, cashier) -> None:  # type: ignore[no-untyped-def]
    text = screen.shift_label.text()
    assert (
        text.startswith("Shift #") and " dibuka " in text and text.endswith(f"oleh {cashier.name}")
    )
    assert screen.shift_label.is_open

    seen: list[bool] = []
    screen.shift_label.changed.connect(seen.append)
    shift = shifts.current_shift(screen._db)
    assert shift is not None
    shifts.close_shift(screen._db, cashier, total=shift.expected_cash)
    screen.shift_label.refresh()
    assert screen.shift_label.text().startswith("Shift ditutup")
    assert seen == [False] and not screen.shift_label.is_open


def test_closing_a_shift_with_an_unpaid_cart_asks(qtbot, screen: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    screen.ask_close_with_cart = Answers(False)  # type: ignore[method-assign]
    assert screen.confirm_close_shift()  # nothing on the cart: no question
    assert screen.ask_close_with_cart.questions == []  # type: ignore[attr-defined]
    scan(qtbot, screen, MUG)
    assert not screen.confirm_close_shift()
    [question] = screen.ask_close_with_cart.questions  # type: ignore[attr-defined]
    assert "belum dibayar (1 baris, Rp35.000)" in question


def test_main_window_offers_open_shift_only_without_one(  # type: ignore[no-untyped-def]
    qtbot, demo_db, cashier, tmp_path
) -> None:
    from pos.ui.main_window import MainWindow

    window = MainWindow(demo_db, cashier, tmp_path / "receipts")
    qtbot.addWidget(window)
    screen = window.sale_screen
    assert not window.open_shift_action.isEnabled()  # the fixture's shift is open

    # An unpaid cart: closing the shift asks first, and "no" opens no close dialog.
    assert screen.add_code(MUG)
    answers = Answers(False)
    screen.ask_close_with_cart = answers  # type: ignore[method-assign]
    opened: list[object] = []
    window._run = opened.append  # type: ignore[method-assign,assignment]
    window.on_close_shift()
    assert len(answers.questions) == 1 and opened == []
    answers.answer = True
    window.on_close_shift()
    assert len(opened) == 1

    shift = shifts.current_shift(demo_db)
    assert shift is not None
    shifts.close_shift(demo_db, cashier, total=shift.expected_cash)
    screen.shift_label.refresh()
    assert window.open_shift_action.isEnabled()
