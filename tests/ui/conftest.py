import pytest

from pos.ui.sale_screen import SaleScreen


@pytest.fixture
def screen(qtbot, demo_db, cashier, tmp_path):  # type: ignore[no-untyped-def]
    widget = SaleScreen(demo_db, cashier, tmp_path / "receipts")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.scan_field.setFocus()
    return widget
