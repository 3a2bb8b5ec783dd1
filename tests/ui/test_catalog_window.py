"""The supervisor's catalog screen, the product form and the names dialog, on the demo catalog."""

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from pos.core.barcodes import is_valid_gs1
from pos.core.errors import NotFound, UnknownProduct
from pos.i18n import _
from pos.services import catalog, products
from pos.services.auth import supervisor_actor
from pos.ui.catalog_model import COL_SKU, COMP_QTY
from pos.ui.catalog_window import CatalogWindow, ImportProblemsDialog
from pos.ui.import_dialogs import ImportPreviewDialog
from pos.ui.names_dialog import NamesDialog
from pos.ui.product_form import ProductFormDialog


@pytest.fixture
def boss(demo_db):  # type: ignore[no-untyped-def]
    return supervisor_actor(demo_db)


@pytest.fixture
def window(qtbot, demo_db, boss):  # type: ignore[no-untyped-def]
    widget = CatalogWindow(demo_db, boss)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def form(qtbot, demo_db, boss):  # type: ignore[no-untyped-def]
    dialog = ProductFormDialog(demo_db, boss)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def when_dialog_opens(action: Callable[[QDialog], None]) -> None:
    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, run)
            return
        try:
            action(dialog)  # type: ignore[arg-type]
        finally:
            if dialog.isVisible():
                dialog.reject()  # type: ignore[attr-defined]

    QTimer.singleShot(0, run)


def skus(window: CatalogWindow) -> list[str]:
    model = window.model
    return [model.index(r, COL_SKU).data() for r in range(model.rowCount())]


