"""The approval dialog and the discount dialogs, driven as a cashier and a supervisor would."""

import pytest
from dialog_helpers import when_dialog_opens
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from sqlalchemy import select

from pos.core.errors import PosError
from pos.core.pricing import AMOUNT, PERCENT
from pos.db.models import SaleLine
from pos.services import login
from pos.ui.approval_dialog import ApprovalDialog
from pos.ui.discount_dialog import DiscountDialog


def test_approval_dialog_keeps_asking_until_the_service_agrees(qtbot) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple[str | None, str]] = []

    def submit(pin: str | None, reason: str) -> str:
        calls.append((pin, reason))
        if pin != "2222":
            raise PosError("PIN salah.")
        return "ok"

    dialog = ApprovalDialog("Setujui", "Batalkan struk X", submit, reason="salah scan")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.on_ok()  # no PIN typed: not even sent
    assert calls == [] and "PIN" in dialog.error.text() and dialog.isVisible()
    qtbot.keyClicks(dialog.pin, "1111")
    dialog.on_ok()
    assert calls == [("1111", "salah scan")] and dialog.error.text() == "PIN salah."
    assert dialog.pin.text() == "" and dialog.isVisible()  # the wrong PIN is cleared
    qtbot.keyClicks(dialog.pin, "2222")
    with qtbot.waitSignal(dialog.approved):
        dialog.on_ok()
    assert dialog.result == "ok"


def test_approval_dialog_without_pin_for_who_may(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ApprovalDialog("OK", "Buka laci", lambda pin, reason: (pin, reason), needs_pin=False)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.pin.isVisible()
    qtbot.keyClicks(dialog.reason, "tukar uang")
    dialog.on_ok()
    assert dialog.result == (None, "tukar uang")


def test_discount_dialog_reads_percent_and_rupiah(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = DiscountDialog("Diskon", 65_000, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.value, "10")
    assert "Rp6.500" in dialog.preview.text() and "Rp58.500" in dialog.preview.text()
    dialog.on_ok()  # no reason yet
    assert dialog.discount is None and "alasan" in dialog.error.text().lower()
    qtbot.keyClicks(dialog.reason, "pelanggan tetap")
    dialog.on_ok()
    assert dialog.discount is not None
    assert (dialog.discount.kind, dialog.discount.value) == (PERCENT, 10)


@pytest.mark.parametrize(
    ("kind", "typed", "message"),
    [
        ("percent", "150", "100%"),
        ("rupiah", "70.000", "lebih dari"),
        ("percent", "abc", "bilangan"),
    ],
)
def test_discount_dialog_refuses_too_much(qtbot, kind: str, typed: str, message: str) -> None:  # type: ignore[no-untyped-def]
    dialog = DiscountDialog("Diskon", 65_000, None)
    qtbot.addWidget(dialog)
    dialog.show()
    (dialog.percent if kind == "percent" else dialog.rupiah).setChecked(True)
    qtbot.keyClicks(dialog.value, typed)
    qtbot.keyClicks(dialog.reason, "x")
    dialog.on_ok()
    assert dialog.discount is None and message in dialog.error.text()
    assert dialog.result() != QDialog.DialogCode.Accepted


def _fill_discount(kind: str, value: str, reason: str):  # type: ignore[no-untyped-def]
    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, DiscountDialog)
        (dialog.percent if kind == PERCENT else dialog.rupiah).setChecked(True)
        dialog.value.setText(value)
        dialog.reason.setText(reason)
        dialog.on_ok()

    return act


def test_f5_within_the_limit_and_over_it_with_a_supervisor(qtbot, screen, demo_db) -> None:  # type: ignore[no-untyped-def]
    screen.add_code("KK-NAS-500")
    screen.add_code("MK-TMP-01")
    screen.table.selectRow(1)
    when_dialog_opens(_fill_discount(AMOUNT, "500", "kemasan penyok"))
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_F5)
    assert screen.cart.lines[1].discount is not None and screen.cart.total == 69_500

    screen.table.selectRow(0)
    seen: list[str] = []

    def approve(dialog: QWidget) -> None:
        assert isinstance(dialog, ApprovalDialog)
        seen.append(dialog.windowTitle())
        assert dialog.reason.text() == "barang pajangan"  # carried over from the discount
        dialog.pin.setText("1111")  # Sari herself: not a supervisor
        dialog.on_ok()
        seen.append(dialog.error.text())
        dialog.pin.setText("2222")
        dialog.on_ok()

    def discount(dialog: QWidget) -> None:
        when_dialog_opens(approve, after=dialog)
        _fill_discount(PERCENT, "50", "barang pajangan")(dialog)

    when_dialog_opens(discount)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_F5)
    assert seen[0] == "Setujui diskon" and "sampai 10%" in seen[1]
    line = screen.cart.lines[0]
    assert line.discount is not None and line.discount_approved is not None
    assert line.discount_approved.approver == "Pak Joko"
    assert "diskon 50%" in screen.model.index(0, 1).data()
    assert "Rp33.000" in screen.count_label.text()  # 32.500 + 500 off
    assert login.guard_status(demo_db).failures == 0  # a right PIN of a cashier is no guess

    result = screen.complete_sale(100_000)
    assert result is not None and result.total == 32_500 + 4_500
    with demo_db.Session() as s:
        lines = s.execute(select(SaleLine).order_by(SaleLine.id)).scalars().all()
    assert [x.discount for x in lines] == [32_500, 500]
    assert lines[0].discount_approval_id == line.discount_approved.approval_id


