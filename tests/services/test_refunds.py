"""Voids and returns: new documents linked to the sale, with their stock, cash and report
effects; the sale itself never changes."""

import pytest
from sale_helpers import PINS, actor, cart_of, stock
from sqlalchemy import select

from pos.core.errors import NotFound, PermissionDenied
from pos.core.payments import NonCashPayment
from pos.core.pricing import PERCENT, ReasonProblem, make_discount
from pos.db.models import Approval, Refund, Sale, StockMovement
from pos.services import audit, receipts, refunds, reports, sales, shifts
from pos.services.approvals import ApprovalNeeded
from pos.services.refunds import RefundProblem, ReturnItem

JOKO = PINS["Pak Joko"]


@pytest.fixture
def sari(demo_db):  # type: ignore[no-untyped-def]
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 100_000)
    return sari


def _sell(db, who, *codes: str, tendered: int = 1_000_000):  # type: ignore[no-untyped-def]
    return sales.checkout_cash(db, who, cart_of(db, *codes), tendered)


def _sale_row(db, receipt_no: str) -> tuple[object, ...]:  # type: ignore[no-untyped-def]
    with db.Session() as s:
        sale = s.execute(select(Sale).where(Sale.receipt_no == receipt_no)).scalar_one()
        return (sale.status, sale.total, len(sale.lines), len(sale.payments))


