"""Qt's own strings (standard buttons, file dialogs, context menus) in the UI's language."""

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QTextEdit,
    QTreeView,
)
from qt_walk import action_texts, english_words, widget_texts

from pos.i18n import in_language
from pos.ui.qt_texts import (
    COL_DATE,
    COL_TYPE,
    FileMode,
    make_file_dialog,
    size_text,
)

ROOT = Path(__file__).resolve().parents[2]
STANDARD_BUTTONS = [
    b
    for b in QDialogButtonBox.StandardButton
    if b
    not in (
        QDialogButtonBox.StandardButton.NoButton,
        QDialogButtonBox.StandardButton.FirstButton,
        QDialogButtonBox.StandardButton.LastButton,
    )
]


def button_text(button: QDialogButtonBox.StandardButton) -> str:
    box = QDialogButtonBox(button)
    return box.buttons()[0].text().replace("&", "")


def test_every_standard_button_is_translated(qt_language) -> None:  # type: ignore[no-untyped-def]
    qt_language("en")
    english = {b: button_text(b) for b in STANDARD_BUTTONS}
    assert english[QDialogButtonBox.StandardButton.Yes] == "Yes"
    assert qt_language("id")
    indonesian = {b: button_text(b) for b in STANDARD_BUTTONS}
    assert indonesian[QDialogButtonBox.StandardButton.Yes] == "Ya"
    assert indonesian[QDialogButtonBox.StandardButton.No] == "Tidak"
    assert indonesian[QDialogButtonBox.StandardButton.Cancel] == "Batal"
    untranslated = [english[b] for b in STANDARD_BUTTONS if indonesian[b] == english[b] != "OK"]
    assert untranslated == []
    assert english_words(indonesian.values()) == set()


def test_english_stays_english(qt_language) -> None:  # type: ignore[no-untyped-def]
    assert qt_language("id")
    assert not qt_language("en")
    assert button_text(QDialogButtonBox.StandardButton.Save) == "Save"


def test_a_message_box_speaks_indonesian(qtbot, qt_language) -> None:  # type: ignore[no-untyped-def]
    qt_language("id")
    buttons = QMessageBox.StandardButton
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Pulihkan dari cadangan",
        "Ganti basis data sekarang?",
        buttons.Yes | buttons.No | buttons.Cancel | buttons.Save | buttons.Close | buttons.Open,
    )
    box.setDetailedText("rincian")
    qtbot.addWidget(box)
    box.show()
    texts = widget_texts(box)
    assert "Tampilkan Rincian..." in texts
    assert english_words(texts) == set()


def test_the_check_finds_english(qtbot, qt_language) -> None:  # type: ignore[no-untyped-def]
    qt_language("en")
    box = QMessageBox(QMessageBox.Icon.Question, "x", "y", QMessageBox.StandardButton.Yes)
    qtbot.addWidget(box)
    assert english_words(widget_texts(box)) == {"yes"}


@pytest.mark.parametrize("mode", list(FileMode))
def test_file_dialogs_speak_indonesian(qtbot, qt_language, tmp_path: Path, mode: FileMode) -> None:  # type: ignore[no-untyped-def]
    qt_language("id")
    (tmp_path / "cadangan.db").write_bytes(b"x" * 1500)
    (tmp_path / "arsip").mkdir()
    dialog = make_file_dialog(None, "Pilih berkas", mode, str(tmp_path), "Basis data (*.db)")
    qtbot.addWidget(dialog)
    dialog.show()
    tree = dialog.findChild(QTreeView, "treeView")
    model = tree.model()
    qtbot.waitUntil(
        lambda: model.rowCount(tree.rootIndex()) >= (1 if mode is FileMode.FOLDER else 2)
    )
    texts = widget_texts(dialog)
    name = "Folder:" if mode is FileMode.FOLDER else "Nama berkas:"
    for label in ("Cari di:", name, "Jenis berkas:", "Tanggal Diubah", "Batal"):
        assert label in {t.replace("&", "") for t in texts}, label
    assert english_words(texts) == set()
    assert tree.isColumnHidden(COL_TYPE)  # the system's MIME names, in the system's language


