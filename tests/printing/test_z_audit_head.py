"""The audit head on the Z report: one line on every roll, the label shortened, never the hash;
what it is for (and the command) only on screen and in the terminal."""

import re
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from pdfs import layout_text
from test_shift_report import PRINTED, STAND_NAME, closed_shift

from pos.i18n import set_language
from pos.printing import escpos_report
from pos.printing.escpos_receipt import COLUMNS
from pos.printing.roll import ROLLS
from pos.printing.shift_report import (
    ReportRow,
    fitting_left,
    render_shift_report,
    report_html,
    report_rows,
)
from pos.services.audit_anchor import parse_anchor

DIGEST = "6d0077e1b606ea2b" + "9f" * 24
# From a new stand's first close to ten million entries (about thirty years of sales).
ENTRIES = [7, 999, 48_213, 1_234_567, 9_999_999]
LABELS = {"id": ("Kepala audit", "Audit"), "en": ("Audit head", "Audit")}


def _closed(entry: int):  # type: ignore[no-untyped-def]
    return replace(closed_shift(), audit_head_id=entry, audit_head_hash=DIGEST)


def _words(pdf: bytes) -> tuple[float, list[tuple[str, float, float, float]]]:
    """The page width and each word with its left, right and baseline-ish y (pdftotext -bbox)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "z.pdf"
        path.write_bytes(pdf)
        html = subprocess.run(
            ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', html).group(1))  # type: ignore[union-attr]
    words = [
        (text, float(x0), float(x1), float(y1))
        for x0, _y0, x1, y1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            html,
        )
    ]
    return width, words


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("width_mm", [58, 80])
@pytest.mark.parametrize("entry", ENTRIES)
def test_the_pdf_prints_the_head_on_one_line_inside_the_roll(
    lang: str, width_mm: int, entry: int
) -> None:
    set_language(lang)
    anchor = f"{entry}:{DIGEST[:16]}"
    width, words = _words(render_shift_report(_closed(entry), STAND_NAME, width_mm, PRINTED))
    [(_text, _left, right, y)] = [w for w in words if w[0] == anchor]
    margin = ROLLS[width_mm].margin
    assert right <= width - margin + 0.5  # flush right, nothing cut at the edge
    on_the_line = sorted((w for w in words if abs(w[3] - y) < 1), key=lambda w: w[1])
    label = " ".join(w[0] for w in on_the_line if w[0] != anchor)
    assert label in LABELS[lang]
    assert on_the_line[0][1] >= margin - 0.5 and on_the_line[-1][0] == anchor
    if width_mm == 80:
        assert label == LABELS[lang][0]  # room for the whole label at 80 mm


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("width_mm", [58, 80])
@pytest.mark.parametrize("entry", ENTRIES)
def test_escpos_prints_the_head_on_one_line(lang: str, width_mm: int, entry: int) -> None:
    set_language(lang)
    anchor = f"{entry}:{DIGEST[:16]}"
    rows = escpos_report.report_rows(report_rows(_closed(entry), STAND_NAME, PRINTED), width_mm)
    [line] = [r.text for r in rows if anchor in r.text]
    assert len(line) == COLUMNS[width_mm] and line.endswith(anchor)
    assert line.removesuffix(anchor).strip() in LABELS[lang]
    assert not any("verify" in r.text for r in rows)


def test_the_whole_label_where_it_fits_and_the_short_one_where_not() -> None:
    rows = escpos_report.report_rows(report_rows(_closed(7), STAND_NAME, PRINTED), 58)
    assert any(r.text.startswith("Kepala audit ") for r in rows)
    rows = escpos_report.report_rows(report_rows(_closed(48_213), STAND_NAME, PRINTED), 58)
    assert any(r.text.startswith("Audit ") and "48213:" in r.text for r in rows)


@pytest.mark.parametrize("width_mm", [58, 80])
def test_the_roll_names_no_command(width_mm: int) -> None:
    text = layout_text(render_shift_report(_closed(48_213), STAND_NAME, width_mm, PRINTED))
    assert "48213:6d0077e1b606ea2b" in text
    assert "verify" not in text and "anchor" not in text


def test_the_screen_explains_the_head_and_how_to_check_it() -> None:
    html = report_html(_closed(48_213), STAND_NAME, PRINTED)
    assert "Kepala audit" in html and "48213:6d0077e1b606ea2b" in html
    assert "pos audit verify --anchor 48213:6d0077e1b606ea2b" in html
    set_language("en")
    assert "tells later whether the chain was rewritten" in report_html(
        _closed(48_213), STAND_NAME, PRINTED
    )


def test_the_printed_head_is_what_verify_takes() -> None:
    [row] = [
        r for r in report_rows(_closed(48_213), STAND_NAME, PRINTED) if r.left == "Kepala audit"
    ]
    anchor = parse_anchor(row.right)
    assert (anchor.entry_id, anchor.hash) == (48_213, DIGEST[:16])


def test_an_x_report_or_a_z_from_before_anchors_has_no_head() -> None:
    for summary in (closed_shift(), replace(_closed(7), audit_head_hash=None)):
        rows = report_rows(summary, STAND_NAME, PRINTED)
        assert not any("audit" in (r.left + r.right).lower() for r in rows)


def test_fitting_left_shortens_the_label_in_turn_never_the_value() -> None:
    row = ReportRow("pair", "Kepala audit", "7:abc", shorter=("Audit",))
    assert fitting_left(row, lambda left: True) == "Kepala audit"
    assert fitting_left(row, lambda left: len(left) <= 5) == "Audit"
    assert fitting_left(row, lambda left: False) == "Audit"  # then stacked, still whole
    plain = ReportRow("pair", "Expected cash", "Rp1.130.000")
    assert fitting_left(plain, lambda left: False) == "Expected cash"
