"""The labels dialog and its PDF pages: scanned lists, receipts as received, preview, save,
print (to a PDF printer, read back with pypdf and, when installed, scanned with zbarimg)."""

import os
import shutil
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrinter

from pos.printing.label_templates import PT_PER_MM
from pos.printing.labels import load_template, symbol_for
from pos.services import labels, products, stock
from pos.services.auth import default_actor, supervisor_actor
from pos.services.stock import StockLine
from pos.ui.label_lines_model import COL_COPIES
from pos.ui.labels_dialog import LabelsDialog
from pos.ui.pdf_pages import pdf_page_images, print_pdf, render_dpi
from pos.ui.widgets import GREEN, RED

NASTAR_EAN = "8997700001012"  # KK-NAS-500


@pytest.fixture
def boss(demo_db):  # type: ignore[no-untyped-def]
    return supervisor_actor(demo_db)


@pytest.fixture
def open_dialog(qtbot, demo_db, boss):  # type: ignore[no-untyped-def]
    def make(doc_id: int | None = None, template: str = "roll-50x30") -> LabelsDialog:
        dialog = LabelsDialog(demo_db, boss, doc_id=doc_id)
        qtbot.addWidget(dialog)
        dialog.settings.set_template(template)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


@pytest.fixture
def scanner() -> None:
    missing = [tool for tool in ("pdftoppm", "zbarimg") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} not installed")
        pytest.skip(f"{missing} not installed")


def scan(qtbot, dialog: LabelsDialog, code: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.scan_field, code)
    qtbot.keyClick(dialog.scan_field, Qt.Key.Key_Return)


def copies(dialog: LabelsDialog) -> list[tuple[str, int]]:
    return [(line.sku, line.copies) for line in dialog.model.lines]


def media_mm(path: Path) -> list[tuple[float, float]]:
    pages = PdfReader(path).pages
    return [
        (float(p.mediabox.width) / PT_PER_MM, float(p.mediabox.height) / PT_PER_MM) for p in pages
    ]


def decoded(pdf_path: Path, tmp_path: Path) -> Counter[str]:
    """The codes read from every page of a PDF printed at 203 dpi in black and white."""
    subprocess.run(
        ["pdftoppm", "-r", "203", "-mono", str(pdf_path), str(tmp_path / "p")], check=True
    )
    read: Counter[str] = Counter()
    for page in sorted(tmp_path.glob("p-*.pbm")):  # one by one: zbar reports a code once an image
        out = subprocess.run(
            ["zbarimg", "--nodbus", "-q", "--raw", str(page)], capture_output=True, text=True
        ).stdout.splitlines()
        read.update(out)
    return read


def receive(db, lines: dict[str, int], day: date | None = None) -> int:  # type: ignore[no-untyped-def]
    return stock.receive(
        db,
        supervisor_actor(db),
        None,
        [StockLine(products.product_id_by_sku(db, sku), qty) for sku, qty in lines.items()],
        day=day,
    )