def test_void_needs_a_supervisor_and_puts_everything_back(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    before = stock(demo_db, "KK-NAS-500")
    sale = _sell(demo_db, sari, "KK-NAS-500", "KK-NAS-500", "MK-TMP-01")
    row = _sale_row(demo_db, sale.receipt_no)
    with pytest.raises(ApprovalNeeded, match="PIN"):
        refunds.void_sale(demo_db, sari, sale.receipt_no, "salah scan")
    with pytest.raises(PermissionDenied):
        refunds.void_sale(demo_db, sari, sale.receipt_no, "salah scan", PINS["Budi"])
    done = refunds.void_sale(demo_db, sari, sale.receipt_no, "salah scan", JOKO)
    assert done.refund_no.startswith("DEMO-V") and done.refund_no.endswith("-0001")
    assert (done.total, done.approver) == (sale.total, "Pak Joko")
    assert stock(demo_db, "KK-NAS-500") == before
    assert _sale_row(demo_db, sale.receipt_no) == row  # the original never changes
    assert refunds.find_sale(demo_db, sale.receipt_no).status == "voided"
    summary = shifts.current_shift(demo_db)
    assert summary is not None
    assert (summary.sales_count, summary.sales_total, summary.voids_count) == (0, 0, 1)
    assert summary.expected_cash == 100_000  # its cash no longer counts
    with demo_db.Session() as s:
        doc = s.execute(select(Refund)).scalar_one()
        approval = s.get(Approval, doc.approval_id)
        assert approval is not None and approval.reason == "salah scan"
        assert approval.approver_id == actor(demo_db, "Pak Joko").id
        moves = s.execute(select(StockMovement).where(StockMovement.kind == "void")).scalars()
        assert sorted(m.qty for m in moves) == [1, 2]
    assert audit.verify(demo_db).ok
    assert "DIBATALKAN" in (receipts.receipt_data(demo_db, sale.receipt_no).status_note or "")


def test_void_twice_and_void_of_another_shift_are_refused(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    joko = actor(demo_db, "Pak Joko")
    sale = _sell(demo_db, sari, "MK-TMP-01")
    refunds.void_sale(demo_db, joko, sale.receipt_no, "batal")  # a supervisor acts alone
    with pytest.raises(RefundProblem, match="sudah dibatalkan"):
        refunds.void_sale(demo_db, joko, sale.receipt_no, "lagi")
    with pytest.raises(RefundProblem, match="dibatalkan"):
        refunds.refund(demo_db, joko, sale.receipt_no, [ReturnItem(1, 1)], "tunai", "x")
    old = _sell(demo_db, sari, "MK-TMP-01")
    shifts.close_shift(demo_db, sari, total=105_000)
    shifts.open_shift(demo_db, sari, 0)
    with pytest.raises(RefundProblem, match="shift"):
        refunds.void_sale(demo_db, joko, old.receipt_no, "terlambat")


def test_partial_return_caps_quantity_and_counts_by_method(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    cart = cart_of(demo_db, "KK-NAS-500", "KK-NAS-500", "KK-NAS-500", "MK-TMP-01")
    cart.set_line_discount(0, make_discount(PERCENT, 10, "langganan"))  # 195.000 -> 175.500
    sale = sales.checkout_cash(demo_db, sari, cart, 200_000)
    lookup = refunds.find_sale(demo_db, sale.receipt_no)
    nastar, tempe = lookup.lines
    before = stock(demo_db, "KK-NAS-500")
    with pytest.raises(RefundProblem, match="Hanya 3"):
        refunds.refund(
            demo_db, sari, sale.receipt_no, [ReturnItem(nastar.sale_line_id, 4)], "tunai", "x", JOKO
        )
    first = refunds.refund(
        demo_db, sari, sale.receipt_no,
        [ReturnItem(nastar.sale_line_id, 1), ReturnItem(nastar.sale_line_id, 1, damaged=True)],
        "tunai", "kemasan rusak", JOKO,
    )  # fmt: skip
    assert first.refund_no.startswith("DEMO-R") and first.total == 117_000  # 2/3 of 175.500
    assert stock(demo_db, "KK-NAS-500") == before + 1  # one back to stock, one written off
    second = refunds.refund(
        demo_db, sari, sale.receipt_no,
        [ReturnItem(nastar.sale_line_id, 1), ReturnItem(tempe.sale_line_id, 1)],
        "qris", "batal beli", JOKO, reference="QR-77",
    )  # fmt: skip
    assert second.total == 58_500 + 5_000 and second.refund_no.endswith("-0002")
    assert first.total + second.total == sale.total  # everything came back, to the rupiah
    assert refunds.find_sale(demo_db, sale.receipt_no).status == "returned"
    with pytest.raises(RefundProblem, match="Hanya 0"):
        refunds.refund(
            demo_db, sari, sale.receipt_no, [ReturnItem(tempe.sale_line_id, 1)], "tunai", "x", JOKO
        )
    summary = shifts.current_shift(demo_db)
    assert summary is not None
    assert summary.refunds_by_method == {"tunai": 117_000, "qris": 63_500}
    assert summary.expected_cash == 100_000 + sale.total - 117_000  # only cash left the drawer
    day = reports.day_report(demo_db, sale.created_at.date()).to_json()
    assert day["net_total"] == 0 and day["total"] == sale.total
    assert [r["method"] for r in day["refunds"]] == ["tunai", "qris"]
    assert day["refunds"][0]["receipt_no"] == sale.receipt_no
    assert day["cashiers"] == [
        {"name": "Sari", "sales_count": 1, "total": sale.total, "discount_total": 19_500,
         "voids": 0, "refund_total": sale.total},
    ]  # fmt: skip
    assert audit.verify(demo_db).ok


def test_refund_by_transfer_needs_a_reference_and_cash_needs_cash(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    qris = NonCashPayment("qris", 850_000, reference="QR-1", confirmed=True)
    sale = sales.checkout(demo_db, sari, cart_of(demo_db, "MB-KRS-JTI"), [qris], 0)
    line = refunds.find_sale(demo_db, sale.receipt_no).lines[0].sale_line_id
    with pytest.raises(RefundProblem, match="referensi"):
        refunds.refund(demo_db, sari, sale.receipt_no, [ReturnItem(line, 1)], "transfer", "x", JOKO)
    with pytest.raises(RefundProblem, match="Laci kas"):
        refunds.refund(demo_db, sari, sale.receipt_no, [ReturnItem(line, 1)], "tunai", "x", JOKO)
    done = refunds.refund(
        demo_db, sari, sale.receipt_no, [ReturnItem(line, 1)], "transfer", "x", JOKO, "TRF-9"
    )
    summary = shifts.current_shift(demo_db)
    assert summary is not None and summary.expected_cash == 100_000
    assert summary.refunds_by_method == {"transfer": 850_000} and done.method == "transfer"


def test_returns_of_an_earlier_day_and_bundles(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    components = ("KK-NAS-250", "KK-SEM-01", "KK-KAC-01")
    before = {sku: stock(demo_db, sku) for sku in components}
    sale = _sell(demo_db, sari, "HP-RMD-S")
    shifts.close_shift(demo_db, sari, total=250_000)
    shifts.open_shift(demo_db, sari, 200_000)
    line = refunds.find_sale(demo_db, sale.receipt_no).lines[0].sale_line_id
    refunds.refund(demo_db, sari, sale.receipt_no, [ReturnItem(line, 1)], "tunai", "hadiah", JOKO)
    assert {sku: stock(demo_db, sku) for sku in components} == before


def test_find_by_short_code_and_bad_input(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    sale = _sell(demo_db, sari, "MK-TMP-01")
    short = sale.receipt_no.split("-", 1)[1].replace("-", "")
    assert refunds.find_sale(demo_db, short).receipt_no == sale.receipt_no
    assert refunds.find_sale(demo_db, sale.receipt_no.lower()).receipt_no == sale.receipt_no
    for bad in ("", "x" * 10_000, "'; DROP TABLE sales; --", "DEMO\x00"):
        with pytest.raises(NotFound):
            refunds.find_sale(demo_db, bad)
    line = refunds.find_sale(demo_db, sale.receipt_no).lines[0].sale_line_id
    with pytest.raises(ReasonProblem, match="terlalu panjang"):
        refunds.refund(
            demo_db, sari, sale.receipt_no, [ReturnItem(line, 1)], "tunai", "a" * 10_000, JOKO
        )
    injection = "x'); DELETE FROM sales; --"
    refunds.refund(demo_db, sari, sale.receipt_no, [ReturnItem(line, 1)], "tunai", injection, JOKO)
    with demo_db.Session() as s:
        assert s.execute(select(Refund.reason)).scalar_one() == injection
        assert s.execute(select(Sale)).scalar_one().receipt_no == sale.receipt_no


def test_refund_slip_renders(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    sale = _sell(demo_db, sari, "KK-NAS-500", "MK-TMP-01")
    line = refunds.find_sale(demo_db, sale.receipt_no).lines[0].sale_line_id
    done = refunds.refund(
        demo_db, sari, sale.receipt_no, [ReturnItem(line, 1, damaged=True)], "tunai", "pecah", JOKO
    )
    data = receipts.receipt_data(demo_db, done.refund_no)
    assert (data.refers_to, data.total, data.status_note) == (sale.receipt_no, 65_000, "RETUR")
    assert "rusak" in data.lines[0].name and "Pak Joko" in data.footer
    assert receipts.render(demo_db, done.refund_no).startswith(b"%PDF")
    assert "RETUR SEBAGIAN" in (receipts.receipt_data(demo_db, sale.receipt_no).status_note or "")


@pytest.mark.parametrize(
    ("statement", "names"),
    [
        ("UPDATE refunds SET total = 1", "refund"),
        ("UPDATE refund_lines SET disposition = 'restock'", "refund"),
        ("UPDATE approvals SET reason = 'lain'", "approval"),
        ("UPDATE sale_lines SET discount = 0", "penjualan"),
        ("UPDATE sales SET discount_reason = 'x'", "penjualan"),
    ],
)
def test_tampering_with_a_refund_approval_or_discount_is_caught(
    demo_db, sari, statement: str, names: str
) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    cart = cart_of(demo_db, "KK-NAS-500", "MK-TMP-01")
    cart.set_line_discount(0, make_discount(PERCENT, 10, "langganan"))
    cart.set_discount(make_discount(PERCENT, 5, "promo"))
    sale = sales.checkout_cash(demo_db, sari, cart, 100_000)
    line = refunds.find_sale(demo_db, sale.receipt_no).lines[0].sale_line_id
    refunds.refund(
        demo_db, sari, sale.receipt_no, [ReturnItem(line, 1, damaged=True)], "tunai", "x", JOKO
    )
    assert audit.verify(demo_db).ok
    with sqlite3.connect(demo_db.path) as conn:
        conn.execute(statement)
    check = audit.verify(demo_db)
    assert not check.ok and names in (check.problem or "")
