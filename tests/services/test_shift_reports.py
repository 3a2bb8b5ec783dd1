"""X and Z reports made by the service: what the dialogs show and the files they keep."""

from pathlib import Path

import pytest
from pdfs import first_page as pdf_text

from pos.core.errors import PosError
from pos.services import reports, settings, shifts
from pos.services.auth import default_actor


def test_no_x_report_without_an_open_shift(demo_db) -> None:  # type: ignore[no-untyped-def]
    assert reports.x_report(demo_db) is None


def test_x_report_of_the_open_shift(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    shifts.move_cash(demo_db, cashier, "in", 25_000, "modal tambahan")
    report = reports.x_report(demo_db)
    assert report is not None and report.summary.status == "open"
    assert report.stand_name == settings.get(demo_db, settings.STAND_NAME)
    assert report.width_mm == settings.get(demo_db, settings.RECEIPT_WIDTH)
    assert report.title in report.html and "Rp25.000" in report.html
    s = report.summary
    assert report.file_name == f"X-{s.stand}-{s.shift_id}-{report.printed_at:%Y%m%d-%H%M}.pdf"
    text = pdf_text(report.pdf())
    assert "Rp25.000" in text and report.printed_at.strftime("%d-%m-%Y %H:%M") in text


def test_z_report_is_kept_under_its_number(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    actor = default_actor(demo_db)
    shifts.open_shift(demo_db, actor, 100_000)
    closed = shifts.close_shift(demo_db, actor, total=100_000)
    path = reports.keep_z_report(demo_db, closed, tmp_path / "z")
    assert path == tmp_path / "z" / f"Z-{closed.stand}-{closed.z_number:04d}.pdf"
    assert path.name == "Z-DEMO-0001.pdf"  # the same name as on the USB stick
    assert reports.shift_report(demo_db, closed).title in pdf_text(path.read_bytes())


def test_a_report_that_cannot_be_written_says_so(demo_db, cashier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = reports.x_report(demo_db)
    assert report is not None
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(PosError, match=str(blocker / "x.pdf")):
        reports.save_shift_report(report, blocker / "x.pdf")
    assert blocker.read_text() == "not a folder"