def test_file_dialog_dates_and_sizes_are_whole(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "lapak-20251127.db").write_bytes(b"x" * 2048)
    dialog = make_file_dialog(None, "x", FileMode.OPEN, str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.resize(640, 400)  # narrow: the name gives way, not the date
    dialog.show()
    tree = dialog.findChild(QTreeView, "treeView")
    model = tree.model()
    qtbot.waitUntil(lambda: model.rowCount(tree.rootIndex()) == 1)
    row = model.index(0, COL_DATE, tree.rootIndex())
    shown = model.data(row)
    assert re.fullmatch(r"\d\d-\d\d-\d{4} \d\d:\d\d", shown)
    qtbot.waitUntil(
        lambda: tree.header().sectionSize(COL_DATE) >= tree.fontMetrics().horizontalAdvance(shown)
    )
    assert model.data(model.index(0, 1, tree.rootIndex())) == "2,0 KB"


def test_the_places_list_is_wide_enough_whatever_qt_remembered(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QListView, QSplitter

    remembered = QSettings(QSettings.Scope.UserScope, "QtProject")
    remembered.setValue("FileDialog/sidebarWidth", 20)
    remembered.sync()
    dialog = make_file_dialog(None, "x", FileMode.OPEN, str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    places = dialog.findChild(QListView, "sidebar")
    splitter = dialog.findChild(QSplitter, "splitter")
    assert places.sizeHintForColumn(0) > 20
    assert splitter.sizes()[0] >= places.sizeHintForColumn(0)


def test_file_dialog_fits_a_small_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = make_file_dialog(None, "x", FileMode.SAVE)
    qtbot.addWidget(dialog)
    room = QApplication.primaryScreen().availableGeometry()
    assert dialog.width() <= room.width() and dialog.height() <= room.height()


def test_size_text() -> None:
    assert size_text(0) == "0 B"
    assert size_text(1023) == "1023 B"
    assert size_text(1536) == "1,5 KB"
    assert size_text(20 * 1024 * 1024) == "20 MB"
    assert size_text(3 * 1024**3 // 2) == "1,5 GB"
    with in_language("en"):
        assert size_text(1536) == "1.5 KB"


def test_context_menus_speak_indonesian(qtbot, qt_language) -> None:  # type: ignore[no-untyped-def]
    qt_language("id")
    texts: list[str] = []
    for editor in (QLineEdit("abc"), QTextEdit("abc"), QPlainTextEdit("abc")):
        qtbot.addWidget(editor)
        menu = editor.createStandardContextMenu()
        texts += action_texts(menu.actions())
    shown = {text.split("\t")[0] for text in texts}  # without the shortcut
    assert {"&Salin", "&Tempel", "&Potong", "&Batalkan", "Pilih Semua"} <= shown
    assert english_words(texts) == set()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_spin_box_menu_speaks_indonesian(qtbot, qt_language) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent

    qt_language("id")
    spin = QSpinBox()
    qtbot.addWidget(spin)
    spin.show()
    texts: list[str] = []

    def read_menu() -> None:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            texts.extend(action_texts(popup.actions()))
            popup.close()

    QTimer.singleShot(0, read_menu)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, QPoint(5, 5), spin.mapToGlobal(QPoint(5, 5))
    )
    QApplication.sendEvent(spin, event)
    assert "&Naikkan" in texts
    assert english_words(texts) == set()


def test_calendars_name_days_in_indonesian(qtbot, qt_language) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QCalendarWidget

    qt_language("id")
    calendar = QCalendarWidget()
    qtbot.addWidget(calendar)
    calendar.setSelectedDate(QDate(2025, 8, 17))
    texts = widget_texts(calendar)
    assert "Agustus" in texts  # the month button
    weekdays = calendar.findChild(QTableView).model()
    names = {weekdays.data(weekdays.index(0, column)) for column in range(1, 8)}
    assert "Sen" in names and "Mon" not in names


@pytest.fixture(scope="module")
def script() -> ModuleType:
    """scripts/qt_translations.py, imported as a module."""
    spec = importlib.util.spec_from_file_location(
        "qt_translations", ROOT / "scripts" / "qt_translations.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_qt_catalog_is_complete_and_compiled(script: ModuleType) -> None:
    assert script.problems() == []


def test_the_check_finds_untranslated_and_stale(
    script: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ts = (ROOT / "resources" / "translations" / "qtbase_id.ts").read_text(encoding="utf-8")
    (tmp_path / "qtbase_id.qm").write_bytes(
        (ROOT / "resources" / "translations" / "qtbase_id.qm").read_bytes()
    )
    ts = ts.replace("<translation>&amp;Ya</translation>", "<translation>&amp;Iya</translation>")
    ts = ts.replace(
        "<translation>Batal</translation>", '<translation type="unfinished"></translation>', 1
    )
    (tmp_path / "qtbase_id.ts").write_text(ts, encoding="utf-8")
    monkeypatch.setattr(script, "FOLDER", tmp_path)
    found = script.problems()
    assert any("no translation for" in p and "'Cancel'" in p for p in found), found
    assert any("qtbase_id.qm is stale" in p for p in found), found


def test_file_dialogs_come_only_from_qt_texts() -> None:
    """One mechanism: no screen opens a system file dialog, which speaks the system's language."""
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "pos").rglob("*.py")
        if path.name != "qt_texts.py" and "QFileDialog" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_standard_buttons_get_their_words_only_from_the_qt_catalog() -> None:
    """One mechanism: a standard button's own word (Cancel, Close...) comes from qtbase_id.qm;
    code sets a text only when it says something else ("Open the shift")."""
    standard = "OK|Cancel|Close|Save|Yes|No|Open|Apply|Discard|Reset|Help|Abort|Retry|Ignore"
    pattern = re.compile(rf"StandardButton\.\w+\)\.setText\(_\(\"(?:{standard})\"\)\)")
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "pos").rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