def test_cancelled_approval_leaves_the_cart_alone(qtbot, screen) -> None:  # type: ignore[no-untyped-def]
    screen.add_code("KK-NAS-500")

    def discount(dialog: QWidget) -> None:
        when_dialog_opens(lambda approval: approval.reject(), after=dialog)
        _fill_discount(PERCENT, "30", "teman")(dialog)

    when_dialog_opens(discount)
    screen.on_line_discount()
    assert screen.cart.lines[0].discount is None and screen.cart.total == 65_000


def test_price_change_needs_a_supervisor(qtbot, screen, demo_db) -> None:  # type: ignore[no-untyped-def]
    from pos.ui.money_dialog import AmountDialog

    screen.add_code("MB-KRS-JTI")

    def approve(dialog: QWidget) -> None:
        assert isinstance(dialog, ApprovalDialog)
        dialog.reason.setText("nego, cacat kecil")
        dialog.pin.setText("2222")
        dialog.on_ok()

    def price(dialog: QWidget) -> None:
        assert isinstance(dialog, AmountDialog)
        when_dialog_opens(approve, after=dialog)
        dialog.field.setText("800.000")
        dialog.on_ok()

    when_dialog_opens(price)
    qtbot.keyClick(screen.scan_field, Qt.Key.Key_F5, Qt.KeyboardModifier.ControlModifier)
    line = screen.cart.lines[0]
    assert (line.unit_price, line.list_price) == (800_000, 850_000)
    assert screen.model.index(0, 3).data() == "*800.000"
    assert screen.complete_sale(800_000) is not None


def test_cashier_stock_adjustment_goes_through_the_approval_dialog(qtbot, demo_db, kasir) -> None:  # type: ignore[no-untyped-def]
    from pos.services import products, stock
    from pos.ui.stock_adjust import AdjustDialog

    tempe = products.product_id_by_sku(demo_db, "MK-TMP-01")
    before = stock.stock_on_hand(demo_db)[tempe]
    dialog = AdjustDialog(demo_db, kasir, tempe)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.qty_field.setText("-2")
    dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findData("rusak"))
    dialog.note_field.setText("jatuh dari rak")

    def approve(box: QWidget) -> None:
        assert isinstance(box, ApprovalDialog)
        assert box.reason.text() == "jatuh dari rak"
        box.pin.setText("2222")
        box.on_ok()

    when_dialog_opens(approve, after=dialog)
    dialog.on_save()
    assert dialog.doc_id is not None and dialog.result() == QDialog.DialogCode.Accepted
    assert stock.stock_on_hand(demo_db)[tempe] == before - 2
