"""Ctrl+S parks the cart under a label, Ctrl+O recalls it from a list (Del drops one); the
counter is free for the next customer meanwhile, and a restart finds the parked sale again."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from test_sale_screen import cart_rows, scan, when_dialog_opens

from pos.services import audit_verify, parking, sales
from pos.ui.park_dialogs import ParkDialog, RecallDialog
from pos.ui.sale_screen import SaleScreen


def _park(qtbot, screen: SaleScreen, label: str | None) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ParkDialog)
        if label is not None:
            dialog.field.selectAll()
            qtbot.keyClicks(dialog.field, label)
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, fill)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def _recall(qtbot, screen: SaleScreen, row: int) -> None:  # type: ignore[no-untyped-def]
    def choose(dialog: QDialog) -> None:
        assert isinstance(dialog, RecallDialog)
        dialog.table.selectRow(row)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, choose)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)


def test_park_serve_the_next_then_recall(qtbot, screen: SaleScreen, tmp_path) -> None:  # type: ignore[no-untyped-def]
    scan(qtbot, screen, "8997700001012")  # Nastar Keju, Rp65.000
    scan(qtbot, screen, "MK-TMP-01")
    _park(qtbot, screen, "Ibu Ani")
    assert screen.cart.is_empty() and screen.model.rowCount() == 0
    assert "Ibu Ani" in screen.message.text()
    assert [p.label for p in parking.list_parked(screen._db)] == ["Ibu Ani"]
    assert screen.focusWidget() is screen.scan_field

    # The next customer pays meanwhile.
    scan(qtbot, screen, "SV-MUG-01")
    screen.complete_sale(35_000)
    # The first one comes back.
    _recall(qtbot, screen, 0)
    assert cart_rows(screen) == [("Nastar Keju Toples 500 gr", "1"), ("Tempe Papan", "1")]
    assert screen.total_label.text() == "Rp70.000"
    assert parking.list_parked(screen._db) == []
    assert sales.load_pending_cart(screen._db) == screen.cart  # on disk as the counter's cart
    result = screen.complete_sale(70_000)
    assert result is not None and result.total == 70_000


def test_enter_alone_parks_under_the_next_number(qtbot, screen: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    scan(qtbot, screen, "MK-TMP-01")
    _park(qtbot, screen, None)
    scan(qtbot, screen, "SV-MUG-01")
    _park(qtbot, screen, None)
    assert [p.label for p in parking.list_parked(screen._db)] == ["1", "2"]


def test_keys_refuse_what_makes_no_sense(qtbot, screen: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "nothing to park" in screen.message.text() or "tidak ada" in screen.message.text()
    scan(qtbot, screen, "MK-TMP-01")
    _park(qtbot, screen, "1")
    scan(qtbot, screen, "SV-MUG-01")
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert "Selesaikan atau parkir" in screen.message.text()  # no dialog: the cart stays
    assert cart_rows(screen) == [("Mug Sablon Logo Lapas", "1")]


def test_a_bad_label_keeps_the_dialog_open(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    dialog = ParkDialog("1", 65_000)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.field.setText("   ")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.label is None
    assert "nama atau nomor" in dialog.message.text()


def test_drop_from_the_list_is_audited(qtbot, screen: SaleScreen) -> None:  # type: ignore[no-untyped-def]
    scan(qtbot, screen, "MK-TMP-01")
    _park(qtbot, screen, "Pergi")
    dialog = RecallDialog(screen._db, screen.actor)
    qtbot.addWidget(dialog)
    dialog.ask_drop = lambda question: "Pergi" in question  # type: ignore[method-assign]
    dialog.show()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert dialog.model.rowCount() == 0 and dialog.empty_label.isVisibleTo(dialog)
    assert audit_verify.list_entries(screen._db)[-1].action == "parked_drop"


def test_a_new_screen_finds_the_parked_sales(qtbot, screen: SaleScreen, tmp_path) -> None:  # type: ignore[no-untyped-def]
    scan(qtbot, screen, "MK-TMP-01")
    _park(qtbot, screen, "Besok")
    again = SaleScreen(screen._db, screen.actor, tmp_path / "r2")
    qtbot.addWidget(again)
    assert again.cart.is_empty()
    assert again.recall_id(parking.list_parked(screen._db)[0].id, "Besok")
    assert cart_rows(again) == [("Tempe Papan", "1")]
