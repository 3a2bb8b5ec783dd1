"""Labels from the catalog: SKUs and copies, a stock receipt's units, the maker line."""

import io
import os
import shutil
import subprocess
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from pos.core.errors import InvalidQuantity, NotFound, PosError
from pos.printing.labels import LabelItem, UnknownTemplate, symbol_for
from pos.services import labels, products, settings, stock
from pos.services.auth import supervisor_actor
from pos.services.stock import StockLine


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def today(db) -> date:  # type: ignore[no-untyped-def]
    with db.Session() as session:
        return settings.local_now(session).date()


def test_label_items_in_order_with_copies(demo_db) -> None:  # type: ignore[no-untyped-def]
    items = labels.label_items(demo_db, [("MB-BUF-01", 2), ("kk-nas-500", 5), ("MB-BUF-01", 1)])
    assert [(item.sku, copies) for item, copies in items] == [
        ("MB-BUF-01", 2),
        ("KK-NAS-500", 5),
        ("MB-BUF-01", 1),
    ]
    bufet, nastar = items[0][0], items[1][0]
    assert bufet == LabelItem("MB-BUF-01", "Bufet TV Jati (pesanan)", 13_000_000)
    assert (nastar.barcode, nastar.pirt, nastar.shelf_life_days) == (
        "8997700001012",
        "2063509010123",
        90,
    )


def test_food_is_dated_today_unless_told(demo_db) -> None:  # type: ignore[no-untyped-def]
    [(nastar, _n), (chair, _m)] = labels.label_items(
        demo_db, [("KK-NAS-500", 1), ("MB-KRS-JTI", 1)]
    )
    assert nastar.production_date == today(demo_db)
    assert nastar.best_before == today(demo_db) + timedelta(days=90)
    assert chair.production_date is None and chair.best_before is None
    [(tempe, _n)] = labels.label_items(demo_db, [("MK-TMP-01", 1)], date(2025, 3, 5))
    assert tempe.best_before == date(2025, 3, 8)


def test_unknown_sku_is_named(demo_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound, match="NOPE-1"):
        labels.label_items(demo_db, [("KK-NAS-500", 1), ("NOPE-1", 1)])


@pytest.mark.parametrize("copies", [0, -2, True, 2.0, 1_000_000])
def test_bad_copies_are_refused(demo_db, copies: object) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidQuantity):
        labels.label_items(demo_db, [("KK-NAS-500", copies)])  # type: ignore[list-item]


def test_nothing_chosen_is_refused(demo_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PosError):
        labels.label_items(demo_db, [])


def _receive(db, lines: dict[str, int], day: date | None = None) -> int:  # type: ignore[no-untyped-def]
    boss = supervisor_actor(db)
    return stock.receive(
        db,
        boss,
        None,
        [StockLine(products.product_id_by_sku(db, sku), qty) for sku, qty in lines.items()],
        day=day,
    )


def test_items_from_receipt_copies_are_units_received(demo_db) -> None:  # type: ignore[no-untyped-def]
    doc = _receive(demo_db, {"KK-NAS-500": 12, "MB-KRS-JTI": 2, "MK-TMP-01": 40}, date(2025, 3, 4))
    items = labels.items_from_receipt(demo_db, doc)
    assert [(item.sku, copies) for item, copies in items] == [
        ("KK-NAS-500", 12),
        ("MB-KRS-JTI", 2),
        ("MK-TMP-01", 40),
    ]
    # Food made for this delivery is dated the delivery's day.
    assert items[0][0].production_date == date(2025, 3, 4)
    assert items[2][0].best_before == date(2025, 3, 7)
    assert items[1][0].production_date is None
    later = labels.items_from_receipt(demo_db, doc, production_date=date(2025, 3, 1))
    assert later[0][0].production_date == date(2025, 3, 1)


