"""The stock dialogs driven as a supervisor would, checked against the ledger in the database."""

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox, QWidget

from pos.i18n import _
from pos.services import products, stock
from pos.services.auth import supervisor_actor
from pos.ui.low_stock import LowStockDialog
from pos.ui.quantity_lines import COL_QTY
from pos.ui.stock_adjust import AdjustDialog
from pos.ui.stock_count import COL_COUNTED, COL_DIFFERENCE, StockCountDialog
from pos.ui.stock_history import COL_REFERENCE, StockHistoryDialog
from pos.ui.stock_receive import ReceiveDialog
from pos.ui.widgets import RED, selected_row


@pytest.fixture
def boss(demo_db):  # type: ignore[no-untyped-def]
    return supervisor_actor(demo_db)


@pytest.fixture
def shown(qtbot) -> Callable[[QWidget], QWidget]:  # type: ignore[no-untyped-def]
    def show(widget: QWidget) -> QWidget:
        qtbot.addWidget(widget)
        widget.show()
        qtbot.waitExposed(widget)
        # F2, F4 and F12 are window shortcuts: they only work in the active window.
        widget.activateWindow()
        qtbot.waitUntil(widget.isActiveWindow)
        return widget

    return show


def pid(db, sku: str) -> int:  # type: ignore[no-untyped-def]
    return products.product_id_by_sku(db, sku)


def on_hand(db, sku: str) -> int:  # type: ignore[no-untyped-def]
    return stock.stock_on_hand(db).get(pid(db, sku), 0)


def scan(qtbot, field: QLineEdit, code: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(field, code)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def when_dialog_opens(action: Callable[[QWidget], None]) -> None:
    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, run)
            return
        action(dialog)

    QTimer.singleShot(0, run)


