"""The product form's price and cost: dots as typed, and a scanned code is no price."""

import pytest
from PySide6.QtWidgets import QDialog
from timed_keys import scan, type_keys

from pos.core.errors import NotFound
from pos.i18n import set_language
from pos.services import products
from pos.services.auth import supervisor_actor
from pos.ui.product_form import ProductFormDialog


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


@pytest.fixture
def form(qtbot, demo_db):  # type: ignore[no-untyped-def]
    dialog = ProductFormDialog(demo_db, supervisor_actor(demo_db))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_price_and_cost_show_dots_and_save_as_typed(qtbot, form, demo_db) -> None:  # type: ignore[no-untyped-def]
    type_keys(form.sku_field, "KY-BRU-01")
    type_keys(form.name_field, "Burung Kayu")
    type_keys(form.price_field, "1250000")
    type_keys(form.cost_field, "800000")
    assert (form.price_field.text(), form.cost_field.text()) == ("1.250.000", "800.000")
    form.on_save()
    assert form.result() == QDialog.DialogCode.Accepted
    saved = products.get_product(demo_db, products.product_id_by_sku(demo_db, "KY-BRU-01"))
    assert (saved.fields.price, saved.fields.cost) == (1_250_000, 800_000)


def test_a_price_loaded_for_editing_shows_dots(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    product_id = products.product_id_by_sku(demo_db, "MB-BUF-01")
    dialog = ProductFormDialog(demo_db, supervisor_actor(demo_db), product_id)
    qtbot.addWidget(dialog)
    assert dialog.price_field.text() == "13.000.000"


def test_a_scan_into_the_price_is_refused(qtbot, form, demo_db) -> None:  # type: ignore[no-untyped-def]
    type_keys(form.sku_field, "KY-BRU-02")
    type_keys(form.name_field, "Burung Kayu Kecil")
    form.price_field.setFocus()
    scan(form.price_field, "96385074")  # the form stays open: the Enter is not "Save"
    assert form.isVisible() and form.result() != QDialog.DialogCode.Accepted
    assert "barcode scanner" in form.errors["price"].text()
    form.on_save()
    assert form.result() != QDialog.DialogCode.Accepted
    with pytest.raises(NotFound):
        products.product_id_by_sku(demo_db, "KY-BRU-02")
