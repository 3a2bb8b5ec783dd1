"""The void and return screen: find by scanning or typing, void, take back part, slips kept."""

from dialog_helpers import when_dialog_opens
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from pos.services import receipts, refunds, shifts
from pos.ui.approval_dialog import ApprovalDialog
from pos.ui.refund_screen import COL_DAMAGED, COL_QTY, RefundScreen


def _screen(qtbot, db, who, tmp_path):  # type: ignore[no-untyped-def]
    widget = RefundScreen(db, who, tmp_path / "receipts")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _find(qtbot, widget, code: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(widget.code_field, code)
    qtbot.keyClick(widget.code_field, Qt.Key.Key_Return)


def _approve(reason: str, pin: str = "2222"):  # type: ignore[no-untyped-def]
    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, ApprovalDialog)
        dialog.reason.setText(reason)
        dialog.pin.setText(pin)
        dialog.on_ok()

    return act


def test_unknown_and_hostile_codes_only_say_so(qtbot, demo_db, cashier, tmp_path) -> None:  # type: ignore[no-untyped-def]
    widget = _screen(qtbot, demo_db, cashier, tmp_path)
    for code in ("DEMO-20990101-0001", "'; DROP TABLE sales; --"):
        _find(qtbot, widget, code)
        assert "tidak ada" in widget.message.text() and widget.sale is None
    assert not widget.void_button.isEnabled() and not widget.refund_button.isEnabled()


def test_void_by_scanning_the_receipt(qtbot, screen, demo_db, cashier, tmp_path) -> None:  # type: ignore[no-untyped-def]
    screen.add_code("KK-NAS-500")
    sale = screen.complete_sale(100_000)
    assert sale is not None
    widget = _screen(qtbot, demo_db, cashier, tmp_path)
    _find(qtbot, widget, sale.receipt_no)
    assert sale.receipt_no in widget.heading.text() and widget.void_button.isEnabled()
    when_dialog_opens(_approve("pelanggan batal"))
    with qtbot.waitSignal(widget.done_one) as done:
        widget.on_void()
    result = done.args[0]
    assert result.refund_no.startswith("DEMO-V") and "DIBATALKAN" in widget.heading.text()
    assert not widget.void_button.isEnabled() and not widget.refund_button.isEnabled()
    assert receipts.archive_path(tmp_path / "receipts", result.refund_no).exists()
    summary = shifts.current_shift(demo_db)
    assert summary is not None and summary.voids_count == 1 and summary.sales_count == 0


def test_partial_return_with_a_damaged_unit(qtbot, screen, demo_db, cashier, tmp_path) -> None:  # type: ignore[no-untyped-def]
    screen.add_code("3*KK-NAS-500")
    sale = screen.complete_sale(200_000)
    assert sale is not None
    widget = _screen(qtbot, demo_db, cashier, tmp_path)
    short = sale.receipt_no.split("-", 1)[1].replace("-", "")  # a 58 mm receipt's barcode
    _find(qtbot, widget, short)
    assert widget.sale is not None and widget.sale.receipt_no == sale.receipt_no
    model = widget.model
    assert model.setData(model.index(0, COL_QTY), "5")  # capped at what was sold
    assert model.index(0, COL_QTY).data() == "3"
    assert model.setData(model.index(0, COL_QTY), "1")
    assert model.setData(
        model.index(0, COL_DAMAGED), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    widget.method.setCurrentIndex(widget.method.findData("tunai"))

    seen: list[str] = []

    def wrong_then_right(dialog: QWidget) -> None:
        assert isinstance(dialog, ApprovalDialog)
        dialog.reason.setText("toples retak")
        dialog.pin.setText("0000")
        dialog.on_ok()
        seen.append(dialog.error.text())
        dialog.pin.setText("2222")
        dialog.on_ok()

    when_dialog_opens(wrong_then_right)
    with qtbot.waitSignal(widget.done_one) as done:
        widget.on_refund()
    assert "salah" in seen[0].lower()
    result = done.args[0]
    assert (result.total, result.method) == (65_000, "tunai")
    assert "RETUR SEBAGIAN" in widget.heading.text() and result.refund_no in widget.heading.text()
    assert widget.model.index(0, 2).data() == "1"  # one came back already
    assert refunds.find_sale(demo_db, sale.receipt_no).lines[0].returnable == 2
    assert receipts.archive_path(tmp_path / "receipts", result.refund_no).exists()


def test_refund_by_transfer_asks_for_the_reference_first(
    qtbot, screen, demo_db, cashier, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    screen.add_code("MK-TMP-01")
    sale = screen.complete_sale(5_000)
    assert sale is not None
    widget = _screen(qtbot, demo_db, cashier, tmp_path)
    _find(qtbot, widget, sale.receipt_no)
    widget.model.setData(widget.model.index(0, COL_QTY), "1")
    widget.method.setCurrentIndex(widget.method.findData("transfer"))
    widget.on_refund()  # no approval asked: the reference is missing
    assert "referensi" in widget.message.text()
