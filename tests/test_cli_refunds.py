"""`pos report day --json` after a discount, a void and a return; `pos receipt` of a slip."""

import json
from pathlib import Path

from test_cli import pos


def test_report_day_counts_discounts_voids_and_refunds(tmp_path: Path) -> None:
    from pos.core.cart import Cart
    from pos.core.pricing import PERCENT, make_discount
    from pos.services import catalog, refunds, sales, shifts, users
    from pos.services.auth import Actor, system_actor
    from pos.services.setup import init_database, load_demo

    path = tmp_path / "lapak.db"
    db = init_database(path)
    load_demo(db, system_actor(db))
    people = {u.name: Actor(u.id, u.name, u.role) for u in users.list_users(db)}
    sari, budi = people["Sari"], people["Budi"]
    shifts.open_shift(db, sari, 100_000)

    def sell(who: Actor, *codes: str, percent: int = 0):  # type: ignore[no-untyped-def]
        cart = Cart()
        for code in codes:
            p = catalog.find_by_code(db, code)
            cart.add(p.id, p.sku, p.name, p.price)
        if percent:
            cart.set_discount(make_discount(PERCENT, percent, "langganan"))
        return sales.checkout_cash(db, who, cart, 500_000)

    kept = sell(sari, "KK-NAS-500", "KK-NAS-500", percent=10)  # 117.000, 13.000 off
    voided = sell(sari, "MK-TMP-01")
    returned = sell(budi, "SV-MUG-01", "MK-TMP-01")  # 35.000 + 5.000
    refunds.void_sale(db, sari, voided.receipt_no, "salah scan", "2222")
    mug = refunds.find_sale(db, returned.receipt_no).lines[0].sale_line_id
    refund = refunds.refund(
        db, budi, returned.receipt_no, [refunds.ReturnItem(mug, 1)], "qris", "retak", "2222", "Q1"
    )
    db.close()

    day = kept.created_at.date().isoformat()
    out = pos("--db", str(path), "report", "day", "--date", day, "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["total"] == 117_000 + 40_000 and report["sales_count"] == 2
    assert report["discount_total"] == 13_000
    assert report["voided"] == [voided.receipt_no]
    assert report["refunds"] == [
        {"refund_no": refund.refund_no, "receipt_no": returned.receipt_no, "total": 35_000,
         "method": "qris", "cashier": "Budi"},
    ]  # fmt: skip
    assert report["net_total"] == 117_000 + 40_000 - 35_000
    assert report["cashiers"] == [
        {"name": "Budi", "sales_count": 1, "total": 40_000, "discount_total": 0, "voids": 0,
         "refund_total": 35_000},
        {"name": "Sari", "sales_count": 1, "total": 117_000, "discount_total": 13_000,
         "voids": 1, "refund_total": 0},
    ]  # fmt: skip
    text = pos("--db", str(path), "report", "day", "--date", day).stdout
    assert "Rp13.000" in text and "Rp122.000" in text

    slip = tmp_path / "slip.pdf"
    written = pos("--db", str(path), "receipt", refund.refund_no, "--out", str(slip))
    assert written.returncode == 0, written.stderr
    assert slip.read_bytes().startswith(b"%PDF")
