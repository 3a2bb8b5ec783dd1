"""Notices that fade say what was saved; receiving warns of another workshop's goods; the
product form keeps still and gives new bundles their contents' cost."""

from PySide6.QtWidgets import QWidget

from pos.services import catalog
from pos.services.auth import supervisor_actor
from pos.ui.main_window import MainWindow
from pos.ui.notice import Notice, show_notice
from pos.ui.product_form import ProductFormDialog
from pos.ui.stock_receive import ReceiveDialog, ask_print_labels


def test_a_notice_shows_then_fades_away_by_itself(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(800, 500)
    window.show()
    notice = show_notice(window, "Tersimpan")
    assert notice.isVisible() and notice.text() == "Tersimpan"
    assert window.geometry().contains(notice.geometry().translated(window.pos()))
    second = show_notice(window, "Lagi")
    qtbot.waitUntil(lambda: window.findChildren(Notice) == [second], timeout=2_000)
    qtbot.waitUntil(lambda: not window.findChildren(Notice), timeout=15_000)


def test_cash_out_is_told_without_a_dialog(qtbot, monkeypatch, demo_db, cashier, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_db, cashier, tmp_path / "receipts")
    qtbot.addWidget(window)
    window.show()

    def run(dialog) -> bool:  # type: ignore[no-untyped-def]
        dialog.out_radio.setChecked(True)
        dialog.amount_field.set_amount(0)
        dialog.on_save()  # nothing in the drawer to take: refused, nothing told
        return False

    monkeypatch.setattr(window, "_run", run)
    window.on_cash_move()
    assert not window.findChildren(Notice)

    def run_in(dialog) -> bool:  # type: ignore[no-untyped-def]
        dialog.in_radio.setChecked(True)
        dialog.amount_field.set_amount(50_000)
        dialog.reason_field.setText("uang kecil")
        dialog.on_save()
        return dialog.result() == 1

    monkeypatch.setattr(window, "_run", run_in)
    window.on_cash_move()
    [notice] = window.findChildren(Notice)
    assert "Rp50.000" in notice.text() and "Kas masuk" in notice.text()


def test_receiving_another_workshops_goods_warns(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    dialog = ReceiveDialog(demo_db, supervisor_actor(demo_db))
    qtbot.addWidget(dialog)
    dialog.workshop_combo.setCurrentIndex(dialog.workshop_combo.findText("Rajut"))
    assert dialog.add_code("KK-NAS-500")  # Tata Boga's: still taken
    assert "Tata Boga" in dialog.message.text() and "Rajut" in dialog.message.text()
    assert "#b71c1c" in dialog.message.styleSheet()
    dialog.add_code("PK-PCI-RJT")
    assert "Tata Boga" not in dialog.message.text()


def test_receiving_says_what_was_saved(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    dialog = ReceiveDialog(demo_db, supervisor_actor(demo_db))
    qtbot.addWidget(dialog)
    dialog.add_code("3*KK-NAS-500")
    dialog.on_save()
    assert dialog.doc_id is not None and "3" in dialog.saved_text
    assert "Tata Boga" in dialog.saved_text


def test_generate_does_not_move_the_form(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    form = ProductFormDialog(demo_db, supervisor_actor(demo_db))
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    before = form.name_field.mapTo(form, form.name_field.rect().topLeft())
    form.on_generate()
    qtbot.wait(10)
    assert form.errors["barcode"].text()  # the new code is answered under the field
    assert form.name_field.mapTo(form, form.name_field.rect().topLeft()) == before


def test_a_new_bundle_takes_its_contents_cost_and_no_stock_of_its_own(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    form = ProductFormDialog(demo_db, supervisor_actor(demo_db))
    qtbot.addWidget(form)
    assert form.track_stock_check.isChecked()  # a plain new product tracks its stock
    nastar = catalog.find_by_code(demo_db, "KK-NAS-500")  # cost 38.000
    semprong = catalog.find_by_code(demo_db, "KK-SEM-01")  # cost 17.000
    form.bundle.qty_spin.setValue(2)
    form.bundle._add(nastar.id)
    form.bundle._add(semprong.id)
    assert not form.track_stock_check.isChecked()
    assert form.cost_field.amount() == 2 * 38_000 + 17_000
    # Set by hand, the cost is kept when the contents change.
    form.cost_field.setText("100.000")
    form.cost_field.textEdited.emit("100.000")
    form.bundle.model.remove(1)
    assert form.cost_field.amount() == 100_000


def test_labels_after_receiving_are_asked_in_the_apps_words(
    qtbot, monkeypatch, demo_db, cashier, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    window = MainWindow(demo_db, cashier, tmp_path / "receipts")
    qtbot.addWidget(window)
    seen: list[str] = []

    def answer(box: QMessageBox) -> int:
        seen.extend(b.text() for b in box.buttons())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    assert ask_print_labels(window) is False  # closed without a choice: no labels
    assert sorted(seen) == ["Cetak label", "Nanti saja"]


def test_a_stock_count_is_confirmed_in_the_apps_words(qtbot, monkeypatch, demo_db) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from pos.ui.stock_count import StockCountDialog

    dialog = StockCountDialog(demo_db, supervisor_actor(demo_db))
    qtbot.addWidget(dialog)
    dialog.count_code("2*KK-NAS-500")
    seen: list[str] = []

    def answer(box: QMessageBox) -> int:
        seen.extend(b.text() for b in box.buttons())
        seen.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    dialog.on_save_asked()  # closed without a choice: nothing booked
    assert dialog.differences is None
    assert seen[:2] == ["Simpan hitungan", "Lanjut menghitung"] and "1 produk" in seen[2]
