"""The 40-chair order in the books: each payment's kuitansi, the Z report, the day report and
the end-of-day export; nothing counted twice."""

import csv
import json
from datetime import timedelta
from pathlib import Path

import pytest
from pdfs import layout_text
from sale_helpers import actor

from pos.core.orders import OrderItem
from pos.core.payments import NonCashPayment
from pos.printing.shift_report import report_rows
from pos.services import kuitansi, order_pickup, orders, reports, settings, shifts
from pos.services.export import export_day


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def chairs(demo_db):  # type: ignore[no-untyped-def]
    """40 chairs: a DP in cash, an instalment by transfer, the rest in cash, then the pickup;
    and a second order still open with a DP."""
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 100_000)
    due = settings.stand_now(demo_db).date() + timedelta(days=14)
    no = orders.new_order(
        demo_db, sari, "SD Negeri 3", due, [OrderItem(40, "MB-KRS-JTI")], "0812 3456 7890"
    ).order_no
    paid = [
        orders.pay(demo_db, sari, no, 10_000_000),
        orders.pay(
            demo_db, sari, no, 14_000_000,
            [NonCashPayment("transfer", 14_000_000, "TRX-77", "BRI", confirmed=True)], 0,
        ),
        orders.pay(demo_db, sari, no, 10_000_000),
    ]  # fmt: skip
    receipt_no = order_pickup.pickup(demo_db, sari, no)
    other = orders.new_order(demo_db, sari, "Bu Ani", due, [OrderItem(1, "MB-LMR-2P")]).order_no
    orders.pay(demo_db, sari, other, 500_000)
    return no, paid, receipt_no, other


def test_each_payment_has_its_kuitansi(demo_db, chairs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    no, paid, _receipt, _other = chairs
    expected = [
        ("Rp10.000.000", "Sepuluh juta rupiah", "Uang muka (DP)", "Rp10.000.000", "Rp24.000.000"),
        ("Rp14.000.000", "Empat belas juta rupiah", "Angsuran", "Rp24.000.000", "Rp10.000.000"),
        ("Rp10.000.000", "Sepuluh juta rupiah", "Pelunasan", "Rp34.000.000", "Rp0"),
    ]
    for payment, (amount, words, what, so_far, left) in zip(paid, expected, strict=True):
        text = layout_text(kuitansi.kuitansi_pdf(demo_db, payment.kuitansi_no))
        assert payment.kuitansi_no in text and no in text and "SD Negeri 3" in text
        assert f"Uang sejumlah : {amount}" in text and f"Terbilang: {words}" in text
        assert what in text and "40 x Kursi Jati Minimalis" in text
        assert f"Sudah dibayar : {so_far}" in text or so_far in text
        assert left in text and "Hormat kami" in text and "Sari" in text
    second = layout_text(kuitansi.kuitansi_pdf(demo_db, paid[1].kuitansi_no, "A4"))
    assert "Transfer bank BRI TRX-77 Rp14.000.000" in second


def test_z_report_shows_order_money_once(demo_db, chairs) -> None:  # type: ignore[no-untyped-def]
    _no, _paid, _receipt_no, _other = chairs
    summary = shifts.close_shift(demo_db, actor(demo_db, "Sari"), total=20_600_000)
    assert summary.z_number == 1
    assert (summary.sales_count, summary.sales_total) == (1, 34_000_000)
    assert summary.order_received == {"tunai": 20_500_000, "transfer": 14_000_000}
    assert summary.expected_cash == 100_000 + 20_500_000 and summary.difference == 0
    rows = {(r.left, r.right) for r in report_rows(summary, "Lapak", summary.opened_at)}
    assert ("Pembayaran pesanan tunai", "Rp20.500.000") in rows
    assert ("Dibayar lewat pesanan", "Rp34.000.000") in rows
    assert ("Transfer bank", "Rp14.000.000") in rows


def test_day_report_and_export_show_the_orders(demo_db, chairs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    no, paid, receipt_no, other = chairs
    day = settings.stand_now(demo_db).date()
    report = reports.day_report(demo_db, day).to_json()
    assert report["total"] == 34_000_000 and report["receipts"] == [receipt_no]
    assert report["orders"]["received_total"] == 34_500_000
    stick = tmp_path / "stick"
    stick.mkdir()
    result = export_day(demo_db, actor(demo_db, "Sari"), day, stick)
    payments = _read(result.folder / "order_payments.csv")
    assert [r["doc_no"] for r in payments] == [
        paid[0].kuitansi_no, paid[1].kuitansi_no, paid[2].kuitansi_no, payments[3]["doc_no"]
    ]  # fmt: skip
    assert sum(int(r["amount"]) for r in payments) == 34_500_000
    assert {r["order_no"] for r in payments} == {no, other}
    open_orders = _read(result.folder / "open_orders.csv")
    assert [(r["order_no"], r["paid"], r["balance"]) for r in open_orders] == [
        (other, "500000", "3000000")
    ]
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["totals"]["total"] == 34_000_000  # revenue once: at the pickup
    assert manifest["orders"]["received"] == {"transfer": 14_000_000, "tunai": 20_500_000}
    assert manifest["orders"]["open"] == 1
    summary = dict((r["key"], r["value"]) for r in _read(result.folder / "summary.csv"))
    assert summary["order_payments_total"] == "34500000" and summary["open_orders_count"] == "1"


def test_sales_report_by_channel_tells_orders_from_the_counter(demo_db, chairs) -> None:  # type: ignore[no-untyped-def]
    from sale_helpers import cart_of

    from pos.services import books, sales
    from pos.services.auth import system_actor

    _no, _paid, receipt_no, _other = chairs
    sari = actor(demo_db, "Sari")
    counter = sales.checkout_cash(demo_db, sari, cart_of(demo_db, "MB-LMR-2P"), 10_000_000)
    day = settings.stand_now(demo_db).date()
    report = books.sales_report(demo_db, system_actor(demo_db), day, day, "channel")
    rows = {r.key: (r.sales, r.net) for r in report.rows}
    assert rows == {"order": (1, 34_000_000), "counter": (1, counter.total)}
    # the order's money counts once: as its pickup's sale, not again as its kuitansi
    assert report.total.net == reports.day_report(demo_db, day).to_json()["total"]
    assert [books.key_text("channel", k) for k in ("counter", "order")] == ["Kasir", "Pesanan"]
    methods = books.sales_report(demo_db, system_actor(demo_db), day, day, "payment")
    assert {r.key: r.net for r in methods.rows} == {"pesanan": 34_000_000, "tunai": counter.total}
    assert receipt_no
