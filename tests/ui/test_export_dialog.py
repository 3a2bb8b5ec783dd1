import json
from datetime import date
from pathlib import Path

from pos.core.cart import Cart
from pos.services import catalog, sales
from pos.services.export import RemovableDrive, verify_export
from pos.ui.export_dialog import ExportDialog, QtDriveFinder


class FakeFinder:
    def __init__(self, drives: list[RemovableDrive]) -> None:
        self._drives = drives

    def drives(self) -> list[RemovableDrive]:
        return self._drives


def test_export_to_the_chosen_stick(qtbot, demo_db, cashier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cart = Cart()
    p = catalog.find_by_code(demo_db, "KK-NAS-500")
    cart.add(p.id, p.sku, p.name, p.price)
    sale = sales.checkout_cash(demo_db, cashier, cart, 65_000)
    stick = tmp_path / "FLASHDISK"
    stick.mkdir()
    finder = FakeFinder([RemovableDrive(stick, "FLASHDISK", 8 * 1024**3, False)])
    dialog = ExportDialog(demo_db, cashier, sale.created_at.date(), finder)
    qtbot.addWidget(dialog)
    assert dialog.drive_list.count() == 1 and "8.0 GB" in dialog.drive_list.item(0).text()
    dialog.on_export()
    assert dialog.result_folder is not None and verify_export(dialog.result_folder) == []
    assert "aman dicabut" in dialog.status.text() and "Rp65.000" in dialog.status.text()
    manifest = json.loads((dialog.result_folder / "manifest.json").read_text(encoding="utf-8"))
    head = manifest["audit"]["head"]
    said = f"Kepala audit: {head['id']}:{head['hash'][:16]} (catat di buku kantor)."
    assert dialog.status.text().splitlines()[-1] == said


def test_pulled_stick_is_told_and_nothing_left(qtbot, demo_db, cashier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    stick = tmp_path / "gone"
    dialog = ExportDialog(
        demo_db, cashier, date(2026, 1, 1), FakeFinder([RemovableDrive(stick, "X", 1, False)])
    )
    qtbot.addWidget(dialog)
    dialog.on_export()
    assert dialog.result_folder is None and "Ekspor gagal" in dialog.status.text()
    assert not stick.exists()


def test_no_stick(qtbot, demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(demo_db, cashier, date(2026, 1, 1), FakeFinder([]))
    qtbot.addWidget(dialog)
    assert "Tidak ada flashdisk" in dialog.status.text()
    dialog.on_export()
    assert dialog.result_folder is None


def test_qt_finder_skips_system_volumes() -> None:
    assert all(str(d.path) not in ("/", "/boot") for d in QtDriveFinder().drives())


def test_a_read_only_or_full_stick_is_never_preselected(
    qtbot, demo_db, cashier, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    drives = [
        RemovableDrive(tmp_path / "cdrom", "CDROM", 0, True),
        RemovableDrive(tmp_path / "full", "FULL", 0, False),
    ]
    dialog = ExportDialog(demo_db, cashier, date(2026, 1, 1), FakeFinder(drives))
    qtbot.addWidget(dialog)
    assert dialog.drive_list.count() == 2 and dialog.selected_target() is None
    assert "read-only" not in dialog.status.text() and "hanya-baca" in dialog.status.text()
    assert "Pastikan" not in dialog.status.text()
    good = tmp_path / "good"
    dialog2 = ExportDialog(
        demo_db,
        cashier,
        date(2026, 1, 1),
        FakeFinder([*drives, RemovableDrive(good, "GOOD", 8 * 1024**3, False)]),
    )
    qtbot.addWidget(dialog2)
    assert dialog2.selected_target() == good


def test_the_error_is_cleared_when_another_folder_is_picked(
    qtbot, demo_db, cashier, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(demo_db, cashier, date(2026, 1, 1), FakeFinder([]))
    qtbot.addWidget(dialog)
    dialog.on_export()
    assert "#b71c1c" in dialog.status.styleSheet()
    monkeypatch.setattr(dialog, "_choose_folder", lambda: str(tmp_path))
    dialog.on_other_folder()
    assert dialog.selected_target() == tmp_path
    assert "#b71c1c" not in dialog.status.styleSheet() and str(tmp_path) in dialog.status.text()
