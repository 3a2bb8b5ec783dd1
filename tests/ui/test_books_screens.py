"""The reports screen and the books dialog on the month of tests/services/books_data.py."""

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

sys.path.insert(0, str(Path(__file__).parents[1] / "services"))

from books_data import SHARES, TOTALS, november
from sale_helpers import actor

from pos.core.money import format_number, format_rupiah
from pos.ui import books_dialog, reports_window


@pytest.fixture
def month(demo_db, monkeypatch):  # type: ignore[no-untyped-def]
    november(demo_db, monkeypatch)
    return demo_db


@pytest.fixture
def said(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    messages: list[str] = []
    for module in (books_dialog, reports_window):
        monkeypatch.setattr(module, "show_error", lambda _parent, e: messages.append(str(e)))
        monkeypatch.setattr(module, "show_info", lambda _parent, text: messages.append(text))
    return messages


def test_reports_screen_shows_the_month_with_its_total_and_charts(qtbot, month, said) -> None:  # type: ignore[no-untyped-def]
    dialog = reports_window.ReportsDialog(month, actor(month, "Pak Joko"))
    qtbot.addWidget(dialog)
    assert dialog.period_range()[0].isoformat() == "2026-11-01"
    shown = [edit.date().toPython().isoformat() for edit in (dialog.start_edit, dialog.end_edit)]
    assert shown == ["2026-11-01", "2026-11-30"]
    dialog.breakdown.setCurrentIndex(dialog.breakdown.findData("workshop"))
    model = dialog.model
    assert model.rowCount() == 5  # four workshops and the total
    total = [model.index(model.rowCount() - 1, c).data() for c in range(model.columnCount())]
    assert total[6] == format_number(TOTALS["net"]) and total[4] == format_number(1_002)
    header = dialog.table.horizontalHeader()
    for column in range(1, model.columnCount()):
        header.resizeSection(column, 10)  # as Qt leaves them when the total is out of view
    dialog.fit_figures()
    for column in range(1, model.columnCount()):  # the total is never cut to "12.3…"
        cell = dialog.table.sizeHintForIndex(model.index(model.rowCount() - 1, column))
        assert header.sectionSize(column) > cell.width()
    assert "Rp0" in dialog.summary.text()  # October, the previous period, sold nothing
    dialog.tabs.setCurrentIndex(1)
    pixmap = dialog.charts.pixmap()
    assert not pixmap.isNull() and pixmap.height() > 4 * 200
    assert "PNBP 2026" in dialog.target.text()
    assert said == []


def test_reports_screen_shows_the_top_rows_unless_all(
    qtbot, month, said, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from pos.services import books

    monkeypatch.setattr(books, "TOP_ROWS", 2)
    dialog = reports_window.ReportsDialog(month, actor(month, "Pak Joko"))
    qtbot.addWidget(dialog)
    dialog.breakdown.setCurrentIndex(dialog.breakdown.findData("product"))
    model = dialog.model
    assert model.rowCount() == 4  # two products, the others, the total
    assert "lainnya" in model.index(2, 0).data()
    assert model.index(2, 0).data(Qt.ItemDataRole.ToolTipRole) == model.index(2, 0).data()
    total = model.index(3, 6).data()
    exported: list[books.SalesReport] = []
    monkeypatch.setattr(dialog, "_save_path", lambda *_a: tmp_path / "r.xlsx")
    monkeypatch.setattr(books, "report_xlsx", lambda r, _s: exported.append(r) or b"x")
    dialog.on_xlsx()  # the workbook has every row
    assert exported[0].others is None and len(exported[0].rows) > 2
    dialog.every_row.setChecked(True)
    assert model.rowCount() > 4 and model.index(model.rowCount() - 1, 6).data() == total
    assert dialog.report is not None and dialog.report.others is None
    assert len(said) == 1 and str(tmp_path) in said[0]  # written, no error


def test_books_dialog_makes_a_recap_and_records_a_deposit(qtbot, month, said) -> None:  # type: ignore[no-untyped-def]
    dialog = books_dialog.BooksDialog(month, actor(month, "Pak Joko"))
    qtbot.addWidget(dialog)
    assert dialog.split_model.rowCount() == 2
    dialog.on_new_recap()
    assert dialog.recap_model.rowCount() == 1
    assert dialog.recap_model.index(0, 5).data() == format_rupiah(SHARES["PNBP"])
    dialog.billing.setText("12345")
    dialog.ntpn.setText("0A1B2C3D4E5F6G7H")
    dialog.bank.setText("BRI")
    dialog.deposit_amount.setText("40.000")
    dialog.on_add_deposit()
    assert dialog.deposit_model.rowCount() == 0 and "15" in said[-1]
    dialog.billing.setText("820123456789012")
    dialog.on_add_deposit()
    assert dialog.deposit_model.rowCount() == 1
    assert dialog.recap_model.index(0, 6).data() == "Rp40.000"
    dialog.split_shares.setText("premi=50 PNBP=40")
    dialog.on_add_split()
    assert "90%" in said[-1] and dialog.split_model.rowCount() == 2
    dialog.target_amount.setText("1.000.000")
    dialog.on_set_target()
    assert "Rp1.000.000" in dialog.target_status.text()


def test_the_reports_menu_opens_both_screens_in_indonesian(qtbot, demo_db, admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from qt_walk import english_words, widget_texts
    from test_main_window_screens import action, when_shown

    from pos.ui.main_window import MainWindow

    window = MainWindow(demo_db, admin, tmp_path / "receipts")
    qtbot.addWidget(window)
    window.show()
    seen: list[object] = []
    texts: list[str] = []

    def read(dialog) -> None:  # type: ignore[no-untyped-def]
        seen.append(type(dialog))
        texts.extend(widget_texts(dialog))
        dialog.close()

    for text in ("Laporan penjualan…", "Rekap, pembagian dan setoran…"):
        when_shown(read)
        action(window, text).trigger()
    assert seen == [reports_window.ReportsDialog, books_dialog.BooksDialog]
    assert english_words(texts) == set()
    window.close()


def test_a_cashier_cannot_open_the_reports(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    from pos.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        reports_window.ReportsDialog(demo_db, actor(demo_db, "Sari"))
    with pytest.raises(PermissionDenied):
        books_dialog.BooksDialog(demo_db, actor(demo_db, "Sari"))


def test_percents_on_the_reports_screen_take_the_languages_decimal_mark() -> None:
    from pos.i18n import in_language
    from pos.services.deposits import TargetStatus

    status = TargetStatus(year=2026, target=400_000_000, owed=0, deposited=50_000_000)
    with in_language("id"):
        assert "(12,5%)" in reports_window.target_text(status)
        assert reports_window._change(1_125, 1_000) == "+12,5%"
    with in_language("en"):
        assert "(12.5%)" in reports_window.target_text(status)
        assert reports_window._change(875, 1_000) == "-12.5%"
