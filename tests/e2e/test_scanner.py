"""A USB scanner at full speed against the real window: every scan lands, none blocks the next."""

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from e2e_helpers import (
    DemoProduct,
    LapakApp,
    XDisplay,
    pending_lines,
    wait_for,
    wait_for_sales,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(90)]

StartApp = Callable[[Path], LapakApp]

SCREENSHOT = Path("/tmp/e2e_scan.png")

# Scanned in this order. Repeats are spread out (and one is back to back) so that some lines
# reach qty > 1; KK-KAC-BKS, MK-TMP-01, MK-TMP-DAUN and KY-ASB-01 have no barcode and go in by
# SKU; KY-GNT-01 is scanned once by barcode and once by SKU and must still be one line.
BASKET = (
    "KK-NAS-500",
    "KK-NAS-250",
    "KK-KAC-BKS",
    "KK-SEM-01",
    "MK-ROT-01",
    "KK-PUT-01",
    "KK-COK-01",
    "MK-TMP-01",
    "KK-SNG-01",
    "KK-KAS-01",
    "MK-ROT-01",
    "KK-LID-01",
    "KK-KAC-01",
    "MK-TMP-DAUN",
    "MK-KRP-01",
    "KY-GNT-01",
    "PK-PCI-HTM",
    "SV-MUG-01",
    "KK-NAS-500",
    "KY-ASB-01",
    "SV-KST-01",
    "TS-DMP-01",
    "MK-TMP-01",
    "MK-TMP-01",
    "SV-MUG-01",
    "MK-ROT-01",
)
BY_SKU = {"KY-GNT-01": 1}  # how many of that product's scans use the SKU instead of the barcode