def answer_message(seen: list[str], button: QMessageBox.StandardButton) -> None:
    """Note the text of the next message box and press `button` in it."""

    def act(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.button(button).click()

    when_dialog_opens(act)


def rows(model) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


# --- receiving -------------------------------------------------------------------------------


def test_receive_by_scanning_books_exactly_what_was_listed(qtbot, shown, demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(ReceiveDialog(demo_db, boss))
    before = stock.total_movements(demo_db)
    scan(qtbot, dialog.scan_field, "8997700001012")  # Nastar Keju, 24 on hand
    scan(qtbot, dialog.scan_field, "8997700001012")
    scan(qtbot, dialog.scan_field, "MK-TMP-01")  # Tempe, no barcode, 60 on hand
    assert rows(dialog.model) == [
        ["KK-NAS-500", "Nastar Keju Toples 500 gr", "2"],
        ["MK-TMP-01", "Tempe Papan", "1"],
    ]
    # The first product told where the delivery came from.
    assert dialog.workshop_combo.currentText() == "Tata Boga"
    assert dialog.model.setData(dialog.model.index(1, COL_QTY), "40")
    assert "42" in dialog.total_label.text()
    # Enter in the scan field only adds: nothing was booked before Save.
    assert dialog.isVisible() and stock.total_movements(demo_db) == before
    dialog.note_field.setText("Kiriman pagi")

    qtbot.keyClick(dialog.scan_field, Qt.Key.Key_F12)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.doc_id is not None
    assert on_hand(demo_db, "KK-NAS-500") == 24 + 2
    assert on_hand(demo_db, "MK-TMP-01") == 60 + 40
    assert stock.total_movements(demo_db) == before + 2
    assert stock.received_lines(demo_db, dialog.doc_id) == [
        stock.StockLine(pid(demo_db, "KK-NAS-500"), 2),
        stock.StockLine(pid(demo_db, "MK-TMP-01"), 40),
    ]
    top = stock.history(demo_db, pid(demo_db, "MK-TMP-01"))[0]
    assert (top.kind, top.qty, top.reference, top.note) == (
        "receive",
        40,
        "Tata Boga",
        "Kiriman pagi",
    )


def test_receive_refuses_bad_quantities_and_saves_nothing(qtbot, shown, demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(ReceiveDialog(demo_db, boss))
    before = stock.stock_on_hand(demo_db)
    scan(qtbot, dialog.scan_field, "KK-NAS-500")
    for bad, told in (
        ("abc", "bukan jumlah"),
        ("0", "paling sedikit 1"),
        ("-5", "paling sedikit 1"),
    ):
        assert not dialog.model.setData(dialog.model.index(0, COL_QTY), bad)
        assert told in dialog.message.text(), bad
        assert dialog.model.lines[0].qty == 1
    # Typed into the table's editor, as a person would (F4, type, Enter).
    qtbot.keyClick(dialog.scan_field, Qt.Key.Key_F4)
    editor = dialog.table.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "dua")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: "'dua'" in dialog.message.text())
    assert dialog.model.lines[0].qty == 1
    assert dialog.scan_field.hasFocus()
    for bad in ("8997700001013", "0*KK-NAS-500", "KOPI-123", "x" * 300):
        scan(qtbot, dialog.scan_field, bad)
        assert dialog.model.lines[0].qty == 1 and dialog.message.text(), bad
    scan(qtbot, dialog.scan_field, "2000000000060")  # a hamper: its stock is not tracked
    assert "tidak dilacak" in dialog.message.text() and dialog.model.rowCount() == 1

    qtbot.keyClick(dialog.scan_field, Qt.Key.Key_Delete)  # removes the selected line
    assert dialog.model.rowCount() == 0
    seen: list[str] = []
    answer_message(seen, QMessageBox.StandardButton.Ok)
    dialog.on_save()
    assert seen == ["Tambahkan paling sedikit satu produk yang diterima."]
    assert dialog.isVisible() and dialog.doc_id is None
    assert stock.stock_on_hand(demo_db) == before


def test_receive_takes_two_escapes_to_throw_scans_away(qtbot, shown, demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(ReceiveDialog(demo_db, boss))
    scan(qtbot, dialog.scan_field, "12*MK-TMP-01")
    assert dialog.model.lines[0].qty == 12
    qtbot.keyClick(dialog.scan_field, Qt.Key.Key_Escape)
    assert dialog.isVisible() and "Esc" in dialog.message.text()
    scan(qtbot, dialog.scan_field, "MK-TMP-01")  # working on: the next Esc warns again
    qtbot.keyClick(dialog.scan_field, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.model.lines[0].qty == 13
    qtbot.keyClick(dialog.scan_field, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert on_hand(demo_db, "MK-TMP-01") == 60


def test_receive_search_by_name(qtbot, shown, demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(ReceiveDialog(demo_db, boss))

    def choose(search: QWidget) -> None:
        qtbot.keyClicks(search.field, "rehal uk")  # type: ignore[attr-defined]
        qtbot.keyClick(search.field, Qt.Key.Key_Return)  # type: ignore[attr-defined]

    when_dialog_opens(choose)
    qtbot.keyClick(dialog.scan_field, Qt.Key.Key_F2)
    assert rows(dialog.model) == [["KY-RHL-UKR", "Rehal Ukir Kaligrafi", "1"]]
    assert dialog.workshop_combo.currentText() == "Kerajinan Kayu"


# --- adjusting -------------------------------------------------------------------------------


def test_adjust_below_zero_with_a_reason(qtbot, shown, demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    lemari = pid(demo_db, "MB-LMR-3P")  # one in stock
    dialog = shown(AdjustDialog(demo_db, boss, lemari))
    assert dialog.stock_label.text().startswith("1 ")
    qtbot.keyClicks(dialog.qty_field, "-3")
    assert dialog.after_label.text().startswith(_("Stock after: {n}").format(n=-2))
    assert RED in dialog.after_label.styleSheet()
    dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findData("hilang"))
    assert dialog.reason_combo.currentText() == "Hilang"
    dialog.note_field.setText("dicek ulang")
    qtbot.keyClick(dialog.qty_field, Qt.Key.Key_Return)  # Save is the default button here

    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.doc_id is not None
    assert on_hand(demo_db, "MB-LMR-3P") == -2
    low = {r.sku: r for r in stock.low_stock(demo_db)}
    assert low["MB-LMR-3P"].stock == -2
    top = stock.history(demo_db, lemari)[0]
    assert (top.kind, top.qty, top.reference, top.note) == ("adjust", -3, "Hilang", "dicek ulang")


def test_adjust_bad_input_changes_nothing(qtbot, shown, demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(AdjustDialog(demo_db, boss, pid(demo_db, "KK-NAS-500")))
    before = stock.total_movements(demo_db)
    seen: list[str] = []
    for text in ("tiga", "0", "2.5", ""):
        dialog.qty_field.setText(text)
        assert dialog.after_label.text() == _("Stock after: —"), text
        if text:
            assert dialog.error_label.text(), text
        answer_message(seen, QMessageBox.StandardButton.Ok)
        dialog.on_save()
    assert "'tiga' bukan jumlah yang sah." in seen
    dialog.qty_field.setText("+5")
    assert dialog.after_label.text() == _("Stock after: {n}").format(n=29)
    answer_message(seen, QMessageBox.StandardButton.Ok)
    dialog.on_save()  # no reason chosen
    assert seen[-1] == "Pilih alasan: rusak, hilang, sampel atau koreksi."
    assert dialog.isVisible() and dialog.doc_id is None
    assert stock.total_movements(demo_db) == before


# --- counting --------------------------------------------------------------------------------


def test_count_books_exactly_the_differences(qtbot, shown, demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(StockCountDialog(demo_db, boss))
    before = stock.stock_on_hand(demo_db)
    for _i in range(3):
        scan(qtbot, dialog.scan_field, "8997700001012")  # each jar on the shelf, 24 on hand
    row = dialog.model.row_of(pid(demo_db, "KK-NAS-500"))
    assert dialog.model.index(row, COL_COUNTED).data() == "3"
    assert dialog.model.index(row, COL_DIFFERENCE).data() == "-21"
    assert [i.row() for i in dialog.table.selectionModel().selectedRows()] == [row]
    mug = dialog.model.row_of(pid(demo_db, "SV-MUG-01"))  # 24 on hand
    assert dialog.model.setData(dialog.model.index(mug, COL_COUNTED), "24")
    scan(qtbot, dialog.scan_field, "31*PK-PCI-HTM")  # 30 on hand
    assert dialog.model.counted == {
        pid(demo_db, "KK-NAS-500"): 3,
        pid(demo_db, "SV-MUG-01"): 24,
        pid(demo_db, "PK-PCI-HTM"): 31,
    }
    assert "-20" in dialog.status_label.text()

    asked: list[bool] = []
    dialog.confirm_save = lambda: asked.append(False) or False  # "Keep counting"
    qtbot.keyClick(dialog.scan_field, Qt.Key.Key_F12)
    assert asked == [False] and dialog.differences is None and not dialog.model.locked
    dialog.confirm_save = lambda: True
    qtbot.keyClick(dialog.scan_field, Qt.Key.Key_F12)
    assert dialog.differences is not None
    assert sorted((d.sku, d.difference) for d in dialog.differences) == [
        ("KK-NAS-500", -21),
        ("PK-PCI-HTM", 1),
        ("SV-MUG-01", 0),
    ]
    after = stock.stock_on_hand(demo_db)
    changed = {pid(demo_db, "KK-NAS-500"): 3, pid(demo_db, "PK-PCI-HTM"): 31}
    assert after == {**before, **changed}
    assert [r.kind for r in stock.history(demo_db, pid(demo_db, "SV-MUG-01"))] == ["opening"]
    # The summary, and the booked result shown with what differed first.
    assert dialog.status_label.text() == _(
        "Saved: {counted} products counted, {differed} differed, total difference {total}."
    ).format(counted=3, differed=2, total="-20")
    assert [r[0] for r in rows(dialog.model)] == ["KK-NAS-500", "PK-PCI-HTM", "SV-MUG-01"]
    assert not dialog.scan_field.isEnabled()
    dialog.on_save()  # nothing more is booked
    assert stock.stock_on_hand(demo_db) == after
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_count_bad_input_changes_nothing(qtbot, shown, demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(StockCountDialog(demo_db, boss))
    before = stock.total_movements(demo_db)
    index = dialog.model.index(dialog.model.row_of(pid(demo_db, "KK-NAS-500")), COL_COUNTED)
    for bad, told in (("abc", "bukan jumlah"), ("-1", "0 atau lebih"), ("1,5", "bukan jumlah")):
        assert not dialog.model.setData(index, bad)
        assert told in dialog.message.text(), bad
    assert dialog.model.counted == {}
    scan(qtbot, dialog.scan_field, "2000000000060")  # a hamper: its stock is not tracked
    assert "tidak dilacak" in dialog.message.text() and dialog.model.counted == {}
    seen: list[str] = []
    answer_message(seen, QMessageBox.StandardButton.Ok)
    dialog.on_save()
    assert seen == ["Isi paling sedikit satu jumlah hitungan."]
    assert dialog.model.setData(index, "0")  # an empty shelf is a count too
    assert dialog.model.setData(index, "")  # ... and emptying the cell takes it back
    assert dialog.model.counted == {}
    assert stock.total_movements(demo_db) == before


def test_count_keeps_counts_across_filters(qtbot, shown, demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(StockCountDialog(demo_db, boss))
    dialog.workshop_combo.setCurrentIndex(dialog.workshop_combo.findText("Meubeler"))
    assert {r[2] for r in rows(dialog.model)} == {"Meubeler"}
    scan(qtbot, dialog.scan_field, "2000000000145")  # Lemari 3 pintu, in this workshop
    scan(qtbot, dialog.scan_field, "KK-NAS-500")  # from another workshop: counted all the same
    assert dialog.model.row_of(pid(demo_db, "KK-NAS-500")) is None
    qtbot.keyClick(dialog.scan_field, Qt.Key.Key_Delete)  # clears the count of the selected row
    dialog.workshop_combo.setCurrentIndex(0)
    assert dialog.model.counted == {pid(demo_db, "KK-NAS-500"): 1}
    row = dialog.model.row_of(pid(demo_db, "KK-NAS-500"))
    assert dialog.model.index(row, COL_COUNTED).data() == "1"
    dialog.reject()  # leaving takes two Escapes, then books nothing
    assert dialog.isVisible() and "Esc" in dialog.message.text()
    dialog.reject()
    assert not dialog.isVisible()
    assert on_hand(demo_db, "KK-NAS-500") == 24


def test_count_search_then_type_the_count(qtbot, shown, demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    dialog = shown(StockCountDialog(demo_db, boss))
    dialog.category_combo.setCurrentIndex(dialog.category_combo.findText("Mebel"))

    def choose(search: QWidget) -> None:
        qtbot.keyClicks(search.field, "tempe papan")  # type: ignore[attr-defined]
        qtbot.keyClick(search.field, Qt.Key.Key_Return)  # type: ignore[attr-defined]

    when_dialog_opens(choose)
    qtbot.keyClick(dialog.scan_field, Qt.Key.Key_F2)
    # Not in the filtered list: the filter was reset and its count is being typed.
    assert dialog.category_combo.currentIndex() == 0
    editor = dialog.table.viewport().findChild(QLineEdit)
    # Where typing goes once the window is active again (offscreen, nothing reactivates it).
    assert editor is not None and dialog.focusWidget() is editor
    assert dialog.model.row_of(pid(demo_db, "MK-TMP-01")) == selected_row(dialog.table)
    qtbot.keyClicks(editor, "55")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    tempe = pid(demo_db, "MK-TMP-01")
    qtbot.waitUntil(lambda: dialog.model.counted == {tempe: 55})
    assert dialog.focusWidget() is dialog.scan_field
    dialog.on_save()
    assert on_hand(demo_db, "MK-TMP-01") == 55


# --- history and low stock -------------------------------------------------------------------


def test_history_shows_the_receipt_with_its_workshop(qtbot, shown, demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    nastar = pid(demo_db, "KK-NAS-500")
    bakery = next(w.id for w in products.workshops(demo_db) if w.name == "Tata Boga")
    stock.receive(demo_db, boss, bakery, [stock.StockLine(nastar, 12)], note="Kiriman pagi")
    stock.adjust(demo_db, boss, nastar, -1, "rusak")
    dialog = shown(StockHistoryDialog(demo_db, nastar))
    table = rows(dialog.model)
    assert [r[1:5] for r in table] == [
        [_("Adjustment"), "-1", "35", "Rusak"],
        [_("Received"), "+12", "36", "Tata Boga"],
        [_("Opening stock"), "+24", "24", ""],
    ]
    assert table[0][5] == ""  # the reason is the reference, not repeated as a note
    assert table[1][5:] == ["Kiriman pagi", boss.name]
    assert table[1][COL_REFERENCE] == "Tata Boga"
    assert "35" in dialog.stock_label.text()


def test_low_stock_lists_negative_stock_in_red(qtbot, shown, demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    stock.adjust(demo_db, boss, pid(demo_db, "MB-LMR-3P"), -3, "hilang")
    dialog = shown(LowStockDialog(demo_db))
    table = rows(dialog.model)
    assert table[0][:4] == ["MB-LMR-3P", "Lemari Pakaian 3 Pintu Ukir", "Meubeler", "-2"]
    assert {r[0] for r in table} == {r.sku for r in stock.low_stock(demo_db)}
    assert dialog.model.index(0, 3).data(Qt.ItemDataRole.ForegroundRole) == QColor(RED)
    assert dialog.model.index(1, 3).data(Qt.ItemDataRole.ForegroundRole) is None

    def close(history: QWidget) -> None:
        assert isinstance(history, StockHistoryDialog)
        assert rows(history.model)[0][3] == "-2"
        history.reject()

    when_dialog_opens(close)
    dialog.on_double_clicked(dialog.model.index(0, 1))
