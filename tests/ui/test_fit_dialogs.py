"""Every dialog fits a 1024x600 screen: all its buttons inside, SKUs never cut."""

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QDialog, QWidget

# What a 1024x600 screen leaves for a window under its title bar and a taskbar.
ROOM = (1024, 600 - 40)


def _in_scroll_area(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea):
            return True  # reached by scrolling, like a table's header buttons
        parent = parent.parentWidget()
    return False


def assert_fits(qtbot, dialog: QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.resize(*ROOM)
    QApplication.processEvents()
    assert dialog.width() <= ROOM[0] and dialog.height() <= ROOM[1], dialog.size()
    buttons = [
        b
        for b in dialog.findChildren(QAbstractButton)
        if b.isVisibleTo(dialog) and not _in_scroll_area(b, dialog)
    ]
    for button in buttons:
        rect = QRect(button.mapTo(dialog, QPoint(0, 0)), button.size())
        assert dialog.rect().contains(rect), button.text()


def _dialogs(db, admin, cashier, tmp_path) -> dict[str, Callable[[], QDialog]]:  # type: ignore[no-untyped-def]
    from pos.services import catalog
    from pos.ui.books_dialog import BooksDialog
    from pos.ui.catalog_window import CatalogWindow
    from pos.ui.close_shift_dialog import CloseShiftDialog
    from pos.ui.export_dialog import ExportDialog
    from pos.ui.labels_dialog import LabelsDialog
    from pos.ui.low_stock import LowStockDialog
    from pos.ui.order_form import OrderFormDialog
    from pos.ui.orders_window import OrdersDialog
    from pos.ui.printer_settings import PrinterSettingsDialog
    from pos.ui.product_form import ProductFormDialog
    from pos.ui.quick_keys_dialog import QuickKeysDialog
    from pos.ui.receipt_printing import ReceiptPrinting
    from pos.ui.refund_screen import RefundScreen
    from pos.ui.reports_window import ReportsDialog
    from pos.ui.sales_history import SalesHistoryDialog
    from pos.ui.search_dialog import SearchDialog
    from pos.ui.shift_dialogs import CashMoveDialog, XReportDialog
    from pos.ui.stock_count import StockCountDialog
    from pos.ui.stock_history import StockHistoryDialog
    from pos.ui.stock_receive import ReceiveDialog
    from pos.ui.users_dialog import UsersDialog

    class NoDrives:
        def drives(self) -> list:  # type: ignore[type-arg]
            return []

    bundle = catalog.find_by_code(db, "HP-RMD-S").id
    return {
        "x report": lambda: XReportDialog(db),
        "cash move": lambda: CashMoveDialog(db, cashier),
        "close shift": lambda: CloseShiftDialog(db, cashier, tmp_path / "reports"),
        "labels": lambda: LabelsDialog(db, admin),
        "catalog": lambda: CatalogWindow(db, admin),
        "receiving": lambda: ReceiveDialog(db, admin),
        "stock count": lambda: StockCountDialog(db, admin),
        "new product": lambda: ProductFormDialog(db, admin),
        "bundle": lambda: ProductFormDialog(db, admin, bundle),
        "export": lambda: ExportDialog(db, cashier, date(2026, 1, 1), NoDrives()),
        "low stock": lambda: LowStockDialog(db),
        "quick keys": lambda: QuickKeysDialog(db, admin),
        "search": lambda: SearchDialog(db),
        "printers": lambda: PrinterSettingsDialog(db, admin, ReceiptPrinting(db, admin), queues=[]),
        "users": lambda: UsersDialog(db, admin),
        "sales history": lambda: SalesHistoryDialog(
            db, ReceiptPrinting(db, admin), date(2026, 1, 1)
        ),
        "void or return": lambda: RefundScreen(db, admin, tmp_path / "receipts"),
        "reports": lambda: ReportsDialog(db, admin),
        "books": lambda: BooksDialog(db, admin),
        "orders": lambda: OrdersDialog(db, admin),
        "new order": lambda: OrderFormDialog(db, admin, date(2026, 1, 1)),
        "stock history": lambda: StockHistoryDialog(db, bundle),
    }


NAMES = [
    "x report",
    "cash move",
    "close shift",
    "labels",
    "catalog",
    "receiving",
    "stock count",
    "new product",
    "bundle",
    "export",
    "low stock",
    "quick keys",
    "search",
    "printers",
    "users",
    "sales history",
    "void or return",
    "reports",
    "books",
    "orders",
    "new order",
    "stock history",
]


def _screen(monkeypatch, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    # fit_to_screen reads the screen through Python: the test's screen is whatever is set here.
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(0, 0, width, height))


@pytest.mark.parametrize("name", NAMES)
def test_the_dialog_fits_1024x600(
    qtbot, monkeypatch, demo_db, cashier, tmp_path, name: str
) -> None:  # type: ignore[no-untyped-def]
    from pos.services.auth import system_actor

    _screen(monkeypatch, *ROOM)
    dialog = _dialogs(demo_db, system_actor(demo_db), cashier, tmp_path)[name]()
    assert dialog.width() <= ROOM[0] and dialog.height() <= ROOM[1], dialog.size()
    assert_fits(qtbot, dialog)


@pytest.mark.parametrize("name", ["labels", "catalog", "receiving", "stock count", "x report"])
def test_the_dialog_uses_a_big_screen(
    qtbot, monkeypatch, demo_db, cashier, tmp_path, name: str
) -> None:  # type: ignore[no-untyped-def]
    from pos.services.auth import system_actor

    _screen(monkeypatch, 1920, 1080 - 40)
    dialog = _dialogs(demo_db, system_actor(demo_db), cashier, tmp_path)[name]()
    qtbot.addWidget(dialog)
    assert dialog.height() >= 800, dialog.size()


@pytest.mark.parametrize("name", ["receiving", "labels"])
def test_skus_added_later_are_not_cut(qtbot, demo_db, cashier, tmp_path, name: str) -> None:  # type: ignore[no-untyped-def]
    from pos.services.auth import system_actor

    dialog = _dialogs(demo_db, system_actor(demo_db), cashier, tmp_path)[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    for code in ("KK-NAS-500", "MK-TMP-DAUN"):
        assert dialog.add_code(code)  # type: ignore[attr-defined]
    QApplication.processEvents()
    table = dialog.table  # type: ignore[attr-defined]
    width = table.fontMetrics().horizontalAdvance("MK-TMP-DAUN")
    assert table.columnWidth(0) > width
