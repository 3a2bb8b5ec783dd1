"""The app's Restore menu: after restoring an older backup it says which numbers it carried
forward, and the next receipt is not one printed after the backup."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from pos.core.cart import Cart
from pos.services import backup, catalog, sales, shifts
from pos.services.setup import init_database
from pos.ui import main_window
from pos.ui.main_window import MainWindow


def _sell(db, who) -> str:  # type: ignore[no-untyped-def]
    product = catalog.find_by_code(db, "MK-TMP-01")
    cart = Cart()
    cart.add(product.id, product.sku, product.name, product.price)
    return sales.checkout_cash(db, who, cart, product.price).receipt_no


def test_the_restore_says_what_numbers_it_carried(
    qtbot, demo_db, admin, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    shifts.open_shift(demo_db, admin, 0)
    printed = [_sell(demo_db, admin)]
    older = backup.backup_to(demo_db, tmp_path / "pagi.db")
    printed += [_sell(demo_db, admin), _sell(demo_db, admin)]
    window = MainWindow(demo_db, admin, tmp_path / "receipts")
    qtbot.addWidget(window)
    told: list[str] = []
    monkeypatch.setattr(window, "_choose_backup", lambda: str(older))
    monkeypatch.setattr(
        main_window.QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes
    )
    monkeypatch.setattr(main_window, "show_info", lambda _parent, text: told.append(text))
    monkeypatch.setattr(main_window, "show_error", _no_error)

    window.on_restore()

    assert len(told) == 1 and "Nomor dilanjutkan" in told[0] and "1 → 3" in told[0]
    db = init_database(demo_db.path)
    try:
        assert _sell(db, admin) not in printed
    finally:
        db.close()


def _no_error(_parent: QWidget, error: Exception) -> None:
    raise AssertionError(error)
