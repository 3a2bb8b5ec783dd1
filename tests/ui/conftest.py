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


@pytest.fixture
def qt_language(qapp):  # type: ignore[no-untyped-def]
    """Install Qt's own translation for a language, as the app does at start; English after."""
    from pos.ui.qt_texts import install_qt_translations

    def switch(lang: str) -> bool:
        return install_qt_translations(qapp, lang)

    yield switch
    install_qt_translations(qapp, "en")


@pytest.fixture(autouse=True)
def qt_indonesian(qt_language):  # type: ignore[no-untyped-def]
    """Qt's own strings (standard buttons, file dialogs) in Indonesian, as the app starts."""
    assert qt_language("id")


@pytest.fixture(autouse=True, scope="session")
def _qt_settings_in_a_temporary_folder(tmp_path_factory):  # type: ignore[no-untyped-def]
    """Qt's own dialogs remember things (QtProject.conf): in a folder of the test run's own."""
    from PySide6.QtCore import QSettings

    folder = str(tmp_path_factory.mktemp("qt-settings"))
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, folder)