def test_page_images_are_opaque_white_at_the_printers_size(demo_db) -> None:  # type: ignore[no-untyped-def]
    pdf = labels.render(demo_db, "roll-50x30", [("KK-NAS-500", 2)])
    images = pdf_page_images(pdf, 203)
    assert len(images) == 2  # a roll: one label a page
    for image in images:
        assert abs(image.width() - 400) <= 1 and abs(image.height() - 240) <= 1
        assert not image.hasAlphaChannel()
        assert image.pixelColor(0, 0) == QColor("white")
        assert image.pixelColor(image.width() - 1, image.height() - 1) == QColor("white")
        black = sum(
            image.pixelColor(x, image.height() // 2) == QColor("black")
            for x in range(image.width())
        )
        assert black > 20  # the bars cross the middle of the label


@pytest.mark.parametrize(
    ("printer", "source", "rendered"),
    [(203, None, 203), (600, None, 600), (1200, None, 600), (72, None, 72),
     (1200, 203, 406), (203, 203, 203), (300, 203, 203), (96, 203, 203), (600, 300, 600)],
)  # fmt: skip
def test_pages_are_rendered_on_the_labels_dot_grid(
    printer: int, source: int | None, rendered: int
) -> None:
    assert render_dpi(printer, source) == rendered


def test_scanning_builds_copies_and_the_preview_shows_every_label(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog()
    scan(qtbot, dialog, NASTAR_EAN)
    scan(qtbot, dialog, "kk-kac-bks")
    scan(qtbot, dialog, NASTAR_EAN)  # the same product again is one more copy
    assert copies(dialog) == [("KK-NAS-500", 2), ("KK-KAC-BKS", 1)]
    assert "Nastar Keju Toples 500 gr" in dialog.message.text()
    qtbot.waitUntil(lambda: dialog.preview.page_count == 3)  # refreshed by itself, debounced
    assert len(dialog.preview.pages) == 3
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    scan(qtbot, dialog, "3*KK-KAC-BKS")
    assert copies(dialog) == [("KK-NAS-500", 2), ("KK-KAC-BKS", 4)]
    qtbot.waitUntil(lambda: dialog.preview.page_count == 6)


def test_a_sheet_holds_many_labels_a_page_and_starts_where_told(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(template="tnj-103")
    dialog.add_code("12*" + NASTAR_EAN)
    dialog.current_pdf()
    assert dialog.preview.page_count == 1
    assert dialog.settings.start_spin.maximum() == 12
    dialog.settings.start_spin.setValue(5)
    dialog.current_pdf()
    assert dialog.preview.page_count == 2
    dialog.settings.set_template("roll-40x30")  # a roll starts at its first label, always
    assert dialog.settings.start_spin.value() == 1 and not dialog.settings.start_spin.isEnabled()


def test_unknown_codes_and_bad_copies_are_said_not_taken(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog()
    scan(qtbot, dialog, "NOPE-404")
    assert "NOPE-404" in dialog.message.text() and RED in dialog.message.styleSheet()
    assert copies(dialog) == []
    dialog.current_pdf()
    assert dialog.preview.page_count == 0 and not dialog.print_button.isEnabled()
    dialog.add_code(NASTAR_EAN)
    assert not dialog.model.setData(dialog.model.index(0, COL_COPIES), "0")
    assert not dialog.model.setData(dialog.model.index(0, COL_COPIES), "20000")
    assert "10000" in dialog.message.text().replace(".", "").replace(",", "")
    assert dialog.model.setData(dialog.model.index(0, COL_COPIES), " 7 ")
    assert copies(dialog) == [("KK-NAS-500", 7)]


def test_a_receipt_prints_as_received(qtbot, demo_db, open_dialog) -> None:  # type: ignore[no-untyped-def]
    doc = receive(demo_db, {"KK-NAS-500": 5, "MB-KRS-JTI": 2, "KK-KAC-BKS": 3}, date(2025, 3, 4))
    dialog = open_dialog(doc_id=doc)
    assert copies(dialog) == [("KK-NAS-500", 5), ("MB-KRS-JTI", 2), ("KK-KAC-BKS", 3)]
    assert dialog.settings.production_date == date(2025, 3, 4)  # food is dated the receipt's day
    dialog.model.setData(dialog.model.index(0, COL_COPIES), "1")
    dialog.on_as_received()
    assert copies(dialog)[0] == ("KK-NAS-500", 5)
    dialog.current_pdf()
    assert dialog.preview.page_count == 10


def test_save_pdf_writes_the_templates_page_size(qtbot, open_dialog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(template="tnj-103")
    dialog.add_code(NASTAR_EAN)
    dialog.add_code("MB-BUF-01")
    asked: list[str] = []

    def ask(suggested: str) -> Path:
        asked.append(suggested)
        return tmp_path / "labels"  # ".pdf" is added

    dialog.ask_save_path = ask  # type: ignore[method-assign]
    dialog.on_save_pdf()
    assert asked == ["labels-tnj-103.pdf"]
    saved = tmp_path / "labels.pdf"
    assert str(saved) in dialog.status.text() and GREEN in dialog.status.styleSheet()
    [(width, height)] = media_mm(saved)
    assert (round(width, 1), round(height, 1)) == (210, 165)


def test_printing_uses_the_templates_paper(
    qtbot, demo_db, open_dialog, tmp_path: Path, scanner
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(template="roll-50x30")
    for code in (NASTAR_EAN, NASTAR_EAN, "KK-KAC-BKS", "8997700001074"):
        scan(qtbot, dialog, code)
    out = tmp_path / "printed.pdf"

    def ask(printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    dialog.ask_printer = ask  # type: ignore[method-assign]
    dialog.on_print()
    assert "4" in dialog.status.text() and GREEN in dialog.status.styleSheet()
    sizes = media_mm(out)
    assert len(sizes) == 4
    for width, height in sizes:
        assert width == pytest.approx(50, abs=0.2) and height == pytest.approx(30, abs=0.2)
    assert decoded(out, tmp_path) == Counter({NASTAR_EAN: 2, "KK-KAC-BKS": 1, "8997700001074": 1})


def test_print_pdf_at_a_thermal_printers_resolution(demo_db, tmp_path: Path, scanner) -> None:  # type: ignore[no-untyped-def]
    sku_copies = [("KK-NAS-500", 2), ("MB-BUF-01", 1), ("PK-PCI-HTM", 1)]
    pdf = labels.render(demo_db, "tnj-103", sku_copies, start=11)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(203)
    template = load_template("tnj-103")
    print_pdf(pdf, printer, (template.page_width, template.page_height), template.dpi)
    sizes = media_mm(tmp_path / "printed.pdf")
    assert len(sizes) == 2  # from label 11 of 12: two on the first sheet, two on the next
    for width, height in sizes:
        assert width == pytest.approx(210, abs=0.2) and height == pytest.approx(165, abs=0.2)
    # On a sheet zbar reports each code once a page: compare which codes each page holds.
    expected = Counter(
        symbol_for(item).value for item, _n in labels.label_items(demo_db, sku_copies)
    )
    assert set(decoded(tmp_path / "printed.pdf", tmp_path)) == set(expected)


def test_offsets_off_the_page_are_said_inline(qtbot, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(template="tnj-103")
    dialog.add_code(NASTAR_EAN)
    dialog.settings.offset_x.setValue(40)
    qtbot.waitUntil(lambda: dialog.status.text() != "")
    assert "mm" in dialog.status.text() and RED in dialog.status.styleSheet()
    assert dialog.preview.page_count == 0
    assert not dialog.save_button.isEnabled() and not dialog.print_button.isEnabled()
    dialog.settings.offset_x.setValue(1)
    qtbot.waitUntil(lambda: dialog.preview.page_count == 1)
    assert dialog.status.text() == "" and dialog.print_button.isEnabled()


def test_saved_calibration_is_kept_per_template(qtbot, demo_db, open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(template="tnj-103")
    dialog.settings.offset_x.setValue(1.5)
    dialog.settings.offset_y.setValue(-0.5)
    dialog.settings.on_save_calibration()
    assert GREEN in dialog.status.styleSheet()
    assert labels.saved_offsets(demo_db, "tnj-103") == (1.5, -0.5)
    dialog.settings.set_template("roll-50x30")
    assert (dialog.settings.offset_x.value(), dialog.settings.offset_y.value()) == (0, 0)
    dialog.settings.set_template("tnj-103")
    assert (dialog.settings.offset_x.value(), dialog.settings.offset_y.value()) == (1.5, -0.5)
    dialog.settings.offset_x.setValue(45)  # off the page: refused, the saved one stays
    dialog.settings.on_save_calibration()
    assert RED in dialog.status.styleSheet() and "mm" in dialog.status.text()
    assert labels.saved_offsets(demo_db, "tnj-103") == (1.5, -0.5)


def test_a_cashier_may_print_but_not_calibrate(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    dialog = LabelsDialog(demo_db, default_actor(demo_db))
    qtbot.addWidget(dialog)
    dialog.settings.set_template("tnj-103")
    dialog.add_code(NASTAR_EAN)
    assert dialog.current_pdf() is not None
    dialog.settings.offset_x.setValue(1)
    dialog.settings.on_save_calibration()
    assert RED in dialog.status.styleSheet()
    assert labels.saved_offsets(demo_db, "tnj-103") == (0, 0)