def fill(qtbot, form: ProductFormDialog, sku: str, name: str, price: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(form.sku_field, sku)
    qtbot.keyClicks(form.name_field, name)
    qtbot.keyClicks(form.price_field, price)


def stock_of(db, sku: str) -> int:  # type: ignore[no-untyped-def]
    return products.get_product(db, products.product_id_by_sku(db, sku)).stock


def test_filter_narrows_as_you_type(qtbot, window: CatalogWindow, demo_db) -> None:  # type: ignore[no-untyped-def]
    assert len(skus(window)) == catalog.product_count(demo_db)
    qtbot.keyClicks(window.filter_field, "nastar")
    expected = {p.sku for p in catalog.search(demo_db, "nastar", include_inactive=True)}
    assert set(skus(window)) == expected and 1 < len(expected) < catalog.product_count(demo_db)
    qtbot.keyClicks(window.filter_field, " keju")
    assert skus(window) == ["KK-NAS-500"]
    qtbot.keyClicks(window.filter_field, " zzz")
    assert skus(window) == [] and not window.edit_button.isEnabled()


def test_add_a_product_through_the_form(qtbot, window: CatalogWindow, demo_db) -> None:  # type: ignore[no-untyped-def]
    def add(dialog: QDialog) -> None:
        assert isinstance(dialog, ProductFormDialog)
        fill(qtbot, dialog, "ky-kot-01", "Kotak Perhiasan Kayu", "120.000")
        qtbot.keyClicks(dialog.cost_field, "70000")
        dialog.category_combo.setCurrentText("Kerajinan Kayu")
        dialog.workshop_combo.setCurrentText("Kerajinan Kayu")
        qtbot.keyClicks(dialog.pirt_field, "P-IRT 123")
        dialog.low_stock_spin.setValue(2)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    before = catalog.product_count(demo_db)
    when_dialog_opens(add)
    qtbot.mouseClick(window.add_button, Qt.MouseButton.LeftButton)
    [found] = catalog.search(demo_db, "perhiasan")
    assert (found.sku, found.price, found.category) == ("KY-KOT-01", 120_000, "Kerajinan Kayu")
    detail = products.get_product(demo_db, found.id).fields
    assert (detail.cost, detail.low_stock, detail.pirt) == (70_000, 2, "P-IRT 123")
    assert catalog.product_count(demo_db) == before + 1
    assert window.selected() is not None and window.selected().id == found.id  # type: ignore[union-attr]


def test_bad_price_and_duplicate_barcode_keep_the_form_open(qtbot, form, demo_db) -> None:  # type: ignore[no-untyped-def]
    fill(qtbot, form, "KY-KOT-02", "Kotak Kayu", "enam puluh")
    qtbot.keyClicks(form.barcode_field, "8997700001013")  # Nastar Keju's code, last digit wrong
    qtbot.keyClick(form.barcode_field, Qt.Key.Key_Return)
    assert form.isVisible() and "Digit pemeriksa" in form.errors["barcode"].text()
    form.barcode_field.clear()
    qtbot.keyClicks(form.barcode_field, "8997700001012")
    qtbot.keyClick(form.barcode_field, Qt.Key.Key_Return)
    assert form.isVisible() and "Nastar Keju Toples 500 gr" in form.errors["barcode"].text()
    form.save_button.click()
    assert "bukan nominal rupiah" in form.errors["price"].text()
    form.price_field.setText("60000")
    form.save_button.click()
    assert form.isVisible() and form.saved_id is None
    assert "Nastar Keju Toples 500 gr" in form.errors["barcode"].text()
    assert form.errors["price"].text() == ""
    with pytest.raises(NotFound):
        products.product_id_by_sku(demo_db, "KY-KOT-02")


def test_generate_gives_an_unused_in_store_ean13(qtbot, form, demo_db) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(form.generate_button, Qt.MouseButton.LeftButton)
    code = form.barcode_field.text()
    assert len(code) == 13 and code.startswith("20") and is_valid_gs1(code)
    with pytest.raises(UnknownProduct):
        catalog.find_by_code(demo_db, code)
    assert "EAN-13" in form.errors["barcode"].text()
    fill(qtbot, form, "KY-KOT-03", "Kotak Tisu Ukir", "45000")
    form.save_button.click()
    assert form.result() == QDialog.DialogCode.Accepted and form.saved_id is not None
    assert catalog.find_by_code(demo_db, code).sku == "KY-KOT-03"


def test_editing_a_bundle_shows_how_many_can_be_made(qtbot, window: CatalogWindow, demo_db) -> None:  # type: ignore[no-untyped-def]
    nastar, semprong = stock_of(demo_db, "KK-NAS-500"), stock_of(demo_db, "KK-SEM-01")
    expected = min(nastar // 3, semprong)
    assert expected > 0

    def edit(dialog: QDialog) -> None:
        assert isinstance(dialog, ProductFormDialog)
        bundle = dialog.bundle
        while bundle.model.rowCount():
            bundle.table.selectRow(0)
            bundle.on_remove()
        bundle.qty_spin.setValue(2)
        qtbot.keyClicks(bundle.code_field, "KK-NAS-500")
        qtbot.keyClick(bundle.code_field, Qt.Key.Key_Return)
        qtbot.keyClicks(bundle.code_field, "8997700001036")  # Semprong's barcode, scanned
        qtbot.keyClick(bundle.code_field, Qt.Key.Key_Return)
        assert dialog.isVisible()
        assert str(min(nastar // 2, semprong)) in bundle.buildable_label.text()
        bundle.model.setData(bundle.model.index(0, COMP_QTY), 3)  # as the qty spin box does
        assert str(expected) in bundle.buildable_label.text()
        qtbot.keyClicks(bundle.code_field, "TIDAK-ADA")
        qtbot.keyClick(bundle.code_field, Qt.Key.Key_Return)
        assert "TIDAK-ADA" in bundle.error.text() and bundle.model.rowCount() == 2
        dialog.save_button.click()

    qtbot.keyClicks(window.filter_field, "HP-RMD-S")
    assert skus(window) == ["HP-RMD-S"]
    when_dialog_opens(edit)
    qtbot.keyClick(window.filter_field, Qt.Key.Key_Return)
    detail = products.get_product(demo_db, products.product_id_by_sku(demo_db, "HP-RMD-S"))
    assert detail.fields.components == (("KK-NAS-500", 3), ("KK-SEM-01", 1))
    assert detail.buildable == expected


def test_deactivate_greys_the_row_and_stops_its_sale(qtbot, window: CatalogWindow, demo_db) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.filter_field, "asbak")
    assert skus(window) == ["KY-ASB-01"]
    assert window.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    qtbot.mouseClick(window.active_button, Qt.MouseButton.LeftButton)
    assert window.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert window.active_button.text() == _("Activate")
    with pytest.raises(UnknownProduct, match="tidak dijual"):
        catalog.find_by_code(demo_db, "KY-ASB-01")
    assert catalog.product_count(demo_db) == len(catalog.search(demo_db, "", 500, True))
    qtbot.mouseClick(window.active_button, Qt.MouseButton.LeftButton)
    assert catalog.find_by_code(demo_db, "KY-ASB-01").name == "Asbak Kayu Ukir"


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


def test_import_with_a_bad_row_changes_nothing(
    qtbot, window, demo_db, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(
        tmp_path / "katalog.csv",
        [
            ["sku", "name", "price"],
            ["KK-NAS-500", "Nastar Keju Spesial", "70000"],
            ["KY-BARU-01", "Kotak Baru", "seratus"],
            ["KY-BARU-02", "Kotak Lain", "50000"],
        ],
    )
    monkeypatch.setattr(window, "_choose_import_path", lambda: path)
    before = catalog.product_count(demo_db)
    shown: list[str] = []

    def read(dialog: QDialog) -> None:
        assert isinstance(dialog, ImportProblemsDialog)
        shown.append(dialog.text.toPlainText())

    when_dialog_opens(read)
    qtbot.mouseClick(window.import_button, Qt.MouseButton.LeftButton)
    assert "Baris 3, kolom price" in shown[0] and "seratus" in shown[0]
    assert catalog.product_count(demo_db) == before
    assert catalog.find_by_code(demo_db, "KK-NAS-500").name == "Nastar Keju Toples 500 gr"
    with pytest.raises(NotFound):
        products.product_id_by_sku(demo_db, "KY-BARU-02")


def test_import_offers_to_create_unknown_names(
    qtbot, window, demo_db, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(
        tmp_path / "katalog.csv",
        [
            ["sku", "name", "price", "category", "workshop"],
            ["LS-PGR-01", "Pagar Besi", "900000", "Besi", "Las"],
        ],
    )
    monkeypatch.setattr(window, "_choose_import_path", lambda: path)
    asked: list[str] = []

    def yes(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    previews: list[str] = []

    def accept(dialog: QDialog) -> None:
        assert isinstance(dialog, ImportPreviewDialog)
        previews.append(dialog.text.toPlainText())
        dialog.import_button.click()

    when_dialog_opens(accept)
    qtbot.mouseClick(window.import_button, Qt.MouseButton.LeftButton)
    assert previews[0].startswith("Baris 2, LS-PGR-01: produk baru: Nama Pagar Besi")
    assert "Las" in asked[0] and "Besi" in asked[0]
    assert "Las" in [w.name for w in products.workshops(demo_db)]
    fields = products.get_product(demo_db, products.product_id_by_sku(demo_db, "LS-PGR-01")).fields
    assert (fields.category, fields.workshop) == ("Besi", "Las")
    assert "LS-PGR-01" in skus(window)


def test_export_writes_every_product(qtbot, window, demo_db, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "keluar.csv"
    monkeypatch.setattr(window, "_choose_export_path", lambda: target)
    qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == catalog.product_count(demo_db) + 1 and rows[0][0] == "sku"
    assert str(target) in window.message.text()


def test_new_category_in_the_form_is_created_on_yes(qtbot, form, demo_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    fill(qtbot, form, "SV-GLS-01", "Gelas Sablon", "25000")
    form.category_combo.setCurrentText("Souvenir Baru")
    form.save_button.click()
    assert form.isVisible() and "Souvenir Baru" in form.errors["category"].text()
    assert "Souvenir Baru" not in [c.name for c in products.categories(demo_db)]
    form.save_button.click()
    assert form.saved_id is not None and not form.isVisible()
    assert products.get_product(demo_db, form.saved_id).fields.category == "Souvenir Baru"


def test_names_dialog_adds_and_renames(qtbot, demo_db, boss) -> None:  # type: ignore[no-untyped-def]
    dialog = NamesDialog(demo_db, boss)
    qtbot.addWidget(dialog)
    page = dialog.workshops
    qtbot.keyClicks(page.name_field, "Sablon  Kaos")
    qtbot.keyClick(page.name_field, Qt.Key.Key_Return)
    assert "Sablon Kaos" in [w.name for w in products.workshops(demo_db)]
    assert page.selected() is not None and page.selected().name == "Sablon Kaos"  # type: ignore[union-attr]
    page.name_field.setText("Sablon Kain")
    page.rename_button.click()
    names = [w.name for w in products.workshops(demo_db)]
    assert "Sablon Kain" in names and "Sablon Kaos" not in names


def test_import_shows_every_change_before_writing(
    qtbot, window, demo_db, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "harga.csv", [["kode", "harga"], ["HP-RMD-L", "425.000"]])
    monkeypatch.setattr(window, "_choose_import_path", lambda: path)
    shown: list[str] = []

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, ImportPreviewDialog)
        shown.append(f"{dialog.summary.text()}|{dialog.text.toPlainText()}")

    when_dialog_opens(cancel)  # closed without Import: nothing is written
    qtbot.mouseClick(window.import_button, Qt.MouseButton.LeftButton)
    assert shown == [
        "0 akan ditambahkan, 1 akan diperbarui, 0 tidak berubah. Impor?|"
        "Baris 2, HP-RMD-L: diperbarui: Harga Rp400.000 -> Rp425.000"
    ]
    assert catalog.find_by_code(demo_db, "HP-RMD-L").price == 400_000
    assert window.message.text() == "Tidak ada yang diimpor."

    def accept(dialog: QDialog) -> None:
        dialog.import_button.click()  # type: ignore[attr-defined]

    when_dialog_opens(accept)
    qtbot.mouseClick(window.import_button, Qt.MouseButton.LeftButton)
    assert catalog.find_by_code(demo_db, "HP-RMD-L").price == 425_000
    assert "1 diperbarui" in window.message.text()

    qtbot.mouseClick(window.import_button, Qt.MouseButton.LeftButton)  # the same file again
    assert (
        window.message.text() == "Tidak ada yang perlu diubah: semua 1 baris sama dengan katalog."
    )


def test_names_dialog_shows_a_refused_name_and_keeps_the_list(
    qtbot, demo_db, boss, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from pos.ui import actions

    shown: list[str] = []
    monkeypatch.setattr(actions, "show_error", lambda _parent, e: shown.append(e.message))
    dialog = NamesDialog(demo_db, boss)
    qtbot.addWidget(dialog)
    page = dialog.workshops
    before = [w.name for w in products.workshops(demo_db)]
    page.name_field.setText("   ")
    page.on_add()
    page.table.selectRow(0)
    page.name_field.setText(before[1])  # another workshop's name
    page.rename_button.click()
    assert len(shown) == 2 and [w.name for w in products.workshops(demo_db)] == before
