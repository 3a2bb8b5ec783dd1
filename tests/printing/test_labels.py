"""Barcode labels: templates, symbols, text fitting, start and offsets, and scanning them back.

Scans render the PDF with pdftoppm (1-bit, as a printer would) and read every label slot with
zbarimg on its own: zbar reports identical codes on one image once, so each slot is cropped.
"""

import io
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

import pytest
from pypdf import PdfReader

from pos.core.errors import InvalidQuantity, PosError
from pos.printing.label_templates import PT_PER_MM, parse_template, templates_dir
from pos.printing.labels import (
    ELLIPSIS,
    FONT,
    FONT_BOLD,
    BadTemplate,
    LabelError,
    LabelItem,
    LabelTemplate,
    Symbol,
    UnknownTemplate,
    fit_paragraph,
    layout_label,
    list_templates,
    load_template,
    render_labels,
    symbol_for,
    template_names,
)

TEMPLATES = [
    "tnj-103",
    "tnj-107",
    "tnj-108",
    "tnj-121",
    "a4-3x8-70x37",
    "roll-50x30",
    "roll-40x30",
    "roll-33x15",
]
SHEETS = [name for name in TEMPLATES if not name.startswith("roll-")]
MAKER = "Karya WBP Lapas Kelas IIA Jember"
LONG_NAME = " ".join(
    ["Kursi", "Jati", "Ukir", "Minimalis", "Dengan", "Sandaran", "Tinggi", "Motif", "Bunga"] * 4
)[:200]
PRODUCED = date(2025, 3, 5)

NASTAR = LabelItem("KK-NAS-500", "Nastar Keju Toples 500 gr", 65_000, "8997700001012",
                   "2063509010123", 90, PRODUCED)  # fmt: skip
BUFET = LabelItem("MB-BUF-01", "Bufet TV Jati (pesanan)", 13_000_000)
LONG = LabelItem("KY-PNJ-01", LONG_NAME, 1_250_000, "2000000000107")
TEMPE = LabelItem("MK-TMP-DAUN", "Tempe Bungkus Daun (isi 5)", 8_000, None, None, 3, PRODUCED)
UPCA = LabelItem("IMP-UPC-01", "Produk UPC-A", 20_000, "036000291452")
EAN8 = LabelItem("IMP-EAN8-01", "Produk EAN-8", 15_000, "96385074")
SPECIAL = [NASTAR, BUFET, LONG, TEMPE, UPCA, EAN8]


# --- scanning helpers --------------------------------------------------------------------------