def ean13_check_digit(body: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def scanner_burst(codes: list[str]) -> str:
    """What a scanner in keyboard mode sends: each code followed by Enter (CR)."""
    return "".join(f"{code}\r" for code in codes)


def expected_lines(products: list[DemoProduct]) -> dict[str, tuple[int, int]]:
    """sku -> (qty, line total) for a list of scanned products."""
    counts = Counter(p.sku for p in products)
    by_sku = {p.sku: p for p in products}
    return {sku: (qty, qty * by_sku[sku].price) for sku, qty in counts.items()}


def report_lines(report: dict) -> dict[str, tuple[int, int]]:
    return {line["sku"]: (line["qty"], line["total"]) for line in report["lines"]}


def cart_lines(lines: list[dict] | None) -> dict[str, tuple[int, int]] | None:
    if lines is None:
        return None
    return {line["sku"]: (line["qty"], line["qty"] * line["unit_price"]) for line in lines}


def receipt_pdf(db_file: Path, report: dict) -> Path:
    day = date.fromisoformat(report["date"])
    return db_file.parent / "receipts" / f"{day:%Y-%m}" / f"{report['receipts'][0]}.pdf"


def test_twenty_scans_at_scanner_speed(
    xdisplay: XDisplay, start_app: StartApp, db_file: Path, demo_catalog: dict[str, DemoProduct]
) -> None:
    products = [demo_catalog[sku] for sku in BASKET]
    by_sku_left = dict(BY_SKU)
    codes: list[str] = []
    for p in products:
        if by_sku_left.get(p.sku):
            by_sku_left[p.sku] -= 1
            codes.append(p.sku)
        else:
            codes.append(p.code)
    assert len(codes) >= 20
    assert any(not p.barcode for p in products), "some products must go in by SKU"
    expected = expected_lines(products)
    total = sum(p.price for p in products)

    app = start_app(db_file)
    xdisplay.type(scanner_burst(codes))

    # The cart is saved as it changes: once the saved draft is complete, the screen is too.
    wait_for(
        lambda: cart_lines(pending_lines(db_file)) == expected,
        15,
        "every scan in the saved cart",
        detail=lambda: cart_lines(pending_lines(db_file)),
    )
    xdisplay.screenshot(SCREENSHOT)

    app.pay_cash(total)
    report = wait_for_sales(db_file, 1, app)

    assert report["sales_count"] == 1
    assert report_lines(report) == expected
    assert {line["sku"]: line["name"] for line in report["lines"]} == {
        sku: demo_catalog[sku].name for sku in expected
    }
    assert report["total"] == total
    pdf = receipt_pdf(db_file, report)
    wait_for(pdf.exists, 10, f"the receipt {pdf}")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_cart_survives_kill_9(
    xdisplay: XDisplay, start_app: StartApp, db_file: Path, demo_catalog: dict[str, DemoProduct]
) -> None:
    products = [demo_catalog[sku] for sku in ("KK-NAS-250", "MK-TMP-01", "KK-NAS-250", "SV-MUG-01")]
    expected = expected_lines(products)

    app = start_app(db_file)
    xdisplay.type(scanner_burst([p.code for p in products]))
    wait_for(
        lambda: cart_lines(pending_lines(db_file)) == expected,
        15,
        "the saved cart",
        detail=lambda: cart_lines(pending_lines(db_file)),
    )
    app.kill_hard()

    again = start_app(db_file)
    again.pay_cash(sum(p.price for p in products))
    report = wait_for_sales(db_file, 1, again)

    assert report["sales_count"] == 1
    assert report_lines(report) == expected
    assert pending_lines(db_file) is None, "the paid cart must not come back"


def test_bad_scans_do_not_block(
    xdisplay: XDisplay, start_app: StartApp, db_file: Path, demo_catalog: dict[str, DemoProduct]
) -> None:
    unknown = "899770000999" + ean13_check_digit("899770000999")
    assert unknown not in {p.barcode for p in demo_catalog.values()}
    good = demo_catalog["KK-SEM-01"]
    misread = good.barcode[:-1] + str((int(good.barcode[-1]) + 1) % 10)
    assert ean13_check_digit(misread[:-1]) != misread[-1]

    app = start_app(db_file)
    xdisplay.type(scanner_burst([unknown, misread, good.code]))
    wait_for(
        lambda: cart_lines(pending_lines(db_file)) == expected_lines([good]),
        15,
        "the good scan in the saved cart",
        detail=lambda: cart_lines(pending_lines(db_file)),
    )
    app.pay_cash(good.price)
    report = wait_for_sales(db_file, 1, app)

    assert report["sales_count"] == 1
    assert report_lines(report) == expected_lines([good])


@pytest.mark.e2e
@pytest.mark.timeout(90)
def test_first_start_of_the_day_asks_for_the_float(
    xdisplay: XDisplay, start_app: StartApp, tmp_path: Path, demo_catalog: dict[str, DemoProduct]
) -> None:
    """No open shift: the float is asked first; afterwards the keys (F12) still work."""
    import sqlite3

    db_file = tmp_path / "fresh" / "lapak.db"
    db_file.parent.mkdir()
    app = start_app(db_file)
    dialog = wait_for(
        lambda: next((w for w in app.visible_windows() if w != app.wid), None),
        timeout=15,
        what="the opening-float dialog",
    )
    xdisplay.focus(dialog)
    xdisplay.type_by_hand("150000\r")
    wait_for(lambda: len(app.visible_windows()) == 1, 10, "the float dialog to close")
    # No focus call here: a cashier does not click the window after opening the shift.
    nastar, tempe = demo_catalog["KK-NAS-500"], demo_catalog["MK-TMP-01"]
    xdisplay.type(scanner_burst([nastar.code, tempe.code]))
    wait_for(
        lambda: cart_lines(pending_lines(db_file)) == expected_lines([nastar, tempe]),
        15,
        "the scans in the saved cart",
    )
    app.pay_cash(nastar.price + tempe.price)
    report = wait_for_sales(db_file, 1, app)
    assert report_lines(report) == expected_lines([nastar, tempe])
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("SELECT opening_float FROM shifts").fetchall() == [(150000,)]
