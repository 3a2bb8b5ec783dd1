"""The day's export carries what `pos report day --json` says of voids, refunds, discounts."""

import csv
import json
from pathlib import Path

from sale_helpers import PINS, cart_of

from pos.core.pricing import AMOUNT, make_discount
from pos.services import refunds, reports, sales
from pos.services.export import MANIFEST, export_day, verify_export


def test_export_has_refunds_cashiers_and_the_report_figures(
    demo_db, cashier, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    cart = cart_of(demo_db, "KK-NAS-500", "MK-TMP-01")
    cart.set_line_discount(0, make_discount(AMOUNT, 5_000, "=1+1 kemasan"))
    kept = sales.checkout_cash(demo_db, cashier, cart, 100_000)
    voided = sales.checkout_cash(demo_db, cashier, cart_of(demo_db, "MK-TMP-01"), 5_000)
    refunds.void_sale(demo_db, cashier, voided.receipt_no, "salah", PINS["Pak Joko"])
    line = refunds.find_sale(demo_db, kept.receipt_no).lines[1].sale_line_id
    done = refunds.refund(
        demo_db, cashier, kept.receipt_no, [refunds.ReturnItem(line, 1)], "tunai", "basi",
        PINS["Pak Joko"],
    )  # fmt: skip
    day = kept.created_at.date()

    result = export_day(demo_db, cashier, day, tmp_path)
    assert verify_export(result.folder) == []
    manifest = json.loads((result.folder / MANIFEST).read_text())
    report = reports.day_report(demo_db, day).to_json()
    assert manifest["voided"] == report["voided"] == [voided.receipt_no]
    assert manifest["refunds"] == report["refunds"]
    assert manifest["cashiers"] == report["cashiers"]
    assert manifest["totals"]["net_total"] == report["net_total"] == 65_000 + 5_000 - 5_000 - 5_000
    assert manifest["totals"]["discount_total"] == report["discount_total"] == 5_000
    with (result.folder / "refunds.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["refund_no"], r["kind"], r["approver"]) for r in rows] == [
        (rows[0]["refund_no"], "void", "Pak Joko"),
        (done.refund_no, "refund", "Pak Joko"),
    ]
    with (result.folder / "sales.csv").open(encoding="utf-8") as f:
        status = {r["receipt_no"]: r["status"] for r in csv.DictReader(f)}
    assert status == {kept.receipt_no: "completed", voided.receipt_no: "voided"}
    with (result.folder / "lines.csv").open(encoding="utf-8") as f:
        reasons = [r["discount_reason"] for r in csv.DictReader(f)]
    assert "'=1+1 kemasan" in reasons  # a formula-looking reason stays text