def test_items_from_an_unknown_receipt(demo_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        labels.items_from_receipt(demo_db, 999)


def test_render_with_the_default_maker_line(demo_db) -> None:  # type: ignore[no-untyped-def]
    pdf = labels.render(demo_db, "tnj-103", [("KK-NAS-500", 2), ("MB-BUF-01", 1)])
    text = pdf_text(pdf)
    assert labels.DEFAULT_MAKER_LINE == "Karya WBP"
    assert text.count("Karya WBP") == 3
    assert "Rp13.000.000" in text and "Nastar Keju Toples 500 gr" in text
    assert today(demo_db).strftime("%d-%m-%Y") in text


def test_render_with_a_maker_line(demo_db) -> None:  # type: ignore[no-untyped-def]
    maker = "Karya WBP Lapas Kelas IIA Jember"
    pdf = labels.render(demo_db, "tnj-121", [("PK-PCI-HTM", 1)], maker_line=maker)
    assert maker in pdf_text(pdf)


def test_render_start_and_offsets_pass_through(demo_db) -> None:  # type: ignore[no-untyped-def]
    base = labels.render(demo_db, "tnj-103", [("KK-NAS-500", 12)])
    assert len(PdfReader(io.BytesIO(base)).pages) == 1
    later = labels.render(demo_db, "tnj-103", [("KK-NAS-500", 12)], start=2)
    assert len(PdfReader(io.BytesIO(later)).pages) == 2
    moved = labels.render(demo_db, "tnj-103", [("KK-NAS-500", 12)], offset_x=1, offset_y=1)
    assert moved != base
    with pytest.raises(PosError, match="mm"):
        labels.render(demo_db, "tnj-103", [("KK-NAS-500", 1)], offset_x=50)


def test_unknown_template_fails_before_looking_up_products(demo_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownTemplate):
        labels.render(demo_db, "tnj-999", [("NOPE-1", 1)])


@pytest.fixture
def scanner() -> None:
    missing = [tool for tool in ("pdftoppm", "zbarimg") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} not installed")
        pytest.skip(f"{missing} not installed")


def test_a_receipts_labels_scan_once_per_unit(demo_db, tmp_path: Path, scanner) -> None:  # type: ignore[no-untyped-def]
    doc = _receive(demo_db, {"KK-NAS-500": 5, "KK-KAC-BKS": 3, "PK-PCI-HTM": 2})
    pdf = labels.render(demo_db, "roll-40x30", receipt=doc)
    (tmp_path / "labels.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "203", "-mono", str(tmp_path / "labels.pdf"), str(tmp_path / "p")],
        check=True,
    )
    pages = sorted(tmp_path.glob("p-*.pbm"))
    assert len(pages) == 10  # a roll: one label a page
    read: Counter[str] = Counter()
    for page in pages:  # one by one: zbar reports the same code once per image
        out = subprocess.run(
            ["zbarimg", "--nodbus", "-q", "--raw", str(page)], capture_output=True, text=True
        ).stdout.splitlines()
        assert len(out) == 1, (page, out)
        read.update(out)
    expected = Counter(
        {symbol_for(item).value: n for item, n in labels.items_from_receipt(demo_db, doc)}
    )
    assert read == expected == Counter({"8997700001012": 5, "KK-KAC-BKS": 3, "8997700001074": 2})


@pytest.mark.parametrize(
    ("text", "expected"),
    [("KK-NAS-500:20", ("KK-NAS-500", 20)), ("kk-nas-500", ("kk-nas-500", 1)),
     (" MB-BUF-01 : 3 ", ("MB-BUF-01", 3))],
)  # fmt: skip
def test_parse_sku_copies(text: str, expected: tuple[str, int]) -> None:
    assert labels.parse_sku_copies(text) == expected


@pytest.mark.parametrize("text", ["KK-NAS-500:", "KK-NAS-500:x", ":5", "KK-NAS-500:0", "A:-1"])
def test_parse_sku_copies_refuses_nonsense(text: str) -> None:
    with pytest.raises(InvalidQuantity):
        labels.parse_sku_copies(text)


def test_write_pdf_whole_or_not_at_all(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = labels.render(demo_db, "roll-50x30", [("KK-NAS-500", 1)], outline=True)
    out = tmp_path / "out"
    out.mkdir()
    target = labels.write_pdf(pdf, out / "labels.pdf")
    assert target.read_bytes() == pdf
    with pytest.raises(PosError, match="nowhere"):
        labels.write_pdf(pdf, out / "nowhere" / "labels.pdf")
    assert [p.name for p in out.iterdir()] == ["labels.pdf"]