@pytest.fixture
def scanner() -> None:
    """Skip when pdftoppm or zbarimg is missing, except on CI (env CI set), where it fails."""
    missing = [tool for tool in ("pdftoppm", "zbarimg") if shutil.which(tool) is None]
    if missing:
        message = f"{' and '.join(missing)} not installed (apt install poppler-utils zbar-tools)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def scan_slots(
    pdf: bytes, t: LabelTemplate, tmp: Path, dpi: int = 203, offset: tuple[float, float] = (0, 0)
) -> list[list[list[str]]]:
    """Codes zbarimg reads in every slot of every page: result[page][slot] -> codes."""
    from PIL import Image

    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "labels.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-mono", str(tmp / "labels.pdf"), str(tmp / "page")],
        check=True,
    )
    pages = sorted(tmp.glob("page-*.pbm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    px = dpi / 25.4
    cells: list[list[Path]] = []
    for number, page in enumerate(pages):
        image = Image.open(page)
        row = []
        for slot in range(t.per_page):
            left, top = t.slot_origin(slot)
            left, top = left + offset[0], top + offset[1]
            box = (
                round(left * px),
                round(top * px),
                round((left + t.label_width) * px),
                round((top + t.label_height) * px),
            )
            cell = tmp / f"cell-{number:04d}-{slot:03d}.pbm"
            image.crop(box).save(cell)
            row.append(cell)
        cells.append(row)
    found = _zbar([cell for row in cells for cell in row])
    return [[found.get(str(cell), []) for cell in row] for row in cells]


def _zbar(images: list[Path]) -> dict[str, list[str]]:
    done = subprocess.run(
        ["zbarimg", "--nodbus", "-q", "--xml", *map(str, images)],
        capture_output=True,
        text=True,
    )
    # 4: some image held no barcode, which empty slots do.
    assert done.returncode in (0, 4), done.stderr
    ns = {"z": "http://zbar.sourceforge.net/2008/barcode"}
    found: dict[str, list[str]] = {}
    for source in ET.fromstring(done.stdout).findall("z:source", ns):
        found[source.get("href", "")] = [
            data.text or "" for data in source.findall("z:index/z:symbol/z:data", ns)
        ]
    return found


def expected_slots(
    t: LabelTemplate, items: list[tuple[LabelItem, int]], start: int = 1
) -> list[list[str | None]]:
    """What each slot of each page should hold (None: nothing)."""
    codes = [symbol_for(item).value for item, copies in items for _ in range(copies)]
    slots: list[str | None] = [None] * (start - 1) + codes
    slots += [None] * (-len(slots) % t.per_page)
    return [slots[i : i + t.per_page] for i in range(0, len(slots), t.per_page)]


def assert_scans(
    found: list[list[list[str]]],
    expected: list[list[str | None]],
    maybe_unread: set[str] = frozenset(),  # type: ignore[assignment]
) -> None:
    """Every label reads back exactly its own code once, empty slots read nothing; codes in
    `maybe_unread` may also read nothing (but never anything else)."""
    assert len(found) == len(expected), "page count"
    problems = []
    for page, (got_row, want_row) in enumerate(zip(found, expected, strict=True)):
        for slot, (got, want) in enumerate(zip(got_row, want_row, strict=True)):
            wanted = [] if want is None else [want]
            if got != wanted and not (want in maybe_unread and got == []):
                problems.append(f"page {page + 1} slot {slot + 1}: read {got}, want {wanted}")
    assert not problems, "\n".join(problems)


def demo_items(db) -> list[tuple[LabelItem, int]]:  # type: ignore[no-untyped-def]
    import csv

    from pos.resources import resource_path
    from pos.services.labels import label_items

    with open(resource_path("demo", "catalog.csv"), encoding="utf-8") as f:
        skus = [row["sku"] for row in csv.DictReader(f)]
    assert len(skus) == 46
    return label_items(db, [(sku, 2) for sku in skus], production_date=PRODUCED)


# --- templates ---------------------------------------------------------------------------------


def test_every_template_is_shipped_and_fits_its_page() -> None:
    assert template_names() == sorted(TEMPLATES)
    for t in list_templates():
        assert t.title and t.note
        right = t.margin_left + t.columns * t.label_width + (t.columns - 1) * t.gap_x
        bottom = t.margin_top + t.rows * t.label_height + (t.rows - 1) * t.gap_y
        assert right <= t.page_width and bottom <= t.page_height, t.name
        if t.kind == "roll":
            assert (t.page_width, t.page_height) == (t.label_width, t.label_height)
            assert t.per_page == 1


@pytest.mark.parametrize(
    ("name", "grid", "label"),
    [
        ("tnj-103", (3, 4), (64, 32)),
        ("tnj-107", (3, 8), (50, 18)),
        ("tnj-108", (5, 8), (38, 18)),
        ("tnj-121", (2, 5), (75, 38)),
        ("a4-3x8-70x37", (3, 8), (70, 37)),
        ("roll-50x30", (1, 1), (50, 30)),
        ("roll-40x30", (1, 1), (40, 30)),
        ("roll-33x15", (1, 1), (33, 15)),
    ],
)
def test_template_geometry(name: str, grid: tuple[int, int], label: tuple[int, int]) -> None:
    t = load_template(name)
    assert (t.columns, t.rows) == grid
    assert (t.label_width, t.label_height) == label
    if name.startswith("tnj-"):
        assert (t.page_width, t.page_height) != (210, 297), "Tom & Jerry sheets are not A4"
    if name.startswith("a4-"):
        assert (t.page_width, t.page_height) == (210, 297)


def test_pdf_pages_have_the_template_page_size() -> None:
    for name in TEMPLATES:
        t = load_template(name)
        page = PdfReader(io.BytesIO(render_labels(t, [(NASTAR, 1)]))).pages[0]
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx((t.page_width * PT_PER_MM, t.page_height * PT_PER_MM))


@pytest.mark.parametrize("name", ["tnj-999", "", "../demo/catalog", "TNJ-103 "])
def test_unknown_template(name: str) -> None:
    with pytest.raises(UnknownTemplate) as caught:
        render_labels(name, [(NASTAR, 1)])
    assert isinstance(caught.value, PosError)
    assert "tnj-103" in caught.value.message  # the message lists the templates there are


def test_a_template_that_does_not_fit_its_page_is_refused() -> None:
    data = json.loads((templates_dir() / "tnj-103.json").read_text(encoding="utf-8"))
    parse_template("ok", data)
    data["grid"]["columns"] = 4
    with pytest.raises(ValueError, match="the page is"):
        parse_template("too-wide", data)
    data["grid"]["columns"] = 3
    data["layout"] = [row for row in data["layout"] if row["fields"] != ["price"]]
    with pytest.raises(ValueError, match="no price"):
        parse_template("no-price", data)


def test_a_damaged_template_file_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pos.printing.label_templates as label_templates

    (tmp_path / "broken.json").write_text('{"title": "Broken", "page": ', encoding="utf-8")
    monkeypatch.setattr(label_templates, "templates_dir", lambda: tmp_path)
    with pytest.raises(BadTemplate, match="broken"):
        load_template("broken")


def test_adding_a_sheet_type_needs_no_code(tmp_path: Path, monkeypatch, scanner) -> None:  # type: ignore[no-untyped-def]
    import pos.printing.label_templates as label_templates

    data = json.loads((templates_dir() / "a4-3x8-70x37.json").read_text(encoding="utf-8"))
    data.update(title="A4 2 x 7", grid={"columns": 2, "rows": 7})
    data["label"].update(width=99.1, height=38.1)
    data["margin"] = {"left": 4.65, "top": 15.15}
    data["gap"] = {"x": 2.5, "y": 0}
    (tmp_path / "a4-2x7.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(label_templates, "templates_dir", lambda: tmp_path)
    t = load_template("a4-2x7")
    items = [(NASTAR, 3), (BUFET, 2)]
    found = scan_slots(render_labels("a4-2x7", items), t, tmp_path / "scan")
    assert_scans(found, expected_slots(t, items))


# --- barcodes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("barcode", "sku", "symbol"),
    [
        ("8997700001012", "KK-NAS-500", Symbol("EAN13", "8997700001012")),
        ("96385074", "X-1", Symbol("EAN8", "96385074")),
        ("036000291452", "X-1", Symbol("EAN13", "0036000291452")),  # UPC-A
        (None, "KK-KAC-BKS", Symbol("CODE128", "KK-KAC-BKS")),
        ("", "KK-KAC-BKS", Symbol("CODE128", "KK-KAC-BKS")),
        ("8997700001013", "KK-NAS-500", Symbol("CODE128", "KK-NAS-500")),  # bad check digit
        ("TOKO-123", "X-1", Symbol("CODE128", "TOKO-123")),  # a shop's own code
    ],
)
def test_symbol_for(barcode: str | None, sku: str, symbol: Symbol) -> None:
    assert symbol_for(LabelItem(sku, "Produk", 10_000, barcode)) == symbol


def test_bars_are_whole_printer_dots_with_quiet_zones() -> None:
    dot = 25.4 / 203
    for name in TEMPLATES:
        t = load_template(name)
        for item in SPECIAL:
            bc = layout_label(t, item, MAKER).barcode
            assert bc.module == pytest.approx(bc.dots * dot * PT_PER_MM)
            # 2 dots = 0.25 mm wherever it fits; 1 dot only for a long Code128 on a narrow label.
            if bc.symbol.kind != "CODE128" or t.label_width >= 50:
                assert bc.dots == 2, (name, item.sku)
            left, right = {"EAN13": (11, 7), "EAN8": (7, 7), "CODE128": (10, 10)}[bc.symbol.kind]
            bars = bc.bars_box
            assert bars[0] - bc.x == pytest.approx(left * bc.module)
            assert bc.x + bc.width - bars[2] == pytest.approx(right * bc.module)
            # On the dot grid of the label, so the bars are whole dots on paper.
            assert bc.x / bc.module * bc.dots == pytest.approx(round(bc.x / bc.module * bc.dots))


def test_33x15_falls_back_to_one_dot_only_for_long_code128() -> None:
    t = load_template("roll-33x15")
    assert layout_label(t, NASTAR).barcode.dots == 2
    assert layout_label(t, BUFET).barcode.dots == 1


def test_a_code_too_long_for_the_label_is_a_clear_error() -> None:
    item = LabelItem("X" * 48, "Produk", 10_000)
    with pytest.raises(LabelError, match="X" * 48):
        render_labels("roll-33x15", [(item, 1)])


@pytest.mark.parametrize("name", TEMPLATES)
def test_whole_demo_catalog_scans_back(name: str, demo_db, tmp_path: Path, scanner) -> None:  # type: ignore[no-untyped-def]
    """Every label of 46 products x 2 copies reads back its own code, once, at 203 dpi."""
    t = load_template(name)
    items = demo_items(demo_db)
    pdf = render_labels(t, items, maker_line=MAKER)
    found = scan_slots(pdf, t, tmp_path)
    assert_scans(found, expected_slots(t, items))
    assert sum(len(codes) for page in found for codes in page) == 92


@pytest.mark.parametrize("name", SHEETS)
def test_sheets_scan_back_at_300_dpi(name: str, demo_db, tmp_path: Path, scanner) -> None:  # type: ignore[no-untyped-def]
    """Sheets go to office printers: at 300 dpi every 0.25 mm barcode still reads back; a
    1-dot Code128 (0.125 mm) may not, but it never reads as something else."""
    t = load_template(name)
    items = [(item, 1) for item, _copies in demo_items(demo_db)]
    thin = {symbol_for(i).value for i, _ in items if layout_label(t, i).barcode.dots == 1}
    found = scan_slots(render_labels(t, items), t, tmp_path, dpi=300)
    assert_scans(found, expected_slots(t, items), maybe_unread=thin)


@pytest.mark.parametrize("name", TEMPLATES)
def test_ean8_upca_and_code128_scan_back(name: str, tmp_path: Path, scanner) -> None:
    t = load_template(name)
    items = [(item, 2) for item in SPECIAL]
    found = scan_slots(render_labels(t, items, maker_line=MAKER), t, tmp_path)
    assert_scans(found, expected_slots(t, items))


# --- fitting text ------------------------------------------------------------------------------


def _inside(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    eps = 1e-6
    return (
        inner[0] >= outer[0] - eps
        and inner[1] >= outer[1] - eps
        and inner[2] <= outer[2] + eps
        and inner[3] <= outer[3] + eps
    )


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] - 1e-6 and b[0] < a[2] - 1e-6 and a[1] < b[3] - 1e-6 and b[1] < a[3] - 1e-6


def assert_layout_is_clean(t: LabelTemplate, item: LabelItem, maker: str = MAKER) -> None:
    layout = layout_label(t, item, maker)
    label = (0.0, 0.0, layout.width, layout.height)
    for field, box in layout.boxes():
        # Text stays inside the padding; the barcode's quiet zones too (they must stay blank
        # on the label), and its bars are centred in them.
        assert _inside(box, layout.content_box), (t.name, item.sku, field, box)
        assert _inside(box, label)
    for (f1, b1), (f2, b2) in combinations(layout.boxes(), 2):
        assert not _overlap(b1, b2), (t.name, item.sku, f1, f2)
    # What each text says is measured at its own font and size.
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for text in layout.texts:
        assert text.width == pytest.approx(stringWidth(text.text, text.font, text.size))
        assert text.size >= 4.0 or text.field == "price"
    assert layout.text_of("price").startswith("Rp")


@pytest.mark.parametrize("name", TEMPLATES)
def test_no_text_leaves_its_label_or_overlaps(name: str) -> None:
    t = load_template(name)
    for item in SPECIAL:
        assert_layout_is_clean(t, item)
        assert_layout_is_clean(t, item, maker="")
        assert_layout_is_clean(t, item, maker=" ".join(["Karya WBP Lapas Kelas IIA"] * 8))


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_200_character_name_fits_cut_at_a_word(name: str) -> None:
    t = load_template(name)
    assert len(LONG.name) == 200
    layout = layout_label(t, LONG, MAKER)
    assert_layout_is_clean(t, LONG)
    shown = layout.text_of("name")
    assert shown, "the name is never dropped for length alone"
    assert shown.endswith(ELLIPSIS)
    words = shown.removesuffix(ELLIPSIS).split()
    # Whole words from the start of the name, none broken.
    assert words == LONG.name.split()[: len(words)]
    assert layout.text_of("price") == "Rp1.250.000"


def test_the_smallest_label_keeps_barcode_and_price_and_drops_the_rest_in_order() -> None:
    t = load_template("roll-33x15")
    layout = layout_label(t, NASTAR, MAKER)
    assert layout.text_of("price") == "Rp65.000"
    assert layout.barcode.symbol.value == "8997700001012"
    # The maker line and the production date go first; the best-before date stays longest.
    assert layout.dropped[:2] == ["maker", "produced"]
    assert "best_before" not in layout.dropped
    assert layout.text_of("best_before")
    assert not layout.text_of("maker")


@pytest.mark.parametrize("name", TEMPLATES)
def test_rp13_million_fits(name: str) -> None:
    layout = layout_label(load_template(name), BUFET, MAKER)
    assert layout.text_of("price") == "Rp13.000.000"
    assert_layout_is_clean(load_template(name), BUFET)


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_huge_price_still_fits(name: str) -> None:
    item = LabelItem("MB-X", "Meja", 999_999_999_999, "2000000000107")
    assert load_template(name) and layout_label(load_template(name), item).text_of("price") == (
        "Rp999.999.999.999"
    )
    assert_layout_is_clean(load_template(name), item)


INDONESIAN = {
    "Produced {date}": "Produksi {date}",
    "Best before {date}": "Baik digunakan sebelum {date}",
    "P-IRT No. {number}": "P-IRT No. {number}",
}


@pytest.mark.parametrize("name", TEMPLATES)
def test_longer_indonesian_wording_still_fits(name: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pos.printing.label_layout as labels_module

    monkeypatch.setattr(labels_module, "_", lambda text: INDONESIAN.get(text, text))
    t = load_template(name)
    for item in SPECIAL:
        assert_layout_is_clean(t, item)
    layout = layout_label(t, NASTAR, MAKER)
    # Food keeps its best-before date on every label size.
    assert layout.text_of("best_before") == "Baik digunakan sebelum 03-06-2025"


def test_food_shows_dates_and_pirt_on_a_roomy_label() -> None:
    layout = layout_label(load_template("tnj-103"), NASTAR, MAKER)
    best_before = (PRODUCED + timedelta(days=90)).strftime("%d-%m-%Y")
    assert best_before == "03-06-2025"
    assert "05-03-2025" in layout.text_of("produced")
    assert best_before in layout.text_of("best_before")
    assert "2063509010123" in layout.text_of("pirt")
    assert layout.text_of("maker") == MAKER
    assert layout.text_of("sku") == "KK-NAS-500"
    assert layout.dropped == []
    other = layout_label(load_template("tnj-103"), BUFET, MAKER)
    assert not other.text_of("produced") and not other.text_of("best_before")
    # A Code128 of the SKU already shows the SKU under its bars.
    assert not other.text_of("sku")


def test_fit_paragraph_shrinks_then_wraps_then_cuts_at_a_word() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from pos.printing.text import ensure_fonts

    ensure_fonts()
    room = 30 * PT_PER_MM
    lines, size = fit_paragraph("Peci Hitam Polos", FONT_BOLD, 8, 6, 2, room)
    assert (lines, size) == (["Peci Hitam Polos"], 8)
    shirt = "Kemeja Batik Lengan Pendek XXL"
    lines, size = fit_paragraph(shirt, FONT_BOLD, 8, 6, 2, stringWidth(shirt, FONT_BOLD, 7))
    assert lines == [shirt] and size == pytest.approx(7, abs=0.05)  # shrunk before wrapped
    lines, size = fit_paragraph("Kemeja Batik Lengan Pendek Ukuran XXL", FONT, 8, 7, 2, room)
    assert len(lines) == 2 and " ".join(lines) == "Kemeja Batik Lengan Pendek Ukuran XXL"
    for max_lines in (1, 2, 3):
        lines, size = fit_paragraph(LONG_NAME, FONT, 8, 6, max_lines, room)
        assert len(lines) == max_lines
        assert all(stringWidth(line, FONT, size) <= room for line in lines)
        assert lines[-1].endswith(ELLIPSIS)
        words = " ".join(lines).removesuffix(ELLIPSIS).split()
        assert words == LONG_NAME.split()[: len(words)]
    # A word wider than the line is never broken: the name stops before it.
    lines, size = fit_paragraph("Kursi " + "A" * 60 + " Jati", FONT, 8, 6, 2, room)
    assert lines == ["Kursi" + ELLIPSIS]


# --- start position, offsets, copies -----------------------------------------------------------


def test_start_position_on_a_part_used_sheet(tmp_path: Path, scanner) -> None:
    t = load_template("tnj-103")
    items = [(NASTAR, 2), (BUFET, 1), (EAN8, 1)]
    found = scan_slots(render_labels(t, items, start=5), t, tmp_path)
    assert_scans(found, expected_slots(t, items, start=5))
    assert [bool(codes) for codes in found[0]] == [False] * 4 + [True] * 4 + [False] * 4


def test_start_on_the_last_slot_flows_onto_a_second_sheet(tmp_path: Path, scanner) -> None:
    t = load_template("tnj-108")
    items = [(NASTAR, 3)]
    found = scan_slots(render_labels(t, items, start=40), t, tmp_path)
    assert_scans(found, expected_slots(t, items, start=40))
    assert len(found) == 2


@pytest.mark.parametrize(("name", "start"), [("tnj-103", 13), ("tnj-103", 0), ("tnj-103", -1),
                                             ("roll-50x30", 2), ("tnj-108", 41)])  # fmt: skip
def test_start_past_the_sheet_is_refused(name: str, start: int) -> None:
    with pytest.raises(LabelError) as caught:
        render_labels(name, [(NASTAR, 1)], start=start)
    assert str(load_template(name).per_page) in caught.value.message


def test_many_copies_flow_onto_further_pages() -> None:
    def pages(pdf: bytes) -> int:
        return len(PdfReader(io.BytesIO(pdf)).pages)

    assert pages(render_labels("tnj-103", [(NASTAR, 30)])) == 3  # 12 + 12 + 6
    assert pages(render_labels("tnj-103", [(NASTAR, 30)], start=10)) == 4  # 3 + 12 + 12 + 3
    assert pages(render_labels("tnj-103", [(NASTAR, 12)])) == 1
    assert pages(render_labels("roll-33x15", [(NASTAR, 7), (BUFET, 3)])) == 10


@pytest.mark.parametrize("copies", [0, -1, True, 1.5, "2"])
def test_copies_must_be_at_least_one(copies: object) -> None:
    with pytest.raises(InvalidQuantity):
        render_labels("tnj-103", [(NASTAR, 1), (BUFET, copies)])  # type: ignore[list-item]


def test_nothing_to_print_and_absurd_copies_are_refused() -> None:
    with pytest.raises(LabelError):
        render_labels("tnj-103", [])
    with pytest.raises(InvalidQuantity, match="10000"):
        render_labels("tnj-103", [(NASTAR, 10_001)])


def test_offsets_move_every_label(tmp_path: Path, scanner) -> None:
    t = load_template("tnj-121")
    items = [(NASTAR, 3), (BUFET, 3), (UPCA, 4)]
    pdf = render_labels(t, items, offset_x_mm=2.5, offset_y_mm=-3)
    # Read where the labels are now: each still reads back in its own slot.
    found = scan_slots(pdf, t, tmp_path / "moved", offset=(2.5, -3))
    assert_scans(found, expected_slots(t, items))
    plain = render_labels(t, items)
    assert pdf != plain
    # The labels moved by whole printer dots from where they were.
    placed = rb"1 0 0 1 ([\d.-]+) ([\d.-]+) cm\s+/FormXob"
    moved, before = re.findall(placed, pdf), re.findall(placed, plain)
    assert len(moved) == len(before) == 10
    dx = float(moved[0][0]) - float(before[0][0])
    dy = float(moved[0][1]) - float(before[0][1])
    assert dx == pytest.approx(2.5 * PT_PER_MM, abs=0.2)
    assert dy == pytest.approx(3 * PT_PER_MM, abs=0.2)  # y down on the sheet is up in PDF


@pytest.mark.parametrize(
    ("name", "dx", "dy"),
    [("tnj-103", 10, 0), ("tnj-103", -8.5, 0), ("tnj-103", 0, 20), ("tnj-103", 0, -13),
     ("roll-33x15", 2, 0), ("roll-33x15", 0, -1), ("a4-3x8-70x37", -4.5, 0)],
)  # fmt: skip
def test_offsets_that_push_labels_off_the_page_are_refused(name: str, dx: float, dy: float) -> None:
    with pytest.raises(LabelError) as caught:
        render_labels(name, [(NASTAR, 1)], offset_x_mm=dx, offset_y_mm=dy)
    assert " mm" in caught.value.message  # it says which offsets would do


@pytest.mark.parametrize(("name", "dx", "dy"), [("tnj-103", 5, 10), ("roll-33x15", 1, -0.5),
                                                ("a4-3x8-70x37", -3.5, 0.5)])  # fmt: skip
def test_small_offsets_are_fine(name: str, dx: float, dy: float) -> None:
    assert render_labels(name, [(NASTAR, 1)], offset_x_mm=dx, offset_y_mm=dy).startswith(b"%PDF")


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_offsets_must_be_numbers(value: float) -> None:
    with pytest.raises(LabelError):
        render_labels("tnj-103", [(NASTAR, 1)], offset_x_mm=value)


# --- the PDF -----------------------------------------------------------------------------------


def test_fonts_are_embedded_dejavu_and_no_helvetica() -> None:
    pdf = render_labels("tnj-103", [(item, 1) for item in SPECIAL], maker_line=MAKER)
    fonts = re.findall(rb"/BaseFont /(?:[A-Z]{6}\+)?([\w-]+)", pdf)
    assert sorted(set(fonts)) == [FONT.encode(), FONT_BOLD.encode()]
    assert pdf.count(b"/FontFile2") == len(fonts)  # each one embedded
    assert b"Helvetica" not in pdf


def test_each_distinct_label_is_drawn_once_and_copies_reuse_it() -> None:
    pdf = render_labels("tnj-103", [(NASTAR, 20), (BUFET, 20)])
    assert len(re.findall(rb"/Subtype /Form", pdf)) == 2
    assert len(re.findall(rb"/FormXob\.\w+ Do", pdf)) == 40


def test_text_is_in_the_pdf() -> None:
    pdf = render_labels("tnj-103", [(NASTAR, 1), (BUFET, 1)], maker_line=MAKER)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for expected in ("Nastar Keju Toples 500 gr", "Rp65.000", "Rp13.000.000", MAKER, "MB-BUF-01"):
        assert expected in text


def test_outline_draws_label_edges() -> None:
    plain = render_labels("tnj-103", [(NASTAR, 1)])
    outlined = render_labels("tnj-103", [(NASTAR, 1)], outline=True)
    assert outlined.count(b" re S") == plain.count(b" re S") + 1


def test_labels_are_reproducible() -> None:
    items = [(item, 2) for item in SPECIAL]
    assert render_labels("tnj-107", items) == render_labels("tnj-107", items)


def test_template_titles_speak_the_ui_language() -> None:
    """The JSON keeps its English title (the template's key stays stable); the UI shows it
    through the catalog."""
    from pos.i18n import in_language
    from pos.printing.labels import list_templates

    templates = {t.name: t for t in list_templates()}
    roll = templates["roll-50x30"]
    with in_language("id"):
        assert roll.shown_title == "Rol termal 50 x 30 mm"
        assert all(t.shown_title != t.title or "Tom & Jerry" in t.title for t in templates.values())
    with in_language("en"):
        assert roll.shown_title == roll.title == "Thermal roll 50 x 30 mm"
