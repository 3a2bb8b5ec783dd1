"""Ctrl+P in the stock count: the products listed go on a sheet, saved where asked and opened."""

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt

from pos.services.auth import supervisor_actor
from pos.ui import count_sheet_action
from pos.ui.stock_count import StockCountDialog


def test_ctrl_p_saves_and_opens_the_sheet_of_the_list_shown(
    qtbot, monkeypatch, demo_db, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "sheet.pdf"
    asked: list[str] = []
    opened: list[Path] = []
    monkeypatch.setattr(
        count_sheet_action, "ask_sheet_path", lambda _parent, start: asked.append(start) or target
    )
    monkeypatch.setattr(count_sheet_action, "open_document", opened.append)
    dialog = StockCountDialog(demo_db, supervisor_actor(demo_db))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.workshop_combo.setCurrentIndex(dialog.workshop_combo.findText("Meubeler"))
    qtbot.keyClick(dialog.scan_field, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)

    assert opened == [target] and asked[0].endswith(".pdf") and "hitung-stok-" in asked[0]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    listed = [dialog.model.row_at(i).sku for i in range(dialog.model.rowCount())]
    assert listed and all(sku in text for sku in listed)
    assert "KK-NAS-500" not in text  # another workshop
    assert "Meubeler" in text and "Stok tercatat" not in text  # blind unless asked
    assert "Lembar hitung disimpan" in dialog.message.text()
    assert dialog.model.counted == {}  # nothing counted, nothing booked


def test_the_sheet_can_show_the_stock_and_cancel_writes_nothing(
    qtbot, monkeypatch, demo_db, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    answers: list[Path | None] = [None, out / "with-stock.pdf"]
    monkeypatch.setattr(count_sheet_action, "ask_sheet_path", lambda *_a: answers.pop(0))
    monkeypatch.setattr(count_sheet_action, "open_document", lambda _path: None)
    dialog = StockCountDialog(demo_db, supervisor_actor(demo_db))
    qtbot.addWidget(dialog)
    dialog.sheet_expected.setChecked(True)
    dialog.sheet_button.click()
    assert list(out.iterdir()) == [] and dialog.message.text() == ""
    dialog.sheet_button.click()
    text = PdfReader(io.BytesIO((out / "with-stock.pdf").read_bytes())).pages[0]
    assert "Stok tercatat" in text.extract_text()
