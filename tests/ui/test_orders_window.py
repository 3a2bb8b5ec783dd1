"""The order screens through the keyboard: a 40-chair order taken with scan-to-add, a DP in
cash, an instalment by transfer, the rest, the pickup; each payment's kuitansi; the Z report
and the day's export show it."""

from pathlib import Path

import pytest
from dialog_helpers import when_dialog_opens as _when_dialog_opens
from pdfs import layout_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from pos.services import kuitansi, orders, settings, shifts
from pos.services.auth import Actor
from pos.services.export import export_day
from pos.services.order_data import list_orders
from pos.services.users import find_user
from pos.ui.money_dialog import AmountDialog
from pos.ui.order_form import OrderFormDialog
from pos.ui.orders_window import OrdersDialog
from pos.ui.split_payment_dialog import SplitPaymentDialog

FAILURES: list[BaseException] = []


def when_dialog_opens(action, after=None) -> None:  # type: ignore[no-untyped-def]
    """As dialog_helpers', but a failing action closes its dialog (the test goes on to fail)
    instead of leaving a modal loop waiting for ever."""

    def guarded(dialog: QWidget) -> None:
        try:
            action(dialog)
        except BaseException as e:
            FAILURES.append(e)
            dialog.close()

    _when_dialog_opens(guarded, after)


@pytest.fixture(autouse=True)
def _raise_dialog_failures():  # type: ignore[no-untyped-def]
    FAILURES.clear()
    yield
    if FAILURES:
        raise FAILURES[0]


@pytest.fixture
def sari(demo_db) -> Actor:  # type: ignore[no-untyped-def]
    user = find_user(demo_db, "Sari")
    actor = Actor(user.id, user.name, user.role)
    shifts.open_shift(demo_db, actor, 100_000)
    return actor


@pytest.fixture
def window(qtbot, demo_db, sari) -> OrdersDialog:  # type: ignore[no-untyped-def]
    dialog = OrdersDialog(demo_db, sari)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _take_order(qtbot, window: OrdersDialog) -> None:  # type: ignore[no-untyped-def]
    def fill(form: QWidget) -> None:
        assert isinstance(form, OrderFormDialog)
        qtbot.keyClicks(form.customer, "SD Negeri 3")
        qtbot.keyClicks(form.phone, "0812 3456 7890")
        form.channel.setCurrentIndex(form.channel.findData("whatsapp"))
        qtbot.keyClicks(form.scan, "40*MB-KRS-JTI")
        qtbot.keyClick(form.scan, Qt.Key.Key_Return)
        assert form.model.rowCount() == 1 and form.total_label.text() == "Total Rp34.000.000"
        form.on_save()  # Ctrl+S: modal dialogs in these tests are driven by their slots

    when_dialog_opens(fill, window)
    _key(qtbot, window, Qt.Key.Key_Insert)


def _key(qtbot, window: OrdersDialog, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    """A key of the order list, typed into its search field (the window active again)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.search, key)


def _pay(qtbot, window: OrdersDialog, amount: str, transfer: bool = False) -> None:  # type: ignore[no-untyped-def]
    def pay(dialog: QWidget) -> None:
        assert isinstance(dialog, SplitPaymentDialog)
        if transfer:
            dialog.on_add_payment("transfer")  # F6
            [line] = dialog.lines
            qtbot.keyClicks(line.reference_field, "TRX-77")
            qtbot.keyClicks(line.bank_field, "BRI")
            line.confirm_box.click()
        else:
            dialog.on_quick_cash(dialog.cash_due())
        qtbot.keyClick(dialog.amount_field, Qt.Key.Key_Return)

    def how_much(dialog: QWidget) -> None:
        assert isinstance(dialog, AmountDialog)
        dialog.field.setText(amount)
        when_dialog_opens(pay, dialog)
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)

    when_dialog_opens(how_much, window)
    _key(qtbot, window, Qt.Key.Key_F12)


def test_forty_chairs_through_the_screens(qtbot, window, demo_db, sari, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _take_order(qtbot, window)
    [order] = window.model._rows
    assert (order.customer, order.total, order.status) == ("SD Negeri 3", 34_000_000, "dipesan")
    assert "Rp34.000.000" in window.message.text()

    _pay(qtbot, window, "10.000.000")
    assert "Rp24.000.000" in window.message.text()
    _pay(qtbot, window, "14.000.000", transfer=True)
    _pay(qtbot, window, "10.000.000")
    view = orders.order_view(demo_db, order.order_no)
    assert (view.status, view.paid, view.balance) == ("dp", 34_000_000, 0)
    assert window.preview.page_count == 1  # the last kuitansi shows

    docs = sorted({p.doc_no for p in view.payments})
    assert len(docs) == 3
    words = ["Sepuluh juta rupiah", "Empat belas juta rupiah", "Sepuluh juta rupiah"]
    left = ["Rp24.000.000", "Rp10.000.000", "Rp0"]
    for doc, said, balance in zip(docs, words, left, strict=True):
        text = layout_text(kuitansi.kuitansi_pdf(demo_db, doc))
        assert f"Terbilang: {said}" in text and f"Sisa tagihan : {balance}" in text

    _key(qtbot, window, Qt.Key.Key_F9)
    assert "Diambil: struk" in window.message.text()
    assert window.model.rowCount() == 0  # open orders only: it is gone from the list
    window.open_only.setChecked(False)
    assert window.model.row_at(0).status == "diambil"

    summary = shifts.close_shift(demo_db, sari, total=20_100_000)
    assert summary.difference == 0 and summary.sales_total == 34_000_000
    assert summary.order_received == {"transfer": 14_000_000, "tunai": 20_000_000}
    stick = tmp_path / "stick"
    stick.mkdir()
    day = settings.stand_now(demo_db).date()
    result = export_day(demo_db, sari, day, stick)
    assert "order_payments.csv" in result.files and result.total == 34_000_000
    rows = (result.folder / "order_payments.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 4


def test_search_finds_by_phone_and_late_orders_are_marked(qtbot, window, demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, timedelta

    from pos.core.orders import OrderItem
    from pos.db.models_orders import Order

    due = settings.stand_now(demo_db).date() + timedelta(days=5)
    late = orders.new_order(demo_db, sari, "Bu Ani", due, [OrderItem(1, "MB-LMR-2P")], "0813999")
    orders.new_order(demo_db, sari, "Pak Budi", due, [OrderItem(1, "MB-MJA-TMU")])
    with demo_db.Session.begin() as s:
        s.execute(
            Order.__table__.update()
            .where(Order.order_no == late.order_no)
            .values(due=date(2020, 1, 2))
        )
    window.refresh()
    assert window.model.row_at(0).order_no == late.order_no
    assert "TERLAMBAT" in window.model.texts(window.model.row_at(0), 0)[0]
    qtbot.keyClicks(window.search, "0813")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert window.model.row_at(0).customer == "Bu Ani"


def test_bad_input_on_the_form_is_said_and_nothing_saved(qtbot, demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    form = OrderFormDialog(demo_db, sari, settings.stand_now(demo_db).date())
    qtbot.addWidget(form)
    form.on_save()
    assert "nama pelanggan" in form.message.text().lower()
    qtbot.keyClicks(form.scan, "TIDAK-ADA")
    qtbot.keyClick(form.scan, Qt.Key.Key_Return)
    assert form.model.rowCount() == 0 and form.message.text()
    qtbot.keyClicks(form.free_name, "Lemari custom")
    qtbot.keyClick(form.free_name, Qt.Key.Key_Return)
    assert form.model.rowCount() == 0 and "Rp0" in form.message.text()
    assert list_orders(demo_db) == []
