"""Sizes: the main window opens maximised and as it was left; quick keys never clip a name."""

from PySide6.QtCore import Qt

from pos.services.quick_keys import QuickKeyInfo
from pos.ui.main_window import WINDOW_FILE, MainWindow
from pos.ui.quick_keys_panel import QuickKeysPanel


def test_the_main_window_opens_maximised_then_as_it_was_left(
    qtbot, demo_db, cashier, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(demo_db, cashier, tmp_path / "receipts")
    qtbot.addWidget(window)
    window.show_as_last_time()
    assert window.windowState() & Qt.WindowState.WindowMaximized
    window.showNormal()
    window.setGeometry(30, 40, 700, 500)
    window.close()
    assert (demo_db.path.parent / WINDOW_FILE).exists()

    again = MainWindow(demo_db, cashier, tmp_path / "receipts")
    qtbot.addWidget(again)
    again.show_as_last_time()
    assert not again.windowState() & Qt.WindowState.WindowMaximized
    assert again.size().width() == 700 and again.size().height() == 500


def test_a_damaged_window_file_opens_maximised(qtbot, demo_db, cashier, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (demo_db.path.parent / WINDOW_FILE).write_bytes(b"not base64 \x00\xff")
    window = MainWindow(demo_db, cashier, tmp_path / "receipts")
    qtbot.addWidget(window)
    window.show_as_last_time()
    assert window.windowState() & Qt.WindowState.WindowMaximized


def _key(name: str) -> QuickKeyInfo:
    return QuickKeyInfo(1, 1, "KK-GLS-06", name, 45_000, True)


def test_a_long_quick_key_name_is_elided_in_the_middle(qtbot) -> None:  # type: ignore[no-untyped-def]
    name = "Tatakan Gelas Anyaman Pandan Motif Bunga (isi 6)"
    panel = QuickKeysPanel()
    qtbot.addWidget(panel)
    panel.set_keys([_key(name), _key("Tempe")])
    panel.resize(300, 200)
    panel.show()
    qtbot.waitExposed(panel)
    long_button, short_button = panel.buttons
    shown = long_button.shown_name()
    assert shown != name and "…" in shown
    assert name.startswith(shown.split("…")[0]) and name.endswith(shown.split("…")[1])
    assert long_button.fontMetrics().horizontalAdvance(shown) <= long_button.width()
    assert name in long_button.toolTip() and "Rp45.000" in long_button.text()
    assert short_button.shown_name() == "Tempe"
